"""The command line, run as a real subprocess against real SQLite files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, run_factcheck

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
    ["user", "list"],
    ["user", "passwd"],
    ["user", "role"],
    ["user", "deactivate"],
    ["user", "activate"],
]


def run_cli(
    *args: str, db_url: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    unset: dict[str, str | None] = {"FACTCHECK_PASSWORD": None, "FACTCHECK_PUBLIC_URL": None}
    return run_factcheck(*args, db_url=db_url, stdin=stdin, env={**unset, **(env or {})})


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


def test_a_command_where_no_database_exists_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    url = f"sqlite:///{path}"
    for command in (["user", "list"], ["export", str(tmp_path / "kb")], ["serve"],
                    ["check", "--db", url]):  # fmt: skip
        result = run_cli(*command, db_url=url)
        assert result.returncode in (1, 2), command
        assert "factcheck db upgrade" in result.stderr or "no database" in result.stderr, command
        assert not path.exists(), command


def test_db_upgrade_says_created_migrated_or_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    created = run_cli("db", "upgrade", db_url=url)
    assert created.returncode == 0 and created.stdout.startswith("created the database"), created
    again = run_cli("db", "upgrade", db_url=url)
    assert "is up to date" in again.stdout
    from factcheck.db.migrate import head_revision

    older = f"sqlite:///{tmp_path / 'old.db'}"
    from sqlalchemy import create_engine

    from factcheck.db.migrate import upgrade

    engine = create_engine(older)
    upgrade(engine, "0004")
    engine.dispose()
    migrated = run_cli("db", "upgrade", db_url=older)
    assert f"migrated the database at {older} from schema 0004 to {head_revision()}" in (
        migrated.stdout
    )


def test_user_list_passwd_role_deactivate_activate(db_url: str) -> None:
    assert run_cli("db", "upgrade", db_url=db_url).returncode == 0
    empty = run_cli("user", "list", db_url=db_url)
    assert empty.returncode == 0 and "factcheck user add" in empty.stdout
    add = run_cli("user", "add", "nadia", "--password-stdin", db_url=db_url, stdin="first pass 1\n")
    assert add.returncode == 0, add.stderr
    assert run_cli("user", "role", "nadia", "editor", db_url=db_url).returncode == 0
    assert run_cli("user", "deactivate", "nadia", db_url=db_url).returncode == 0
    listed = run_cli("user", "list", db_url=db_url).stdout
    assert listed.startswith("nadia\teditor\tdeactivated")
    assert run_cli("user", "activate", "nadia", db_url=db_url).returncode == 0
    changed = run_cli("user", "passwd", "nadia", "--password-stdin", db_url=db_url,
                      stdin="second pass 2\n")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    from factcheck.accounts.users import authenticate
    from factcheck.db.models import AuditEvent
    from factcheck.db.session import Database

    db = Database(db_url)
    with db.sessions() as session:
        assert authenticate(session, "nadia", "first pass 1") is None
        user = authenticate(session, "nadia", "second pass 2")
        assert user is not None and user.role == "editor" and user.active
        actors = {e.actor for e in session.query(AuditEvent)}
    db.dispose()
    assert actors == {"factcheck-cli"}
    for command, words in (
        (["user", "role", "ghost", "editor"], "no user 'ghost'"),
        (["user", "role", "nadia", "boss"], "role must be one of"),
        (["user", "deactivate", "ghost"], "no user 'ghost'"),
    ):
        result = run_cli(*command, db_url=db_url)
        assert result.returncode == 1 and words in result.stderr, command
