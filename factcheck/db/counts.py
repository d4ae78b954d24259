"""Maintained figures (SQLite triggers): whether each claim cites a source, kept on the claim row; live claims counted by status, rating, hedging, citation, article, speaker and cited source kind; rows per
table; a generation number that every write to claims, citations, articles, speakers and sources
moves on.

Triggers keep them in the same transaction as the write that changes them, whatever code makes it
(the review pages, the API, ingest, corrections, imports, raw SQL). ``claim_counts`` rows are
``(name, value, n)``: ``("status", "decided", 12)``, ``("normalized", "", 40)`` (no rating yet),
``("hedged", "1", 9)``, ``("cited", "0", 3)`` (unsourced), ``("article", "17", 5)``,
``("speaker", "4", 2)`` (``""``: no speaker), ``("source_kind", "interview", 8)`` (claims citing
at least one source of the kind),
``("rows", "claims", 70)``, ``("generation", "", 1234)``. On other databases nothing is
maintained and readers count (see ``factcheck.queries.counts``).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

LIVE_OLD = "OLD.orphaned = 0 AND OLD.rejected = 0"
LIVE_NEW = "NEW.orphaned = 0 AND NEW.rejected = 0"
UPSERT = "ON CONFLICT(name, value) DO UPDATE SET n = n + excluded.n"
COUNTED = ("status", "normalized", "hedged", "cited", "article", "speaker")
LIVE_K = "k.orphaned = 0 AND k.rejected = 0"


def maintained(dialect: str) -> bool:
    """Whether this database keeps the figures (``cited``, counts). The claim's status and decided
    rating columns are kept on every database (``factcheck.review.verdicts.apply_review``)."""
    return dialect == "sqlite"


def _contributions(row: str, sign: str) -> str:
    """SELECT of the (name, value, n) a claim row (``OLD`` or ``NEW``) adds to the counts."""
    values = {
        "status": f"{row}.status",
        "normalized": f"coalesce({row}.rating_normalized, '')",
        "hedged": f"CAST({row}.hedged AS TEXT)",
        "cited": f"CAST({row}.cited AS TEXT)",
        "article": f"CAST({row}.article_id AS TEXT)",
        "speaker": f"coalesce(CAST({row}.speaker_id AS TEXT), '')",
    }
    # the kinds of the sources it cites, each once
    kinds = (
        f"SELECT DISTINCT 'source_kind', s.kind, {sign}1 FROM citations c "
        f"JOIN sources s ON s.id = c.source_id WHERE c.claim_id = {row}.id"
    )
    return " UNION ALL ".join(
        [f"SELECT '{name}' AS name, {values[name]} AS value, {sign}1 AS n" for name in COUNTED]
        + [kinds]
    )


def _source_kinds(claims: str, sign: str) -> str:
    """INSERT of the source kinds of the live claims ``claims`` (an SQL condition on ``c``)."""
    return (
        "INSERT INTO claim_counts(name, value, n) "
        f"SELECT 'source_kind', s.kind, {sign}count(DISTINCT c.claim_id) FROM citations c "
        f"JOIN sources s ON s.id = c.source_id JOIN claims k ON k.id = c.claim_id "
        f"WHERE {claims} AND {LIVE_K} GROUP BY s.kind {UPSERT};"
    )


def _bump(name: str, value: str, sign: str = "") -> str:
    return (
        f"INSERT INTO claim_counts(name, value, n) VALUES ('{name}', '{value}', {sign}1) {UPSERT};"
    )


_GENERATION = _bump("generation", "")


def _cited(claim_id: str) -> str:
    return (
        "UPDATE claims SET cited = EXISTS (SELECT 1 FROM citations "
        f"WHERE citations.claim_id = {claim_id}) WHERE id = {claim_id};"
    )


def _moved(who: str, when: str = "") -> str:
    return f"INSERT INTO claim_counts(name, value, n) {who}{when} {UPSERT};"


COUNTS_TRIGGERS = {
    # claims: counts of live claims, rows, generation
    "claims_counts_ai": "AFTER INSERT ON claims BEGIN "
    + _moved(f"SELECT * FROM ({_contributions('NEW', '')})", f" WHERE {LIVE_NEW}")
    + _bump("rows", "claims")
    + _GENERATION
    + " END",
    # BEFORE: the claim's citations are still there (a cascade deletes them first otherwise)
    "claims_counts_bd": "BEFORE DELETE ON claims BEGIN "
    + _moved(f"SELECT * FROM ({_contributions('OLD', '-')})", f" WHERE {LIVE_OLD}")
    + _bump("rows", "claims", "-")
    + _GENERATION
    + " END",
    "claims_counts_au": "AFTER UPDATE ON claims BEGIN "
    + _moved(f"SELECT * FROM ({_contributions('OLD', '-')})", f" WHERE {LIVE_OLD}")
    + _moved(f"SELECT * FROM ({_contributions('NEW', '')})", f" WHERE {LIVE_NEW}")
    + _GENERATION
    + " END",
    # verdicts: rows (the claim's status and decided rating columns are written by
    # factcheck.review.verdicts.apply_review: the status rule is not SQL)
    "verdicts_rows_ai": "AFTER INSERT ON verdicts BEGIN " + _bump("rows", "verdicts") + " END",
    "verdicts_rows_ad": "AFTER DELETE ON verdicts BEGIN " + _bump("rows", "verdicts", "-") + " END",
    # citations: the claim's cited flag; source kinds counted by the claim's kinds before the
    # change taken away and after it added back
    "citations_kinds_bi": "BEFORE INSERT ON citations BEGIN "
    + _source_kinds("c.claim_id = NEW.claim_id", "-")
    + " END",
    "citations_cited_ai": "AFTER INSERT ON citations BEGIN "
    + "UPDATE claims SET cited = 1 WHERE id = NEW.claim_id AND cited = 0;"
    + _source_kinds("c.claim_id = NEW.claim_id", "")
    + _GENERATION
    + " END",
    "citations_kinds_bd": "BEFORE DELETE ON citations BEGIN "
    + _source_kinds("c.claim_id = OLD.claim_id", "-")
    + " END",
    "citations_cited_ad": "AFTER DELETE ON citations BEGIN "
    + _cited("OLD.claim_id")
    + _source_kinds("c.claim_id = OLD.claim_id", "")
    + _GENERATION
    + " END",
    "citations_kinds_bu": "BEFORE UPDATE ON citations BEGIN "
    + _source_kinds("c.claim_id = OLD.claim_id", "-")
    + _source_kinds("c.claim_id = NEW.claim_id AND NEW.claim_id != OLD.claim_id", "-")
    + " END",
    "citations_cited_au": "AFTER UPDATE ON citations BEGIN "
    + _cited("OLD.claim_id")
    + _cited("NEW.claim_id")
    + _source_kinds("c.claim_id = OLD.claim_id", "")
    + _source_kinds("c.claim_id = NEW.claim_id AND NEW.claim_id != OLD.claim_id", "")
    + _GENERATION
    + " END",
    # sources: a new kind moves the kinds of every claim citing it; a deleted source (its
    # citations go by cascade, after it) takes its kind from claims citing no other of that kind
    "sources_kinds_bu": "BEFORE UPDATE OF kind ON sources BEGIN "
    + _source_kinds("c.claim_id IN (SELECT claim_id FROM citations WHERE source_id = OLD.id)", "-")
    + " END",
    "sources_kinds_au": "AFTER UPDATE OF kind ON sources BEGIN "
    + _source_kinds("c.claim_id IN (SELECT claim_id FROM citations WHERE source_id = NEW.id)", "")
    + " END",
    "sources_kinds_bd": "BEFORE DELETE ON sources BEGIN "
    "INSERT INTO claim_counts(name, value, n) "
    "SELECT 'source_kind', OLD.kind, -count(DISTINCT c.claim_id) FROM citations c "
    f"JOIN claims k ON k.id = c.claim_id WHERE c.source_id = OLD.id AND {LIVE_K} AND NOT EXISTS ("
    "SELECT 1 FROM citations c2 JOIN sources s2 ON s2.id = c2.source_id "
    "WHERE c2.claim_id = c.claim_id AND c2.source_id != OLD.id AND s2.kind = OLD.kind) "
    f"{UPSERT}; END",
}
for _table in ("articles", "speakers", "sources"):
    COUNTS_TRIGGERS[f"{_table}_counts_ai"] = (
        f"AFTER INSERT ON {_table} BEGIN " + _bump("rows", _table) + _GENERATION + " END"
    )
    COUNTS_TRIGGERS[f"{_table}_counts_ad"] = (
        f"AFTER DELETE ON {_table} BEGIN " + _bump("rows", _table, "-") + _GENERATION + " END"
    )
    COUNTS_TRIGGERS[f"{_table}_counts_au"] = (
        f"AFTER UPDATE ON {_table} BEGIN " + _GENERATION + " END"
    )


def create_counts(conn: Connection) -> None:
    """Create the triggers (SQLite only) and fill every maintained figure from the tables."""
    if conn.dialect.name != "sqlite":
        return
    rebuild_counts(conn)  # first: its UPDATE of every claim would fire the triggers
    for name, body in COUNTS_TRIGGERS.items():
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))


def drop_counts(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for name in COUNTS_TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def rebuild_counts(conn: Connection) -> None:
    """Recompute every maintained figure from the tables (a migration, a bulk load without the
    triggers)."""
    if conn.dialect.name != "sqlite":
        return
    # the claim columns first (their UPDATE triggers count; the counts are recomputed below)
    conn.execute(
        text(
            "UPDATE claims SET cited = EXISTS (SELECT 1 FROM citations "
            "WHERE citations.claim_id = claims.id)"
        )
    )
    conn.execute(text("DELETE FROM claim_counts WHERE name != 'generation'"))
    live = "orphaned = 0 AND rejected = 0"
    columns = {
        "status": "status",
        "normalized": "coalesce(rating_normalized, '')",
        "hedged": "CAST(hedged AS TEXT)",
        "cited": "CAST(cited AS TEXT)",
        "article": "CAST(article_id AS TEXT)",
        "speaker": "coalesce(CAST(speaker_id AS TEXT), '')",
    }
    for name, column in columns.items():
        conn.execute(
            text(
                "INSERT INTO claim_counts(name, value, n) "
                f"SELECT '{name}', {column}, count(*) FROM claims WHERE {live} GROUP BY 2"
            )
        )
    conn.execute(text(_source_kinds("1 = 1", "").replace(f" {UPSERT};", "")))
    for table in ("articles", "claims", "sources", "speakers", "verdicts"):
        conn.execute(
            text(
                "INSERT INTO claim_counts(name, value, n) "
                f"SELECT 'rows', '{table}', count(*) FROM {table}"
            )
        )
    conn.execute(text(_bump("generation", "")))
