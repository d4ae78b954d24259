"""The one error hierarchy of the library.

Edges translate these: the CLI into one line on stderr and exit status 1 (2 for unusable input where
a command documents it), the web app into the JSON error shape or an error page.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error the library raises on purpose."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(FactcheckError):
    """A setting is missing or unusable (bad database URL, unknown spaCy pipeline, bad scale file)."""


class InputError(FactcheckError):
    """A file or request body cannot be used: empty, binary, undecodable, too large or malformed."""

    status = 400

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class Unprocessable(InputError):
    """A request the API's schema allows that cannot be applied as it stands: offsets that do not
    fit the article's text, an end before its start, a choice that needs a companion field. The
    schema cannot say these (they depend on two fields or on stored text), so they are 422, and a
    400 always means the request breaks the documented schema."""

    status = 422


class NotFound(FactcheckError):
    """A requested article, claim, source, speaker or user does not exist."""

    status = 404


class Conflict(FactcheckError):
    """A write would break a uniqueness rule (a user that exists, a merge of a thing into itself)."""

    status = 409


class PermissionDenied(FactcheckError):
    """The caller is known but its role does not allow the action."""

    status = 403


class AuthenticationRequired(FactcheckError):
    """The action needs a logged-in user or an API token."""

    status = 401
