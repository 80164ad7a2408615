"""The follower's day, generated from a hand-built day of records; the note sent to the
supervisor, the page of all days and its Excel export."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from webapp.auth.models import Role, User
from webapp.delays.models import Delay, DelayCause, DelayStatus, Department
from webapp.materials.models import MaterialPO, MaterialPOOrder, Supplier
from webapp.orders.models import Order
from webapp.progress.models import CheckIn
from webapp.samples import services as samples
from webapp.samples.models import SampleMaker, SampleStatus, SampleType
from webapp.team import queries
from webapp.team.models import FollowerDay
from webapp.timeutil import app_today

TZ = "Asia/Shanghai"


@pytest.fixture
def day_of_records(app, db, make_user, make_order):
    """Li Na's day: check-ins on two stages (one yesterday's not counted), a delay opened, one
    resolved, a sample sent; tomorrow a material PO, a sample, a stage and an order fall due."""
    lina = db.session.get(User, make_user(Role.FOLLOWER, full_name="李娜").id)
    other = db.session.get(User, make_user(Role.FOLLOWER, full_name="张伟").id)
    today = app_today()
    tomorrow = today + timedelta(days=1)
    now = datetime.now(UTC)
    a = db.session.get(Order, make_order(follower=lina, style="NH-2231").id)
    b = db.session.get(Order, make_order(follower=lina, style="HB-1008", due_date=tomorrow).id)
    b.stages[0].planned_finish = tomorrow
    b.stages[0].planned_start = today - timedelta(days=3)
    cutting, sewing = a.stages

    def checkin(stage, by, good, rework=0, at=now):
        db.session.add(CheckIn(client_uuid=uuid.uuid4(), order_id=stage.order_id,
                               stage_id=stage.id, work_date=today, good_qty=good,
                               rework_qty=rework, created_by_id=by.id, created_at=at))  # fmt: skip

    checkin(cutting, lina, 50)
    checkin(cutting, lina, 30, rework=2)
    checkin(sewing, lina, 12)
    checkin(cutting, lina, 999, at=now - timedelta(days=1))  # yesterday's
    checkin(sewing, other, 777)  # someone else's
    db.session.add(Delay(client_uuid=uuid.uuid4(), order_id=a.id, cause=DelayCause.MATERIAL,
                         department=Department.PURCHASING, created_by_id=lina.id))  # fmt: skip
    db.session.add(Delay(client_uuid=uuid.uuid4(), order_id=a.id, cause=DelayCause.EQUIPMENT,
                         department=Department.PRODUCTION, created_by_id=lina.id,
                         created_at=now - timedelta(days=2), status=DelayStatus.RESOLVED,
                         resolved_at=now, root_cause="belt", action_taken="replaced"))  # fmt: skip
    sample, _ = samples.create_sample(
        {"type": SampleType.FIT, "quantity": 1, "requested_date": today - timedelta(days=5),
         "due_date": today, "maker": SampleMaker.SAMPLE_ROOM},
        by=lina, order=a, client_uuid=uuid.uuid4(),
    )  # fmt: skip
    samples.advance(sample, SampleStatus.IN_MAKING, by=lina)
    samples.create_sample(
        {"type": SampleType.PRE_PRODUCTION, "quantity": 2, "requested_date": today,
         "due_date": tomorrow, "maker": SampleMaker.FACTORY},
        by=lina, order=b, client_uuid=uuid.uuid4(),
    )  # fmt: skip
    supplier = Supplier(code="YKK", name="宁波拉链辅料厂")
    db.session.add(supplier)
    db.session.flush()
    po = MaterialPO(client_uuid=uuid.uuid4(), number="MP-7001", supplier_id=supplier.id,
                    item="5# 尼龙拉链", quantity=1500, unit_price=Decimal("0.85"),
                    promised_date=tomorrow)  # fmt: skip
    po.order_links.append(MaterialPOOrder(order_id=a.id))
    db.session.add(po)
    db.session.commit()
    return lina, today


def test_the_day_summary_counts_what_the_follower_did_and_what_is_due(db, day_of_records):
    lina, today = day_of_records
    s = queries.day_summary(lina, today, TZ)
    lines = [(ln.order.style, ln.stage.name_en, ln.good, ln.rework, ln.count) for ln in s.checkins]
    assert lines == [("NH-2231", "Cutting", 80, 2, 2), ("NH-2231", "Sewing", 12, 0, 1)]
    assert [d.cause for d in s.delays_opened] == [DelayCause.MATERIAL]
    assert [d.cause for d in s.delays_resolved] == [DelayCause.EQUIPMENT]
    # requested (two created) and one moved to in making
    assert [step.status for step in s.sample_steps] == ["requested", "in_making", "requested"]
    assert [po.number for po in s.materials_due] == ["MP-7001"]
    assert [x.type for x in s.samples_due] == [SampleType.PRE_PRODUCTION]
    assert [st.order.style for st in s.stages_due] == ["HB-1008"]
    assert [o.style for o in s.orders_due] == ["HB-1008"]
    yesterday = queries.day_summary(lina, today - timedelta(days=1), TZ)
    assert [(ln.good, ln.count) for ln in yesterday.checkins] == [(999, 1)]


def test_follower_sends_the_day_and_the_supervisor_reads_and_exports_it(
    client, db, login, day_of_records
):
    lina, today = day_of_records
    login(user=lina)
    page = client.get("/team/day").get_data(as_text=True)
    assert "MP-7001" in page and "NH-2231" in page
    response = client.post("/team/day", data={
        "client_uuid": str(uuid.uuid4()), "action": "send",
        "note": "车缝线 3 号机故障, 已修好", "tomorrow_note": "追 MP-7001 拉链到货"})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    record = db.session.query(FollowerDay).filter_by(user_id=lina.id).one()
    assert record.day == today and record.sent_at is not None
    login(Role.SUPERVISOR)
    page = client.get("/team/days").get_data(as_text=True)
    assert "车缝线 3 号机故障, 已修好" in page and "追 MP-7001 拉链到货" in page
    from openpyxl import load_workbook

    response = client.get(f"/team/days.xlsx?day={today.isoformat()}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    checkin_rows = [r for r in rows if r[6] is not None]
    assert sorted((r[1], r[6]) for r in checkin_rows) == [("张伟", 777), ("李娜", 12), ("李娜", 80)]
    assert wb.worksheets[0].cell(2, 1).number_format == "yyyy-mm-dd"
    notes = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert any(n[2] == "车缝线 3 号机故障, 已修好" for n in notes)


def test_followers_cannot_read_the_supervisors_pages(client, login):
    login(Role.FOLLOWER)
    assert client.get("/team/days").status_code == 403
    assert client.get("/team/").status_code == 403
    assert client.get("/team/days.xlsx").status_code == 403
