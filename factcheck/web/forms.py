"""What the HTML forms share: the posted form as plain strings, which errors show a form again with
what was typed, and the redirect after a save with the message the next page shows (the
post/redirect/get pattern)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from factcheck.web.session import save_session, set_session_value

# Errors that mean "this input cannot be used": the form is shown again with it and what was typed.
# Others (no such claim, not allowed) are answered with the error page.
SHOWN_AGAIN = (400, 409, 422)


async def posted_form(request: Request) -> dict[str, str]:
    """Dependency: the posted form as plain strings (files are not accepted anywhere on the site).

    Read here, on the event loop, so that the handlers can be plain functions that FastAPI runs in
    its thread pool: their database work never blocks other requests.
    """
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


Form = Annotated[dict[str, str], Depends(posted_form)]


def redirect(request: Request, url: str, flash: str | None = None) -> Response:
    """See other ``url`` after a saved form, with ``flash`` shown once on the page it lands on."""
    if flash is not None:
        set_session_value(request, "flash", flash)
    return save_session(request, RedirectResponse(url, status_code=303))
