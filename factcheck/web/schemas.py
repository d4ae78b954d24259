"""Pydantic models of the JSON API's responses and request bodies: the documented v1 shapes.

Routes return plain dicts from ``factcheck.queries``; FastAPI validates them against these models,
so the OpenAPI schema at ``/openapi.json`` and the responses cannot drift apart. Within v1, keys
documented here are never removed or changed incompatibly; new keys may be added.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from factcheck import textrules
from factcheck.db.repository import MAX_ROW_ID
from factcheck.queries.filters import date_problem
from factcheck.queries.keyset import CURSOR_PATTERN, MAX_CURSOR_LENGTH
from factcheck.records import EVIDENCE_KINDS, SPEAKER_KINDS
from factcheck.review.verdicts import MAX_EVIDENCE_URLS, MAX_RATIONALE_CHARS, MAX_URL_CHARS

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


_TEXT: dict[str, Any] = {"pattern": textrules.FREE_TEXT}
_NAME: dict[str, Any] = {"pattern": textrules.NAME}
_URL: dict[str, Any] = {"pattern": textrules.HTTP_URL}
EvidenceUrl = Annotated[str, Field(max_length=MAX_URL_CHARS, json_schema_extra=_URL)]


class VerdictIn(BaseModel):
    """A verdict to record: a label of the configured rating scale, a rationale, evidence links.

    Both verdict endpoints take this body; ``rating``, the queue's old name for ``label``, is still
    accepted. The schema lists the labels of the server's scale (``factcheck.web.app``)."""

    label: str = Field(
        min_length=1,
        max_length=100,
        validation_alias=AliasChoices("label", "rating"),
        description="A rating label of the configured scale (``rating`` is accepted too).",
    )
    rationale: str = Field("", max_length=MAX_RATIONALE_CHARS, json_schema_extra=_TEXT)
    evidence_urls: list[EvidenceUrl] = Field(
        default_factory=list,
        max_length=MAX_EVIDENCE_URLS,
        description="Absolute http(s) links; an empty one is left out.",
    )


class VerdictCreated(BaseModel):
    ok: Literal[True] = True
    verdict: VerdictOut
    claim_status: str


class NewSourceIn(BaseModel):
    kind: str = Field(max_length=32, json_schema_extra={"enum": list(EVIDENCE_KINDS)})
    title: str = Field(max_length=500, json_schema_extra=_NAME)
    url: EvidenceUrl = ""
    publisher: str = Field("", max_length=200, json_schema_extra=_TEXT)


Offset = Annotated[int, Field(ge=0, le=10**9)]
CitationId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
EvidenceKind = Annotated[
    str, Field(max_length=64, json_schema_extra={"enum": list(EVIDENCE_KINDS)})
]


class _Correction(BaseModel):
    note: str = Field("", max_length=2000, json_schema_extra=_TEXT)


class SpanCorrection(_Correction):
    """The claim's new offsets in the article text."""

    action: Literal["span"]
    start: Offset
    end: Offset


class SpeakerCorrection(_Correction):
    """Another speaker, by name and kind; ``start`` and ``end`` (both or neither): the mention."""

    action: Literal["speaker"]
    name: str = Field(max_length=300, json_schema_extra=_NAME)
    kind: str = Field(max_length=64, json_schema_extra={"enum": list(SPEAKER_KINDS)})
    start: Offset | None = None
    end: Offset | None = None


class RejectCorrection(_Correction):
    """Not a claim (``note`` says why)."""

    action: Literal["reject"]


class RestoreCorrection(_Correction):
    """Undo a rejection (a 409 when the claim is not rejected)."""

    action: Literal["restore"]


class AddCitation(_Correction):
    """Cite ``source`` (the key of an existing source, or of a new one made from ``new_source``),
    with the evidence ``kind``, its span ``start``, ``end`` (both or neither) and ``relation``."""

    action: Literal["add_citation"]
    source: str = Field(max_length=200, json_schema_extra={"pattern": textrules.SOURCE_KEY})
    kind: EvidenceKind
    start: Offset | None = None
    end: Offset | None = None
    relation: Literal["cites", "supports", "contradicts"] = "cites"
    new_source: NewSourceIn | None = None


class EvidenceCorrection(_Correction):
    """A citation's new evidence span (``start`` and ``end``; neither: not in the text) and kind."""

    action: Literal["evidence"]
    citation: CitationId
    kind: EvidenceKind
    start: Offset | None = None
    end: Offset | None = None


class RemoveCitation(_Correction):
    """Drop a wrongly extracted citation."""

    action: Literal["remove_citation"]
    citation: CitationId


CorrectionIn = Annotated[
    SpanCorrection
    | SpeakerCorrection
    | RejectCorrection
    | RestoreCorrection
    | AddCitation
    | EvidenceCorrection
    | RemoveCitation,
    Field(discriminator="action"),
]
"""An editor's correction; ``action`` says which, and which fields it takes. Offsets that do not
fit the article's text, an end before its start or one offset without the other are a 422."""


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


_DATE: dict[str, Any] = {"pattern": textrules.DATE}


class ClaimFilterQuery(BaseModel):
    """The filters of /claims and its exports."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    status: Literal["unreviewed", "in_review", "disputed", "decided"] | None = None
    rating: str | None = Field(None, max_length=100, description="Rating label.")
    normalized: Literal["TRUE", "MIXTURE", "FALSE", "OTHER"] | None = None
    speaker: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="Speaker id.")
    speaker_kind: str | None = Field(None, max_length=500)
    source: str | None = Field(None, max_length=200, description="Source id or key.")
    source_kind: str | None = Field(None, max_length=500)
    article: str | None = Field(None, max_length=200, description="Article id or slug.")
    publisher: str | None = Field(None, max_length=500)
    date_from: str | None = Field(
        None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.", json_schema_extra=_DATE
    )
    date_to: str | None = Field(
        None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.", json_schema_extra=_DATE
    )
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
        None,
        alias="_next",
        max_length=MAX_CURSOR_LENGTH,
        pattern=CURSOR_PATTERN,
        description="Cursor from the previous page's `next`; one that names no page is a 404.",
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
        False, alias="_nl", description="One JSON row per line (JSON Lines; _shape=array implied)."
    )
    nocount: bool = Field(
        False, alias="_nocount", description="Leave out the total count (faster on big filters)."
    )
