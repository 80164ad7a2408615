"""Signing in and out, languages, rate limits, inactive accounts."""

from __future__ import annotations

from tests.conftest import TEST_PASSWORD
from webapp.auth.models import Role


def test_login_page_defaults_to_chinese(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="zh-Hans"' in page
    assert "登录" in page


def test_login_page_follows_accept_language(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert 'lang="en"' in page
    assert "Sign in" in page


def test_chinese_browser_variants_get_chinese(client):
    page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert 'lang="zh-Hans"' in page


def test_sign_in_and_out(client, make_user):
    user = make_user(Role.FOLLOWER, username="lina")
    response = client.post("/login", data={"username": "LiNa", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert user.full_name in home.get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


def test_wrong_password_shows_error_and_keeps_username(client, make_user):
    make_user(Role.FOLLOWER, username="lina", language="en")
    response = client.post(
        "/login",
        data={"username": "lina", "password": "nope"},
        headers={"Accept-Language": "en"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wrong username or password" in page
    assert 'value="lina"' in page
    assert "nope" not in page


def test_empty_fields_are_reported_next_to_the_field(client):
    page = client.post("/login", data={}, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Enter your username." in page
    assert "Enter your password." in page


def test_inactive_user_cannot_sign_in(client, make_user):
    make_user(Role.FOLLOWER, username="gone", active=False)
    response = client.post("/login", data={"username": "gone", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_deactivated_user_loses_running_session(client, login, db):
    from webapp.auth.models import User

    user = login(Role.FOLLOWER)
    assert client.get("/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, make_user):
    make_user(Role.FOLLOWER, username="lina")
    response = client.post(
        "/login?next=https://evil.example/x", data={"username": "lina", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"
    response = client.post("/logout")
    response = client.post(
        "/login?next=/account", data={"username": "lina", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_rate_limit_per_account(client, make_user):
    make_user(Role.FOLLOWER, username="lina")
    for _ in range(5):
        assert (
            client.post("/login", data={"username": "lina", "password": "bad"}).status_code == 200
        )
    response = client.post(
        "/login",
        data={"username": "lina", "password": TEST_PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.get_data(as_text=True)
    # Another account from the same address is not locked by lina's failures.
    make_user(Role.FOLLOWER, username="zhang")
    assert (
        client.post("/login", data={"username": "zhang", "password": TEST_PASSWORD}).status_code
        == 302
    )


def test_rate_limit_per_address(app, client, make_user):
    make_user(Role.FOLLOWER, username="lina")
    statuses = [
        client.post("/login", data={"username": f"user{i}", "password": "bad"}).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_successful_logins_do_not_count(client, make_user):
    make_user(Role.FOLLOWER, username="lina")
    for _ in range(7):
        assert (
            client.post("/login", data={"username": "lina", "password": TEST_PASSWORD}).status_code
            == 302
        )
        client.post("/logout")


def test_language_switch_is_saved_on_the_account(client, login, db):
    from webapp.auth.models import User

    user = login(Role.FOLLOWER, language="zh_Hans")
    assert "我的订单" in client.get("/").get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "/"})
    assert "My orders" in client.get("/").get_data(as_text=True)
    assert db.session.get(User, user.id).language == "en"


def test_language_switch_before_login_uses_the_session(client):
    client.post("/language", data={"language": "en"})
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_home_depends_on_role(client, login):
    login(Role.SUPERVISOR, language="en")
    page = client.get("/").get_data(as_text=True)
    assert "Waiting for your approval" in page
    assert "Orders at risk" in page


def test_admin_home_is_administration(client, login):
    login(Role.ADMIN, language="en")
    response = client.get("/")
    assert response.headers["Location"].endswith("/admin/")


def test_password_is_hashed_with_a_modern_algorithm(db, make_user):
    from webapp.auth import services

    user = services.create_user(
        username="x1", full_name="X", role=Role.FOLLOWER, password="s3cret-password"
    )
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:sha256:"))
    assert "s3cret" not in user.password_hash
