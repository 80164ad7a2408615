"""Asking for the PP exception and the shipment release from the pages: the request lands in the
supervisor's queue with its evidence."""

from __future__ import annotations

from datetime import date

from flask import render_template

from tests.conftest import new_uuid
from webapp.approvals import queries as approval_queries
from webapp.approvals import registry
from webapp.auth.models import Role, User
from webapp.orders.models import OrderStatus


def test_follower_asks_for_the_pp_exception_and_the_supervisor_sees_the_evidence(
    app, client, db, login, make_order, make_user, add_sample
):
    boss = make_user(Role.SUPERVISOR)
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED, style="YP-8806")
    add_sample(order, db.session.get(User, follower.id), spec="90% 白鸭绒")
    db.session.commit()
    url = f"/samples/orders/{order.id}/pp-exception"
    assert client.post(url, data={"client_uuid": new_uuid(), "reason": " "}).status_code == 422
    response = client.post(url, data={"client_uuid": new_uuid(),
                                      "reason": "客户邮件同意先开裁, 交期紧"})  # fmt: skip
    assert response.status_code == 302
    assert 'id="exception-pending"' in client.get(url).get_data(as_text=True)
    queue = approval_queries.queue(db.session.get(User, boss.id))
    assert [r.kind for r in queue] == ["pp_sample_exception"]
    req = queue[0]
    kind = registry.get(req.kind)
    with app.test_request_context():
        assert order.number in kind.title(req)
        html = render_template(kind.detail_template, req=req, **kind.context(req))
    assert "YP-8806" in html and 'id="pp-exception-evidence"' in html


def test_follower_asks_for_a_shipment_release_when_the_balance_is_missing(
    app, client, db, login, make_order, make_user
):
    boss = make_user(Role.SUPERVISOR)
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower)
    client.post(f"/payments/orders/{order.id}/milestones", data={
        "client_uuid": new_uuid(), "kind": "balance_before_shipment", "amount": "7000.00",
        "currency": "USD", "due_date": date.today().isoformat()})  # fmt: skip
    url = f"/payments/orders/{order.id}/release"
    assert client.post(url, data={"reason": ""}).status_code == 422
    assert (
        client.post(url, data={"reason": "水单已到", "client_uuid": new_uuid()}).status_code == 302
    )
    page = client.get(f"/payments/orders/{order.id}").get_data(as_text=True)
    assert 'id="release-pending"' in page
    req = approval_queries.queue(db.session.get(User, boss.id))[0]
    kind = registry.get(req.kind)
    with app.test_request_context():
        html = render_template(kind.detail_template, req=req, **kind.context(req))
    assert 'id="release-evidence"' in html and "7,000.00" in html
