"""Fixtures of the materials tests: suppliers and material POs."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask

from webapp.extensions import db as _db
from webapp.materials.models import (
    Currency,
    MaterialPO,
    MaterialPOOrder,
    MaterialPOStatus,
    Supplier,
)

_n = iter(range(1, 10**6))


@pytest.fixture
def make_supplier(app: Flask) -> Callable[..., Supplier]:
    def make(**fields) -> Supplier:
        n = next(_n)
        with app.app_context():
            supplier = Supplier(
                code=fields.pop("code", f"S{n}"), name=fields.pop("name", f"Supplier {n}"), **fields
            )
            _db.session.add(supplier)
            _db.session.commit()
            _db.session.refresh(supplier)
            _db.session.expunge(supplier)
        return supplier

    return make


@pytest.fixture
def make_po(app: Flask, make_supplier) -> Callable[..., MaterialPO]:
    """A material PO written straight to the database (any status), linked to `orders`."""

    def make(orders=(), supplier=None, **fields) -> MaterialPO:
        supplier = supplier or make_supplier()
        n = next(_n)
        with app.app_context():
            po = MaterialPO(
                client_uuid=uuid.uuid4(), number=fields.pop("number", f"MPO-{n}"), supplier_id=supplier.id,
                item=fields.pop("item", "Cotton jersey 精梳棉汗布"), quantity=fields.pop("quantity", 1000),
                unit=fields.pop("unit", "m"), unit_price=fields.pop("unit_price", Decimal("12.5000")),
                currency=fields.pop("currency", Currency.CNY),
                promised_date=fields.pop("promised_date", date.today() + timedelta(days=10)),
                status=fields.pop("status", MaterialPOStatus.ORDERED), **fields,
            )  # fmt: skip
            po.order_links = [MaterialPOOrder(order_id=o.id) for o in orders]
            _db.session.add(po)
            _db.session.commit()
            _db.session.refresh(po)
            _db.session.expunge(po)
        return po

    return make
