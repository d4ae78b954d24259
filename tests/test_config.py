from __future__ import annotations

import pytest

from factcheck.config import Settings
from tests.conftest import REPO


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [
        f"FACTCHECK_{name.upper()}"
        for name in Settings.model_fields
        if f"`FACTCHECK_{name.upper()}`" not in readme
    ]
    assert missing == []


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_PORT", "8123")
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    settings = Settings()
    assert settings.port == 8123
    assert settings.database_url == "sqlite:////tmp/elsewhere.db"


def test_a_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_PORT", "99999")
    with pytest.raises(ValueError):
        Settings()
