"""Admins manage users, factories and customers; everything is audited."""

from __future__ import annotations

import re

import sqlalchemy as sa

from webapp.audit.models import AuditEntry
from webapp.auth.models import Role, User
from webapp.orders.models import Customer, Factory, FactoryKind


def test_create_user_shows_a_random_password_once(client, login, db):
    admin = login(Role.ADMIN, language="en")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "newbie",
            "full_name": "新人 Xin",
            "role": "inspector",
            "language": "zh_Hans",
            "active": "y",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', page).group(1)
    user = db.session.scalar(sa.select(User).where(User.username == "newbie"))
    assert user.role is Role.INSPECTOR
    assert user.check_password(password)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.entity_type == "users", AuditEntry.action == "create"
        )
    )
    assert entry.actor_id == admin.id
    assert entry.changes["role"] == [None, "inspector"]
    # the password is not in the audit log
    assert password not in str(entry.changes)


def test_duplicate_username_is_refused_and_input_kept(client, login, make_user, db):
    make_user(Role.FOLLOWER, username="lina")
    login(Role.ADMIN, language="en")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "LINA",
            "full_name": "Another Lina",
            "role": "follower",
            "language": "en",
        },
    )
    page = response.get_data(as_text=True)
    assert "This username is already taken." in page
    assert 'value="Another Lina"' in page
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2


def test_invalid_user_form_writes_nothing(client, login, db):
    login(Role.ADMIN, language="en")
    response = client.post(
        "/admin/users/new",
        data={"username": "bad name!", "full_name": "", "role": "king", "language": "en"},
    )
    page = response.get_data(as_text=True)
    assert "Use letters, digits, dot, dash or underscore only." in page
    assert "Enter the full name." in page
    assert "Not a valid choice" in page
    assert 'value="bad name!"' in page
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_deactivate_and_change_role_is_audited(client, login, make_user, db):
    target = make_user(Role.FOLLOWER, username="zhang")
    login(Role.ADMIN, language="en")
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "username": "zhang",
            "full_name": target.full_name,
            "role": "supervisor",
            "language": "en",
        },
    )
    assert response.status_code == 302
    user = db.session.get(User, target.id)
    assert user.active is False
    assert user.role is Role.SUPERVISOR
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "update"))
    assert entry.changes["active"] == [True, False]
    assert entry.changes["role"] == ["follower", "supervisor"]


def test_admin_cannot_lock_themselves_out(client, login, db):
    admin = login(Role.ADMIN, language="en")
    page = client.post(
        f"/admin/users/{admin.id}",
        data={
            "username": admin.username,
            "full_name": admin.full_name,
            "role": "follower",
            "language": "en",
            "active": "y",
        },
    ).get_data(as_text=True)
    assert "You cannot remove your own administrator access." in page
    assert db.session.get(User, admin.id).role is Role.ADMIN


def test_reset_password_generated_and_typed(client, login, make_user, db):
    target = make_user(Role.FOLLOWER)
    login(Role.ADMIN, language="en")
    page = client.post(f"/admin/users/{target.id}/password", data={"password": ""}).get_data(
        as_text=True
    )
    generated = re.search(r'id="new-password">([^<]+)<', page).group(1)
    assert db.session.get(User, target.id).check_password(generated)
    response = client.post(f"/admin/users/{target.id}/password", data={"password": "short"})
    assert response.status_code == 400
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert db.session.get(User, target.id).check_password(generated)
    client.post(f"/admin/users/{target.id}/password", data={"password": "a-long-new-password"})
    assert db.session.get(User, target.id).check_password("a-long-new-password")


def test_factory_create_edit_and_unique_code(client, login, db):
    login(Role.ADMIN, language="en")
    data = {
        "code": "nbst",
        "name": "宁波盛泰",
        "kind": "subcontractor",
        "city": "Ningbo",
        "timezone": "Asia/Shanghai",
        "active": "y",
    }
    assert client.post("/admin/factories/new", data=data).status_code == 302
    factory = db.session.scalar(sa.select(Factory))
    assert factory.code == "NBST"
    assert factory.kind is FactoryKind.SUBCONTRACTOR
    page = client.post("/admin/factories/new", data={**data, "name": "Other"}).get_data(
        as_text=True
    )
    assert "This code is already used." in page
    page = client.post(
        "/admin/factories/new", data={**data, "code": "X2", "timezone": "Mars/Base"}
    ).get_data(as_text=True)
    assert "Unknown time zone" in page
    assert 'value="Mars/Base"' in page
    assert db.session.scalar(sa.select(sa.func.count(Factory.id))) == 1
    edit = client.get(f"/admin/factories/{factory.id}").get_data(as_text=True)
    assert '<option selected value="subcontractor">' in edit
    client.post(f"/admin/factories/{factory.id}", data={**data, "kind": "own", "city": "Cixi"})
    factory = db.session.get(Factory, factory.id)
    assert factory.kind is FactoryKind.OWN
    assert factory.city == "Cixi"


def test_customer_create_and_edit(client, login, db):
    login(Role.ADMIN, language="en")
    data = {
        "code": "hansa",
        "name": "Hanseatic Apparel GmbH",
        "country": "Germany",
        "language": "en",
        "active": "y",
    }
    assert client.post("/admin/customers/new", data=data).status_code == 302
    customer = db.session.scalar(sa.select(Customer))
    assert customer.code == "HANSA"
    client.post(f"/admin/customers/{customer.id}", data={**data, "language": "zh_Hans"})
    assert db.session.get(Customer, customer.id).language == "zh_Hans"
    listing = client.get("/admin/customers").get_data(as_text=True)
    assert "Hanseatic Apparel GmbH" in listing


def test_unknown_records_are_404(client, login):
    login(Role.ADMIN, language="en")
    assert client.get("/admin/users/999").status_code == 404
    assert client.get("/admin/factories/999").status_code == 404
