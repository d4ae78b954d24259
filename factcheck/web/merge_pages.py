"""Editors merge duplicate sources and speakers, and split wrongly merged ones, from their pages
(``factcheck.store.edit``).

``POST /sources/{id}/merge`` and ``POST /speakers/{id}/merge`` fold the other row (field ``other``:
its id, or a source's key) into this one; the merge is audited and later ingests follow it.
``POST /sources/{id}/split`` (fields ``new_key`` and a ``claim-N`` box per claim) moves the chosen
claims' citations to a new source; ``POST /speakers/{id}/split`` (``new_name``, ``claim-N``) gives
the chosen claims to another speaker. Both are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from factcheck import queries
from factcheck.db.models import Source, Speaker, User
from factcheck.errors import FactcheckError, InputError
from factcheck.store.edit import (
    merge_sources,
    merge_speakers,
    source_id_of,
    split_source_claims,
    split_speaker,
)
from factcheck.web.api import Id
from factcheck.web.deps import render, require_role, write_unit
from factcheck.web.edit_pages import render_source
from factcheck.web.forms import SHOWN_AGAIN, Form, redirect

router = APIRouter(include_in_schema=False)
EDITOR = require_role("editor")


def _other_id(value: str) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 18:
        raise InputError("give the other speaker's id (the number in its address)")
    return int(value)


def render_speaker(
    request: Request, speaker_id: int, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """A speaker, their claims, and the editors' forms."""
    with request.app.state.db.sessions() as session:
        speaker = queries.get_speaker(session, speaker_id)
    context = {"speaker": speaker, **(extra or {})}
    return render(request, "speaker.html", context, status_code=status_code)


_PAGES: dict[str, Callable[..., Response]] = {"source": render_source, "speaker": render_speaker}


def _or_shown_again(
    request: Request, kind: str, db_id: int, form: dict[str, str], act: Callable[[], Response]
) -> Response:
    """``act()``; when the form cannot be used, the page again with that form open, what was
    typed or ticked, and why (an error page would lose it). ``form["_form"]`` names the form."""
    try:
        return act()
    except FactcheckError as exc:
        if exc.status not in SHOWN_AGAIN:
            raise
        error = {"form": form.get("_form", ""), "message": exc.message, "posted": form}
        return _PAGES[kind](request, db_id, {"form_error": error}, exc.status)


@router.post("/sources/{source_id}/merge")
def merge_source(
    request: Request, source_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another source into this one: its citations move here, the other row goes."""

    def act() -> Response:
        with write_unit(request) as session:
            other = source_id_of(session, form.get("other", ""))
            kept = merge_sources(session, source_id, other, actor=user.name, user_id=user.id)
            message = f"Merged source {other} into {kept.key}."
        return redirect(request, f"/sources/{source_id}", message)

    return _or_shown_again(request, "source", source_id, {**form, "_form": "merge"}, act)


@router.post("/speakers/{speaker_id}/merge")
def merge_speaker(
    request: Request, speaker_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another speaker into this one: their claims move here, their names become aliases."""

    def act() -> Response:
        other = _other_id(form.get("other", ""))
        with write_unit(request) as session:
            kept = merge_speakers(session, speaker_id, other, actor=user.name, user_id=user.id)
            message = f"Merged speaker {other} into {kept.name}."
        return redirect(request, f"/speakers/{speaker_id}", message)

    return _or_shown_again(request, "speaker", speaker_id, {**form, "_form": "merge"}, act)


def _chosen_claims(form: dict[str, str]) -> list[int]:
    """The claims ticked in a split form (``claim-N`` fields)."""
    chosen = []
    for name in form:
        number = name.removeprefix("claim-")
        if name.startswith("claim-") and number.isdigit() and len(number) <= 18:
            chosen.append(int(number))
    if not chosen:
        raise InputError("tick at least one claim to split off")
    return sorted(chosen)


def _required(form: dict[str, str], name: str, what: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise InputError(f"give {what}")
    if len(value) > 200:
        raise InputError(f"{what} is longer than 200 characters")
    return value


@router.post("/sources/{source_id}/split")
def split_source_page(
    request: Request, source_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Move the citations of the ticked claims to a new source (a copy of this one's fields)."""
    return _split(request, "source", source_id, user, form)


@router.post("/speakers/{speaker_id}/split")
def split_speaker_page(
    request: Request, speaker_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Give the ticked claims to the speaker named in the form (created if new)."""
    return _split(request, "speaker", speaker_id, user, form)


# kind -> (the service, the form field naming the other row and what it is, the message when done)
_SPLITS: dict[str, tuple[Callable[..., Source | Speaker], str, str, str]] = {
    "source": (
        split_source_claims,
        "new_key",
        "the new source's id",
        "Split {n} claim(s) off into source {other.key}.",
    ),
    "speaker": (
        split_speaker,
        "new_name",
        "the other speaker's name",
        "Gave {n} claim(s) to {other.name}.",
    ),
}


def _split(request: Request, kind: str, db_id: int, user: User, form: dict[str, str]) -> Response:
    """Give the ticked claims to another row of ``kind``, then show that row."""
    split, field, what, done = _SPLITS[kind]

    def act() -> Response:
        claims = _chosen_claims(form)
        name = _required(form, field, what)
        with write_unit(request) as session:
            other = split(session, db_id, claims, name, actor=user.name, user_id=user.id)
            message, target = done.format(n=len(claims), other=other), other.id
        return redirect(request, f"/{kind}s/{target}", message)

    return _or_shown_again(request, kind, db_id, {**form, "_form": "split"}, act)
