"""Delays and complaints on the web: record, escalate, flag, resolve; permissions; prompts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from tests.conftest import jpeg_bytes, new_uuid
from webapp.audit.models import AuditEntry
from webapp.auth.models import Role
from webapp.delays.models import Complaint, ComplaintStatus, Delay, DelayStatus
from webapp.orders.models import OrderStatus


def record(client, order, **fields):
    data = {"client_uuid": new_uuid(), "stage_id": "0", "cause": "equipment",
            "department": "production", "hours_lost": "4", "qty_affected": "100", "slip_days": "1"}  # fmt: skip
    photos = fields.pop("photos", None)
    data.update(fields)
    if photos:
        data["photos"] = [(BytesIO(p), f"p{i}.jpg") for i, p in enumerate(photos)]
    return client.post(
        f"/orders/{order.id}/delays/new", data=data, content_type="multipart/form-data"
    )


@pytest.fixture
def follower(login):
    return login(Role.FOLLOWER, language="en")


def test_follower_records_a_delay_on_a_stage_with_a_photo(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = record(client, order, stage_id=str(order.stages[1].id), cause="material",
                      department="purchasing", photos=[jpeg_bytes()])  # fmt: skip
    assert response.status_code == 302
    delay = db.session.scalar(sa.select(Delay))
    assert (delay.stage_id, delay.cause.value, delay.status) == (
        order.stages[1].id,
        "material",
        DelayStatus.OPEN,
    )
    assert len(delay.photos) == 1
    assert (
        db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity_type == "delays")).actor_id
        == follower.id
    )
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Material short or late" in page


def test_other_requires_a_note_and_keeps_the_input(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = record(client, order, cause="other", hours_lost="7", note="")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Describe the cause when you choose Other." in body
    assert 'value="7"' in body
    assert db.session.scalar(sa.select(sa.func.count(Delay.id))) == 0


def test_missing_cause_and_negative_numbers_are_refused(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = record(client, order, cause="", hours_lost="-3")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the cause." in body or "Not a valid choice" in body
    assert "Enter a whole number of 0 or more." in body
    assert db.session.scalar(sa.select(sa.func.count(Delay.id))) == 0


def test_retry_is_not_a_duplicate(client, follower, make_order, db):
    order = make_order(follower=follower)
    uid = new_uuid()
    record(client, order, client_uuid=uid)
    record(client, order, client_uuid=uid)
    assert db.session.scalar(sa.select(sa.func.count(Delay.id))) == 1


def test_escalate_flag_and_resolve_with_time_to_resolve(client, login, follower, make_order, db):
    order = make_order(follower=follower, due_date=date.today() + timedelta(days=2))
    record(client, order, slip_days="5")
    delay = db.session.scalar(sa.select(Delay))
    client.post(f"/delays/{delay.id}/escalate", data={"note": "need overtime approval"})
    assert db.session.get(Delay, delay.id).status is DelayStatus.ESCALATED
    # the supervisor sees it with the flag that the slip endangers the due date
    supervisor = login(Role.SUPERVISOR, language="en")
    home = client.get("/").get_data(as_text=True)
    assert delay.number in home and "Slip endangers the due date" in home
    # resolution needs both fields
    client.post(f"/delays/{delay.id}/resolve", data={"root_cause": "belt", "action_taken": ""})
    assert db.session.get(Delay, delay.id).status is DelayStatus.ESCALATED
    client.post(
        f"/delays/{delay.id}/resolve",
        data={"root_cause": "worn belt", "action_taken": "replaced, overtime"},
    )
    resolved = db.session.get(Delay, delay.id)
    assert resolved.status is DelayStatus.RESOLVED
    assert resolved.resolved_at >= resolved.created_at
    page = client.get(f"/delays/{delay.id}").get_data(as_text=True)
    assert 'id="time-to-resolve"' in page
    actions = [
        e.action
        for e in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "delays").order_by(AuditEntry.id)
        )
    ]
    assert actions == ["create", "escalated", "resolved"]
    assert supervisor.id in [e.actor_id for e in db.session.scalars(sa.select(AuditEntry))]
    # a resolved delay cannot be resolved or escalated again
    client.post(f"/delays/{delay.id}/escalate", data={})
    assert db.session.get(Delay, delay.id).status is DelayStatus.RESOLVED


def test_cancel_needs_a_reason(client, follower, make_order, db):
    order = make_order(follower=follower)
    record(client, order)
    delay = db.session.scalar(sa.select(Delay))
    client.post(f"/delays/{delay.id}/cancel", data={"reason": ""})
    assert db.session.get(Delay, delay.id).status is DelayStatus.OPEN
    client.post(f"/delays/{delay.id}/cancel", data={"reason": "entered twice"})
    assert db.session.get(Delay, delay.id).status is DelayStatus.CANCELLED


def test_old_open_delays_are_flagged_automatically(client, login, make_user, make_order, db, app):
    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower)
    login(user=follower)
    record(client, order, slip_days="0")
    delay = db.session.scalar(sa.select(Delay))
    delay.created_at = delay.created_at - timedelta(hours=60)
    db.session.commit()
    login(Role.SUPERVISOR, language="en")
    assert "Open too long" in client.get("/").get_data(as_text=True)


def test_permissions(client, login, make_user, make_order, db):
    owner = make_user(Role.FOLLOWER)
    order = make_order(follower=owner)
    login(user=owner)
    record(client, order)
    delay = db.session.scalar(sa.select(Delay))
    login(Role.FOLLOWER)  # another follower
    assert client.get(f"/delays/{delay.id}").status_code == 404
    assert client.get(f"/orders/{order.id}/delays/new").status_code == 404
    assert "DL" not in client.get("/delays/").get_data(as_text=True).split("<main")[1]
    login(Role.INSPECTOR)
    assert client.get(f"/orders/{order.id}/delays/new").status_code == 403
    assert client.post(f"/delays/{delay.id}/escalate").status_code == 403
    login(Role.SUPERVISOR)
    assert client.get(f"/delays/{delay.id}").status_code == 200


def test_closed_order_takes_no_delay(client, follower, make_order, db):
    order = make_order(follower=follower, status=OrderStatus.CLOSED)
    assert record(client, order).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Delay.id))) == 0


def test_order_page_asks_for_a_cause_when_a_stage_is_behind(client, follower, make_order, db):
    # planned 100 over 10 days from 6 days ago: about 50-60 expected by now, nothing done
    order = make_order(follower=follower, start=date.today() - timedelta(days=6), days=10)
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert page.count('class="alert alert-warning delay-prompt"') == 2
    record(client, order, stage_id=str(order.stages[0].id))
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert page.count('class="alert alert-warning delay-prompt"') == 1


def test_lists_by_cause_and_factory(client, follower, make_order, make_factory, db):
    factory = make_factory(name="慈溪恒达制衣厂")
    order = make_order(follower=follower, factory=factory)
    record(client, order, cause="material")
    record(client, order, cause="material")
    record(client, order, cause="equipment")
    page = client.get("/delays/?view=causes").get_data(as_text=True)
    assert page.index("Material short or late") < page.index("Equipment breakdown")
    page = client.get("/delays/?view=factories").get_data(as_text=True)
    assert "慈溪恒达制衣厂" in page
    page = client.get("/delays/").get_data(as_text=True)
    listing = page.split('id="open-delays"')[1]
    assert listing.count("<li>") == 3


# --- complaints ----------------------------------------------------------------------------


def test_complaint_logged_routed_and_closed(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = client.post(
        f"/orders/{order.id}/complaints/new",
        data={"client_uuid": new_uuid(), "category": "quality", "severity": "high",
              "department": "qc", "description": "12 pcs open seams"},
    )  # fmt: skip
    assert response.status_code == 302
    complaint = db.session.scalar(sa.select(Complaint))
    client.post(f"/complaints/{complaint.id}/route", data={"department": "production"})
    assert db.session.get(Complaint, complaint.id).status is ComplaintStatus.IN_PROGRESS
    client.post(f"/complaints/{complaint.id}/close", data={"action_taken": ""})
    assert db.session.get(Complaint, complaint.id).status is ComplaintStatus.IN_PROGRESS
    client.post(
        f"/complaints/{complaint.id}/close", data={"action_taken": "reworked and re-shipped"}
    )
    closed = db.session.get(Complaint, complaint.id)
    assert closed.status is ComplaintStatus.CLOSED and closed.closed_at is not None
    assert closed.number in client.get("/complaints/").get_data(as_text=True)
    assert client.get(f"/complaints/{complaint.id}").status_code == 200


def test_complaint_without_description_is_refused(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = client.post(
        f"/orders/{order.id}/complaints/new",
        data={
            "client_uuid": new_uuid(),
            "category": "quality",
            "severity": "low",
            "department": "qc",
            "description": "",
        },
    )
    assert response.status_code == 422
    assert "Describe the complaint." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 0


def _po(db, order_ids, **fields):
    import uuid
    from decimal import Decimal

    from webapp.materials.models import MaterialPO, MaterialPOOrder, MaterialPOStatus, Supplier

    supplier = Supplier(code=f"S{uuid.uuid4().hex[:6]}", name="Zipper Co")
    db.session.add(supplier)
    db.session.flush()
    po = MaterialPO(
        client_uuid=uuid.uuid4(), number=fields.get("number", "MP-1"), supplier_id=supplier.id,
        item="zipper", quantity=1000, unit_price=Decimal("0.5"),
        promised_date=date.today() - timedelta(days=1), status=MaterialPOStatus.SHIPPED,
    )  # fmt: skip
    for order_id in order_ids:
        po.order_links.append(MaterialPOOrder(order_id=order_id))
    db.session.add(po)
    db.session.commit()
    return po


def test_a_late_material_po_is_offered_as_the_cause_and_linked(client, follower, make_order, db):
    order = make_order(follower=follower)
    po = _po(db, [order.id], number="MP-LATE")
    page = client.get(f"/orders/{order.id}/delays/new").get_data(as_text=True)
    assert 'id="material-problems"' in page and "MP-LATE" in page
    assert re.search(r'<input checked[^>]*value="material"', page)
    response = record(
        client, order, cause="material", material_po_id=str(po.id), department="purchasing"
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Delay)).material_po_id == po.id


def test_a_po_of_another_order_cannot_be_linked(client, follower, make_order, db):
    order = make_order(follower=follower)
    other = make_order(follower=follower)
    po = _po(db, [other.id])
    record(client, order, cause="material", material_po_id=str(po.id))
    assert db.session.scalar(sa.select(Delay)).material_po_id is None, "unknown PO ids are ignored"
