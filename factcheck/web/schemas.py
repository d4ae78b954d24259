"""Pydantic models of the JSON API's responses and request bodies: the documented v1 shapes.

Routes return plain dicts from ``factcheck.queries``; FastAPI validates them against these models,
so the OpenAPI schema at ``/openapi.json`` and the responses cannot drift apart. Within v1, keys
documented here are never removed or changed incompatibly; new keys may be added.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from factcheck.queries.filters import date_problem

FacetValueType = str | int | bool | None


class ErrorOut(BaseModel):
    """The one error shape of every 4xx and 5xx response."""

    ok: Literal[False] = False
    error: str
    status: int


class SpanOut(BaseModel):
    text: str
    start: int | None
    end: int | None


class SpeakerMention(BaseModel):
    """The resolved speaker (id, name, kind) and the mention the cue governs (text, offsets)."""

    id: int | None
    name: str | None
    kind: str | None
    text: str | None
    start: int | None
    end: int | None


class ArticleRef(BaseModel):
    id: int
    slug: str
    title: str
    publisher: str
    published: str
    url: str


class RatingOut(BaseModel):
    """The claim's decided rating (only a decided claim has one; factcheck.review.status)."""

    label: str
    value: int | None
    normalized: str


class SourceRef(BaseModel):
    id: int
    key: str
    kind: str
    title: str


class ClaimBase(BaseModel):
    id: int
    uid: str = Field(description="Stable within the article: a hash of the normalized text.")
    text: str
    start: int
    end: int
    kind: str
    status: Literal["unreviewed", "in_review", "disputed", "decided"]
    checkworthiness: float
    hedged: bool
    hedges: list[dict[str, Any]]
    speaker: SpeakerMention | None
    cue: SpanOut | None
    rating: RatingOut | None
    sources: list[SourceRef]
    orphaned: bool
    rejected: bool
    corrected: bool
    updated_at: str


class ClaimRow(ClaimBase):
    article: ArticleRef


class SourceOut(BaseModel):
    id: int
    key: str
    kind: str
    title: str
    publisher: str
    date: str
    url: str
    identifier: str
    credibility: str


class CitationOut(BaseModel):
    id: int
    kind: str
    relation: str
    evidence: SpanOut | None
    source: SourceOut


class VerdictOut(BaseModel):
    id: int
    key: str = Field(description="The verdict's stable key (the same in the knowledge-base files).")
    reviewer: str
    role: str = Field(description="The reviewer's role when recording it; an editor's decides.")
    created_at: str
    label: str
    value: int | None
    normalized: str
    rationale: str
    evidence_urls: list[str]
    retraction: bool = Field(description="This entry is an undo of the reviewer's previous one.")
    retracted: bool = Field(description="A later undo cancelled this verdict.")
    retracts: str | None = Field(
        None, description="For an undo: the key of the verdict it cancels."
    )


class RelatedArticle(BaseModel):
    id: int
    slug: str
    title: str


class RelatedClaim(BaseModel):
    id: int
    text: str
    status: str
    article: RelatedArticle


class RejectionOut(BaseModel):
    by: str
    at: str
    reason: str


class ClaimDetail(ClaimRow):
    ok: Literal[True] = True
    checkworthiness_signals: list[str] = Field(
        description="The hand signals found in the claim (number, date, named_entity, event, "
        "causal, comparative): why its check-worthiness is what it is."
    )
    citations: list[CitationOut]
    verdicts: list[VerdictOut]
    related: list[RelatedClaim] = Field(description="Other claims citing the same sources.")
    rejection: RejectionOut | None = Field(
        None, description="Who rejected the claim, when and why (null unless it is rejected)."
    )


class FacetValue(BaseModel):
    value: FacetValueType
    count: int
    label: str | None = Field(None, description="The article's slug, for the article facet.")
    selected: bool = Field(False, description="The filters already restrict to this value.")
    toggle_url: str | None = Field(
        None, description="This request with the filter on this value added, or removed."
    )


class ListEnvelope(BaseModel):
    ok: Literal[True] = True
    next: str | None = Field(description="Opaque cursor of the next page; null on the last page.")
    next_url: str | None = Field(description="This request with _next set; null on the last page.")


class ClaimList(ListEnvelope):
    rows: list[ClaimRow]
    count: int | None = Field(
        None, description="How many claims match the filters (left out with _nocount)."
    )
    facets: dict[str, list[FacetValue]] | None = Field(
        None, description="Present when _facet was asked for: value counts over all matches."
    )


class StatusCounts(BaseModel):
    total: int
    unreviewed: int
    in_review: int
    disputed: int
    decided: int


class ArticleRow(BaseModel):
    id: int
    slug: str
    title: str
    url: str
    byline: str
    publisher: str
    published: str
    language: str
    claims: StatusCounts


class ArticleList(ListEnvelope):
    rows: list[ArticleRow]


class ArticleClaim(ClaimBase):
    citations: list[CitationOut]


class ArticleDetail(BaseModel):
    ok: Literal[True] = True
    id: int
    slug: str
    title: str
    url: str
    byline: str
    publisher: str
    published: str
    language: str
    text: str
    claims: list[ArticleClaim] = Field(description="Live claims in text order, with offsets.")


class SourceRow(SourceOut):
    claims: int
    articles: int


class SourceList(ListEnvelope):
    rows: list[SourceRow]


class SourceDetail(SourceRow):
    ok: Literal[True] = True
    language: str
    notes: str
    citing_claims: list[ClaimRow]


class SpeakerArticle(BaseModel):
    id: int
    slug: str
    title: str


