"""Material PO services: idempotent create, edit, and every step of the state machine."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from webapp.audit.models import AuditEntry
from webapp.audit.services import history
from webapp.auth.models import Role, User
from webapp.materials import services
from webapp.materials.models import Currency, InspectionOutcome, MaterialPO, MaterialPOStatus
from webapp.materials.services import MaterialRuleBroken
from webapp.sync.idempotency import ClientUUIDConflict

S = MaterialPOStatus


@pytest.fixture
def follower(db, make_user):
    return db.session.get(User, make_user(Role.FOLLOWER).id)


@pytest.fixture
def supervisor(db, make_user):
    return db.session.get(User, make_user(Role.SUPERVISOR).id)


def data(supplier, **overrides):
    values = {
        "number": "MPO-1", "supplier_id": supplier.id, "item": "Zipper YKK #5 拉链", "spec": "18 cm",
        "quantity": 500, "unit": "pcs", "unit_price": Decimal("0.8500"), "currency": Currency.CNY,
        "promised_date": date.today() + timedelta(days=5), "note": "",
    }  # fmt: skip
    values.update(overrides)
    return values


def test_create_links_orders_and_is_audited(db, follower, make_supplier, make_order):
    supplier = make_supplier()
    a, b = make_order(follower=follower), make_order(follower=follower)
    po, created = services.create_po(
        data(supplier), [a.id, b.id, a.id], by=follower, client_uuid=uuid.uuid4()
    )
    db.session.commit()
    assert created and po.status is S.ORDERED and po.order_ids == [a.id, b.id]
    assert po.unit_price == Decimal("0.8500") and isinstance(po.unit_price, Decimal)
    (entry,) = history(po)
    assert entry.action == "create" and entry.changes["orders"] == [None, [a.id, b.id]]
    assert entry.changes["unit_price"] == [None, "0.8500"]


def test_same_uuid_twice_makes_one_po_and_other_content_conflicts(db, follower, make_supplier):
    supplier = make_supplier()
    key = uuid.uuid4()
    first, _ = services.create_po(data(supplier), [], by=follower, client_uuid=key)
    again, created = services.create_po(data(supplier), [], by=follower, client_uuid=key)
    assert again.id == first.id and not created
    assert db.session.scalar(sa.select(sa.func.count(MaterialPO.id))) == 1
    with pytest.raises(ClientUUIDConflict):
        services.create_po(data(supplier, quantity=600), [], by=follower, client_uuid=key)


def test_update_changes_fields_and_links_with_audit(db, follower, make_supplier, make_order):
    supplier = make_supplier()
    a, b = make_order(follower=follower), make_order(follower=follower)
    po, _ = services.create_po(data(supplier), [a.id], by=follower, client_uuid=uuid.uuid4())
    services.update_po(po, {"quantity": 550, "unit_price": Decimal("0.9")}, [b.id], by=follower)
    db.session.commit()
    assert po.quantity == 550 and po.order_ids == [b.id]
    entry = history(po)[-1]
    assert entry.action == "update"
    assert entry.changes["quantity"] == [500, 550]
    assert entry.changes["orders"] == [[a.id], [b.id]]


def test_quantity_must_be_positive(db, follower, make_supplier):
    with pytest.raises(MaterialRuleBroken) as exc:
        services.create_po(
            data(make_supplier(), quantity=0), [], by=follower, client_uuid=uuid.uuid4()
        )
    assert exc.value.code == "quantity_positive"


def _po(db, follower, make_supplier, **overrides):
    po, _ = services.create_po(
        data(make_supplier(), **overrides), [], by=follower, client_uuid=uuid.uuid4()
    )
    return po


def test_every_step_in_order_is_dated_and_audited(db, follower, make_supplier):
    po = _po(db, follower, make_supplier)
    services.advance(po, S.CONFIRMED, follower)
    services.advance(po, S.SHIPPED, follower)
    services.advance(po, S.RECEIVED, follower, received_qty=480)
    services.advance(po, S.INSPECTED, follower, inspection_result="accepted")
    services.advance(po, S.IN_WAREHOUSE, follower)
    db.session.commit()
    assert po.status is S.IN_WAREHOUSE and po.received_qty == 480
    assert po.inspection_result is InspectionOutcome.ACCEPTED
    stamps = [po.confirmed_at, po.shipped_at, po.received_at, po.inspected_at, po.warehoused_at]
    assert all(s is not None and s.tzinfo is not None for s in stamps)
    assert stamps == sorted(stamps)
    steps = [e for e in history(po) if e.action == "step"]
    assert [e.changes["status"] for e in steps] == [
        ["ordered", "confirmed"], ["confirmed", "shipped"], ["shipped", "received"],
        ["received", "inspected"], ["inspected", "in_warehouse"],
    ]  # fmt: skip
    assert steps[2].changes["received_qty"] == [None, 480]
    assert steps[3].changes["inspection_result"] == [None, "accepted"]
    assert all(e.actor_id == follower.id for e in steps)


@pytest.mark.parametrize(
    "status,to",
    [
        (S.ORDERED, S.SHIPPED), (S.ORDERED, S.RECEIVED), (S.CONFIRMED, S.INSPECTED),
        (S.SHIPPED, S.IN_WAREHOUSE), (S.RECEIVED, S.IN_WAREHOUSE), (S.CONFIRMED, S.CONFIRMED),
        (S.SHIPPED, S.CONFIRMED), (S.ORDERED, S.ORDERED),
    ],
)  # fmt: skip
def test_steps_cannot_be_skipped_or_repeated(db, follower, make_supplier, status, to):
    po = _po(db, follower, make_supplier)
    po.status = status
    with pytest.raises(MaterialRuleBroken) as exc:
        services.advance(po, to, follower, received_qty=1, inspection_result="accepted")
    assert exc.value.code == "bad_step"
    assert po.status is status


@pytest.mark.parametrize("status", [S.ORDERED, S.CONFIRMED, S.SHIPPED, S.RECEIVED, S.INSPECTED])
def test_cancel_from_any_open_step(db, follower, make_supplier, status):
    po = _po(db, follower, make_supplier)
    po.status = status
    services.advance(po, S.CANCELLED, follower, note="Supplier cannot make it")
    assert po.status is S.CANCELLED and po.cancelled_at is not None
    entry = history(po)[-1]
    assert entry.changes["status"] == [status.value, "cancelled"]
    assert entry.changes["note"] == [None, "Supplier cannot make it"]


@pytest.mark.parametrize("final", [S.CANCELLED, S.IN_WAREHOUSE])
@pytest.mark.parametrize("to", [S.CONFIRMED, S.CANCELLED, S.IN_WAREHOUSE, S.ORDERED])
def test_final_states_are_final(db, follower, make_supplier, final, to):
    po = _po(db, follower, make_supplier)
    po.status = final
    with pytest.raises(MaterialRuleBroken) as exc:
        services.advance(po, to, follower)
    assert exc.value.code == "final"
    with pytest.raises(MaterialRuleBroken):
        services.update_po(po, {"quantity": 1}, [], by=follower)


@pytest.mark.parametrize("qty", [None, -1, True])
def test_received_needs_a_quantity_of_zero_or_more(db, follower, make_supplier, qty):
    po = _po(db, follower, make_supplier)
    po.status = S.SHIPPED
    with pytest.raises(MaterialRuleBroken) as exc:
        services.advance(po, S.RECEIVED, follower, received_qty=qty)
    assert exc.value.code == "received_qty" and po.status is S.SHIPPED and po.received_qty is None


def test_received_zero_is_allowed(db, follower, make_supplier):
    po = _po(db, follower, make_supplier)
    po.status = S.SHIPPED
    services.advance(po, S.RECEIVED, follower, received_qty=0)
    assert po.received_qty == 0


@pytest.mark.parametrize(
    "result,note,code",
    [
        (None, "", "inspection_result"),
        ("maybe", "", "inspection_result"),
        ("rejected", "  ", "rejection_note"),
    ],
)
def test_inspected_needs_a_result_and_a_note_when_rejected(
    db, follower, make_supplier, result, note, code
):
    po = _po(db, follower, make_supplier)
    po.status, po.received_qty = S.RECEIVED, 500
    with pytest.raises(MaterialRuleBroken) as exc:
        services.advance(po, S.INSPECTED, follower, inspection_result=result, inspection_note=note)
    assert exc.value.code == code and po.status is S.RECEIVED


def test_rejected_lot_goes_to_warehouse_only_through_an_approved_concession(
    db, follower, supervisor, make_supplier
):
    from webapp.approvals import services as approvals
    from webapp.materials.approval_kinds import request_concession

    po = _po(db, follower, make_supplier)
    po.status, po.received_qty = S.RECEIVED, 500
    services.advance(
        po,
        S.INSPECTED,
        follower,
        inspection_result=InspectionOutcome.REJECTED,
        inspection_note="色差 shade off",
    )
    assert po.inspection_note == "色差 shade off"
    for who in (follower, supervisor):  # nobody skips the request, not even the supervisor
        with pytest.raises(MaterialRuleBroken) as exc:
            services.advance(po, S.IN_WAREHOUSE, who)
        assert exc.value.code == "rejected_lot"
    req = request_concession(po, by=follower, reason="客户同意色差 customer accepts the shade")
    assert po.status is S.INSPECTED
    approvals.decide(req, by=supervisor, approve=True, comment="OK this once")
    assert po.status is S.IN_WAREHOUSE
    assert history(po)[-1].changes["concession"] == [None, req.number]
    assert history(po)[-1].actor_id == supervisor.id


def test_suppliers_are_audited_and_codes_unique(db, supervisor):
    supplier = services.create_supplier(
        {"code": "JX", "name": "锦绣", "contact": "", "active": True}, by=supervisor
    )
    services.update_supplier(supplier, {"name": "锦绣纺织"}, by=supervisor)
    with pytest.raises(MaterialRuleBroken):
        services.create_supplier(
            {"code": "jx", "name": "x", "contact": "", "active": True}, by=supervisor
        )
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.entity_type == "suppliers")
    ).all()
    assert actions == ["create", "update"]
