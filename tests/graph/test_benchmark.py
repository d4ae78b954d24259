"""The graph benchmark still runs on the real schema (at a tiny size; the full size is never run
inside pytest)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def test_the_benchmark_runs_at_a_tiny_size() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "graph.py"), "--claims", "400"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    generated = report["generated"]
    assert {k: generated[k] for k in ("articles", "sources", "claims")} == {
        "articles": 40,
        "sources": 80,
        "claims": 400,
    }
    # 0-3 citations a claim, 10/7 on average: about 571 for 400 claims (standard deviation ~18)
    assert 450 < generated["citations"] < 700
    findings = report["findings"]
    assert findings["nodes"] > 400 and findings["edges"] > 800
    for name in (
        "single_source",
        "anonymous_only",
        "self_citation",
        "corroborated",
        "similar_claims",
    ):
        assert findings[name] > 0, name
    assert report["ratio_to_baseline"]["cpu"] > 0
    assert set(report["cpu_seconds"]) >= {"build", "summary", "similar_claims"}
