"""The environment `make` builds: the venv's pip is the locked one, so the lock installs on a fresh machine.

Python 3.11 ships pip 23.2, which refuses the lock's extras under `--require-hashes`; the Makefile
bootstraps the venv's pip to the locked version first. Without that step this test fails on every
fresh venv.
"""

import re
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def locked_version(name: str) -> str:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(name)}==(\S+)", lock, re.MULTILINE)
    assert found, f"{name} is not pinned in requirements.lock"
    return found.group(1)


def test_venv_pip_is_the_locked_pip() -> None:
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("not running from the project's .venv (run through `make test`)")
    assert version("pip") == locked_version("pip")


def test_makefile_bootstraps_pip_from_the_lock_before_the_lock() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8")
    bootstrap = recipe.index("pip.lock")
    assert bootstrap < recipe.index("-r requirements.lock")
    assert "--require-hashes -r $(VENV)/pip.lock" in recipe
