"""Bytes -> text, strictly: UTF-8 (a BOM honoured) or a declared HTML charset; binary and empty
content refused."""

from __future__ import annotations

import codecs
import re

from factcheck.errors import InputError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def decode_bytes(raw: bytes, *, path: str, html: bool = False, line: int | None = None) -> str:
    """Decode file bytes strictly: UTF-8 (a BOM honoured), else a declared HTML charset.

    Never substitutes characters: bytes that do not decode raise InputError. Line ends are
    normalised to ``\\n``. Empty, whitespace-only and binary content raise too.
    """
    if not raw.strip():
        raise InputError("empty", path=path, line=line)
    codec = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if codec is None and b"\x00" in raw:
        raise InputError("binary file (NUL bytes), not text", path=path, line=line)
    text = _decode(raw, codec, path=path, html=html, line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty", path=path, line=line)
    check_text(text, path=path, line=line)
    return text


def _decode(raw: bytes, codec: str | None, *, path: str, html: bool, line: int | None) -> str:
    try:
        return raw.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if codec is None and _mostly_binary(raw):
        raise InputError("binary file, not text", path=path, line=line)
    declared = _declared_charset(raw) if html else None
    if declared is None or declared in ("utf-8", "utf_8"):
        where = f"byte 0x{raw[utf8_error.start]:02x} at offset {utf8_error.start}"
        hint = "" if html else "; save the file as UTF-8"
        raise InputError(f"undecodable: not valid UTF-8 ({where}){hint}", path=path, line=line)
    try:
        return raw.decode(declared)
    except LookupError as exc:  # rot13, base64: codecs, but not text encodings
        raise InputError(
            f"undecodable: not valid UTF-8, and its declared charset {declared} is not a text "
            "encoding",
            path=path,
            line=line,
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"undecodable: neither UTF-8 nor its declared charset {declared} (offset {exc.start})",
            path=path,
            line=line,
        ) from exc


def _declared_charset(raw: bytes) -> str | None:
    head = raw[:4096]
    match = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _mostly_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    odd = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13)) or b == 127)
    return odd > len(sample) * 0.05


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(value: str, *, what: str, path: str, line: int | None = None) -> None:
    """Refuse a lone surrogate (a JSON escape such as ``\\ud800``): it is not a character, and
    no database, file or terminal can take it."""
    found = _SURROGATE.search(value)
    if found is not None:
        raise InputError(
            f"{what} has a lone surrogate U+{ord(found.group()):04X} at character "
            f"{found.start()}: not valid Unicode",
            path=path,
            line=line,
        )


def check_text(text: str, *, path: str, line: int | None = None) -> None:
    """Refuse decoded text that is mostly control characters (a binary file that decoded)."""
    sample = text[:20000]
    odd = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    if odd > len(sample) * 0.05 or "\x00" in sample:
        raise InputError("binary content (control characters), not text", path=path, line=line)
