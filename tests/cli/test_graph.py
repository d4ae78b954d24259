"""``factcheck graph export|report`` as a real subprocess against a real SQLite file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from tests.conftest import REPO, run_factcheck


@pytest.fixture(scope="module")
def kb_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example knowledge base in a SQLite file shared by this module's read-only commands."""
    url = f"sqlite:///{tmp_path_factory.mktemp('graph-cli') / 'kb.db'}"
    db = Database(url)
    db.upgrade()
    import_kb(db, REPO)
    db.dispose()
    return url


def run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return run_factcheck("graph", *args, db_url=url)


@pytest.mark.parametrize(
    ("fmt", "read"),
    [
        ("graphml", nx.read_graphml),
        ("gexf", nx.read_gexf),
        ("json", lambda p: nx.node_link_graph(json.loads(Path(p).read_text()), edges="links")),
    ],
)
def test_export_writes_a_file_networkx_reads_back(
    kb_url: str, tmp_path: Path, fmt: str, read: object
) -> None:
    out = tmp_path / f"kb.{fmt}"
    result = run("export", "--format", fmt, str(out), url=kb_url)
    assert result.returncode == 0, result.stderr
    graph = read(out)  # type: ignore[operator]
    assert (
        f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges"
        in result.stdout
    )
    assert graph.nodes["claim:1"]["type"] == "claim"
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed, not left behind


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    db = Database(url)
    with db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.exec_driver_sql(sql)]
    db.dispose()
    return rows


def test_report_json_names_claims_by_id_and_text(kb_url: str) -> None:
    result = run("report", "--format", "json", url=kb_url)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    texts = dict(_query(kb_url, "SELECT id, text FROM claims WHERE NOT rejected AND NOT orphaned"))
    anonymous = report["anonymous_only"]
    assert anonymous and all(texts[f["claim"]["id"]] == f["claim"]["text"] for f in anonymous)
    assert report["summary"]["nodes"]["claim"] == len(texts)


def test_report_text_for_one_node(kb_url: str) -> None:
    source, claim, text = _query(
        kb_url,
        "SELECT s.id, c.id, c.text FROM sources s JOIN citations ct ON ct.source_id = s.id"
        " JOIN claims c ON c.id = ct.claim_id WHERE s.credibility = 'anonymous'"
        " AND NOT c.rejected AND NOT c.orphaned ORDER BY c.id LIMIT 1",
    )[0]
    result = run("report", "--node", f"source:{source}", url=kb_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("provenance graph: ")
    for name in ("single_source", "anonymous_only", "self_citation", "similar_claims"):
        assert f"== {name} (" in result.stdout
    anonymous = result.stdout.split("== anonymous_only")[1].split("==")[0]
    assert f"claim {claim} (" in anonymous and str(text) in anonymous


def test_export_to_stdout_of_one_neighbourhood(kb_url: str) -> None:
    result = run("export", "--format", "json", "--node", "claim:1", "-", url=kb_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["graph"]["focus"] == "claim:1"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("report", "--node", "claim:999"), 1, "factcheck: error: claim 999 does not exist"),
        (("report", "--node", "claim"), 1, "--node must look like claim:12"),
        (("report", "--node", "verdict:1"), 1, "unknown node kind 'verdict'"),
        (("export", "--format", "pdf", "x.pdf"), 2, "pdf"),
    ],
)
def test_bad_input_is_one_clear_line(
    kb_url: str, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args, url=kb_url)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_export_leaves_the_old_file_alone(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.gexf"
    out.write_text("previous export")
    result = run("export", "--format", "gexf", str(out), url=db_url)  # database never migrated
    assert result.returncode == 1
    assert result.stderr.startswith("factcheck: error:") and result.stderr.count("\n") == 1
    assert out.read_text() == "previous export"
    missing = run("export", str(tmp_path / "no" / "such" / "dir.graphml"), url=db_url)
    assert missing.returncode == 1
