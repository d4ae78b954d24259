"""Editors fix an article's metadata and a source's fields from their pages
(``factcheck.review.metadata``): ``POST /articles/{id}/edit`` and ``POST /sources/{id}/edit``.

The article and source pages are rendered here too, so that a form that cannot be saved (a date
that is not a date, a url that is not http(s)) is shown again with its error and what was typed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from factcheck import queries
from factcheck.db.models import User
from factcheck.errors import FactcheckError
from factcheck.records import EVIDENCE_KINDS
from factcheck.review.metadata import (
    ARTICLE_EDIT_FIELDS,
    SOURCE_EDIT_FIELDS,
    edit_article,
    edit_source,
)
from factcheck.web.api import Id
from factcheck.web.deps import render, require_role, write_unit
from factcheck.web.forms import SHOWN_AGAIN, Form, redirect
from factcheck.web.highlight import article_html

router = APIRouter(include_in_schema=False)
EDITOR = require_role("editor")


def render_article(
    request: Request, key: int | str, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The article's text with every claim highlighted in place, and the editors' form."""
    with request.app.state.db.sessions() as session:
        article = queries.get_article(session, key)
    counts: dict[str, int] = {}
    for claim in article["claims"]:
        counts[claim["status"]] = counts.get(claim["status"], 0) + 1
    context = {
        "article": article,
        "text_html": article_html(article["text"], article["claims"]),
        "counts": counts,
        "posted": {},
        "edit_error": None,
        **(extra or {}),
    }
    return render(request, "article.html", context, status_code=status_code)


def render_source(
    request: Request, key: int | str, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """A source, the claims citing it, and the editors' forms."""
    with request.app.state.db.sessions() as session:
        source = queries.get_source(session, key)
    context = {
        "source": source,
        "evidence_kinds": EVIDENCE_KINDS,
        "posted": {},
        "edit_error": None,
        **(extra or {}),
    }
    return render(request, "source.html", context, status_code=status_code)


@router.post("/articles/{article_id}/edit")
def post_article_edit(
    request: Request, article_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fix the article's title, byline, publisher, date and url (kept across re-ingest)."""
    return _edit(request, "article", article_id, user, form)


@router.post("/sources/{source_id}/edit")
def post_source_edit(
    request: Request, source_id: Id, user: Annotated[User, Depends(EDITOR)], form: Form
) -> Response:
    """Fix the source's title, url, identifier and other fields."""
    return _edit(request, "source", source_id, user, form)


# kind -> (the service that saves the form, the fields it takes, the page that shows the form)
_EDITS = {
    "article": (edit_article, ARTICLE_EDIT_FIELDS, render_article),
    "source": (edit_source, SOURCE_EDIT_FIELDS, render_source),
}


def _edit(request: Request, kind: str, db_id: int, user: User, form: dict[str, str]) -> Response:
    """Save an editor's form; on input that cannot be used show the page again with what was typed."""
    edit, fields, page = _EDITS[kind]
    values = {name: form[name] for name in fields if name in form}
    try:
        with write_unit(request) as session:
            changes = edit(session, db_id, user, values, form.get("note", ""))
    except FactcheckError as exc:
        if exc.status not in SHOWN_AGAIN:
            raise
        extra = {"posted": form, "edit_error": exc.message}
        return page(request, db_id, extra, status_code=exc.status)
    message = f"Saved: {', '.join(changes)}." if changes else "Nothing changed."
    return redirect(request, f"/{kind}s/{db_id}", message)
