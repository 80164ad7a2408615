"""Suppliers, material purchase orders (物料采购单) and their links to customer orders."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type


class Supplier(TimestampMixin, db.Model):
    """A supplier of fabric, trims, hardware or other material (供应商)."""

    __tablename__ = "suppliers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    contact: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Supplier {self.code}>"


class MaterialPOStatus(enum.Enum):
    """Follow-up steps of a material PO, in order; cancelled ends it early."""

    ORDERED = "ordered"
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    RECEIVED = "received"
    INSPECTED = "inspected"
    IN_WAREHOUSE = "in_warehouse"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """Nothing follows in_warehouse or cancelled."""
        return self in (MaterialPOStatus.IN_WAREHOUSE, MaterialPOStatus.CANCELLED)


class Currency(enum.Enum):
    CNY = "CNY"
    USD = "USD"
    EUR = "EUR"


class InspectionOutcome(enum.Enum):
    """Result of the incoming inspection (来料检验)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


class MaterialPO(ClientUUIDMixin, TimestampMixin, db.Model):
    """A purchase order for material, followed from order to warehouse receipt (物料进仓)."""

    __tablename__ = "material_pos"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        sa.CheckConstraint("received_qty >= 0", name="received_qty_non_negative"),
        sa.Index("ix_material_pos_status_promised", "status", "promised_date"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    number: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    supplier_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("suppliers.id"), index=True)
    item: so.Mapped[str] = so.mapped_column(sa.String(200))
    spec: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    quantity: so.Mapped[int]
    unit: so.Mapped[str] = so.mapped_column(sa.String(16), default="pcs")
    unit_price: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(12, 4))
    currency: so.Mapped[Currency] = so.mapped_column(enum_type(Currency), default=Currency.CNY)
    promised_date: so.Mapped[date] = so.mapped_column(index=True)  # 交期
    status: so.Mapped[MaterialPOStatus] = so.mapped_column(
        enum_type(MaterialPOStatus), default=MaterialPOStatus.ORDERED
    )
    confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    shipped_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    received_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    inspected_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    warehoused_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    received_qty: so.Mapped[int | None]
    inspection_result: so.Mapped[InspectionOutcome | None] = so.mapped_column(
        enum_type(InspectionOutcome)
    )
    inspection_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    supplier: so.Mapped[Supplier] = so.relationship()
    created_by = so.relationship("User")
    order_links: so.Mapped[list[MaterialPOOrder]] = so.relationship(
        back_populates="material_po", cascade="all, delete-orphan"
    )

    @property
    def order_ids(self) -> list[int]:
        """The customer orders this PO feeds."""
        return sorted(link.order_id for link in self.order_links)

    @property
    def orders(self) -> list:
        return sorted((link.order for link in self.order_links), key=lambda o: o.id)

    def follows(self, user) -> bool:
        """True when the user created the PO or follows one of the orders it feeds."""
        return self.created_by_id == user.id or any(
            link.order is not None and link.order.follower_id == user.id
            for link in self.order_links
        )

    def can_view(self, user) -> bool:
        """Supervisors, admins and inspectors see every PO; followers those they follow."""
        return user.can_see_all_orders() or self.follows(user)

    def can_edit(self, user) -> bool:
        """Supervisors and admins edit every PO; followers those they follow."""
        from webapp.auth.models import Role

        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            return True
        return user.role is Role.FOLLOWER and self.follows(user)

    def can_advance(self, user, to_status: MaterialPOStatus) -> bool:
        """Editors move every step; inspectors record the incoming inspection."""
        from webapp.auth.models import Role

        if self.can_edit(user):
            return True
        return user.role is Role.INSPECTOR and to_status is MaterialPOStatus.INSPECTED

    def __repr__(self) -> str:
        return f"<MaterialPO {self.id} {self.number}>"


class MaterialPOOrder(db.Model):
    """One PO may feed several orders, and an order may need several POs."""

    __tablename__ = "material_po_orders"
    __table_args__ = (
        sa.UniqueConstraint("material_po_id", "order_id", name="uq_material_po_orders_pair"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    material_po_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("material_pos.id", ondelete="CASCADE"), index=True
    )
    order_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )

    material_po: so.Mapped[MaterialPO] = so.relationship(back_populates="order_links")
    order = so.relationship("Order")
