"""Service calls shared by each HTML page and its JSON twin: they return plain, JSON-safe data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from factcheck.db.models import Article, Claim, Source, Speaker, Verdict
from factcheck.db.repository import list_articles_with_counts
from factcheck.db.session import Database


def overview(db: Database) -> dict[str, Any]:
    """Totals of the knowledge base and its newest articles."""
    with db.sessions() as session:
        totals = {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("articles", Article),
                ("claims", Claim),
                ("sources", Source),
                ("speakers", Speaker),
                ("verdicts", Verdict),
            )
        }
        articles = [
            {
                "id": a.id,
                "slug": a.slug,
                "title": a.title,
                "publisher": a.publisher,
                "published": a.published,
                "claims": n,
            }
            for a, n in list_articles_with_counts(session, limit=50)
        ]
    return {"totals": totals, "articles": articles}
