"""Query-string parsing and URL building shared by the pages and their twins (lists, facets, the
queue).

Bad values are InputErrors (400) with a clear message, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.queries import ClaimFilters
from factcheck.queries.queue import QUEUE_ORDERS, QUEUE_STATUSES, QueuePosition, queue_state

CLAIM_FILTER_PARAMS = (
    "q",
    "status",
    "rating",
    "normalized",
    "speaker",
    "speaker_kind",
    "source",
    "source_kind",
    "article",
    "publisher",
    "date_from",
    "date_to",
    "hedged",
    "unsourced",
)
QUEUE_FILTERS = ("status", "article", "speaker", "source_kind", "hedged", "unsourced", "order")
EMPTY_IS_A_VALUE = ("publisher",)  # publisher= : articles without a publisher (as the API)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
MAX_PARAM_CHARS = 500


def text_param(params: Mapping[str, str], name: str) -> str | None:
    """A non-empty, stripped string parameter, or None."""
    value = (params.get(name) or "").strip()
    if len(value) > MAX_PARAM_CHARS:
        raise InputError(f"{name} is longer than {MAX_PARAM_CHARS} characters")
    return value or None


def bool_param(params: Mapping[str, str], name: str) -> bool | None:
    """``true``/``false`` (or 1/0, yes/no, on/off); empty or missing is None."""
    value = (params.get(name) or "").strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InputError(f"{name} must be true or false")


def int_param(params: Mapping[str, str], name: str) -> int | None:
    """A positive integer parameter, or None."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise InputError(f"{name} must be a positive whole number")
    return int(value)


def size_param(params: Mapping[str, str], default: int, largest: int = 200) -> int:
    size = int_param(params, "_size")
    if size is None:
        return default
    if not 1 <= size <= largest:
        raise InputError(f"_size must be between 1 and {largest}")
    return size


def claim_filters(params: Mapping[str, str], **fixed: Any) -> ClaimFilters:
    """The claim filters of a query string (as the JSON API takes them), plus ``fixed`` ones."""
    values: dict[str, Any] = {name: text_param(params, name) for name in CLAIM_FILTER_PARAMS}
    values["speaker"] = int_param(params, "speaker")
    for name in EMPTY_IS_A_VALUE:
        if name in params and values[name] is None:
            values[name] = ""
    values["hedged"] = bool_param(params, "hedged")
    values["unsourced"] = bool_param(params, "unsourced")
    values.update(fixed)
    return ClaimFilters(**values)


def url_with(path: str, params: Mapping[str, str], **changes: Any) -> str:
    """``path`` with the current query, some parameters changed (None removes one).

    Changing a filter drops the cursor, since a cursor belongs to one list.
    """
    merged = {k: v for k, v in params.items() if v != "" or k in EMPTY_IS_A_VALUE}
    if any(k != "_next" for k in changes):
        merged.pop("_next", None)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = str(value).lower() if isinstance(value, bool) else str(value)
    query = urlencode(sorted(merged.items()))
    return f"{path}?{query}" if query else path


def toggle(path: str, params: Mapping[str, str], name: str, value: Any) -> str:
    """The URL that turns the filter ``name=value`` on, or off if it is on already."""
    as_text = str(value).lower() if isinstance(value, bool) else str(value)
    if params.get(name) == as_text:
        return url_with(path, params, **{name: None})
    return url_with(path, params, **{name: as_text})


def queue_filters(params: Mapping[str, str]) -> ClaimFilters:
    """The queue's filters from a query string: status (default unreviewed), article, speaker,
    source kind, hedged, unsourced."""
    status = text_param(params, "status") or "unreviewed"
    if status not in QUEUE_STATUSES:
        raise InputError(f"the queue's status must be one of {', '.join(QUEUE_STATUSES)}")
    return ClaimFilters(
        status=status,
        article=text_param(params, "article"),
        speaker=int_param(params, "speaker"),
        source_kind=text_param(params, "source_kind"),
        hedged=bool_param(params, "hedged"),
        unsourced=bool_param(params, "unsourced"),
    )


def queue_position(params: Mapping[str, str]) -> QueuePosition:
    """Where to look, and in which order (``order``: checkworthiness, the default, or id)."""
    order = text_param(params, "order") or "checkworthiness"
    if order not in QUEUE_ORDERS:
        raise InputError(f"the queue's order must be one of {', '.join(QUEUE_ORDERS)}")
    return QueuePosition(
        claim=int_param(params, "claim"),
        after=int_param(params, "after"),
        before=int_param(params, "before"),
        order=order,
    )


def queue_params(params: Mapping[str, str]) -> dict[str, str]:
    """Only the filter parameters of a query string (what links and forms carry along)."""
    return {k: params[k] for k in QUEUE_FILTERS if params.get(k)}


def queue_view(db: Database, params: Mapping[str, str], reviewer: str, base: str) -> dict[str, Any]:
    """The queue at ``params`` for ``reviewer`` (one service call), with its filters and the
    ``next``/``previous`` links under ``base`` (``/queue`` or ``/api/v1/queue``)."""
    filters, position = queue_filters(params), queue_position(params)
    with db.sessions() as session:
        state = queue_state(session, filters, reviewer, position)
    kept = queue_params(params)
    links: dict[str, str | None] = {"next": None, "previous": None}
    if state["claim"] is not None:
        links["next"] = url_with(base, kept, after=state["claim"]["id"])
        links["previous"] = url_with(base, kept, before=state["claim"]["id"])
    return {**state, "filters": kept, "links": links}
