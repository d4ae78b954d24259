"""Review pages: the claim page with its verdict and correction forms, and the review queue.

Every form posts with the session's CSRF token (checked by ``require_role``). A form that cannot be
used (a label not on the scale, a bad link, an offset outside the text) is shown again with the
error and with everything the reviewer typed, so nothing entered is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from factcheck import queries
from factcheck.db.models import User, Verdict
from factcheck.errors import Conflict, FactcheckError, InputError, NotFound
from factcheck.queries.queue import QUEUE_STATUSES
from factcheck.records import EVIDENCE_KINDS, SPEAKER_KINDS
from factcheck.review import corrections
from factcheck.review.verdicts import record_verdict, review_summary, undo_verdict
from factcheck.web.api import Id
from factcheck.web.deps import current_user, render, require_role, write_unit
from factcheck.web.forms import SHOWN_AGAIN, Form, redirect
from factcheck.web.highlight import context_html, paragraph_html
from factcheck.web.params import queue_params, queue_view, url_with
from factcheck.web.session import load_session, set_session_value

router = APIRouter(include_in_schema=False)
REVIEWER = require_role("reviewer")
EDITOR = require_role("editor")
SOURCE_CHOICES_LIMIT = 2000


def _urls(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _offset(form: dict[str, str], name: str) -> int | None:
    value = form.get(name, "").strip()
    if not value:
        return None
    if not value.lstrip("-").isdigit() or len(value) > 12:
        raise InputError(f"{name} must be a character offset (a whole number)")
    return int(value)


# --- the claim page -------------------------------------------------------------------------------


def render_claim(
    request: Request, claim_id: int, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The claim page (with a form's input and error when ``extra`` carries them)."""
    with request.app.state.db.sessions() as session:
        claim = queries.get_claim(session, claim_id)
        claim["review"] = review_summary(session, claim_id)
        text = queries.article_text(session, claim["article"]["id"])
        sources = corrections.source_choices(session, SOURCE_CHOICES_LIMIT)
    user = current_user(request)
    context = {
        "claim": claim,
        "paragraph": paragraph_html(text, claim),
        "my_verdict": _my_standing_verdict(claim["verdicts"], user),
        "scale": request.app.state.scale,
        "speaker_kinds": SPEAKER_KINDS,
        "evidence_kinds": EVIDENCE_KINDS,
        "relations": corrections.RELATIONS,
        "source_keys": sources,
        "form": {},
        "form_error": None,
        "correction_error": None,
        "posted": {},
        "open_form": None,
        **(extra or {}),
    }
    return render(request, "claim.html", context, status_code=status_code)


def _my_standing_verdict(verdicts: list[dict[str, Any]], user: User | None) -> str | None:
    """The label of the user's latest verdict on the claim, if it stands (what undo would retract)."""
    if user is None:
        return None
    mine = [
        v
        for v in verdicts
        if v["reviewer"] == user.name and not v["retraction"] and not v["retracted"]
    ]
    return str(mine[-1]["label"]) if mine else None


def _record_from_form(request: Request, claim_id: int, user: User, form: Any) -> Verdict:
    """Record the verdict a claim-page or queue form carries, in one unit of work."""
    with write_unit(request) as session:
        return record_verdict(
            session,
            claim_id,
            user,
            form.get("rating", ""),
            form.get("rationale", ""),
            _urls(form.get("evidence_urls", "")),
            request.app.state.scale,
        )


@router.post("/claims/{claim_id}/verdicts")
def post_verdict(
    request: Request, claim_id: Id, user: Annotated[User, Depends(REVIEWER)], form: Form
) -> Response:
    """Record a verdict from the claim page's form, then show the history."""
    try:
        verdict = _record_from_form(request, claim_id, user, form)
    except FactcheckError as exc:
        if exc.status not in SHOWN_AGAIN:
            raise
        extra = {"form": form, "form_error": exc.message}
        return render_claim(request, claim_id, extra, status_code=exc.status)
    set_session_value(request, "last_verdict", claim_id)
    flash = f"Saved your verdict “{verdict.rating_label}”."
    return redirect(request, f"/claims/{claim_id}#history", flash)


@router.post("/claims/{claim_id}/undo")
def post_undo(request: Request, claim_id: Id, user: Annotated[User, Depends(REVIEWER)]) -> Response:
    """Retract your own latest verdict on this claim."""
    message = _undo(request, claim_id, user) or "Your latest verdict on this claim was retracted."
    return redirect(request, f"/claims/{claim_id}#history", message)


def _undo(request: Request, claim_id: int, user: User) -> str | None:
    """Undo; None when done, else why not (nothing to undo, too old) to tell the reviewer."""
    try:
        with write_unit(request) as session:
            undo_verdict(session, claim_id, user)
    except (NotFound, Conflict) as exc:
        return exc.message
    return None


# --- corrections (editors) ------------------------------------------------------------------------


