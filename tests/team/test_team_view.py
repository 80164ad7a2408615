"""The supervisor's team view: per-follower figures, and reassigning an order (audited)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from webapp.audit.services import history
from webapp.auth.models import Role, User
from webapp.delays.models import Delay, DelayCause, Department
from webapp.orders.models import Order
from webapp.progress.models import CheckIn
from webapp.team import queries


def test_team_figures_per_follower(app, db, make_user, make_order):
    lina = db.session.get(User, make_user(Role.FOLLOWER, full_name="李娜").id)
    zhang = db.session.get(User, make_user(Role.FOLLOWER, full_name="张伟").id)
    late = make_order(follower=lina, start=date.today() - timedelta(days=9), days=10,
                      due_date=date.today() + timedelta(days=1))  # fmt: skip
    make_order(follower=lina, start=date.today() + timedelta(days=5))
    now = datetime.now(UTC)
    db.session.add(Delay(client_uuid=uuid.uuid4(), order_id=late.id, cause=DelayCause.MATERIAL,
                         department=Department.PURCHASING, created_by_id=lina.id,
                         created_at=now - timedelta(days=4)))  # fmt: skip
    stage = db.session.get(Order, late.id).stages[0]
    first = CheckIn(client_uuid=uuid.uuid4(), order_id=late.id, stage_id=stage.id,
                    work_date=date.today(), good_qty=10, created_by_id=lina.id)  # fmt: skip
    db.session.add(first)
    db.session.flush()
    for good in (20, 30, 40):
        db.session.add(CheckIn(client_uuid=uuid.uuid4(), order_id=late.id, stage_id=stage.id,
                               work_date=date.today(), good_qty=good, created_by_id=lina.id))  # fmt: skip
    db.session.add(CheckIn(client_uuid=uuid.uuid4(), order_id=late.id, stage_id=stage.id,
                           work_date=date.today(), good_qty=12, created_by_id=lina.id,
                           corrects_id=first.id))  # fmt: skip
    db.session.commit()
    rows, _ = queries.team(date.today(), date.today() - timedelta(days=30))
    by_name = {r.user.full_name: r for r in rows}
    assert len(by_name["李娜"].orders) == 2 and [o.id for o in by_name["李娜"].at_risk] == [late.id]
    assert by_name["李娜"].open_delay_ages == [4]
    assert (by_name["李娜"].corrected, by_name["李娜"].checkins) == (1, 4)
    assert by_name["李娜"].accuracy == 0.75
    assert by_name["张伟"].orders == [] and by_name["张伟"].accuracy is None
    assert zhang.id in {r.user.id for r in rows}


def test_supervisor_reassigns_an_order_and_the_new_follower_sees_it(
    app, client, db, login, make_user, make_order
):
    lina = make_user(Role.FOLLOWER, full_name="李娜")
    zhang = make_user(Role.FOLLOWER, full_name="张伟")
    order = make_order(follower=lina, style="NH-2231")
    boss = login(Role.SUPERVISOR)
    page = client.get("/team/").get_data(as_text=True)
    assert f'id="follower-{lina.id}"' in page and "NH-2231" in page
    response = client.post(f"/team/orders/{order.id}/reassign",
                           data={"follower_id": zhang.id, "note": "李娜休假"})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    o = db.session.get(Order, order.id)
    assert o.follower_id == zhang.id
    entry = [e for e in history(o) if e.action == "reassign"][-1]
    assert entry.actor_id == boss.id and entry.changes["follower_id"] == [lina.id, zhang.id]
    login(user=zhang)
    assert "NH-2231" in client.get("/").get_data(as_text=True)
    login(user=lina)
    assert client.get(f"/orders/{order.id}").status_code == 404


def test_reassign_refuses_a_non_follower_and_followers_may_not(client, db, login, make_user,
                                                               make_order):  # fmt: skip
    lina = make_user(Role.FOLLOWER)
    inspector = make_user(Role.INSPECTOR)
    order = make_order(follower=lina)
    login(Role.SUPERVISOR)
    response = client.post(f"/team/orders/{order.id}/reassign",
                           data={"follower_id": inspector.id}, follow_redirects=True)  # fmt: skip
    assert "active follower" in response.get_data(as_text=True) or "跟单员" in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(Order, order.id).follower_id == lina.id
    login(user=lina)
    assert client.post(f"/team/orders/{order.id}/reassign",
                       data={"follower_id": lina.id}).status_code == 403  # fmt: skip
