"""``factcheck check``: the sourcing policies, their exit statuses and every output format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import delete, select

from factcheck.config import DEFAULT_RATING_SCALE
from factcheck.db.models import Citation, Claim
from factcheck.db.session import Database
from factcheck.errors import ConfigError
from factcheck.kb.check import check_kb, default_policies, load_config
from factcheck.kb.yaml_io import dump_yaml
from factcheck.review.scale import load_scale
from tests.conftest import REPO, run_factcheck

SCALE = load_scale(DEFAULT_RATING_SCALE)
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+)?,title=[a-z-]+::\S.*$")


def run_check(
    *args: str, cwd: Path = REPO, db_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_factcheck("check", *args, cwd=cwd, db_url=db_url)


def copy_example(dest: Path) -> Path:
    for sub in ("claims", "sources"):
        shutil.copytree(REPO / sub, dest / sub)
    return dest


def item_start_line(lines: list[str], index: int) -> int:
    """The 1-based line of the ``- `` that opens the claim containing line ``index`` (0-based)."""
    while not lines[index].startswith("- "):
        index -= 1
    return index + 1


# --- the shipped knowledge base -----------------------------------------------------------------


def test_the_example_knowledge_base_passes() -> None:
    result = run_check(".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def test_removing_one_citation_fails_with_the_right_file_and_line(tmp_path: Path) -> None:
    kb = copy_example(tmp_path)
    path = kb / "claims" / "harbor-fuel-depot.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # The first claim's citations run from "  citations:" to its next key, "  cue:".
    i = lines.index("  citations:")
    end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("  cue:"))
    claim_id = next(ln.split(": ")[1] for ln in lines[end:] if ln.startswith("  id: "))
    edited = lines[:i] + ["  citations: []"] + lines[end:]
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    expected_line = item_start_line(edited, i)

    result = run_check(str(kb))
    assert result.returncode == 1
    findings = [ln for ln in result.stdout.splitlines() if ": claim-cites-source: " in ln]
    assert findings == [
        f"{kb.as_posix()}/claims/harbor-fuel-depot.yaml:{expected_line}: claim-cites-source: "
        f"claim {claim_id} cites no source"
    ]


def test_paths_are_relative_when_run_inside_the_knowledge_base(tmp_path: Path) -> None:
    kb = copy_example(tmp_path)
    (kb / "sources" / "memo-2021-06-09-eastgate-depot.yaml").unlink()
    result = run_check("--format", "github", cwd=kb)
    assert result.returncode == 1
    annotations = result.stdout.splitlines()[:-1]
    assert annotations and all(GITHUB_LINE.match(line) for line in annotations), annotations
    assert all("file=claims/harbor-fuel-depot.yaml" in line for line in annotations)


# --- unusable input and broken files ------------------------------------------------------------


def test_malformed_yaml_is_a_finding_with_file_and_line_and_exit_2(tmp_path: Path) -> None:
    kb = copy_example(tmp_path)
    (kb / "claims" / "broken.yaml").write_text(
        "article:\n  slug: broken\n  text: 'open\n", encoding="utf-8"
    )
    result = run_check(str(kb), "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    broken = [f for f in report["findings"] if f["file"].endswith("claims/broken.yaml")]
    assert [(f["policy"], f["severity"], f["line"]) for f in broken] == [
        ("yaml-syntax", "fatal", 4)
    ]
    example_claims = sum(
        p.read_text(encoding="utf-8").count("\n- checkworthiness: ")
        for p in (REPO / "claims").glob("*.yaml")
    )
    assert report["claims"] == example_claims  # the other files were still checked


def test_a_dangling_source_is_reported_on_its_line_with_exit_1(tmp_path: Path) -> None:
    kb = copy_example(tmp_path)
    path = kb / "claims" / "harbor-fuel-depot.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "source: environment-agency-eastgate-incident-2026", "source: environment-agency-typo", 1
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    source: environment-agency-typo") + 1
    result = run_check(str(kb))
    assert result.returncode == 1
    assert (
        f"harbor-fuel-depot.yaml:{line}: claim-cites-source: claim cfb1d1ab7125 cites unknown source 'environment-agency-typo'"
        in result.stdout
    )


@pytest.mark.parametrize("missing", ["claims", "sources"])
def test_a_folder_without_claims_or_sources_is_unusable(tmp_path: Path, missing: str) -> None:
    kb = copy_example(tmp_path)
    shutil.rmtree(kb / missing)
    result = run_check(str(kb))
    assert result.returncode == 2
    assert result.stderr == f"factcheck: error: {kb}: no {missing}/ folder: not a knowledge base\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("policies:\n  made-up: true\n", "unknown policy 'made-up'"),
        ("policies:\n  self-citation: sometimes\n", "use true, false, error or warning"),
        ("policies: [\n", "malformed YAML"),
        ("rules: {}\n", "one key, 'policies'"),
    ],
)
def test_an_unusable_config_exits_2(tmp_path: Path, config: str, message: str) -> None:
    (tmp_path / "bad.yaml").write_text(config, encoding="utf-8")
    result = run_check(".", "--config", str(tmp_path / "bad.yaml"))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


# --- the policies on a small hand-made knowledge base -------------------------------------------

ARTICLE_TEXT = "The mayor said the bridge was closed. Critics allegedly say it was sold."


def _source(key: str, **fields: str) -> dict[str, str]:
    base = dict.fromkeys(
        ("title", "date", "url", "identifier", "language", "credibility", "notes", "publisher"), ""
    )
    return {"id": key, "kind": "statement", **base, "url": f"https://example.org/{key}", **fields}


def _claim(uid: str, cites: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "id": uid,
        "text": "the bridge was closed",
        "start": 15,
        "end": 36,
        "kind": "indirect",
        "status": "unreviewed",
        "speaker": {"text": "The mayor", "start": 0, "end": 9, "name": "mayor", "kind": "person"},
        "citations": [{"source": key, "kind": kind, "relation": "cites"} for key, kind in cites],
        "hedges": [],
        "verdicts": [],
        **extra,
    }


VERDICT = {"reviewer": "r", "role": "editor", "rating": "True", "created_at": "2026-01-01T00:00:00"}
HEDGE = [{"text": "allegedly", "start": 46, "end": 55}]


def make_kb(folder: Path) -> Path:
    sources = [
        _source("city-statement", publisher="City Hall"),
        _source("agency-report", kind="dataset", publisher="Bridge Agency"),
        _source("our-own-story", kind="media_report", publisher="Daily Post"),
        _source("resident-a", kind="testimony", publisher="Daily Post", credibility="anonymous"),
        _source("resident-b", kind="interview", publisher="Daily Post", credibility="anonymous"),
        _source("blog-post", kind="social_media", publisher="Someone's blog"),
        _source("no-locator", url=""),
    ]
    claims = [
        _claim(
            "ok-decided",
            [("city-statement", "statement"), ("agency-report", "dataset")],
            status="decided",
            verdicts=[VERDICT],
        ),
        _claim(
            "one-publisher",
            [("city-statement", "statement"), ("our-own-story", "media_report")],
            status="decided",
            verdicts=[VERDICT],
        ),
        _claim("anon-only", [("resident-a", "testimony"), ("resident-b", "interview")]),
        _claim("self-cite", [("our-own-story", "media_report")]),
        _claim("hedged-weak", [("blog-post", "social_media")], hedges=HEDGE),
        _claim("hedged-ok", [("agency-report", "dataset")], hedges=HEDGE),
        _claim("uncited", []),
        _claim("rejected-uncited", [], rejected=True),
        _claim(
            "off-scale",
            [("city-statement", "statement")],
            status="in_review",
            verdicts=[{**VERDICT, "role": "reviewer", "rating": "Pants on fire"}],
        ),
    ]
    (folder / "sources").mkdir(parents=True)
    (folder / "claims").mkdir()
    for source in sources:
        (folder / "sources" / f"{source['id']}.yaml").write_text(
            dump_yaml(source), encoding="utf-8"
        )
    article = {"slug": "bridge", "publisher": "Daily Post", "text": ARTICLE_TEXT}
    (folder / "claims" / "bridge.yaml").write_text(
        dump_yaml({"article": article, "claims": claims}), encoding="utf-8"
    )
    return folder


def _found(folder: Path, policies: dict[str, str]) -> set[tuple[str, str | None, str]]:
    result = check_kb(folder, SCALE, policies)
    return {(f.policy, f.claim or f.file, f.severity) for f in result.findings}


def test_the_default_policies_on_the_hand_made_knowledge_base(tmp_path: Path) -> None:
    assert _found(make_kb(tmp_path), default_policies()) == {
        ("claim-cites-source", "uncited", "error"),
        ("source-complete", "sources/no-locator.yaml", "error"),
        ("verdict-on-scale", "off-scale", "error"),
    }


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("two-independent-sources", {("one-publisher", "error")}),
        ("anonymous-only", {("anon-only", "warning")}),
        # the graph's definition too: the outlet's own interviews and testimonies count
        (
            "self-citation",
            {("one-publisher", "warning"), ("self-cite", "warning"), ("anon-only", "warning")},
        ),
        ("hedged-needs-document", {("hedged-weak", "error")}),
    ],
)
def test_each_optional_policy_flags_exactly_its_claims(
    tmp_path: Path, policy: str, expected: set[tuple[str, str]]
) -> None:
    kb = make_kb(tmp_path)
    (kb / "factcheck-check.yaml").write_text(f"policies:\n  {policy}: true\n", encoding="utf-8")
    found = _found(kb, load_config(kb / "factcheck-check.yaml"))
    assert {(claim, severity) for p, claim, severity in found if p == policy} == expected


def test_a_config_can_change_severity_and_turn_a_default_off(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    config = kb / "factcheck-check.yaml"
    config.write_text(
        "policies:\n  anonymous-only: error\n  source-complete: false\n", encoding="utf-8"
    )
    policies = load_config(config)
    assert policies["anonymous-only"] == "error" and "source-complete" not in policies
    result = run_check(str(kb), "--format", "json")  # the config file in DIR is picked up
    report = json.loads(result.stdout)
    assert report["policies"] == policies
    assert ("anonymous-only", "error") in {(f["policy"], f["severity"]) for f in report["findings"]}
    assert not any(f["policy"] == "source-complete" for f in report["findings"])


def test_load_config_rejects_non_mappings(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("policies: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="c.yaml:1: 'policies' is not a mapping"):
        load_config(tmp_path / "c.yaml")


# --- output formats -----------------------------------------------------------------------------


def test_every_output_format_parses_back(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    text = run_check(str(kb))
    as_json = run_check(str(kb), "--format", "json")
    junit = run_check(str(kb), "--format", "junit")
    github = run_check(str(kb), "--format", "github")
    assert {r.returncode for r in (text, as_json, junit, github)} == {1}

    report = json.loads(as_json.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert report["ok"] is False and report["claims"] == 9 and len(errors) == 3
    for finding in report["findings"]:
        assert {"policy", "severity", "message", "file", "line", "article", "claim"} <= set(finding)
        severity = "" if finding["severity"] == "error" else f"{finding['severity']}: "
        where = f"{finding['file']}:{finding['line']}"
        expected = f"{where}: {finding['policy']}: {severity}{finding['message']}"
        assert expected in text.stdout

    root = ET.fromstring(junit.stdout)
    assert root.tag == "testsuites" and int(root.get("failures", "0")) == 3
    failures = root.findall("./testsuite/testcase/failure")
    assert sorted(f.get("message") for f in failures) == sorted(f["message"] for f in errors)

    lines = github.stdout.splitlines()
    assert len(lines) == len(report["findings"]) + 1  # and the summary line
    for line in lines[:-1]:
        assert GITHUB_LINE.match(line), line


def test_github_annotations_escape_what_would_break_them(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    path = kb / "sources" / "no-locator.yaml"
    path.rename(kb / "sources" / "a,b:c%.yaml")
    text = (kb / "sources" / "a,b:c%.yaml").read_text(encoding="utf-8")
    (kb / "sources" / "a,b:c%.yaml").write_text(
        text.replace("id: no-locator", "id: a,b:c%"), encoding="utf-8"
    )
    result = run_check(str(kb), "--format", "github")
    line = next(ln for ln in result.stdout.splitlines() if "source-complete" in ln)
    assert "file=" + kb.as_posix().replace(":", "%3A") + "/sources/a%2Cb%3Ac%25.yaml,line=" in line
    assert "::source a,b:c%25 has neither a url nor an identifier" in line


# --- checking a database ------------------------------------------------------------------------


def test_check_db_names_the_article_and_claim(example_db: Database, db_url: str) -> None:
    assert run_check("--db", db_url).returncode == 0
    with example_db.unit() as session:
        claim = session.scalars(select(Claim).where(Claim.uid == "0a8b128a652d")).one()
        session.execute(delete(Citation).where(Citation.claim_id == claim.id))
    result = run_check("--db", db_url, "--format", "json", cwd=REPO)
    assert result.returncode == 1
    findings = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert [(f["file"], f["article"], f["claim"], f["policy"]) for f in findings] == [
        ("claims/harbor-fuel-depot.yaml", "harbor-fuel-depot", "0a8b128a652d", "claim-cites-source")
    ]


def test_check_db_on_an_unmigrated_database_exits_2(tmp_path: Path) -> None:
    result = run_check("--db", f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.returncode == 2
    assert "factcheck db upgrade" in result.stderr


# --- many files: the same findings with one process or several ----------------------------------


def test_several_processes_find_what_one_finds(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    data = (kb / "claims" / "bridge.yaml").read_text(encoding="utf-8")
    for i in range(220):
        (kb / "claims" / f"bridge-{i:03d}.yaml").write_text(
            data.replace("slug: bridge", f"slug: bridge-{i:03d}"), encoding="utf-8"
        )
    serial = check_kb(kb, SCALE, default_policies(), jobs=1)
    parallel = check_kb(kb, SCALE, default_policies(), jobs=2)
    assert parallel.findings == serial.findings
    assert parallel.claims == serial.claims == 221 * 9


def test_the_documented_workflow_runs_the_check_with_annotations() -> None:
    workflow = yaml.safe_load(
        (REPO / "docs" / "ci" / "github-workflow.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["sourcing-check"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    assert "--require-hashes" in steps[2]["run"]
    assert steps[-1]["run"] == "factcheck check . --format github"
    assert "docs/ci/github-workflow.yml" in (REPO / "README.md").read_text(encoding="utf-8")


def test_hostile_files_are_findings_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "sources").mkdir()
    hostile = {
        "deep.yaml": "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "laughs.yaml": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
        "empty.yaml": "",
        "list.yaml": "- 1\n- 2\n",
        "tab.yaml": "article:\n\tslug: x\n",
    }
    for name, text in hostile.items():
        (tmp_path / "claims" / name).write_text(text, encoding="utf-8")
    (tmp_path / "claims" / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "sources" / "s.yaml").write_text("id: s\nkind: [1, 2]\n", encoding="utf-8")
    result = check_kb(tmp_path, SCALE, default_policies())
    assert result.exit_status == 2 and (result.articles, result.claims) == (0, 0)
    by_file = {f.file: (f.policy, f.severity, f.line) for f in result.findings}
    assert by_file["claims/deep.yaml"] == ("yaml-syntax", "fatal", None)
    assert by_file["claims/tab.yaml"] == ("yaml-syntax", "fatal", 2)
    assert by_file["claims/binary.yaml"][:2] == ("unreadable", "fatal")
    assert by_file["claims/laughs.yaml"] == ("yaml-syntax", "fatal", 2)  # aliases are refused
    for name in ("empty.yaml", "list.yaml"):
        assert by_file[f"claims/{name}"] == ("kb-schema", "fatal", 1)
    assert ("kb-schema", "sources/s.yaml", 2) in {
        (f.policy, f.file, f.line) for f in result.findings
    }
