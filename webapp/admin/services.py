"""Factory and customer operations: they flush and audit; the caller commits."""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders.models import Customer, Factory, FactoryKind, StageTemplate, StageTemplateStep

FACTORY_FIELDS = (
    "code", "name", "kind", "city", "contact", "timezone", "reduced_inspection_allowed", "active",
)  # fmt: skip
CUSTOMER_FIELDS = (
    "code", "name", "country", "contact", "language", "aql_critical", "aql_major", "aql_minor",
    "inspection_level", "on_time_basis", "active",
)  # fmt: skip

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
    from webapp.orders.models import OnTimeBasis

    if "on_time_basis" in data:
        data = {**data, "on_time_basis": OnTimeBasis(data["on_time_basis"])}
    data = {**data, "code": data["code"].upper()}
    return _save(Customer, customer, CUSTOMER_FIELDS, data, by)


def save_template(
    template: StageTemplate | None, data: dict[str, Any], steps: list[dict[str, Any]], *, by: User
) -> StageTemplate:
    """Create or update a stage template and its steps; raises CodeTaken on a duplicate type."""
    product_type = data["product_type"].strip().lower()
    query = sa.select(StageTemplate.id).where(StageTemplate.product_type == product_type)
    if template is not None:
        query = query.where(StageTemplate.id != template.id)
    if db.session.scalar(query) is not None:
        raise CodeTaken(product_type)
    before = _template_snapshot(template) if template else None
    if template is None:
        template = StageTemplate(
            product_type=product_type, name=data["name"], name_en=data["name_en"]
        )
        db.session.add(template)
    else:
        template.product_type, template.name, template.name_en = (
            product_type, data["name"], data["name_en"],
        )  # fmt: skip
    template.steps.clear()
    db.session.flush()
    for position, step in enumerate(steps):
        template.steps.append(StageTemplateStep(position=position, **step))
    db.session.flush()
    after = _template_snapshot(template)
    if before is None:
        audit.record(by, "create", template, {k: [None, v] for k, v in after.items()})
    elif changes := audit.diff(before, after):
        audit.record(by, "update", template, changes)
    return template


def _template_snapshot(template: StageTemplate) -> dict[str, Any]:
    return {
        "product_type": template.product_type,
        "name": template.name,
        "name_en": template.name_en,
        "steps": [f"{s.name}|{s.name_en}|{s.weight}" for s in template.steps],
    }


DEFECT_TYPE_FIELDS = ("code", "name", "name_en", "product_type", "default_class", "active")


def save_defect_type(defect_type, data: dict[str, Any], *, by: User):
    """Create or update a defect catalogue entry; raises CodeTaken."""
    from webapp.inspections.models import DefectType

    query = sa.select(DefectType.id).where(DefectType.code == data["code"])
    if defect_type is not None:
        query = query.where(DefectType.id != defect_type.id)
    if db.session.scalar(query) is not None:
        raise CodeTaken(data["code"])
    if defect_type is None:
        defect_type = DefectType(**data)
        db.session.add(defect_type)
        audit.created(by, defect_type, DEFECT_TYPE_FIELDS)
        return defect_type
    before = audit.snapshot(defect_type, DEFECT_TYPE_FIELDS)
    for key, value in data.items():
        setattr(defect_type, key, value)
    if changes := audit.diff(before, audit.snapshot(defect_type, DEFECT_TYPE_FIELDS)):
        audit.record(by, "update", defect_type, changes)
    return defect_type
