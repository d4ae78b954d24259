"""factcheck.store.articles on real SQLite files, with hand-built extraction records."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from factcheck.db.models import Article, AuditEvent, Citation, Claim, Source, Speaker, Verdict
from factcheck.db.session import Database
from factcheck.errors import Conflict, NotFound
from factcheck.records import Article as ArticleRecord
from factcheck.records import ClaimRecord, Cue, Evidence, ExtractedArticle, SpeakerRef
from factcheck.store.articles import save_all, save_article
from factcheck.store.edit import merge_sources, merge_speakers, split_source, split_speaker

TABLES = (Article, Claim, Speaker, Source, Citation, Verdict, AuditEvent)


@dataclass(frozen=True)
class C:
    """A claim to build: its text, speaker mention and name, and cited evidence (text, source)."""

    text: str
    mention: str
    name: str
    kind: str = "person"
    evidence: tuple[tuple[str, str], ...] = ()
    url: str = ""


def build(text: str, claims: list[C], *, path: str = "", url: str = "") -> ExtractedArticle:
    """An ExtractedArticle whose offsets are found in ``text`` (so text[start:end] holds)."""
    records = []
    for c in claims:
        start = text.index(c.text)
        mention = text.index(c.mention) if c.mention in text else None
        evidence = tuple(
            Evidence(
                text=ev,
                start=text.index(ev),
                end=text.index(ev) + len(ev),
                kind="leaked_document",
                source=src,
                url=c.url,
            )
            for ev, src in c.evidence
        )
        cue_at = text.find("said")
        records.append(
            ClaimRecord(
                text=c.text,
                start=start,
                end=start + len(c.text),
                kind="indirect",
                speaker=SpeakerRef(
                    text=c.mention if mention is not None else None,
                    start=mention,
                    end=None if mention is None else mention + len(c.mention),
                    name=c.name,
                    kind=c.kind,
                ),
                cue=Cue("said", cue_at, cue_at + 4) if cue_at >= 0 else None,
                checkworthiness=0.7,
                evidence=evidence,
            )
        )
    title = text.split("\n")[0]
    article = ArticleRecord(text=text, path=path or f"{title}.txt", title=title, url=url)
    return ExtractedArticle(article=article, claims=tuple(records))


def counts(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in TABLES
    }


def add_verdict(session: Session, claim_id: int, label: str = "True") -> None:
    session.add(
        Verdict(
            claim_id=claim_id, reviewer="ed", rating_label=label, rating_value=5, normalized="TRUE"
        )
    )


def claims_by_text(session: Session, article_id: int) -> dict[str, Claim]:
    rows = session.scalars(select(Claim).where(Claim.article_id == article_id))
    return {c.text: c for c in rows}


V1 = (
    "Dam repairs delayed\n\n"
    "Engineer Amina Yusuf said the spillway had cracked in two places last winter. "
    "Yusuf said repairs would cost 3 million euros. "
    "She said the regional board had known since 2019, according to a 2019 inspection memo. "
    "A resident said the water had turned brown for a week. "
    "The mayor said the dam was safe."
)
CLAIMS_V1 = [
    C("the spillway had cracked in two places last winter", "Engineer Amina Yusuf", "Amina Yusuf"),
    C("repairs would cost 3 million euros", "Yusuf", "Yusuf"),
    C(
        "the regional board had known since 2019",
        "She",
        "Amina Yusuf",
        evidence=(("a 2019 inspection memo", "memo-2019-dam-inspection"),),
    ),
    C("the water had turned brown for a week", "A resident", "a resident", kind="anonymous"),
    C("the dam was safe", "The mayor", "the mayor", kind="organization"),
]
V2 = (
    "Dam repairs delayed again\n\n"
    "Engineer Amina Yusuf said the spillway had cracked in three places last winter. "
    "Yusuf said repairs would cost 3 million euros. "
    "A resident said the water had turned brown for a week. "
    "The council said the report would be published in May."
)
CLAIMS_V2 = [
    C(
        "the spillway had cracked in three places last winter",
        "Engineer Amina Yusuf",
        "Amina Yusuf",
    ),
    C("repairs would cost 3 million euros", "Yusuf", "Yusuf"),
    C("the water had turned brown for a week", "A resident", "a resident", kind="anonymous"),
    C("the report would be published in May", "The council", "the council", kind="organization"),
]


def test_saving_twice_writes_nothing_the_second_time(db: Database) -> None:
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    assert (first.status, first.claims, first.added, first.sources) == ("new", 5, 5, 1)
    with db.unit() as session:
        before = counts(session)
        stamp = session.get(Article, first.article_id).updated_at  # type: ignore[union-attr]
    with db.unit() as session:
        again = save_article(session, build(V1, CLAIMS_V1, path="moved/a.txt"))
    assert (again.status, again.article_id, again.claims) == ("unchanged", first.article_id, 5)
    with db.unit() as session:
        assert counts(session) == before
        assert session.get(Article, first.article_id).updated_at == stamp  # type: ignore[union-attr]


def test_an_edit_keeps_verdicts_of_claims_still_there_and_orphans_the_rest(db: Database) -> None:
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
        old = claims_by_text(session, first.article_id)
        for text in (CLAIMS_V1[0].text, CLAIMS_V1[1].text, CLAIMS_V1[2].text):
            add_verdict(session, old[text].id)
        old[CLAIMS_V1[1].text].status = "decided"
    with db.unit() as session:
        second = save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))
    assert (second.status, second.article_id) == ("updated", first.article_id)
    assert (second.kept, second.added, second.orphaned, second.deleted) == (3, 1, 1, 1)
    with db.unit() as session:
        new = claims_by_text(session, first.article_id)
        edited = new[CLAIMS_V2[0].text]  # similar enough: the same claim, its verdict kept
        assert edited.id == old[CLAIMS_V1[0].text].id and not edited.orphaned
        assert edited.uid == old[CLAIMS_V1[0].text].uid
        assert edited.start == V2.index(CLAIMS_V2[0].text)
        same = new[CLAIMS_V1[1].text]
        assert same.id == old[CLAIMS_V1[1].text].id and same.status == "decided"
        gone = new[CLAIMS_V1[2].text]
        assert gone.orphaned and gone.id == old[CLAIMS_V1[2].text].id
        assert CLAIMS_V1[4].text not in new  # no verdict, no editor work: removed
        assert new[CLAIMS_V2[3].text].status == "unreviewed"
        verdicts = session.scalars(select(Verdict.claim_id)).all()
        assert sorted(verdicts) == sorted([edited.id, same.id, gone.id])
        assert session.scalar(select(Article.title).where(Article.id == first.article_id)) == (
            "Dam repairs delayed again"
        )


def test_editor_corrections_and_rejections_survive_re_ingest(db: Database) -> None:
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
        old = claims_by_text(session, first.article_id)
        corrected = old[CLAIMS_V1[1].text]
        corrected.text, corrected.corrected = "repairs would cost 3 million euros", True
        corrected.kind = "direct"
        rejected = old[CLAIMS_V1[3].text]
        rejected.rejected = True
        vanished = old[CLAIMS_V1[4].text]
        vanished.corrected = True
    with db.unit() as session:
        save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))
    with db.unit() as session:
        kept = session.get(Claim, corrected.id)
        assert kept is not None and kept.kind == "direct" and kept.corrected
        assert kept.start == V2.index("repairs would cost")
        still = session.get(Claim, rejected.id)
        assert still is not None and still.rejected and not still.orphaned
        orphan = session.get(Claim, vanished.id)
        assert orphan is not None and orphan.orphaned and orphan.corrected


def test_one_source_row_for_the_same_source_cited_by_two_articles(db: Database) -> None:
    other = "Board under fire\n\nCritics said the board ignored warnings, citing a 2019 inspection memo."
    other_claims = [
        C(
            "the board ignored warnings",
            "Critics",
            "critics",
            kind="group",
            evidence=(("a 2019 inspection memo", "memo-2019-dam-inspection"),),
        )
    ]
    with db.unit() as session:
        save_article(session, build(V1, CLAIMS_V1, path="a.txt"))
        save_article(session, build(other, other_claims, path="b.txt"))
    with db.unit() as session:
        (source,) = session.scalars(select(Source)).all()
        assert source.key == "memo-2019-dam-inspection" and source.kind == "leaked_document"
        cited_by = session.scalars(
            select(Claim.article_id).join(Citation).where(Citation.source_id == source.id)
        ).all()
        assert len(set(cited_by)) == 2


def test_sources_with_the_same_url_are_one_row(db: Database) -> None:
    url = "https://example.org/dam-memo.pdf"
    text_a = "One\n\nThe engineer said the dam leaked, according to the memo."
    text_b = "Two\n\nThe auditor said costs rose, citing the leaked memo."
    with db.unit() as session:
        save_article(
            session,
            build(
                text_a,
                [
                    C(
                        "the dam leaked",
                        "The engineer",
                        "engineer",
                        "anonymous",
                        (("the memo", "memo-a"),),
                        url,
                    )
                ],
            ),
        )
        save_article(
            session,
            build(
                text_b,
                [
                    C(
                        "costs rose",
                        "The auditor",
                        "auditor",
                        "anonymous",
                        (("the leaked memo", "memo-b"),),
                        url,
                    )
                ],
            ),
        )
    with db.unit() as session:
        assert session.scalars(select(Source.key)).all() == ["memo-a"]
        assert session.scalar(select(func.count()).select_from(Citation)) == 2


def test_speakers_are_folded_within_and_across_articles(db: Database) -> None:
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
        people = session.scalars(select(Speaker).where(Speaker.kind == "person")).all()
        assert [p.name for p in people] == ["Amina Yusuf"]
        assert "Yusuf" in people[0].aliases and "She" not in people[0].aliases
        ids = {c.speaker_id for c in claims_by_text(session, first.article_id).values()}
        assert len(ids) == 3  # Yusuf, the resident, the mayor
    later = "Dam update\n\nDr Amina Yusuf said the cracks had been sealed."
    with db.unit() as session:
        save_article(
            session,
            build(later, [C("the cracks had been sealed", "Dr Amina Yusuf", "Dr Amina Yusuf")]),
        )
        again = "Dam\n\nA resident said the road was closed."
        save_article(
            session,
            build(
                again,
                [C("the road was closed", "A resident", "a resident", "anonymous")],
                path="c.txt",
            ),
        )
    with db.unit() as session:
        assert session.scalar(select(func.count()).where(Speaker.kind == "person")) == 1
        residents = session.scalars(select(Speaker.key).where(Speaker.kind == "anonymous")).all()
        assert len(residents) == 2  # anonymous speakers are per article


def test_merges_and_splits_are_audited_and_survive_re_ingest(db: Database) -> None:
    text = "Port\n\nThe captain said the cargo was late, according to the cable and the ship log."
    claims = [
        C(
            "the cargo was late",
            "The captain",
            "the captain",
            "anonymous",
            (("the cable", "cable-09"), ("the ship log", "log-2020")),
        )
    ]
    with db.unit() as session:
        save_article(session, build(text, claims, path="port.txt"))
        cable = session.scalar(select(Source).where(Source.key == "cable-09"))
        log = session.scalar(select(Source).where(Source.key == "log-2020"))
        assert cable is not None and log is not None
        merge_sources(session, cable.id, log.id, actor="editor1")
    edited = text.replace("was late", "was very late")
    edited_claims = [
        C("the cargo was very late", "The captain", "the captain", "anonymous", claims[0].evidence)
    ]
    with db.unit() as session:
        result = save_article(session, build(edited, edited_claims, path="port.txt"))
        assert result.status == "updated"
        assert session.scalars(select(Source.key)).all() == ["cable-09"]
        citations = session.scalars(select(Citation).order_by(Citation.evidence_start)).all()
        assert {c.source_id for c in citations} == {cable.id} and len(citations) == 2
        new = split_source(session, cable.id, [citations[1].id], "log-2020-split", actor="editor1")
    with db.unit() as session:
        save_article(
            session,
            build(
                edited.replace("very late", "very, very late"),
                [
                    C(
                        "the cargo was very, very late",
                        "The captain",
                        "the captain",
                        "anonymous",
                        claims[0].evidence,
                    )
                ],
                path="port.txt",
            ),
        )
    with db.unit() as session:
        citations = session.scalars(select(Citation).order_by(Citation.evidence_start)).all()
        assert [c.source_id for c in citations] == [cable.id, new.id]
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["source.merge", "source.split"]
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "source.merge"))
        assert event is not None and event.actor == "editor1"
        assert event.data["drop_key"] == "log-2020"


def test_speaker_merge_and_split(db: Database) -> None:
    text = "Vote\n\nAmina Yusuf said turnout rose. Ben Okafor said turnout fell."
    claims = [
        C("turnout rose", "Amina Yusuf", "Amina Yusuf"),
        C("turnout fell", "Ben Okafor", "Ben Okafor"),
    ]
    with db.unit() as session:
        result = save_article(session, build(text, claims))
        rows = {s.name: s for s in session.scalars(select(Speaker))}
        keep = merge_speakers(session, rows["Amina Yusuf"].id, rows["Ben Okafor"].id)
        assert "Ben Okafor" in keep.aliases
        owned = claims_by_text(session, result.article_id)
        assert {c.speaker_id for c in owned.values()} == {keep.id}
        split = split_speaker(session, keep.id, [owned["turnout fell"].id], "Ben Okafor")
        assert split.name == "Ben Okafor" and split.id != keep.id
    with db.unit() as session:
        assert session.get(Claim, owned["turnout fell"].id).speaker_id == split.id  # type: ignore[union-attr]
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["speaker.merge", "speaker.split"]


def test_editor_functions_refuse_bad_requests(db: Database) -> None:
    with db.unit() as session:
        save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
        source = session.scalars(select(Source)).one()
        with pytest.raises(Conflict):
            merge_sources(session, source.id, source.id)
        with pytest.raises(NotFound):
            merge_speakers(session, 1, 9999)
        with pytest.raises(Conflict):
            split_source(session, source.id, [1], source.key)
        with pytest.raises(NotFound):
            split_source(session, source.id, [9999], "other-key")


def test_save_all_commits_each_article_and_skips_unchanged_ones(db: Database) -> None:
    batch = [
        build(V1, CLAIMS_V1, path="dam.txt"),
        build(V2.replace("Dam", "Weir"), [], path="weir.txt"),
    ]
    assert [r.status for r in save_all(db, batch)] == ["new", "new"]
    with db.unit() as session:
        claim_id = claims_by_text(session, 1)[CLAIMS_V1[0].text].id
        add_verdict(session, claim_id)
    again = [build(V1, CLAIMS_V1, path="dam.txt"), build(V2, CLAIMS_V2, path="dam.txt")]
    results = list(save_all(db, again))
    assert [r.status for r in results] == ["unchanged", "updated"]
    assert results[1].article_id == results[0].article_id
    with db.unit() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 2
        assert session.scalar(select(Verdict.claim_id)) == claim_id
        assert session.get(Claim, claim_id).text == CLAIMS_V2[0].text  # type: ignore[union-attr]


def test_an_article_that_cannot_be_stored_is_rolled_back_and_reported(db: Database) -> None:
    good = build(V1, CLAIMS_V1, path="dam.txt")
    broken_claim = dataclasses.replace(good.claims[0], start=None)  # NOT NULL in the schema
    broken = ExtractedArticle(
        article=dataclasses.replace(good.article, text=V2, path="weir.txt", title="Weir"),
        claims=(broken_claim,),
    )
    failures: list[str] = []
    results = list(
        save_all(db, [broken, good], on_error=lambda item, exc: failures.append(item.article.path))
    )
    assert failures == ["weir.txt"]
    assert [r.status for r in results] == ["new"]
    with db.unit() as session:
        assert session.scalars(select(Article.source_path)).all() == ["dam.txt"]
        assert session.scalar(select(func.count()).select_from(Claim)) == 5


def test_save_all_commits_a_batch_at_a_time_and_a_bad_article_costs_only_itself(
    db: Database,
) -> None:
    commits: list[int] = []
    event.listen(db.engine, "commit", lambda conn: commits.append(1))
    good = [
        build(f"Harbour {n}\n\nThe port said {n} ships docked.", [], path=f"h{n}.txt")
        for n in range(5)
    ]
    broken = dataclasses.replace(
        good[0],
        article=dataclasses.replace(good[0].article, text=V2, path="weir.txt", title="Weir"),
        claims=(dataclasses.replace(build(V1, CLAIMS_V1).claims[0], start=None),),  # NOT NULL
    )
    failures: list[str] = []

    def save(items: list[ExtractedArticle]) -> list[str]:
        failed = failures.append
        results = save_all(db, items, batch=3, on_error=lambda item, exc: failed(item.article.path))
        return [r.status for r in results]

    assert save(good[:5]) == ["new"] * 5
    assert len(commits) == 2  # 3 + 2, not 5
    commits.clear()
    # the batch holding the broken article is rolled back and saved again one by one
    assert save([good[0], broken, *good[1:]]) == ["unchanged"] * 5
    assert failures == ["weir.txt"] and len(commits) == 2 + 1  # h0 and h1 alone, then h2-h4
    assert save([good[4], *good[:4]]) == ["unchanged"] * 5  # idempotent by content hash
    with db.unit() as session:
        paths = session.scalars(select(Article.source_path).order_by(Article.id)).all()
    assert paths == [f"h{n}.txt" for n in range(5)]


def test_a_merged_speaker_is_not_created_again_by_a_later_ingest(db: Database) -> None:
    first = "Vote\n\nBen Okafor said turnout rose."
    with db.unit() as session:
        save_article(session, build(first, [C("turnout rose", "Ben Okafor", "Ben Okafor")]))
        save_article(
            session,
            build(
                "Poll\n\nB. Okafor said turnout fell.",
                [C("turnout fell", "B. Okafor", "B. Okafor")],
            ),
        )
        rows = {s.name: s.id for s in session.scalars(select(Speaker))}
        merge_speakers(session, rows["Ben Okafor"], rows["B. Okafor"], actor="editor2")
    later = "Count\n\nB. Okafor said the count was slow."
    with db.unit() as session:
        result = save_article(
            session, build(later, [C("the count was slow", "B. Okafor", "B. Okafor")])
        )
        assert session.scalars(select(Speaker.name)).all() == ["Ben Okafor"]
        claims = claims_by_text(session, result.article_id)
        assert claims["the count was slow"].speaker_id == rows["Ben Okafor"]
