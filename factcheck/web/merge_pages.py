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
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from factcheck.db.models import Source, Speaker, User
from factcheck.errors import InputError
from factcheck.store.edit import (
    merge_sources,
    merge_speakers,
    source_id_of,
    split_source_claims,
    split_speaker,
)
from factcheck.web.api import Id
from factcheck.web.deps import require_role, write_unit
from factcheck.web.forms import Form, redirect

router = APIRouter(include_in_schema=False)
EDITOR = require_role("editor")


def _other_id(value: str) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 18:
        raise InputError("give the other speaker's id (the number in its address)")
    return int(value)


@router.post("/sources/{source_id}/merge")
def merge_source(
    request: Request, source_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another source into this one: its citations move here, the other row goes."""
    with write_unit(request) as session:
        other = source_id_of(session, form.get("other", ""))
        kept = merge_sources(session, source_id, other, actor=user.name, user_id=user.id)
        message = f"Merged source {other} into {kept.key}."
    return redirect(request, f"/sources/{source_id}", message)


@router.post("/speakers/{speaker_id}/merge")
def merge_speaker(
    request: Request, speaker_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another speaker into this one: their claims move here, their names become aliases."""
    other = _other_id(form.get("other", ""))
    with write_unit(request) as session:
        kept = merge_speakers(session, speaker_id, other, actor=user.name, user_id=user.id)
        message = f"Merged speaker {other} into {kept.name}."
    return redirect(request, f"/speakers/{speaker_id}", message)


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
    claims = _chosen_claims(form)
    name = _required(form, field, what)
    with write_unit(request) as session:
        other = split(session, db_id, claims, name, actor=user.name, user_id=user.id)
        message, target = done.format(n=len(claims), other=other), other.id
    return redirect(request, f"/{kind}s/{target}", message)