def _correct(
    request: Request, claim_id: int, user: User, action: str, form: dict[str, str]
) -> Response:
    """Apply one correction form; on bad input show the claim page again with what was typed."""
    try:
        with write_unit(request) as session:
            _apply_correction(session, claim_id, user, action, form)
    except FactcheckError as exc:
        if exc.status not in (*SHOWN_AGAIN, 404):  # 404: a mistyped source or citation id
            raise
        extra = {"posted": form, "correction_error": exc.message, "open_form": action}
        return render_claim(request, claim_id, extra, status_code=exc.status)
    done = {"reject": "Claim rejected.", "restore": "Claim restored: it is a claim again."}
    message = done.get(action, f"Correction saved ({action.replace('_', ' ')}).")
    return redirect(request, f"/claims/{claim_id}", message)


def _apply_correction(
    session: Session, claim_id: int, user: User, action: str, form: dict[str, str]
) -> None:
    note = form.get("note", "")
    if action == "span":
        start, end = _offset(form, "start"), _offset(form, "end")
        if start is None or end is None:
            raise InputError("the claim span needs a start and an end offset")
        corrections.correct_span(session, claim_id, user, start, end, note)
    elif action == "speaker":
        corrections.correct_speaker(
            session,
            claim_id,
            user,
            form.get("name", ""),
            form.get("kind", ""),
            _offset(form, "start"),
            _offset(form, "end"),
            note,
        )
    elif action == "reject":
        corrections.reject_claim(session, claim_id, user, note)
    elif action == "restore":
        corrections.restore_claim(session, claim_id, user, note)
    elif action == "add_citation":
        _add_citation(session, claim_id, user, form)
    else:
        _citation_action(session, claim_id, user, action, form)


def _add_citation(session: Session, claim_id: int, user: User, form: dict[str, str]) -> None:
    new_source = {k: form.get(f"new_{k}", "") for k in ("kind", "title", "url", "publisher")}
    corrections.add_citation(
        session,
        claim_id,
        user,
        form.get("source", ""),
        form.get("kind", ""),
        _offset(form, "start"),
        _offset(form, "end"),
        form.get("relation", "cites") or "cites",
        new_source if new_source["title"] else None,
        form.get("note", ""),
    )


def _citation_action(
    session: Session, claim_id: int, user: User, action: str, form: dict[str, str]
) -> None:
    citation_id = _offset(form, "citation")
    if citation_id is None:
        raise InputError("which citation? (the form lost its citation id)")
    if action == "evidence":
        start, end = _offset(form, "start"), _offset(form, "end")
        corrections.correct_evidence(
            session, citation_id, user, start, end, form.get("kind", ""), form.get("note", "")
        )
    elif action == "remove_citation":
        corrections.remove_citation(session, citation_id, user, form.get("note", ""))
    else:
        raise InputError(f"unknown correction {action!r}")


@router.post("/claims/{claim_id}/corrections/{action}")
def post_correction(
    request: Request,
    claim_id: Id,
    action: str,
    user: Annotated[User, Depends(EDITOR)],
    form: Form,
) -> Response:
    """Editors: correct the span or speaker, fix or remove evidence, add a citation, reject."""
    return _correct(request, claim_id, user, action, form)


# --- the queue ------------------------------------------------------------------------------------


def render_queue(
    request: Request,
    user: User,
    params: Mapping[str, str],
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    """The queue page at ``params`` (with a form's input and error after a failed save)."""
    data = queue_view(request.app.state.db, params, user.name, "/queue")
    claim = data["claim"]
    context = {
        **data,
        "scale": request.app.state.scale,
        "statuses": QUEUE_STATUSES,
        "context_html": context_html(claim["article_text"], claim) if claim else None,
        "last_verdict": load_session(request).get("last_verdict"),
        "action": url_with("/queue", data["filters"]),
        "form": form or {},
        "form_error": error,
    }
    return render(request, "queue.html", context, status_code=status_code)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, user: Annotated[User, Depends(REVIEWER)]) -> Response:
    """The review queue: one claim at a time, keys 1-9, s, j, k, u and ?."""
    return render_queue(request, user, request.query_params)


@router.post("/queue")
def queue_save(request: Request, user: Annotated[User, Depends(REVIEWER)], form: Form) -> Response:
    """Save a verdict from the queue and go on to the next claim."""
    claim_id = _offset(form, "claim_id")
    kept = queue_params(request.query_params)
    if claim_id is None:
        raise InputError("the queue form lost its claim id; reload the page")
    try:
        verdict = _record_from_form(request, claim_id, user, form)
    except FactcheckError as exc:
        if exc.status not in SHOWN_AGAIN:
            raise
        params = {**kept, "claim": str(claim_id)}
        return render_queue(request, user, params, form, exc.message, exc.status)
    set_session_value(request, "last_verdict", claim_id)
    flash = f"Saved “{verdict.rating_label}” on claim {claim_id}. Press u to undo."
    return redirect(request, url_with("/queue", kept, after=claim_id), flash)


@router.post("/queue/undo")
def queue_undo(request: Request, user: Annotated[User, Depends(REVIEWER)]) -> Response:
    """Undo the verdict last saved in this session and show that claim again."""
    claim_id = load_session(request).get("last_verdict")
    kept = queue_params(request.query_params)
    if not isinstance(claim_id, int):
        return redirect(request, url_with("/queue", kept), "Nothing to undo in this session.")
    refused = _undo(request, claim_id, user)
    set_session_value(request, "last_verdict", None)
    message = refused or f"Undid your verdict on claim {claim_id}."
    return redirect(request, url_with("/queue", kept, claim=claim_id), message)
