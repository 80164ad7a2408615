"""App factory, configuration, error pages and the command line."""

from __future__ import annotations

import sqlalchemy as sa

from webapp import create_app
from webapp.auth.models import Role, User


def test_secret_key_is_generated_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from webapp import config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = config.Config().SECRET_KEY
    second = config.Config().SECRET_KEY
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text() == first
    other = tmp_path / "other"
    monkeypatch.setattr(config, "INSTANCE_DIR", other)
    assert first != config.Config().SECRET_KEY


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    from webapp import config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")


def test_error_pages_in_both_languages(client, login):
    assert "Not found" in client.get("/nope", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "未找到" in client.get("/nope", headers={"Accept-Language": "zh-CN"}).get_data(
        as_text=True
    )
    login(Role.FOLLOWER, language="zh_Hans")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "无权访问" in response.get_data(as_text=True)


def test_htmx_errors_are_fragments(hx, login):
    login(Role.FOLLOWER, language="en", on=hx)
    response = hx.get("/admin/users")
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert "Not allowed" in body


def test_too_large_upload_is_413(app, client, login):
    login(Role.ADMIN, language="en")
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/admin/users/new", data={"blob": "x" * (limit + 1)})
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_cli_creates_a_user_and_loads_demo_data(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "qc2", "--role", "inspector", "--generate-password"]
    )
    assert result.exit_code == 0, result.output
    assert "password for qc2:" in result.output
    assert db.session.scalar(sa.select(User).where(User.username == "qc2")).role is Role.INSPECTOR
    result = runner.invoke(
        args=["create-user", "qc2", "--role", "inspector", "--generate-password"]
    )
    assert result.exit_code != 0
    assert "already taken" in result.output

    result = runner.invoke(args=["demo", "--if-empty"])
    assert "already has users" in result.output
    db.session.execute(sa.delete(User))
    db.session.commit()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    roles = {row.role for row in db.session.scalars(sa.select(User))}
    assert roles == set(Role)
    # every demo user's printed password works, and no two are the same
    lines = [line.split() for line in result.output.splitlines() if line.startswith("  ")]
    passwords = {username: password for _role, username, password in lines}
    assert len(set(passwords.values())) == len(passwords) >= 5
    for username, password in passwords.items():
        assert db.session.scalar(sa.select(User).where(User.username == username)).check_password(
            password
        )
