"""Migration 0008 on a database with history: roles from the users, older undos given the key of
what they withdrew, every reviewed claim's status and decided rating derived again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, select, text

from factcheck.db.migrate import upgrade
from factcheck.db.models import Claim, Verdict
from factcheck.db.session import Database
from factcheck.review.verdicts import key_of


def test_0008_derives_roles_retractions_and_statuses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, name, role, password_hash, active, created_at) VALUES "
                "(1, 'eda', 'editor', 'x', 1, '2026-01-01 00:00:00'), "
                "(2, 'rui', 'reviewer', 'x', 1, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO articles (id, slug, title, url, byline, publisher, published, language,"
                " text, content_hash, source_path, meta, created_at, updated_at) VALUES (1, 'a', "
                "'', '', '', '', '', 'en', 'The pier closed.', '', '', '{}', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        for cid, status in ((1, "in_review"), (2, "in_review")):
            conn.execute(
                text(
                    'INSERT INTO claims (id, uid, article_id, text, normalized_text, start, "end",'
                    " kind, hedges, hedged, checkworthiness, status, orphaned, rejected, corrected,"
                    " cited, created_at, updated_at) VALUES (:id, :uid, 1, 'The pier closed.', "
                    "'the pier closed.', 0, 16, 'author', '[]', 0, 0.5, :status, 0, 0, 0, 0, "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"id": cid, "uid": f"c{cid}", "status": status},
            )
        rows = [  # claim 1: an editor's verdict (stored as in review by an older rule);
            # claim 2: rui rated, then undid it ("retracts verdict 2")
            (1, 1, 1, "eda", "False", "FALSE", "2026-02-01 10:00:00.000000"),
            (2, 2, 2, "rui", "True", "TRUE", "2026-02-01 10:00:00.000000"),
            (3, 2, 2, "rui", "retracted", "RETRACTED", "2026-02-01 10:05:00.000000"),
        ]
        for vid, cid, uid, who, label, normalized, when in rows:
            conn.execute(
                text(
                    "INSERT INTO verdicts (id, claim_id, user_id, reviewer, rating_label, "
                    "normalized, rationale, evidence_urls, created_at) VALUES (:v, :c, :u, :who, "
                    ":label, :n, '', '[]', :when)"
                ),
                {"v": vid, "c": cid, "u": uid, "who": who, "label": label, "n": normalized,
                 "when": when},
            )  # fmt: skip
    upgrade(engine)
    engine.dispose()
    db = Database(url)
    with db.sessions() as session:
        claims = {c.uid: c for c in session.scalars(select(Claim))}
        verdicts = {v.id: v for v in session.scalars(select(Verdict))}
        assert (claims["c1"].status, claims["c1"].rating_label) == ("decided", "False")
        assert (claims["c2"].status, claims["c2"].rating_label) == ("unreviewed", None)
        assert verdicts[1].role == "editor" and verdicts[2].role == "reviewer"
        assert verdicts[3].retracts == key_of(verdicts[2])
    db.dispose()
