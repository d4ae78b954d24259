"""Editors merge duplicate sources and speakers from their pages (``factcheck.store.edit``).

``POST /sources/{id}/merge`` and ``POST /speakers/{id}/merge`` fold the other row (field ``other``:
its id, or a source's key) into this one; the merge is audited and later ingests follow it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from factcheck.db.models import User
from factcheck.errors import InputError
from factcheck.store.edit import merge_sources, merge_speakers, source_id_of
from factcheck.web.api import Id
from factcheck.web.deps import require_role, write_unit
from factcheck.web.review_pages import Form
from factcheck.web.session import save_session, set_session_value

router = APIRouter(include_in_schema=False)
EDITOR = require_role("editor")


def _other_id(value: str) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 18:
        raise InputError("give the other speaker's id (the number in its address)")
    return int(value)


def _done(request: Request, url: str, message: str) -> Response:
    set_session_value(request, "flash", message)
    return save_session(request, RedirectResponse(url, status_code=303))


@router.post("/sources/{source_id}/merge")
def merge_source(
    request: Request, source_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another source into this one: its citations move here, the other row goes."""
    with write_unit(request) as session:
        other = source_id_of(session, form.get("other", ""))
        kept = merge_sources(session, source_id, other, actor=user.name, user_id=user.id)
        message = f"Merged source {other} into {kept.key}."
    return _done(request, f"/sources/{source_id}", message)


@router.post("/speakers/{speaker_id}/merge")
def merge_speaker(
    request: Request, speaker_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fold another speaker into this one: their claims move here, their names become aliases."""
    other = _other_id(form.get("other", ""))
    with write_unit(request) as session:
        kept = merge_speakers(session, speaker_id, other, actor=user.name, user_id=user.id)
        message = f"Merged speaker {other} into {kept.name}."
    return _done(request, f"/speakers/{speaker_id}", message)
