"""Fixtures of the shipment tests: an order whose final inspection passed, a shipment."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import Flask

from webapp.extensions import db as _db


@pytest.fixture
def pass_fri(app: Flask) -> Callable[..., object]:
    """Give an order a submitted final inspection with the given result."""
    from webapp.inspections.models import (
        Inspection,
        InspectionResult,
        InspectionStatus,
        InspectionType,
    )

    def make(order, by, accepted: bool = True, submitted: bool = True):
        with app.app_context():
            inspection = Inspection(
                client_uuid=uuid.uuid4(), order_id=order.id, type=InspectionType.FRI,
                lot_size=order.quantity, level="II", severity="normal",
                suggested_severity="normal", sample_size=32, inspector_id=by.id,
                status=InspectionStatus.SUBMITTED if submitted else InspectionStatus.IN_PROGRESS,
                result=(InspectionResult.ACCEPTED if accepted else InspectionResult.REJECTED)
                if submitted else None,
                submitted_at=datetime.now(UTC) if submitted else None,
            )  # fmt: skip
            _db.session.add(inspection)
            _db.session.commit()
            return inspection.id

    return make


@pytest.fixture
def make_shipment(app: Flask) -> Callable[..., int]:
    """Plan a shipment of whole orders (or the given quantities) through the service."""
    from webapp.auth.models import User
    from webapp.orders.models import Order
    from webapp.shipments import services

    def make(orders, by, quantities=None, **fields) -> int:
        with app.app_context():
            user = _db.session.get(User, by.id)
            loaded = [_db.session.get(Order, o.id) for o in orders]
            quantities = quantities or [o.quantity for o in loaded]
            lines = [
                services.LineInput(order=o, quantity=q, cartons=max(q // 10, 1),
                                   unit_price=Decimal("4.50"))
                for o, q in zip(loaded, quantities, strict=True)
            ]  # fmt: skip
            shipment, _ = services.create_shipment(
                by=user, client_uuid=uuid.uuid4(), customer=loaded[0].customer, lines=lines,
                **fields,
            )  # fmt: skip
            _db.session.commit()
            return shipment.id

    return make
