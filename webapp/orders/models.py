"""Customers and factories (orders and stage plans follow in this module)."""

from __future__ import annotations

import enum
from datetime import date

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
    # A supervisor allows reduced inspection here when the switching rules would permit it.
    reduced_inspection_allowed: so.Mapped[bool] = so.mapped_column(default=False)
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Factory {self.code}>"


class OnTimeBasis(enum.Enum):
    """Per customer: an order is on time by its last departure, or by its delivery."""

    DEPARTED = "departed"
    DELIVERED = "delivered"


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
    # The customer's usual AQLs and inspection level, the defaults of a new inspection.
    aql_critical: so.Mapped[str] = so.mapped_column(sa.String(8), default="0")
    aql_major: so.Mapped[str] = so.mapped_column(sa.String(8), default="2.5")
    aql_minor: so.Mapped[str] = so.mapped_column(sa.String(8), default="4.0")
    inspection_level: so.Mapped[str] = so.mapped_column(sa.String(4), default="II")
    # Which date decides on-time delivery for this customer (shipping terms: FOB vs DDP).
    on_time_basis: so.Mapped[OnTimeBasis] = so.mapped_column(
        enum_type(OnTimeBasis), default=OnTimeBasis.DEPARTED, server_default="departed"
    )
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Customer {self.code}>"


class OrderStatus(enum.Enum):
    """Lifecycle: received, confirmed, in production, inspected, shipped, closed; or cancelled."""

    RECEIVED = "received"
    CONFIRMED = "confirmed"
    IN_PRODUCTION = "in_production"
    INSPECTED = "inspected"
    SHIPPED = "shipped"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Open orders take check-ins; closed and cancelled ones do not."""
        return self not in (OrderStatus.CLOSED, OrderStatus.CANCELLED)


class Priority(enum.Enum):
    NORMAL = "normal"
    RUSH = "rush"  # 特急订单


class Order(TimestampMixin, db.Model):
    """A customer order (生产通知书) followed by one follower."""

    __tablename__ = "orders"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_orders_follower_status", "follower_id", "status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    customer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("customers.id"), index=True)
    factory_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("factories.id"), index=True)
    follower_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    po_number: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    style: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)  # 款号
    product_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    spec: so.Mapped[str] = so.mapped_column(sa.String(200), default="")  # 规格型号
    product_type: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    quantity: so.Mapped[int]
    unit: so.Mapped[str] = so.mapped_column(sa.String(16), default="pcs")
    packaging: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # 包装要求
    due_date: so.Mapped[date] = so.mapped_column(index=True)  # 交期
    priority: so.Mapped[Priority] = so.mapped_column(enum_type(Priority), default=Priority.NORMAL)
    status: so.Mapped[OrderStatus] = so.mapped_column(
        enum_type(OrderStatus), default=OrderStatus.RECEIVED
    )
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    customer: so.Mapped[Customer] = so.relationship()
    factory: so.Mapped[Factory] = so.relationship()
    follower = so.relationship("User", foreign_keys=[follower_id])
    lines: so.Mapped[list[OrderLine]] = so.relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.position"
    )
    stages: so.Mapped[list[Stage]] = so.relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Stage.position"
    )

    @property
    def number(self) -> str:
        """The order number printed on travelers and typed on the floor."""
        return f"GD{self.id:05d}"

    def can_view(self, user) -> bool:
        """Followers see the orders they follow; other roles see all."""
        return user.can_see_all_orders() or self.follower_id == user.id

    def can_check_in(self, user) -> bool:
        """Followers check in on their own orders; supervisors and admins on all."""
        from webapp.auth.models import Role

        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            return True
        return user.role is Role.FOLLOWER and self.follower_id == user.id

    def __repr__(self) -> str:
        return f"<Order {self.id} {self.po_number}>"


class OrderLine(db.Model):
    """A colour/size or SKU breakdown line; lines add up to the order quantity."""

    __tablename__ = "order_lines"
    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    sku: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    colour: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    size: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    quantity: so.Mapped[int]

    order: so.Mapped[Order] = so.relationship(back_populates="lines")


class StageTemplate(TimestampMixin, db.Model):
    """A reusable list of stages for a product type (garments, furniture, ...)."""

    __tablename__ = "stage_templates"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    product_type: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    steps: so.Mapped[list[StageTemplateStep]] = so.relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="StageTemplateStep.position",
    )

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class StageTemplateStep(db.Model):
    """One stage of a template, with its share of the order's lead time."""

    __tablename__ = "stage_template_steps"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    template_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("stage_templates.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    name: so.Mapped[str] = so.mapped_column(sa.String(60))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    # Relative duration, used to spread the lead time over the stages when a plan is started.
    weight: so.Mapped[int] = so.mapped_column(default=1)

    template: so.Mapped[StageTemplate] = so.relationship(back_populates="steps")


class Stage(db.Model):
    """One stage of an order's production plan (生产计划)."""

    __tablename__ = "stages"
    __table_args__ = (
        sa.CheckConstraint("planned_qty >= 0", name="planned_qty_non_negative"),
        sa.CheckConstraint("planned_finish >= planned_start", name="finish_after_start"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    name: so.Mapped[str] = so.mapped_column(sa.String(60))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    planned_qty: so.Mapped[int]
    planned_start: so.Mapped[date]
    planned_finish: so.Mapped[date]

    order: so.Mapped[Order] = so.relationship(back_populates="stages")

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name
