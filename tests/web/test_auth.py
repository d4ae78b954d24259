"""Sessions, CSRF, login and logout, bearer tokens and roles, through the real app and database."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from factcheck.accounts.tokens import create_token
from factcheck.config import Settings
from factcheck.db.models import User
from factcheck.db.session import Database
from factcheck.web.app import create_app
from factcheck.web.deps import require_role
from factcheck.web.session import COOKIE_NAME
from tests.web.conftest import PASSWORD, csrf_of, log_in

REVIEWER = require_role("reviewer")


def _with_probe(app: FastAPI) -> FastAPI:
    """Add two routes guarded by require_role, to test the dependency on the real app."""

    @app.post("/api/v1/_probe/{role}")
    @app.post("/_probe/{role}")
    def probe(role: str, user: Annotated[User, Depends(REVIEWER)]) -> dict[str, str]:
        return {"name": user.name}

    return app


def test_login_sets_a_signed_httponly_lax_cookie_and_logout_ends_it(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"name": "reviewer", "password": PASSWORD, "csrf_token": token, "next": "/claims"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/claims"
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = client.get("/")
    assert "reviewer" in page.text and "Log out" in page.text
    new_token = csrf_of(page.text)
    assert new_token != token  # a fresh session at login
    assert client.post("/logout", data={"csrf_token": new_token}).status_code == 303
    assert "Log in" in client.get("/").text


def test_wrong_password_and_unknown_user_are_refused_alike(client: TestClient) -> None:
    for name, password in (("reviewer", "not the password"), ("nobody", PASSWORD)):
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login", data={"name": name, "password": password, "csrf_token": token}
        )
        assert response.status_code == 401
        assert "Unknown name or wrong password." in response.text


def test_forms_without_or_with_a_wrong_csrf_token_are_refused(client: TestClient) -> None:
    client.get("/login")
    data = {"name": "reviewer", "password": PASSWORD}
    assert client.post("/login", data=data).status_code == 403
    assert client.post("/login", data={**data, "csrf_token": "forged"}).status_code == 403
    token = log_in(client, "reviewer")
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token + "x"}).status_code == 403
    assert "Log out" in client.get("/").text  # still logged in


def test_a_forged_cookie_is_anonymous(client: TestClient) -> None:
    client.cookies.set(COOKIE_NAME, '{"uid": 1}')
    assert "Log in" in client.get("/").text


def test_login_never_redirects_off_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"name": "viewer", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == "/"
        client.cookies.clear()


def test_require_role_401_403_and_csrf_on_session_writes(
    settings: Settings, site_db: Database
) -> None:
    client = TestClient(_with_probe(create_app(settings, site_db)), follow_redirects=False)
    anonymous = client.post("/api/v1/_probe/x")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"ok": False, "error": anonymous.json()["error"], "status": 401}
    page = client.post("/_probe/x", headers={"referer": "http://testserver/claims/3"})
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fclaims%2F3"
    token = log_in(client, "viewer")
    assert client.post("/api/v1/_probe/x", headers={"x-csrf-token": token}).status_code == 403
    client.cookies.clear()
    token = log_in(client, "reviewer")
    assert client.post("/api/v1/_probe/x").status_code == 403  # no CSRF token
    ok = client.post("/api/v1/_probe/x", headers={"x-csrf-token": token})
    assert ok.status_code == 200 and ok.json() == {"name": "reviewer"}
    form = client.post("/_probe/x", data={"csrf_token": token})
    assert form.status_code == 200


def test_bearer_tokens_need_no_csrf_and_bad_ones_are_401(
    settings: Settings, site_db: Database
) -> None:
    with site_db.unit() as session:
        editor = session.query(User).filter_by(name="editor").one()
        raw = create_token(session, editor, "script")
    client = TestClient(_with_probe(create_app(settings, site_db)))
    ok = client.post("/api/v1/_probe/x", headers={"authorization": f"Bearer {raw}"})
    assert ok.status_code == 200 and ok.json() == {"name": "editor"}
    for header in (f"Bearer {raw}x", "Basic abc", "Bearer "):
        response = client.post("/api/v1/_probe/x", headers={"authorization": header})
        assert response.status_code == 401, header
        assert response.json()["ok"] is False


def test_token_only_reads_close_the_pages_to_anonymous_visitors(
    settings: Settings, site_db: Database
) -> None:
    closed = settings.model_copy(update={"api_read_access": "token"})
    client = TestClient(create_app(closed, site_db), follow_redirects=False)
    for path in ("/", "/claims", "/articles/harbor-fuel-depot", "/sources", "/speakers"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    assert client.get("/login").status_code == 200
    log_in(client, "viewer")
    assert client.get("/claims").status_code == 200
