"""Importing material POs from Excel: row checks (pure) and the check-then-confirm web flow."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from webapp.auth.models import Role
from webapp.materials.importer import ImportFileError, Lookups, read_pos
from webapp.materials.models import MaterialPO

HEADER = [
    "采购单号 PO number",
    "供应商 Supplier",
    "物料 Item",
    "数量 Qty",
    "单位",
    "单价 Unit price",
    "币种",
    "交期",
    "用于订单 Orders",
]
DUE = date(2026, 12, 1)


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


LOOKUPS = Lookups({"JX": 1, "锦绣纺织": 1, "HX": 2}, {"GD00007": 7, "PO-26000": 7, "GD00009": 9})


def test_valid_rows_and_each_rejected_row_with_its_reason():
    report = read_pos(xlsx([
        HEADER,
        ["JX-001", "jx", "Cotton twill 斜纹布", 1200, "米", 18.5, "人民币", DUE, "GD00007, GD00009"],
        ["HX-9", "HX", "Buttons 纽扣", "5,000", "", "0.12", "", "2026-12-01", "PO-26000"],
        ["X-1", "NOBODY", "Zip", "abc", "pcs", "-1", "JPY", "2026-13-45", "GD99999"],
        ["JX-001", "锦绣纺织", "Cotton twill", 10, "m", 1, "CNY", DUE, ""],
    ]), LOOKUPS)  # fmt: skip
    assert [r.row_number for r in report.valid] == [2, 3]
    first, second = (r.data for r in report.valid)
    assert first["supplier_id"] == 1 and first["unit"] == "m" and first["currency"] == "CNY"
    assert first["unit_price"] == Decimal("18.5000") and isinstance(first["unit_price"], Decimal)
    assert first["order_ids"] == [7, 9] and first["promised_date"] == DUE
    assert second["quantity"] == 5000 and second["unit"] == "pcs" and second["order_ids"] == [7]
    bad, duplicate = report.invalid
    codes = {(e.column, e.code) for e in bad.errors}
    assert codes == {("supplier", "unknown_supplier"), ("quantity", "not_a_number"), ("unit_price", "bad_price"),
                     ("currency", "bad_currency"), ("promised_date", "bad_date"), ("orders", "unknown_order")}  # fmt: skip
    assert [e.code for e in duplicate.errors] == ["duplicate_in_file"]


def test_missing_columns_and_unreadable_files():
    report = read_pos(xlsx([["采购单号", "物料"], ["A", "B"]]), LOOKUPS)
    assert set(report.missing_columns) == {"supplier", "quantity", "unit_price", "promised_date"}
    assert report.valid == []
    with pytest.raises(ImportFileError):
        read_pos(b"number,item\n1,2\n", LOOKUPS)


def upload(client, rows):
    return client.post(
        "/materials/import",
        data={"file": (BytesIO(xlsx(rows)), "pos.xlsx")},
        content_type="multipart/form-data",
    )


def test_import_through_the_web_checks_then_confirms_once(
    client, login, db, make_order, make_supplier, make_user
):
    lina = login(Role.FOLLOWER, language="en")
    mine = make_order(follower=lina)
    theirs = make_order(follower=make_user(Role.FOLLOWER))
    make_supplier(code="JX", name="锦绣纺织")
    due = (date.today() + timedelta(days=20)).isoformat()
    page = upload(client, [
        HEADER,
        ["JX-1", "JX", "Twill", 100, "m", 10, "CNY", due, mine.number],
        ["JX-2", "JX", "Twill", 100, "m", 10, "CNY", due, theirs.number],  # not an order lina follows
    ]).get_data(as_text=True)  # fmt: skip
    assert "1 row can be imported" in page and "1 row has errors" in page
    rejected = re.search(r'<table class="data" id="rejected-rows">(.*?)</table>', page, re.S).group(
        1
    )
    assert "Orders: unknown order, or not one you follow" in rejected
    assert db.session.scalar(sa.select(sa.func.count(MaterialPO.id))) == 0
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert client.post("/materials/import/confirm", data={"token": token}).status_code == 302
    po = db.session.scalar(sa.select(MaterialPO))
    assert po.number == "JX-1" and po.order_ids == [mine.id] and po.created_by_id == lina.id
    again = client.post("/materials/import/confirm", data={"token": token}, follow_redirects=True)
    assert "expired" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MaterialPO.id))) == 1


def test_import_refuses_non_excel_and_inspectors(client, login):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/materials/import",
        data={"file": (BytesIO(b"a,b\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "This is not an Excel .xlsx file." in response.get_data(
        as_text=True
    )
    login(Role.INSPECTOR)
    assert client.get("/materials/import").status_code == 403
