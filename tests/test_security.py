"""Cross-cutting security: CSRF on every state-changing route, role guards, headers."""

from __future__ import annotations

import re

import pytest

from webapp.auth.models import Role

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _concrete(rule) -> str:
    """A URL for a rule, with 1 for every integer argument and a UUID for the others."""
    url = rule.rule
    url = re.sub(r"<int:[^>]+>", "1", url)
    url = re.sub(r"<uuid:[^>]+>", "00000000-0000-4000-8000-000000000001", url)
    return re.sub(r"<[^>]+>", "x", url)


def test_every_state_changing_route_requires_a_csrf_token(app, client, login, csrf):
    login(Role.ADMIN)
    rules = [r for r in app.url_map.iter_rules() if r.methods & STATE_CHANGING]
    assert len(rules) >= 5, "routes went missing from the check"
    for rule in rules:
        for method in sorted(rule.methods & STATE_CHANGING):
            response = client.open(_concrete(rule), method=method, data={"x": "1"})
            assert response.status_code == 400, (
                f"{method} {rule.rule} accepted a request without CSRF"
            )


def test_csrf_token_in_htmx_header_is_accepted(app, client, login, csrf):
    login(Role.FOLLOWER, language="en")
    page = client.get("/account").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = client.post(
        "/language", data={"language": "zh_Hans"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.FOLLOWER, Role.INSPECTOR, Role.SUPERVISOR])
def test_non_admins_get_403_on_admin_pages(client, login, role):
    login(role)
    for url in (
        "/admin/",
        "/admin/users",
        "/admin/users/new",
        "/admin/factories",
        "/admin/customers",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/users/new", data={"username": "x"}).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_content_security_policy_forbids_inline_scripts(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    page = response.get_data(as_text=True)
    # every <script> loads a file; none carries code
    for tag in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        assert tag.strip() == ""
    assert "on" + "click=" not in page
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    from tests.conftest import TEST_PASSWORD

    make_user(Role.FOLLOWER, username="lina")
    response = client.post("/login", data={"username": "lina", "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_htmx_is_vendored_with_its_licence(app):
    from pathlib import Path

    static = Path(app.static_folder)
    vendor = next(static.glob("vendor/htmx-2.*"))
    assert (vendor / "htmx.min.js").stat().st_size > 10_000
    assert (
        "BSD" in (vendor / "LICENSE").read_text()
        or "Zero-Clause" in (vendor / "LICENSE").read_text()
    )
