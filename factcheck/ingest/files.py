"""Files -> cleaned ``Article`` records: find the input files, pick the reader by suffix, enforce the
size limit. No spaCy, no database.

Offsets contract: ``Article.text`` is the decoded text of a ``.txt``/``.md`` file (a UTF-8 byte
order mark dropped, and line ends normalised to ``\\n`` as Python's own text mode does), so every
offset a later stage reports is an offset users can find in the file. For ``.html`` the text is the
article body that trafilatura keeps, title first; hyperlinks become ``Article.links``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from factcheck.errors import InputError
from factcheck.ingest.decode import decode_bytes
from factcheck.ingest.html import parse_html
from factcheck.ingest.jsonl import jsonl_articles, validate_jsonl
from factcheck.ingest.text import parse_plain
from factcheck.records import Article

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".jsonl"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each named file as given, and every input file under each named folder, recursively and sorted.

    A named file is yielded whatever its suffix, so ``read_articles`` can say why it is refused;
    inside folders only ``.txt .md .html .htm .jsonl`` files are taken (hidden files skipped).
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and (p.is_file() or p.is_symlink())  # a broken or looping link is reported
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def read_articles(path: Path, *, max_bytes: int) -> list[Article]:
    """All articles of one file: one for ``.txt .md .html .htm``, one per line for ``.jsonl``.

    Raises InputError naming the file (and the line, for JSONL) when the file is missing, empty,
    binary, undecodable, larger than ``max_bytes`` or malformed.
    """
    return list(iter_articles(path, max_bytes=max_bytes))


def read_inputs(
    paths: Iterable[Path], *, max_bytes: int, on_error: Callable[[InputError], None]
) -> Iterator[Article]:
    """Every article under ``paths``, streamed; a file that fails goes to ``on_error`` and the
    rest go on."""
    for path in iter_input_files(paths):
        try:
            yield from iter_articles(path, max_bytes=max_bytes)
        except InputError as exc:
            on_error(exc)
        except (RecursionError, ValueError, LookupError, UnicodeError, RuntimeError) as exc:
            # a reader's own checks should have named the reason; never end the run over one file
            on_error(InputError(f"cannot read: {type(exc).__name__}: {exc}"[:300], path=str(path)))


def resolved(path: Path) -> Path:
    """``path.resolve()``, or ``path`` itself when it is a symlink loop (reading it then says so)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path


def iter_articles(path: Path, *, max_bytes: int) -> Iterator[Article]:
    """Like ``read_articles`` but streaming: a JSONL file is checked whole, then read line by line,
    so a bad line fails the file before any of its articles is handed on. For JSONL, ``max_bytes``
    limits each line (one article), not the collection.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'!r}: use .txt .md .html .htm .jsonl",
            path=str(path),
        )
    _check_readable(path)
    try:
        if suffix == ".jsonl":
            validate_jsonl(path, max_bytes)
            yield from jsonl_articles(path, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(size, max_bytes), path=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    yield _read_document(path, raw, html=suffix in HTML_SUFFIXES)


def _check_readable(path: Path) -> None:
    if not path.exists():
        reason = "broken symlink or symlink loop" if path.is_symlink() else "no such file"
        raise InputError(reason, path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size} bytes, over the limit of {limit} (FACTCHECK_MAX_FILE_BYTES)"


def _read_document(path: Path, raw: bytes, *, html: bool) -> Article:
    text = decode_bytes(raw, path=str(path), html=html)
    if html:
        return parse_html(text, path=str(path))
    return parse_plain(text, path=str(path))
