"""The daily production report and the tracking table, on screen and in Excel."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tests.conftest import new_uuid
from webapp.auth.models import Role
from webapp.progress.models import CheckIn


def checkin(client, order, stage, good, rework=0, scrap=0, day=None):
    data = {"client_uuid": new_uuid(), "good_qty": good, "rework_qty": rework, "scrap_qty": scrap}
    if day:
        data["work_date"] = day.isoformat()
    response = client.post(f"/orders/{order.id}/stages/{stage.id}/checkins", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def setup(client, login, make_user, make_order, make_factory):
    supervisor = login(Role.SUPERVISOR, language="en")
    follower = make_user(Role.FOLLOWER, full_name="李娜")
    plant = make_factory(name="宁波盛泰")
    sub = make_factory(name="慈溪恒达")
    a = make_order(follower=follower, factory=plant, style="HA-1", planned_qty=1000)
    b = make_order(follower=follower, factory=sub, style="NH-2", planned_qty=500)
    today = date.today()
    checkin(client, a, a.stages[0], 300, rework=20, scrap=5)
    checkin(client, a, a.stages[0], 100)
    checkin(client, a, a.stages[1], 50, scrap=10)
    checkin(client, b, b.stages[0], 80, rework=8, day=today - timedelta(days=1))
    return {"a": a, "b": b, "today": today, "supervisor": supervisor, "follower": follower}


def test_daily_report_sums_per_factory_and_stage(client, setup):
    page = client.get("/reports/daily").get_data(as_text=True)
    assert "<h2>宁波盛泰</h2>" in page
    assert "<h2>慈溪恒达</h2>" not in page, "yesterday's output is not in today's report"
    # 400 good, 20 rework, 5 scrap on cutting: rework rate 20/425 = 4.7 %, scrap 1.2 %
    assert "400" in page and "4.7%" in page and "1.2%" in page
    yesterday = (setup["today"] - timedelta(days=1)).isoformat()
    page = client.get("/reports/daily", query_string={"date": yesterday}).get_data(as_text=True)
    assert "<h2>慈溪恒达</h2>" in page and "<h2>宁波盛泰</h2>" not in page


def test_daily_report_filters_by_factory_and_follower(client, setup, make_user):
    a = setup["a"]
    page = client.get("/reports/daily", query_string={"factory": a.factory_id}).get_data(
        as_text=True
    )
    assert "HA-1" in page
    other = make_user(Role.FOLLOWER)
    page = client.get("/reports/daily", query_string={"follower": other.id}).get_data(as_text=True)
    assert "No check-ins on this day" in page


def test_daily_report_excel_has_the_same_numbers(client, setup):
    response = client.get("/reports/daily", query_string={"format": "xlsx"})
    assert response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(BytesIO(response.data)).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    cutting = next(r for r in rows if r[6] == "Cutting")
    assert cutting[8:11] == (400, 20, 5)
    assert cutting[11] == pytest.approx(20 / 425)
    assert ws.cell(2, 12).number_format == "0.0%"
    assert ws.cell(2, 9).number_format == "#,##0"


def test_corrected_checkins_count_once_in_the_report(client, setup, db):
    wrong = db.session.scalar(sa.select(CheckIn).where(CheckIn.good_qty == 100))
    client.post(f"/checkins/{wrong.id}/correct",
                data={"client_uuid": new_uuid(), "good_qty": "60", "rework_qty": "0", "scrap_qty": "0"})  # fmt: skip
    ws = load_workbook(BytesIO(client.get("/reports/daily?format=xlsx").data)).active
    cutting = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[6] == "Cutting")
    assert cutting[8] == 360


def test_tracking_table_shows_plan_actual_gap_and_projection(client, setup):
    page = client.get("/reports/tracking").get_data(as_text=True)
    assert "HA-1" in page and "NH-2" in page
    response = client.get("/reports/tracking", query_string={"format": "xlsx"})
    ws = load_workbook(BytesIO(response.data)).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    cutting = next(r for r in rows if r["Style"] == "HA-1" and r["Stage"] == "Cutting")
    assert cutting["Actual"] == 400
    assert cutting["Planned quantity"] == 1000
    assert cutting["Gap"] == 400 - cutting["Plan to date"]
    assert cutting["Projected finish"] is not None


def test_follower_reports_show_only_their_orders(client, login, setup, make_order):
    login(user=setup["follower"])
    page = client.get("/reports/tracking").get_data(as_text=True)
    assert "HA-1" in page
    login(Role.FOLLOWER)
    page = client.get("/reports/tracking").get_data(as_text=True)
    assert "HA-1" not in page
