"""A small, varied knowledge base for the query, API and export tests, written for this project.

Built through the ORM on a real SQLite file. Every claim sentence is generated from a few templates in
our own words; the mix of statuses, speakers, sources, hedges and verdicts is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from factcheck.db.models import Article, Citation, Claim, Source, Speaker, Verdict
from factcheck.db.repository import claim_uid
from factcheck.db.session import Database
from factcheck.review.verdicts import refresh_status

STATUSES = ("unreviewed", "in_review", "disputed", "decided")
SPEAKERS = (
    ("Mayor Ilse Brandt", "person"),
    ("the water board", "organization"),
    ("a council employee", "anonymous"),
    ("local shopkeepers", "group"),
)
SOURCES = (
    ("budget-2024-river-town", "dataset", "high"),
    ("memo-roads-2023", "leaked_document", "medium"),
    ("interview-brandt-2025", "interview", "high"),
    ("hearing-water-board-2025", "testimony", "low"),
)
PUBLISHERS = ("Valley Courier", "Hill Gazette")
TOPICS = ("bridge repairs", "bus lanes", "school meals", "flood walls", "street lights")
RATINGS = (("True", 5, "TRUE"), ("False", 1, "FALSE"), ("Mixed", 3, "MIXTURE"))


@dataclass
class Seeded:
    articles: list[int]
    speakers: list[int]
    sources: list[int]
    claims: list[int]


def claim_sentence(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return f"The town spent {100 + i * 7} thousand euros on {topic} in {2015 + i % 9}"


def seed(db: Database, n_articles: int = 4, per_article: int = 12) -> Seeded:
    """Articles with claims in every status, speaker kind and source kind; some hedged, some
    unsourced, some with verdicts (the latest verdict differs from the first on a few)."""
    with db.unit() as session:
        speakers = [
            Speaker(key=f"{k}:{i}", name=n, kind=k, aliases=[]) for i, (n, k) in enumerate(SPEAKERS)
        ]
        sources = [
            Source(key=key, kind=kind, title=f"Title of {key}", credibility=cred)
            for key, kind, cred in SOURCES
        ]
        session.add_all(speakers + sources)
        session.flush()
        articles, claims = [], []
        for a in range(n_articles):
            article = _article(session, a)
            articles.append(article.id)
            for j in range(per_article):
                claims.append(_claim(session, article, a * per_article + j, speakers, sources).id)
        return Seeded(articles, [s.id for s in speakers], [s.id for s in sources], claims)


def _article(session: Session, a: int) -> Article:
    body = " ".join(claim_sentence(a * 100 + k) + "." for k in range(3))
    article = Article(
        slug=f"town-budget-{a}",
        title=f"Where the town budget went, part {a}",
        publisher=PUBLISHERS[a % 2],
        published=f"2025-0{1 + a % 9}-1{a % 10}",
        text=body,
        content_hash=f"hash-{a}",
        meta={},
    )
    session.add(article)
    session.flush()
    return article


def _claim(
    session: Session, article: Article, i: int, speakers: list[Speaker], sources: list[Source]
) -> Claim:
    text = claim_sentence(i)
    speaker = speakers[i % len(speakers)] if i % 7 else None
    claim = Claim(
        uid=claim_uid(text),
        article_id=article.id,
        speaker_id=speaker.id if speaker else None,
        text=text,
        normalized_text=text.lower(),
        start=0,
        end=len(text),
        kind="direct" if speaker else "author",
        speaker_text=speaker.name if speaker else None,
        hedges=[{"text": "reportedly", "start": 0, "end": 10}] if i % 3 == 0 else [],
        hedged=i % 3 == 0,
        checkworthiness=round((i * 37 % 100) / 100, 2),
        status=STATUSES[i % 4],
    )
    session.add(claim)
    session.flush()
    if i % 5:  # every fifth claim is unsourced
        source = sources[i % len(sources)]
        session.add(
            Citation(
                claim_id=claim.id, source_id=source.id, kind=source.kind, evidence_text="a record"
            )
        )
    if claim.status != "unreviewed":
        _verdicts(session, claim, i)
    return claim


def _verdicts(session: Session, claim: Claim, i: int) -> None:
    """As the review rule has it: in review, one verdict; decided, two that agree; disputed, two
    that disagree."""
    first = RATINGS[i % 3]
    second = {"in_review": None, "decided": first, "disputed": RATINGS[(i + 1) % 3]}[claim.status]
    for n, (label, value, normalized) in enumerate([first] + ([second] if second else [])):
        session.add(
            Verdict(
                claim_id=claim.id,
                reviewer=f"reviewer{n}",
                rating_label=label,
                rating_value=value,
                normalized=normalized,
                rationale=f"Checked against the {TOPICS[i % 5]} ledger.",
                evidence_urls=[f"https://example.org/ledger/{i}"],
                created_at=datetime(2025, 6, 1 + n, 12, 0),
            )
        )
    refresh_status(session, claim)  # the status and decided rating, by the status rule


def add_claims(db: Database, article_id: int, start: int, n: int) -> list[int]:
    """Insert ``n`` more claims into an article (for pagination-while-inserting tests)."""
    with db.unit() as session:
        article = session.get(Article, article_id)
        assert article is not None
        speakers = list(session.query(Speaker).order_by(Speaker.id))
        sources = list(session.query(Source).order_by(Source.id))
        return [_claim(session, article, start + k, speakers, sources).id for k in range(n)]
