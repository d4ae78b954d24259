"""What the library accepts in typed-in text, dates and links, each written once as a regular
expression: the services check values with it, and the JSON API's schema publishes the same
expression as the field's ``pattern``, so a value the schema allows is a value the service takes.

The expressions use only syntax that Python, JSON Schema (ECMA 262) and pydantic read alike.
"""

from __future__ import annotations

import re

# C0 and C1 control characters except tab, line feed and carriage return, and the invisible
# format characters that can disguise a text (zero widths, bidirectional overrides, BOM)
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
# lone surrogates cannot be stored as UTF-8; JSON can still carry them (\ud800)
_SURROGATE = "\ud800-\udfff"
FREE_TEXT = rf"^[^{_CONTROL}]*$"
NAME = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"  # some character that is not a space
# YYYY, YYYY-MM or YYYY-MM-DD with the month's days; 29 February in any year (a filter's bound is
# compared as text, so it means the end of February)
DATE = (
    r"^[0-9]{4}(-((0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?|(0[469]|11)(-(0[1-9]|[12][0-9]|30))?"
    r"|02(-(0[1-9]|1[0-9]|2[0-9]))?))?$"
)
# empty, or an absolute http(s) link with a host, without spaces or control characters
HTTP_URL = (
    rf"^$|^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@:{_CONTROL}]+(:[0-9]{{0,5}})?([/?#][^\s{_CONTROL}]*)?$"
)
SOURCE_KEY = r"^\s*[A-Za-z0-9._-]{1,200}\s*$"  # compared in lowercase

_SURROGATES = re.compile(f"[{_SURROGATE}]")


def is_free_text(value: str) -> bool:
    """No control character (tab and line breaks allowed) and no lone surrogate."""
    return matches(FREE_TEXT, value)


def matches(pattern: str, value: str) -> bool:
    """``value`` matches one of this module's expressions as JSON Schema reads a ``pattern``, and
    holds no lone surrogate."""
    return bool(re.search(pattern, value)) and not _SURROGATES.search(value)
