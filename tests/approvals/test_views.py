"""The approval pages: queue and detail, deciding over htmx, batch, my requests, permissions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import new_uuid
from webapp.approvals import services
from webapp.approvals.models import ApprovalRequest, ApprovalStatus
from webapp.auth.models import Role, User
from webapp.orders.models import Order


@pytest.fixture
def follower(make_user):
    return make_user(Role.FOLLOWER, language="en", full_name="Li Na")


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, language="en", full_name="Wang Jun")


def ask_due_date(client, login, follower, order, days=7, **extra):
    login(user=follower, on=client)
    data = {"client_uuid": new_uuid(), "reason": "Fabric late 面料晚到",
            "new_due": (order.due_date + timedelta(days=days)).isoformat(), **extra}  # fmt: skip
    return client.post(f"/approvals/request/order/{order.id}/due-date", data=data)


def test_follower_asks_for_a_new_due_date_from_the_order_page(
    client, login, follower, make_order, db
):
    order = make_order(follower=follower)
    login(user=follower)
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert 'id="ask-due-date"' in page
    form = client.get(f"/approvals/request/order/{order.id}/due-date")
    assert form.status_code == 200 and 'name="client_uuid"' in form.get_data(as_text=True)
    response = ask_due_date(client, login, follower, order)
    assert response.status_code == 303
    req = db.session.scalar(sa.select(ApprovalRequest))
    assert req.kind == "due_date_change" and req.status is ApprovalStatus.PENDING
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Waiting for decision" in page and 'id="ask-due-date"' not in page


def test_a_bad_request_form_keeps_the_input_and_saves_nothing(
    client, login, follower, make_order, db
):
    order = make_order(follower=follower)
    response = ask_due_date(client, login, follower, order, reason="")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why you ask for this." in body
    assert (order.due_date + timedelta(days=7)).isoformat() in body  # the date typed is kept
    same = ask_due_date(client, login, follower, order, days=0)
    assert same.status_code == 422
    assert "The new due date is the same as the current one." in same.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 0


def test_a_retried_request_is_stored_once(client, login, follower, make_order, db):
    order = make_order(follower=follower)
    uid = new_uuid()
    ask_due_date(client, login, follower, order, client_uuid=uid)
    ask_due_date(client, login, follower, order, client_uuid=uid)
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 1


def test_followers_cannot_ask_on_orders_they_do_not_follow(client, login, make_user, make_order):
    order = make_order(follower=make_user(Role.FOLLOWER))
    login(Role.FOLLOWER)
    assert client.get(f"/approvals/request/order/{order.id}/due-date").status_code == 404


def test_supervisor_sees_the_queue_with_the_first_request_beside_it(
    client, login, follower, supervisor, make_order, db
):
    order = make_order(follower=follower, style="ST-8848")
    ask_due_date(client, login, follower, order)
    login(user=supervisor)
    page = client.get("/approvals/").get_data(as_text=True)
    assert 'id="approval-list"' in page and 'hx-trigger="every 10s' in page
    assert 'id="approval-detail"' in page and "ST-8848" in page
    assert "Fabric late 面料晚到" in page  # the reason, in the detail pane
    assert 'id="btn-approve"' in page and 'id="btn-reject"' in page
    assert re.search(r'id="nav-badge-side"[^>]*>1<', page)  # the navigation badge


def test_reject_without_a_comment_is_refused_and_keeps_the_pane(
    hx, login, follower, supervisor, make_order, db
):
    order = make_order(follower=follower)
    ask_due_date(hx, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    login(user=supervisor, on=hx)
    response = hx.post(f"/approvals/{req.id}/decide",
                       data={"action": "reject", "comment": "", "version": req.version})  # fmt: skip
    assert response.status_code == 422
    assert "it is required when you reject" in response.get_data(as_text=True)
    db.session.refresh(req)
    assert req.status is ApprovalStatus.PENDING


def test_approve_over_htmx_updates_the_order_and_refreshes_the_list(
    hx, login, follower, supervisor, make_order, db
):
    order = make_order(follower=follower)
    ask_due_date(hx, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    login(user=supervisor, on=hx)
    response = hx.post(f"/approvals/{req.id}/decide", data={
        "action": "approve", "comment": "客户同意", "version": req.version,
        "new_due": req.payload["new_due"]})  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "approvals-changed"
    assert 'id="approval-decision"' in body and "Wang Jun" in body and "客户同意" in body
    assert db.session.get(Order, order.id).due_date.isoformat() == req.payload["new_due"]
    listing = hx.get("/approvals/list").get_data(as_text=True)
    assert "Nothing waiting" in listing and 'hx-swap-oob="true"' in listing


def test_the_second_decision_is_told_who_decided_first(
    hx, login, follower, supervisor, make_user, make_order, db
):
    order = make_order(follower=follower)
    ask_due_date(hx, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    seen = req.version
    login(user=supervisor, on=hx)
    hx.post(f"/approvals/{req.id}/decide",
            data={"action": "reject", "comment": "No", "version": seen})  # fmt: skip
    login(Role.SUPERVISOR, on=hx)
    late = hx.post(f"/approvals/{req.id}/decide", data={"action": "approve", "version": seen})
    body = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Already decided by Wang Jun" in body and "rejected" in body
    db.session.refresh(req)
    assert req.status is ApprovalStatus.REJECTED and req.decided_by_id == supervisor.id


def test_hold_and_question_then_the_follower_answers(
    client, login, follower, supervisor, make_order, db
):
    order = make_order(follower=follower)
    ask_due_date(client, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    login(user=supervisor)
    client.post(f"/approvals/{req.id}/decide", data={"action": "hold", "version": req.version})
    db.session.refresh(req)
    assert req.status is ApprovalStatus.ON_HOLD
    empty = client.post(f"/approvals/{req.id}/decide", data={"action": "ask", "question": ""})
    assert empty.status_code == 422
    client.post(f"/approvals/{req.id}/decide",
                data={"action": "ask", "question": "Which fabric lot?"})  # fmt: skip
    login(user=follower)
    mine = client.get("/approvals/mine").get_data(as_text=True)
    assert "Question for you" in mine and "Which fabric lot?" in mine
    detail = client.get(f"/approvals/{req.id}").get_data(as_text=True)
    assert 'id="answer-form"' in detail
    blank = client.post(f"/approvals/{req.id}/answer", data={"client_uuid": new_uuid(), "text": ""})
    assert blank.status_code == 422
    client.post(f"/approvals/{req.id}/answer",
                data={"client_uuid": new_uuid(), "text": "Lot 2 from 锦绣"})  # fmt: skip
    db.session.refresh(req)
    assert req.status is ApprovalStatus.PENDING
    assert [m.body for m in req.messages] == ["Which fabric lot?", "Lot 2 from 锦绣"]


def test_follower_sees_the_decision_on_my_requests_and_home(
    client, login, follower, supervisor, make_order, db
):
    order = make_order(follower=follower)
    ask_due_date(client, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    services.decide(db.session.get(ApprovalRequest, req.id),
                    by=db.session.get(User, supervisor.id), approve=False,
                    comment="客户不同意 customer refuses")  # fmt: skip
    db.session.commit()
    login(user=follower)
    mine = client.get("/approvals/mine", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="my-requests"' in mine and "Rejected" in mine
    assert "customer refuses" in mine and "Wang Jun" in mine
    recent = client.get("/approvals/recent").get_data(as_text=True)
    assert "customer refuses" in recent and 'hx-trigger="every 10s"' in recent
    assert 'hx-get="/approvals/recent"' in client.get("/").get_data(as_text=True)


def test_followers_see_only_their_own_requests(client, login, follower, make_user, make_order, db):
    order = make_order(follower=follower)
    ask_due_date(client, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    login(Role.FOLLOWER)
    assert client.get(f"/approvals/{req.id}").status_code == 404
    assert "Fabric late" not in client.get("/approvals/mine").get_data(as_text=True)
    assert client.post(f"/approvals/{req.id}/withdraw").status_code == 404
    assert client.get("/approvals/").status_code == 302  # to their own requests
    assert client.get("/approvals/list").status_code == 403
    assert client.post(f"/approvals/{req.id}/decide", data={"action": "approve"}).status_code == 404
    login(user=follower)  # the requester may not decide their own request
    assert client.post(f"/approvals/{req.id}/decide", data={"action": "approve"}).status_code == 403
    login(Role.INSPECTOR)
    assert client.post(f"/approvals/{req.id}/decide", data={"action": "approve"}).status_code == 404
    db.session.refresh(req)
    assert req.status is ApprovalStatus.PENDING


def test_the_requester_withdraws(client, login, follower, make_order, db):
    order = make_order(follower=follower)
    ask_due_date(client, login, follower, order)
    req = db.session.scalar(sa.select(ApprovalRequest))
    assert client.post(f"/approvals/{req.id}/withdraw").status_code == 303
    db.session.refresh(req)
    assert req.status is ApprovalStatus.WITHDRAWN


def test_deciding_needs_the_csrf_token(client, login, follower, supervisor, make_order, db, csrf):
    order = make_order(follower=follower)
    login(user=follower)
    req = services.request_approval(
        kind="due_date_change", by=db.session.get(User, follower.id),
        order=db.session.get(Order, order.id), subject_id=order.id, reason="x",
        payload={"new_due": (order.due_date + timedelta(days=2)).isoformat()},
    )  # fmt: skip
    db.session.commit()
    login(user=supervisor)
    response = client.post(f"/approvals/{req.id}/decide", data={"action": "approve"})
    assert response.status_code in (400, 422)
    db.session.refresh(req)
    assert req.status is ApprovalStatus.PENDING


def test_batch_approves_routine_sign_offs_with_one_confirmation(
    client, login, make_user, supervisor, make_order, run_inspection, db
):
    inspector = make_user(Role.INSPECTOR)
    order = make_order(quantity=1000, planned_qty=1000)
    clean = [run_inspection(order, inspector) for _ in range(2)]
    with_defects = run_inspection(order, inspector, defects=[("major", 9)])
    login(user=supervisor)
    page = client.get("/approvals/").get_data(as_text=True)
    assert page.count('name="ids"') == 2 and "data-confirm" in page
    nothing = client.post("/approvals/batch", data={})
    assert nothing.status_code == 422
    assert "Tick the requests to approve together." in nothing.get_data(as_text=True)
    ids = [str(services.open_request("inspection_signoff", i.id).id) for i in clean]
    response = client.post("/approvals/batch", data={"ids": ids})
    assert response.status_code == 303
    for i in clean:
        assert services.is_approved("inspection_signoff", i.id)
    assert services.open_request("inspection_signoff", with_defects.id) is not None
    refused = client.post("/approvals/batch", data={
        "ids": [str(services.open_request("inspection_signoff", with_defects.id).id)]})  # fmt: skip
    assert refused.status_code == 303
    assert services.open_request("inspection_signoff", with_defects.id) is not None


def test_inspection_pane_shows_plan_tallies_photos_and_checklist(
    client, login, make_user, supervisor, make_order, run_inspection, db
):
    from tests.conftest import jpeg_bytes

    inspector = make_user(Role.INSPECTOR)
    order = make_order(quantity=1000, planned_qty=1000)
    inspection = run_inspection(order, inspector, defects=[("major", 9)], photos=[jpeg_bytes()])
    req = services.open_request("inspection_signoff", inspection.id)
    login(user=supervisor)
    pane = client.get(f"/approvals/{req.id}", headers={"HX-Request": "true",
                                                         "HX-Target": "approval-detail"})  # fmt: skip
    body = pane.get_data(as_text=True)
    assert 'class="card approval-detail"' in body and "<html" not in body
    assert "Rework and re-inspect" in body and "Sign off the verdict" in body
    assert re.search(r'<a href="/photos/\d+" data-lightbox', body)
    assert re.search(r'data-class="major".*?<strong class="num">9</strong>', body, re.S)


def test_material_po_page_offers_the_concession_instead_of_the_warehouse_step(
    client, login, follower, make_order, db
):
    import uuid
    from datetime import date
    from decimal import Decimal

    from webapp.materials.models import (
        InspectionOutcome,
        MaterialPO,
        MaterialPOOrder,
        MaterialPOStatus,
        Supplier,
    )

    order = make_order(follower=follower)
    supplier = Supplier(code="JX", name="锦绣面料")
    db.session.add(supplier)
    db.session.flush()
    po = MaterialPO(
        client_uuid=uuid.uuid4(), number="MPO-9", supplier_id=supplier.id, item="精梳棉",
        quantity=500, unit="m", unit_price=Decimal("12"), promised_date=date.today(),
        status=MaterialPOStatus.INSPECTED, received_qty=500,
        inspection_result=InspectionOutcome.REJECTED, inspection_note="色差",
    )  # fmt: skip
    po.order_links = [MaterialPOOrder(order_id=order.id)]
    db.session.add(po)
    db.session.commit()
    login(user=follower)
    page = client.get(f"/materials/{po.id}").get_data(as_text=True)
    assert 'id="ask-material-concession"' in page and 'id="next-step"' not in page
    response = client.post(f"/approvals/request/material/{po.id}/concession",
                           data={"client_uuid": new_uuid(), "reason": "客户接受"})  # fmt: skip
    assert response.status_code == 303
    page = client.get(f"/materials/{po.id}").get_data(as_text=True)
    assert "Waiting for decision" in page and 'id="ask-material-concession"' not in page


def test_the_delay_page_shows_the_supervisors_decision(client, login, follower, make_order, db):
    import uuid as _uuid

    from webapp.delays import services as delays
    from webapp.delays.models import DelayCause, Department

    order = db.session.get(Order, make_order(follower=follower).id)
    lina = db.session.get(User, follower.id)
    delay, _ = delays.record_delay(
        order=order, by=lina, client_uuid=_uuid.uuid4(), cause=DelayCause.EQUIPMENT,
        department=Department.PRODUCTION, slip_days=2,
    )  # fmt: skip
    delays.escalate(delay, by=lina, note="need overtime")
    req = services.open_request("delay_escalation", delay.id)
    boss = User(username="boss", full_name="Wang Jun", role=Role.SUPERVISOR, password_hash="x")
    db.session.add(boss)
    services.decide(req, by=boss, approve=True, decision="subcontract", comment="Send to 恒达")
    db.session.commit()
    login(user=follower)
    page = client.get(f"/delays/{delay.id}").get_data(as_text=True)
    assert 'id="delay-decision"' in page
    assert "Authorise subcontracting" in page and "Send to 恒达" in page
