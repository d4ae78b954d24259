"""The command line, run as a real subprocess against real SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

COMMANDS = [
    [],
    ["db"],
    ["db", "upgrade"],
    ["extract"],
    ["ingest"],
    ["serve"],
    ["check"],
    ["export"],
    ["import"],
    ["user"],
    ["user", "add"],
]


def run_cli(*args: str, db_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_DATABASE_URL": db_url}
    env.pop("FACTCHECK_PASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "factcheck")
def test_every_command_has_help(command: list[str], db_url: str) -> None:
    result = run_cli(*command, "--help", db_url=db_url)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_import_then_export_round_trips_the_example_knowledge_base(
    db_url: str, tmp_path: Path
) -> None:
    assert run_cli("db", "upgrade", db_url=db_url).returncode == 0
    imported = run_cli("import", ".", db_url=db_url)
    assert imported.returncode == 0, imported.stderr
    assert "1 articles" in imported.stdout or "articles" in imported.stdout
    out = tmp_path / "kb"
    exported = run_cli("export", str(out), db_url=db_url)
    assert exported.returncode == 0, exported.stderr
    for folder in ("claims", "sources"):
        for path in sorted((REPO / folder).glob("*.yaml")):
            assert (out / folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_library_error_is_one_line_and_exit_status_1(db_url: str) -> None:
    result = run_cli("export", "/tmp/nowhere", db_url=db_url)  # database never migrated
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("factcheck: error:")
    assert "factcheck db upgrade" in result.stderr
    assert "Traceback" not in result.stderr


def test_user_add_hashes_the_password_and_refuses_duplicates(db_url: str) -> None:
    assert run_cli("db", "upgrade", db_url=db_url).returncode == 0
    added = run_cli(
        "user",
        "add",
        "amira",
        "--role",
        "editor",
        "--password-stdin",
        db_url=db_url,
        stdin="correct horse battery\n",
    )
    assert added.returncode == 0, added.stderr
    again = run_cli(
        "user", "add", "amira", "--password-stdin", db_url=db_url, stdin="another password\n"
    )
    assert again.returncode == 1
    assert "exists" in again.stderr
    bad_role = run_cli(
        "user",
        "add",
        "bo",
        "--role",
        "root",
        "--password-stdin",
        db_url=db_url,
        stdin="long enough password\n",
    )
    assert bad_role.returncode == 1
    assert "role must be one of" in bad_role.stderr


def test_import_of_a_folder_without_a_knowledge_base_fails_clearly(
    db_url: str, tmp_path: Path
) -> None:
    result = run_cli("import", str(tmp_path), db_url=db_url)
    assert result.returncode == 1
    assert "no claims/ or sources/" in result.stderr
