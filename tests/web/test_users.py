"""The admins' /users page: add, change a role, deactivate; audited; guarded by role and CSRF."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from factcheck.db.models import AuditEvent, User
from factcheck.db.session import Database
from tests.web.conftest import PASSWORD, csrf_of, log_in


def _user_id(db: Database, name: str) -> int:
    with db.sessions() as session:
        user_id = session.scalar(select(User.id).where(User.name == name))
    assert user_id is not None
    return user_id


def test_only_admins_manage_users(client: TestClient) -> None:
    token = log_in(client, "editor")
    assert client.get("/users").status_code == 403
    form = {"csrf_token": token, "action": "add", "name": "x", "role": "admin", "password": "p" * 9}
    assert client.post("/users", data=form).status_code == 403


def test_admin_adds_promotes_and_deactivates_a_user(client: TestClient, site_db: Database) -> None:
    token = log_in(client, "admin")
    add = {
        "csrf_token": token,
        "action": "add",
        "name": "noor",
        "role": "viewer",
        "password": PASSWORD,
    }
    assert client.post("/users", data=add).status_code == 303
    assert client.post("/users", data={**add, "csrf_token": ""}).status_code == 403
    duplicate = client.post("/users", data=add)
    assert duplicate.status_code == 409 and "exists already" in duplicate.text
    noor = _user_id(site_db, "noor")
    role = {"csrf_token": token, "action": "role", "user": str(noor), "role": "reviewer"}
    assert client.post("/users", data=role).status_code == 303
    page = client.get("/users").text
    assert re.search(r"noor is now a reviewer", page)
    off = {"csrf_token": token, "action": "active", "user": str(noor), "active": "false"}
    assert client.post("/users", data=off).status_code == 303
    self_off = {**off, "user": str(_user_id(site_db, "admin"))}
    assert client.post("/users", data=self_off).status_code == 409
    with site_db.sessions() as session:
        user = session.get_one(User, noor)
        assert (user.role, user.active) == ("reviewer", False)
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.add", "user.set_role", "user.set_active"]
    other = TestClient(client.app, follow_redirects=False)
    login = {"name": "noor", "password": PASSWORD, "csrf_token": csrf_of(other.get("/login").text)}
    assert other.post("/login", data=login).status_code == 401