class SpeakerRow(BaseModel):
    id: int
    key: str
    name: str
    kind: str
    aliases: list[str]
    article: SpeakerArticle | None = Field(
        None, description="The article a per-article speaker (anonymous, group, author) is of."
    )
    claims: StatusCounts


class SpeakerList(ListEnvelope):
    rows: list[SpeakerRow]


class SpeakerDetail(BaseModel):
    ok: Literal[True] = True
    id: int
    key: str
    name: str
    kind: str
    aliases: list[str]
    article: SpeakerArticle | None = None
    counts: StatusCounts
    claims: list[ClaimRow]


class StatsOut(BaseModel):
    ok: Literal[True] = True
    totals: dict[str, int]
    claims_by_status: dict[str, int]
    claims_by_rating: dict[str, int]
    unsourced_claims: int
    hedged_claims: int


class VerdictIn(BaseModel):
    """A verdict to record: a label of the configured rating scale, a rationale, evidence links.

    Both verdict endpoints take this body; ``rating``, the queue's old name for ``label``, is still
    accepted."""

    label: str = Field(
        min_length=1,
        max_length=100,
        validation_alias=AliasChoices("label", "rating"),
        description="A rating label of the configured scale (``rating`` is accepted too).",
    )
    rationale: str = Field("", max_length=20_000)
    evidence_urls: list[str] = Field(default_factory=list, max_length=20)


class VerdictCreated(BaseModel):
    ok: Literal[True] = True
    verdict: VerdictOut
    claim_status: str


class NewSourceIn(BaseModel):
    kind: str = Field(max_length=32)
    title: str = Field(max_length=500)
    url: str = Field("", max_length=2000)
    publisher: str = Field("", max_length=200)


class CorrectionIn(BaseModel):
    """An editor's correction. Which fields count depends on ``action``:

    - ``span``: ``start``, ``end`` (the claim's new offsets in the article text);
    - ``speaker``: ``name``, ``kind`` and optionally the mention's ``start``, ``end``;
    - ``reject``: not a claim (``note`` says why); ``restore``: undo a rejection;
    - ``add_citation``: ``source`` (key of an existing source) or ``new_source``, evidence ``kind``,
      optional evidence ``start``, ``end`` and ``relation`` (cites, supports, contradicts);
    - ``evidence``: ``citation`` (its id), new evidence ``start``, ``end`` and ``kind``;
    - ``remove_citation``: ``citation``.
    """

    action: Literal[
        "span", "speaker", "reject", "restore", "add_citation", "evidence", "remove_citation"
    ]
    note: str = Field("", max_length=2000)
    start: int | None = Field(None, ge=0, le=10**9)
    end: int | None = Field(None, ge=0, le=10**9)
    name: str = Field("", max_length=300)
    kind: str = Field("", max_length=64)
    source: str = Field("", max_length=200)
    relation: str = Field("cites", max_length=32)
    new_source: NewSourceIn | None = None
    citation: int | None = Field(None, ge=1, le=2**62)


# --- query parameters -------------------------------------------------------------------------
# One model per parameter set: FastAPI validates it in one pydantic call, much cheaper per request
# than a signature of twenty separate parameters, and documents each field as a query parameter.

ClaimSort = Literal[
    "id", "-id", "checkworthiness", "-checkworthiness", "published", "-published", "status",
    "-status",
]  # fmt: skip
ClaimSortColumn = Literal["id", "checkworthiness", "published", "status"]
FacetName = Literal[
    "status", "normalized", "speaker_kind", "source_kind", "publisher", "article", "hedged"
]


class ClaimFilterQuery(BaseModel):
    """The filters of /claims and its exports."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    status: Literal["unreviewed", "in_review", "disputed", "decided"] | None = None
    rating: str | None = Field(None, max_length=100, description="Rating label.")
    normalized: Literal["TRUE", "MIXTURE", "FALSE", "OTHER"] | None = None
    speaker: int | None = Field(None, ge=1, le=2**62, description="Speaker id.")
    speaker_kind: str | None = Field(None, max_length=500)
    source: str | None = Field(None, max_length=200, description="Source id or key.")
    source_kind: str | None = Field(None, max_length=500)
    article: str | None = Field(None, max_length=200, description="Article id or slug.")
    publisher: str | None = Field(None, max_length=500)
    date_from: str | None = Field(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    date_to: str | None = Field(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    hedged: bool | None = None
    unsourced: bool | None = None
    q: str | None = Field(None, max_length=500, description="Full-text search.")
    search: str | None = Field(None, alias="_search", max_length=500, description="Same as q.")
    include_orphaned: bool = False
    include_rejected: bool = False

    @field_validator("date_from", "date_to")
    @classmethod
    def _a_calendar_date(cls, value: str | None) -> str | None:
        problem = date_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class ClaimListQuery(ClaimFilterQuery):
    """The filters of /claims, its sort, page size, cursor and facets."""

    sort: ClaimSort = Field("id", alias="_sort")
    size: int = Field(50, alias="_size", ge=1, le=1000, description="Rows per page.")
    next: str | None = Field(
        None, alias="_next", max_length=2000, description="Cursor from the previous page's `next`."
    )
    facet: list[FacetName] = Field(
        default_factory=list, alias="_facet", max_length=7, description="Facets to count."
    )
    sort_desc: ClaimSortColumn | None = Field(
        None, alias="_sort_desc", description="Datasette's spelling of _sort=-column."
    )
    shape: Literal["objects", "array"] = Field(
        "objects",
        alias="_shape",
        description="objects: the envelope (default); array: the rows alone, as a JSON list.",
    )
    nl: bool = Field(
        False, alias="_nl", description="With _shape=array: one JSON row per line (JSON Lines)."
    )
    nocount: bool = Field(
        False, alias="_nocount", description="Leave out the total count (faster on big filters)."
    )
