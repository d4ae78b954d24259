"""Hostile users at the web edge (issue 16, point 5): ids past int64, a cookie copied before logout,
the Secure flag behind a TLS proxy, revoked tokens, password guessing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from factcheck.accounts.throttle import ACCOUNT_LIMIT, LoginThrottle
from factcheck.accounts.tokens import create_token, revoke_token
from factcheck.config import Settings
from factcheck.db.models import ApiToken, User
from factcheck.db.session import Database
from factcheck.web.app import create_app
from factcheck.web.session import COOKIE_NAME
from tests.web.conftest import PASSWORD, csrf_of, log_in

PAST_INT64 = "9223372036854775808"


@pytest.mark.parametrize("path", ["/queue", "/api/v1/queue"])
def test_an_article_id_past_int64_is_no_article_not_a_server_error(
    client: TestClient, path: str
) -> None:
    log_in(client, "reviewer")
    for value in (PAST_INT64, "99999999999999999999999", "\u00b2", "-1"):
        response = client.get(path, params={"article": value})
        assert response.status_code < 500, (value, response.text)


def test_a_cookie_copied_before_logout_is_anonymous_after_it(
    settings: Settings, site_db: Database
) -> None:
    app = create_app(settings, site_db)
    with TestClient(app, follow_redirects=False) as reviewer, TestClient(app) as thief:
        token = log_in(reviewer, "reviewer")
        stolen = reviewer.cookies[COOKIE_NAME]
        thief.cookies.set(COOKIE_NAME, stolen)
        assert "Log out" in thief.get("/").text
        assert reviewer.post("/logout", data={"csrf_token": token}).status_code == 303
        assert "Log in" in thief.get("/").text
        assert thief.get("/queue", follow_redirects=False).status_code == 303  # to the login
        log_in(reviewer, "reviewer")  # a new login right after works
        assert "Log out" in reviewer.get("/").text


def test_secure_cookies_forces_the_secure_flag_on_plain_http(
    settings: Settings, site_db: Database
) -> None:
    for forced in (False, True):
        app = create_app(settings.model_copy(update={"secure_cookies": forced}), site_db)
        with TestClient(app, follow_redirects=False) as client:
            cookie = client.get("/login").headers["set-cookie"]
        assert ("Secure" in cookie) is forced, cookie


def test_a_revoked_token_is_401_on_reads_too(settings: Settings, site_db: Database) -> None:
    with site_db.unit() as session:
        editor = session.query(User).filter_by(name="editor").one()
        raw = create_token(session, editor, "script")
    client = TestClient(create_app(settings, site_db))
    headers = {"authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/claims", headers=headers).status_code == 200
    with site_db.unit() as session:
        revoke_token(session, session.query(ApiToken).one().id)
    for path in ("/api/v1/claims", "/api/v1/articles", "/api/v1/sources"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, (path, response.text)
        assert response.json()["ok"] is False


def _try(client: TestClient, name: str, password: str) -> int:
    token = csrf_of(client.get("/login").text)
    data = {"name": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_password_guessing_is_throttled_per_account(client: TestClient) -> None:
    statuses = [_try(client, "reviewer", f"guess {n}") for n in range(ACCOUNT_LIMIT + 3)]
    assert statuses[:ACCOUNT_LIMIT] == [401] * ACCOUNT_LIMIT
    assert statuses[ACCOUNT_LIMIT:] == [429] * 3
    token = csrf_of(client.get("/login").text)
    data = {"name": "reviewer", "password": PASSWORD, "csrf_token": token}
    locked = client.post("/login", data=data)  # even the right password waits
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert int(locked.headers["retry-after"]) > 0
    assert _try(client, "editor", PASSWORD) == 303  # other accounts are not locked


def test_the_throttle_locks_an_address_and_unlocks_after_the_window() -> None:
    now = [0.0]
    throttle = LoginThrottle(account_limit=3, address_limit=5, window=60, clock=lambda: now[0])
    for n in range(5):  # five accounts from one address
        assert throttle.retry_after(f"user{n}", "10.0.0.1") == 0
        throttle.failed(f"user{n}", "10.0.0.1")
    assert throttle.retry_after("someone", "10.0.0.1") == 60
    assert throttle.retry_after("someone", "10.0.0.2") == 0
    for _ in range(3):
        throttle.failed("ann", "10.0.0.3")
    assert throttle.retry_after("ann", "10.0.0.9") == 60
    now[0] = 30.0
    assert throttle.retry_after("ann", "10.0.0.9") == 30
    now[0] = 60.0
    assert throttle.retry_after("ann", "10.0.0.9") == 0
    assert throttle.retry_after("someone", "10.0.0.1") == 0
    for _ in range(2):
        throttle.failed("bob", "10.0.0.4")
    throttle.succeeded("bob")  # a success clears the account's count
    throttle.failed("bob", "10.0.0.4")
    assert throttle.retry_after("bob", "10.0.0.5") == 0


@pytest.mark.parametrize("path", ["/api/v1/claims", "/claims", "/"])
def test_a_method_not_allowed_says_which_are(client: TestClient, path: str) -> None:
    for method in ("TRACE", "PUT", "DELETE"):
        response = client.request(method, path)
        assert response.status_code == 405, (method, path)
        assert "GET" in response.headers["allow"], (method, path)
