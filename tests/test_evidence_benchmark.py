"""The PolNeAR evidence scorer (benchmarks/polnear_evidence/score.py) on a hand-made article and
annotation in a temporary corpus: hand-written predictions for exact counts, and one run of the
real ``factcheck extract``."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

SCORER = REPO / "benchmarks" / "polnear_evidence" / "score.py"
ARTICLE = (
    "Ferry Fares Rise\n\n"
    "The ferry company said in a statement that fares would rise by 12% in May.\n\n"
    "“We cannot hold prices any longer,” Ida Brun, its director, told this newspaper.\n\n"
    "Critics say the rise was allegedly planned for years.\n\n"
    "The company carried 2.1 million passengers in 2023.\n"
)


def at(text: str) -> tuple[int, int]:
    start = ARTICLE.index(text)
    return start, start + len(text)


def annotation() -> dict[str, Any]:
    fares, quote = at("fares would rise by 12% in May"), at("“We cannot hold prices any longer,”")
    planned, carried = at("the rise was allegedly planned for years"), at("The company carried")
    return {
        "doc": "ferry",
        "ann": "ferry_x.ann",
        "text_sha1": hashlib.sha1(ARTICLE.encode("utf-8")).hexdigest(),
        "attributions": [
            {"start": fares[0], "end": fares[1], "claim": True, "evidence": ["statement"]},
            {"start": quote[0], "end": quote[1], "claim": True, "evidence": ["interview"]},
            {"start": planned[0], "end": planned[1], "claim": True, "evidence": []},
            {"start": quote[0], "end": quote[1] - 10, "claim": False, "evidence": []},
        ],
        "hedges": [list(at("allegedly"))],
        "author_claims": [[carried[0], ARTICLE.index("2023.") + 5]],
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    text = tmp_path / "corpus" / "train" / "text"
    text.mkdir(parents=True)
    (text / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "train.jsonl").write_text(json.dumps(annotation()) + "\n", encoding="utf-8")
    return tmp_path


def claim(
    span: tuple[int, int], kind: str, evidence: list[str], hedges: Any = ()
) -> dict[str, Any]:
    return {
        "start": span[0],
        "end": span[1],
        "kind": kind,
        "evidence": [{"kind": k} for k in evidence],
        "hedges": [{"start": s, "end": e} for s, e in hedges],
    }


def score(corpus: Path, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCORER), "--splits", "train", "--corpus", str(corpus / "corpus"),
         "--train", str(corpus / "train.jsonl"), "--json", *extra],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout)["train"])


def test_counts_on_hand_written_predictions(corpus: Path) -> None:
    fares, planned = at("fares would rise by 12% in May"), at("the rise was allegedly planned")
    quote_first, quote_rest = at("“We cannot hold"), at("prices any longer,”")
    claims = [
        claim((fares[0] - 5, fares[1]), "indirect", ["statement", "link"]),  # hit
        # the quote in two pieces that together cover it: pooled kinds, a miss
        claim(quote_first, "direct", ["statement"]),
        claim(quote_rest, "direct", []),
        # covers less than 60% of the gold span: not matched
        claim((planned[0], planned[0] + 10), "indirect", [], [at("allegedly"), at("Ferry")]),
        claim(at("The company carried 2.1 million"), "author", []),
        claim(at("Ferry Fares Rise"), "author", [], [at("Ferry")]),  # wrong, hedged
    ]
    predictions = corpus / "pred.jsonl"
    predictions.write_text(json.dumps({"path": "x/ferry.txt", "claims": claims}) + "\n")
    figures = score(corpus, "--predictions", str(predictions))
    assert figures["claim attributions"] == 3 and figures["matched"] == 2
    assert figures["evidence accuracy"] == 0.5
    assert figures["unsourced rate"] == 0.0
    assert (figures["hedge P"], figures["hedge R"]) == (0.5, 1.0)
    assert (figures["author P"], figures["author R"]) == (0.5, 1.0)
    assert figures["author P, unhedged"] == 1.0
    assert figures["evidence by gold kind"] == {"interview": "0/1", "statement": "1/1"}


def test_a_changed_corpus_text_is_refused(corpus: Path) -> None:
    (corpus / "corpus" / "train" / "text" / "ferry.txt").write_text(ARTICLE + "\n")
    done = subprocess.run(
        [sys.executable, str(SCORER), "--splits", "train", "--corpus", str(corpus / "corpus"),
         "--train", str(corpus / "train.jsonl"), "--predictions", "/dev/null"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode != 0 and "differs" in done.stderr


@pytest.mark.model
def test_runs_the_real_extraction(corpus: Path) -> None:
    figures = score(corpus)
    assert figures["articles"] == 1 and figures["claim attributions"] == 3
    assert figures["matched"] >= 2  # the statement and the quoted interview are found
    assert figures["evidence by gold kind"]["statement"] == "1/1"
    assert figures["hedge R"] == 1.0
