"""Importing orders from Excel through the web: check first, then confirm the valid rows."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import sqlalchemy as sa
from openpyxl import Workbook

from webapp.auth.models import Role
from webapp.orders.models import Order

HEADER = ["客户代码", "客户订单号", "款号", "品名", "数量", "交期", "工厂", "跟单员"]


def xlsx(rows) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def upload(client, rows, name="orders.xlsx"):
    return client.post(
        "/orders/import", data={"file": (xlsx(rows), name)}, content_type="multipart/form-data"
    )


def test_report_lists_rejected_rows_and_nothing_is_saved_until_confirmed(
    client, login, make_customer, make_factory, make_user, db
):
    login(Role.SUPERVISOR, language="en")
    make_customer(code="HANSA", name="Hanseatic")
    make_factory(code="NBST", name="宁波盛泰")
    make_user(Role.FOLLOWER, username="lina", full_name="李娜")
    due = date.today() + timedelta(days=40)
    rows = [
        HEADER,
        ["HANSA", "PO-1", "HA-1", "Polo", 1000, due, "NBST", "lina"],
        ["HANSA", "PO-2", "HA-2", "Shirt", "abc", due, "NBST", ""],
        ["NOBODY", "PO-3", "HA-3", "Jacket", 500, "2026-13-45", "NBST", ""],
        ["HANSA", "PO-4", "HA-4", "Hoodie", 300, due, "宁波盛泰", "李娜"],
    ]
    page = upload(client, rows).get_data(as_text=True)
    assert "2 rows can be imported" in page
    assert "2 rows have errors" in page
    rejected = re.search(r'<table class="data" id="rejected-rows">(.*?)</table>', page, re.S).group(
        1
    )
    assert "Quantity: not a number (abc)" in rejected
    assert "unknown customer" in rejected and "not a date" in rejected
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0

    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post("/orders/import/confirm", data={"token": token})
    assert response.status_code == 302
    orders = db.session.scalars(sa.select(Order).order_by(Order.po_number)).all()
    assert [(o.po_number, o.quantity) for o in orders] == [("PO-1", 1000), ("PO-4", 300)]
    assert all(o.follower is not None and o.follower.username == "lina" for o in orders)
    # the checked file is used once
    again = client.post("/orders/import/confirm", data={"token": token}, follow_redirects=True)
    assert "expired" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 2


def test_not_an_excel_file_is_refused_clearly(client, login):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/orders/import",
        data={"file": (BytesIO(b"po,style\n1,2\n"), "orders.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "This is not an Excel .xlsx file." in response.get_data(as_text=True)


def test_missing_required_columns_import_nothing(client, login, make_customer, db):
    login(Role.SUPERVISOR, language="en")
    page = upload(client, [["客户代码", "款号"], ["HANSA", "X"]]).get_data(as_text=True)
    assert "Missing columns:" in page
    assert 'id="confirm-import"' not in page


def test_forged_token_is_refused(client, login, db):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/orders/import/confirm", data={"token": "../../secret_key"}, follow_redirects=True
    )
    assert "expired" in response.get_data(as_text=True)


def test_template_download_is_a_workbook(client, login):
    from openpyxl import load_workbook

    login(Role.ADMIN)
    response = client.get("/orders/import/template.xlsx")
    ws = load_workbook(BytesIO(response.data)).active
    assert any("款号" in str(c.value) for c in ws[1])
