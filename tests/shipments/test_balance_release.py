"""The payment side of loading: terms that ask for the balance first hold the goods until the
money is in (or a supervisor releases them through the approval queue)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import jpeg_bytes
from tests.shipments.test_services import CHECK_OK, _get, _plan, _to_packed, setup  # noqa: F401
from webapp.auth.models import User
from webapp.orders.models import Order
from webapp.payments import services as payments
from webapp.payments.models import MilestoneKind
from webapp.shipments import services
from webapp.shipments.models import ShipmentStatus
from webapp.shipments.services import ShipmentRefused


def test_loading_waits_for_the_balance_required_before_shipment(db, setup, pass_fri):  # noqa: F811
    follower, inspector, _c, order = setup
    pass_fri(order, inspector)
    user = _get(db, User, follower.id)
    o = _get(db, Order, order.id)
    balance, _ = payments.add_milestone(
        o, {"kind": MilestoneKind.BALANCE_BEFORE_SHIPMENT, "amount": Decimal("7000.00"),
            "currency": "USD", "due_date": date.today()},
        by=user, client_uuid=uuid.uuid4(),
    )  # fmt: skip
    shipment = _plan(db, follower, order, 1000)
    _to_packed(db, shipment, user)
    services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
    loading = {"container_no": "CSNU1234567", "seal_no": "S-1", "checklist": CHECK_OK,
               "photos": [jpeg_bytes()]}  # fmt: skip
    with pytest.raises(ShipmentRefused) as exc:
        services.advance(shipment, ShipmentStatus.LOADED, by=user, **loading)
    assert exc.value.code == "balance_not_received" and exc.value.details["order"] == o.number
    payments.record_receipt(balance, amount=Decimal("7000.00"), received_on=date.today(),
                            by=user, today=date.today())  # fmt: skip
    services.advance(shipment, ShipmentStatus.LOADED, by=user, **loading)
    assert shipment.status is ShipmentStatus.LOADED


def test_the_shipment_page_says_balance_not_received(client, db, login, setup, make_shipment):  # noqa: F811
    follower, _inspector, _c, order = setup
    user = _get(db, User, follower.id)
    payments.add_milestone(
        _get(db, Order, order.id),
        {"kind": MilestoneKind.BALANCE_BEFORE_SHIPMENT, "amount": Decimal("100.00"),
         "currency": "USD", "due_date": date.today()},
        by=user, client_uuid=uuid.uuid4(),
    )  # fmt: skip
    db.session.commit()
    shipment_id = make_shipment([order], follower)
    login(user=follower)
    page = client.get(f"/shipments/{shipment_id}").get_data(as_text=True)
    assert f'data-balance-order="{order.number}"' in page
