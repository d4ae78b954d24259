"""The output formats of ``factcheck check``: text, JSON, JUnit XML and GitHub Actions annotations.

Every formatter takes the result and a function that turns a finding's knowledge-base-relative
file (``claims/x.yaml``) into the path the user should see (``kb/claims/x.yaml``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from factcheck.kb.check import POLICIES, CheckResult, Finding

PathFn = Callable[[str], str]
FORMATS = ("text", "json", "junit", "github")


def summary_line(result: CheckResult) -> str:
    """One line: what was checked and how it went."""
    verdict = {0: "all policies hold", 1: "policies failed", 2: "unusable input"}
    return (
        f"checked {result.claims} claims in {result.articles} articles and {result.sources} "
        f"sources: {result.count('fatal') + result.count('error')} errors, "
        f"{result.count('warning')} warnings; {verdict[result.exit_status]}"
    )


def _where(finding: Finding, path: PathFn) -> str:
    file = path(finding.file)
    return file if finding.line is None else f"{file}:{finding.line}"


def format_text(result: CheckResult, path: PathFn) -> str:
    """``file:line: policy: message`` per finding (warnings say so), then the summary line."""
    lines = []
    for f in result.findings:
        severity = "" if f.severity == "error" else f"{f.severity}: "
        lines.append(f"{_where(f, path)}: {f.policy}: {severity}{f.message}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def format_json(result: CheckResult, path: PathFn) -> str:
    """One JSON object: ``ok``, ``exit_status``, counts, policies and ``findings``."""
    data: dict[str, Any] = {
        "ok": result.exit_status == 0,
        "exit_status": result.exit_status,
        "articles": result.articles,
        "claims": result.claims,
        "sources": result.sources,
        "policies": result.policies,
        "findings": [
            {
                "policy": f.policy,
                "severity": f.severity,
                "message": f.message,
                "file": path(f.file),
                "line": f.line,
                "article": f.article,
                "claim": f.claim,
            }
            for f in result.findings
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_junit(result: CheckResult, path: PathFn) -> str:
    """JUnit XML: one test suite per policy; a failing test case per finding, else one passing."""
    root = ET.Element("testsuites", name="factcheck check")
    by_policy: dict[str, list[Finding]] = {p: [] for p in result.policies}
    for finding in result.findings:
        by_policy.setdefault(finding.policy, []).append(finding)
    for policy, findings in by_policy.items():
        failures = [f for f in findings if f.severity != "warning"]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=policy,
            tests=str(max(len(findings), 1)),
            failures=str(len(failures)),
        )
        for finding in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=policy,
                name=_where(finding, path),
                file=path(finding.file),
            )
            if finding.line is not None:
                case.set("line", str(finding.line))
            tag = "failure" if finding.severity != "warning" else "system-out"
            element = ET.SubElement(case, tag)
            element.text = finding.message
            if tag == "failure":
                element.set("message", finding.message)
                element.set("type", finding.severity)
        if not findings:
            description = POLICIES[policy].description if policy in POLICIES else policy
            ET.SubElement(suite, "testcase", classname=policy, name=description)
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(result: CheckResult, path: PathFn) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,title=policy::message``."""
    lines = []
    for f in result.findings:
        level = "warning" if f.severity == "warning" else "error"
        props = [f"file={_escape_property(path(f.file))}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.policy)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(f.message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[[CheckResult, PathFn], str]] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}
