"""Customers and factories (orders and stage plans follow in this module)."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import TimestampMixin, enum_type


class FactoryKind(enum.Enum):
    """Own plant or subcontract factory (外协厂)."""

    OWN = "own"
    SUBCONTRACTOR = "subcontractor"


class Factory(TimestampMixin, db.Model):
    """A plant where orders are produced."""

    __tablename__ = "factories"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    kind: so.Mapped[FactoryKind] = so.mapped_column(enum_type(FactoryKind))
    city: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    contact: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="Asia/Shanghai")
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Factory {self.code}>"


class Customer(TimestampMixin, db.Model):
    """A buyer whose purchase orders we follow."""

    __tablename__ = "customers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    country: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    contact: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    # Language of the documents the customer receives (inspection reports, invoices).
    language: so.Mapped[str] = so.mapped_column(sa.String(10), default="en")
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Customer {self.code}>"
