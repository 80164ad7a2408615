"""No bulk production before the PP sample is approved; an overdue sample puts the order at risk."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from webapp.orders import services as orders
from webapp.orders.models import Order, OrderStatus
from webapp.orders.services import OrderRuleBroken
from webapp.progress import services as progress
from webapp.progress.queries import progress_for_orders
from webapp.samples import rules, services
from webapp.samples.models import SampleStatus, SampleType

S = SampleStatus
TODAY = date.today()


def approve(sample, by, result=S.APPROVED):
    services.advance(sample, S.IN_MAKING, by=by)
    services.advance(sample, S.READY, by=by)
    services.advance(sample, S.SENT, by=by, courier="DHL", tracking_no="123", today=TODAY)
    services.record_result(sample, result, by=by, comment="ok", today=TODAY)


def test_bulk_cannot_start_before_the_pp_sample_is_approved(db, make_order, follower, add_sample):
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    o = db.session.get(Order, order.id)
    assert rules.pp_state(o) == "none"  # no PP sample asked for: nothing to wait for
    pp = add_sample(order, follower)
    add_sample(order, follower, type=SampleType.LAB_DIP)
    with pytest.raises(OrderRuleBroken) as exc:
        orders.change_status(o, OrderStatus.IN_PRODUCTION, by=follower)
    assert exc.value.code == "pp_sample_not_approved"
    assert o.status is OrderStatus.CONFIRMED
    approve(pp, follower, S.APPROVED_WITH_COMMENTS)
    orders.change_status(o, OrderStatus.IN_PRODUCTION, by=follower)
    assert o.status is OrderStatus.IN_PRODUCTION


def test_a_rejected_round_does_not_count_the_next_approved_one_does(
    db, make_order, follower, add_sample
):
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    o = db.session.get(Order, order.id)
    first = add_sample(order, follower)
    services.advance(first, S.IN_MAKING, by=follower)
    services.advance(first, S.READY, by=follower)
    services.advance(first, S.SENT, by=follower, courier="UPS", tracking_no="1Z", today=TODAY)
    services.record_result(first, S.REJECTED, by=follower, comment="wrong shade", today=TODAY)
    assert rules.bulk_start_blocked(o)
    second, _ = services.open_next_round(first, by=follower, client_uuid=uuid.uuid4(),
                                         due_date=TODAY, requested_date=TODAY)  # fmt: skip
    approve(second, follower)
    assert rules.pp_state(o) == "approved" and not rules.bulk_start_blocked(o)


def test_first_checkin_before_production_is_bulk_and_refused(db, make_order, follower, add_sample):
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    add_sample(order, follower)
    o = db.session.get(Order, order.id)
    with pytest.raises(progress.CheckInRefused) as exc:
        progress.record_checkin(stage=o.stages[0], by=follower, client_uuid=uuid.uuid4(),
                                good_qty=10)  # fmt: skip
    assert exc.value.code == "pp_sample_not_approved"


def test_checkins_of_an_order_already_in_production_are_never_refused(
    db, make_order, follower, add_sample
):
    order = make_order(follower=follower, status=OrderStatus.IN_PRODUCTION)
    add_sample(order, follower)  # asked for late: the output on the floor is still recorded
    o = db.session.get(Order, order.id)
    result = progress.record_checkin(stage=o.stages[0], by=follower, client_uuid=uuid.uuid4(),
                                     good_qty=10)  # fmt: skip
    assert result.created


def test_style_pp_sample_without_an_order_counts_for_the_customers_order(db, make_order, follower):
    from webapp.samples.models import SampleMaker

    order = make_order(follower=follower, status=OrderStatus.CONFIRMED, style="HB-77")
    o = db.session.get(Order, order.id)
    services.create_sample(
        {"type": SampleType.PRE_PRODUCTION, "quantity": 1, "requested_date": TODAY,
         "due_date": TODAY, "maker": SampleMaker.SAMPLE_ROOM, "customer_id": o.customer_id,
         "style": "HB-77"}, by=follower, client_uuid=uuid.uuid4(),
    )  # fmt: skip
    assert rules.bulk_start_blocked(o)


def test_an_overdue_sample_makes_the_order_at_risk_with_that_reason(
    db, make_order, follower, add_sample
):
    order = make_order(follower=follower, start=TODAY + timedelta(days=3), days=30)
    sample = add_sample(order, follower, type=SampleType.SHIPPING, due=TODAY - timedelta(days=2))
    o = db.session.get(Order, order.id)
    progress_ = progress_for_orders([o], TODAY)[o.id]
    assert progress_.at_risk
    assert [r.kind for r in progress_.main_risks] == ["sample_overdue"]
    reason = progress_.main_risks[0]
    assert (reason.kind, reason.sample.id, reason.days_late) == ("sample_overdue", sample.id, 2)
    # sent: no longer ours to keep, no longer a risk
    services.advance(sample, S.IN_MAKING, by=follower)
    services.advance(sample, S.READY, by=follower)
    services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no="9", today=TODAY)
    assert not progress_for_orders([o], TODAY)[o.id].at_risk


def test_a_supervisors_approved_exception_lets_bulk_start(
    db, make_order, follower, supervisor, add_sample
):
    from webapp.approvals import services as approvals

    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    add_sample(order, follower)
    o = db.session.get(Order, order.id)
    req = approvals.request_approval(
        kind=rules.EXCEPTION_KIND, by=follower, order=o, subject_id=o.id,
        reason="客户口头确认颜色, 交期紧 customer confirmed colour by phone, tight due date",
    )  # fmt: skip
    assert rules.pp_state(o) == "waiting"  # asking is not enough
    with pytest.raises(OrderRuleBroken):
        orders.change_status(o, OrderStatus.IN_PRODUCTION, by=follower)
    approvals.decide(req, by=supervisor, approve=True, comment="同意, 大货首件再确认")
    assert rules.pp_state(o) == "exception"
    orders.change_status(o, OrderStatus.IN_PRODUCTION, by=follower)
    assert o.status is OrderStatus.IN_PRODUCTION


def test_a_rejected_exception_keeps_bulk_blocked(db, make_order, follower, supervisor, add_sample):
    from webapp.approvals import services as approvals

    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    add_sample(order, follower)
    o = db.session.get(Order, order.id)
    req = approvals.request_approval(kind=rules.EXCEPTION_KIND, by=follower, order=o,
                                     subject_id=o.id, reason="赶交期")  # fmt: skip
    approvals.decide(req, by=supervisor, approve=False, comment="等客户书面确认")
    assert rules.bulk_start_blocked(o)
    with pytest.raises(progress.CheckInRefused):
        progress.record_checkin(stage=o.stages[0], by=follower, client_uuid=uuid.uuid4(),
                                good_qty=5)  # fmt: skip
