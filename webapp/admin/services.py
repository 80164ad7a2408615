"""Factory and customer operations: they flush and audit; the caller commits."""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders.models import Customer, Factory, FactoryKind

FACTORY_FIELDS = ("code", "name", "kind", "city", "contact", "timezone", "active")
CUSTOMER_FIELDS = ("code", "name", "country", "contact", "language", "active")

M = TypeVar("M", Factory, Customer)


class CodeTaken(ValueError):
    """Another record already uses this code."""


def _code_taken(model: type[M], code: str, exclude_id: int | None) -> bool:
    query = sa.select(model.id).where(sa.func.upper(model.code) == code.upper())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query) is not None


def _save(
    model: type[M], obj: M | None, fields: tuple[str, ...], data: dict[str, Any], by: User
) -> M:
    if _code_taken(model, data["code"], obj.id if obj else None):
        raise CodeTaken(data["code"])
    if obj is None:
        obj = model(**data)
        db.session.add(obj)
        audit.created(by, obj, fields)
        return obj
    before = audit.snapshot(obj, fields)
    for key, value in data.items():
        setattr(obj, key, value)
    if changes := audit.diff(before, audit.snapshot(obj, fields)):
        audit.record(by, "update", obj, changes)
    return obj


def save_factory(factory: Factory | None, data: dict[str, Any], *, by: User) -> Factory:
    """Create (factory=None) or update a factory; raises CodeTaken."""
    data = {**data, "kind": FactoryKind(data["kind"]), "code": data["code"].upper()}
    return _save(Factory, factory, FACTORY_FIELDS, data, by)


def save_customer(customer: Customer | None, data: dict[str, Any], *, by: User) -> Customer:
    """Create (customer=None) or update a customer; raises CodeTaken."""
    data = {**data, "code": data["code"].upper()}
    return _save(Customer, customer, CUSTOMER_FIELDS, data, by)
