"""The kinds the product raises: what asking does, and what approving or rejecting changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from webapp.approvals import queries, registry, services
from webapp.approvals.models import ApprovalRequest, ApprovalStatus
from webapp.approvals.services import ApprovalRefused
from webapp.audit.models import AuditEntry
from webapp.audit.services import history
from webapp.auth.models import Role, User
from webapp.inspections.models import Inspection, InspectionResult
from webapp.orders.models import Order


@pytest.fixture
def cast(make_user, db):
    users = {r: make_user(r) for r in (Role.FOLLOWER, Role.INSPECTOR, Role.SUPERVISOR)}
    return {r.value: db.session.get(User, u.id) for r, u in users.items()}


def test_the_kinds_of_the_product_are_registered():
    names = {k.name for k in registry.all_kinds()}
    assert {"inspection_signoff", "inspection_concession", "material_concession",
            "delay_escalation", "due_date_change"} <= names  # fmt: skip


def test_submitting_an_inspection_asks_for_sign_off_and_approval_signs_it(
    cast, make_order, run_inspection, db
):
    order = make_order(follower=cast["follower"], quantity=1000, planned_qty=1000)
    inspection = run_inspection(order, cast["inspector"])
    req = services.open_request("inspection_signoff", inspection.id)
    assert req is not None and req.order_id == order.id
    assert req.requested_by_id == cast["inspector"].id
    kind = registry.get("inspection_signoff")
    assert kind.is_batchable(req)  # accepted with zero defects: routine
    assert queries.queue(cast["supervisor"]) == [req]
    services.decide(req, by=cast["supervisor"], approve=True)
    db.session.commit()
    assert inspection.signoff.status is ApprovalStatus.APPROVED
    assert history(inspection)[-1].action == "signed_off"


def test_an_accepted_lot_with_defects_is_not_routine(cast, make_order, run_inspection, db):
    order = make_order(follower=cast["follower"], quantity=1000, planned_qty=1000)
    inspection = run_inspection(order, cast["inspector"], defects=[("minor", 1)])
    assert inspection.result is InspectionResult.ACCEPTED
    req = services.open_request("inspection_signoff", inspection.id)
    assert not registry.get("inspection_signoff").is_batchable(req)
    with pytest.raises(ApprovalRefused):
        services.decide_batch([req], by=cast["supervisor"])


def test_rejecting_the_sign_off_opens_the_linked_reinspection(cast, make_order, run_inspection, db):
    order = make_order(follower=cast["follower"], quantity=1000, planned_qty=1000)
    inspection = run_inspection(order, cast["inspector"], defects=[("major", 9)])
    assert inspection.result is InspectionResult.REJECTED
    req = services.open_request("inspection_signoff", inspection.id)
    services.decide(req, by=cast["supervisor"], approve=False, comment="返工后复检 rework")
    db.session.commit()
    again = db.session.scalars(
        sa.select(Inspection).where(Inspection.reinspection_of_id == inspection.id)
    ).all()
    assert len(again) == 1
    assert again[0].inspector_id == cast["inspector"].id  # the inspector redoes it
    assert req.payload["reinspection_id"] == again[0].id
    with pytest.raises(services.AlreadyDecided):
        services.decide(req, by=cast["supervisor"], approve=False, comment="again")


def test_concession_on_a_rejected_lot_marks_it_accepted_under_concession(
    cast, make_order, run_inspection, db
):
    from webapp.inspections.approval_kinds import request_concession

    order = make_order(follower=cast["follower"], quantity=1000, planned_qty=1000)
    inspection = run_inspection(order, cast["inspector"], defects=[("major", 9)])
    assert not inspection.passed and not inspection.under_concession
    with pytest.raises(ApprovalRefused) as refused:
        request_concession(inspection, by=cast["follower"], reason="  ")
    assert refused.value.code == "reason_required"
    req = request_concession(inspection, by=cast["follower"], reason="客户书面同意 customer agrees")
    db.session.commit()
    assert not services.is_approved("inspection_concession", inspection.id)
    services.decide(req, by=cast["supervisor"], approve=True, comment="仅此一批")
    db.session.commit()
    assert services.is_approved("inspection_concession", inspection.id)
    assert inspection.under_concession and inspection.passed
    assert history(inspection)[-1].action == "concession"
    with pytest.raises(ApprovalRefused) as refused:
        request_concession(inspection, by=cast["follower"], reason="again")
    assert refused.value.code == "already_approved"


def test_no_concession_for_an_accepted_lot_or_another_followers_order(
    cast, make_user, make_order, run_inspection, db
):
    from webapp.inspections.approval_kinds import request_concession

    order = make_order(follower=cast["follower"], quantity=1000, planned_qty=1000)
    accepted = run_inspection(order, cast["inspector"])
    with pytest.raises(ApprovalRefused):
        request_concession(accepted, by=cast["follower"], reason="why not")
    rejected = run_inspection(order, cast["inspector"], defects=[("critical", 1)])
    stranger = db.session.get(User, make_user(Role.FOLLOWER).id)
    with pytest.raises(ApprovalRefused) as refused:
        request_concession(rejected, by=stranger, reason="mine now")
    assert refused.value.code == "not_allowed"


def test_due_date_change_approved_moves_the_due_date_audited(cast, make_order, db):
    from webapp.orders.approval_kinds import request_change

    order = db.session.get(Order, make_order(follower=cast["follower"]).id)
    old = order.due_date
    new = old + timedelta(days=7)
    with pytest.raises(ApprovalRefused) as refused:
        request_change(order, by=cast["follower"], new_due=old, reason="same")
    assert refused.value.code == "same_due"
    req = request_change(order, by=cast["follower"], new_due=new, reason="面料晚到 fabric late")
    db.session.commit()
    assert order.due_date == old  # nothing moves before the decision
    services.decide(req, by=cast["supervisor"], approve=True, comment="客户已同意")
    db.session.commit()
    assert order.due_date == new
    entry = history(order)[-1]
    assert entry.action == "due_date" and entry.actor_id == cast["supervisor"].id
    assert entry.changes["due_date"] == [old.isoformat(), new.isoformat()]
    assert entry.changes["because"] == [None, req.number]


def test_supervisor_may_approve_a_different_date_than_asked(cast, make_order, db):
    from webapp.orders.approval_kinds import request_change

    order = db.session.get(Order, make_order(follower=cast["follower"]).id)
    asked, granted = order.due_date + timedelta(days=10), order.due_date + timedelta(days=5)
    req = request_change(order, by=cast["follower"], new_due=asked, reason="slow sewing")
    services.decide(req, by=cast["supervisor"], approve=True, data={"new_due": granted.isoformat()})
    assert order.due_date == granted


def test_rejected_due_date_change_leaves_the_order_alone(cast, make_order, db):
    from webapp.orders.approval_kinds import request_change

    order = db.session.get(Order, make_order(follower=cast["follower"]).id)
    old = order.due_date
    req = request_change(order, by=cast["follower"], new_due=old + timedelta(days=3), reason="x")
    services.decide(req, by=cast["supervisor"], approve=False, comment="客户不接受")
    assert order.due_date == old


def _escalated(cast, make_order, db, **fields):
    from webapp.delays import services as delays
    from webapp.delays.models import DelayCause, Department

    order = db.session.get(Order, make_order(follower=cast["follower"]).id)
    import uuid

    delay, _ = delays.record_delay(
        order=order, by=cast["follower"], client_uuid=uuid.uuid4(), cause=DelayCause.EQUIPMENT,
        department=Department.PRODUCTION, slip_days=3, hours_lost=16, note="平车坏了",
        **fields,
    )  # fmt: skip
    delays.escalate(delay, by=cast["follower"], note="需要加班")
    db.session.commit()
    return order, delay


def test_escalating_a_delay_asks_the_supervisor_and_each_decision_is_recorded(cast, make_order, db):
    order, delay = _escalated(cast, make_order, db)
    req = services.open_request("delay_escalation", delay.id)
    assert req.reason == "需要加班" and req.order_id == order.id
    with pytest.raises(ApprovalRefused) as refused:
        services.decide(req, by=cast["supervisor"], approve=True)
    assert refused.value.code == "decision_required"
    with pytest.raises(ApprovalRefused) as refused:
        services.decide(req, by=cast["supervisor"], approve=True, decision="other")
    assert refused.value.code == "comment_required"  # "other" needs the explanation
    old_due = order.due_date
    services.decide(req, by=cast["supervisor"], approve=True, decision="overtime",
                    comment="周六加班")  # fmt: skip
    db.session.commit()
    assert (req.status, req.decision) == (ApprovalStatus.APPROVED, "overtime")
    assert order.due_date == old_due


def test_escalation_decided_as_a_new_due_date_moves_the_order(cast, make_order, db):
    order, delay = _escalated(cast, make_order, db)
    req = services.open_request("delay_escalation", delay.id)
    new_due = order.due_date + timedelta(days=3)
    with pytest.raises(ApprovalRefused) as refused:
        services.decide(req, by=cast["supervisor"], approve=True, decision="change_due_date")
    assert refused.value.code == "new_due"
    assert req.status is ApprovalStatus.PENDING
    services.decide(req, by=cast["supervisor"], approve=True, decision="change_due_date",
                    data={"new_due": new_due.isoformat()})  # fmt: skip
    db.session.commit()
    assert order.due_date == new_due
    assert history(order)[-1].changes["because"] == [None, req.number]


def test_material_concession_is_asked_by_the_follower_and_performed_on_approval(
    cast, make_order, db
):
    import uuid
    from decimal import Decimal

    from webapp.materials.approval_kinds import request_concession
    from webapp.materials.models import InspectionOutcome, MaterialPO, MaterialPOStatus, Supplier

    order = make_order(follower=cast["follower"])
    supplier = Supplier(code="JX", name="锦绣面料")
    db.session.add(supplier)
    db.session.flush()
    po = MaterialPO(
        client_uuid=uuid.uuid4(), number="MPO-9", supplier_id=supplier.id, item="精梳棉",
        quantity=500, unit="m", unit_price=Decimal("12"), promised_date=date.today(),
        status=MaterialPOStatus.INSPECTED, received_qty=500,
        inspection_result=InspectionOutcome.REJECTED, inspection_note="色差",
    )  # fmt: skip
    from webapp.materials.models import MaterialPOOrder

    po.order_links = [MaterialPOOrder(order_id=order.id)]
    db.session.add(po)
    db.session.commit()
    req = request_concession(po, by=cast["follower"], reason="客户接受轻微色差")
    db.session.commit()
    assert req.order_id == order.id and po.status is MaterialPOStatus.INSPECTED
    services.decide(req, by=cast["supervisor"], approve=False, comment="退货")
    assert po.status is MaterialPOStatus.INSPECTED  # rejected: back to the supplier
    again = request_concession(po, by=cast["follower"], reason="客户书面确认")
    services.decide(again, by=cast["supervisor"], approve=True)
    db.session.commit()
    assert po.status is MaterialPOStatus.IN_WAREHOUSE
    step = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_type == "material_pos")
        .order_by(AuditEntry.id.desc())
    ).first()  # fmt: skip
    assert step.changes["concession"] == [None, again.number]
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 2
