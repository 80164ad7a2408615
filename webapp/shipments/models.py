"""Shipments (出货), their lines per order line, loading-check photos and attached papers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type, utcnow
from webapp.orders.models import OnTimeBasis  # noqa: F401  (the customer setting, re-exported)


class ShipmentStatus(enum.Enum):
    """Follow-up steps, in order; cancelled ends a shipment before it departs."""

    PLANNED = "planned"
    BOOKED = "booked"
    PACKED = "packed"
    INSPECTED = "inspected"
    LOADED = "loaded"
    DEPARTED = "departed"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still on its way out of the factory (neither gone nor cancelled)."""
        return self in OPEN_STATUSES

    @property
    def has_left(self) -> bool:
        """The goods have left: departed or delivered."""
        return self in (ShipmentStatus.DEPARTED, ShipmentStatus.DELIVERED)


STEPS = (
    ShipmentStatus.PLANNED,
    ShipmentStatus.BOOKED,
    ShipmentStatus.PACKED,
    ShipmentStatus.INSPECTED,
    ShipmentStatus.LOADED,
    ShipmentStatus.DEPARTED,
    ShipmentStatus.DELIVERED,
)
OPEN_STATUSES = frozenset(STEPS[:5])
# The column holding the moment each step was reached.
STEP_COLUMNS = {
    ShipmentStatus.BOOKED: "booked_at",
    ShipmentStatus.PACKED: "packed_at",
    ShipmentStatus.INSPECTED: "inspected_at",
    ShipmentStatus.LOADED: "loaded_at",
    ShipmentStatus.DEPARTED: "departed_at",
    ShipmentStatus.DELIVERED: "delivered_at",
    ShipmentStatus.CANCELLED: "cancelled_at",
}


class ShipMode(enum.Enum):
    SEA = "sea"
    AIR = "air"
    TRUCK = "truck"
    COURIER = "courier"


class DocumentKind(enum.Enum):
    BILL_OF_LADING = "bill_of_lading"
    CERTIFICATE_OF_ORIGIN = "certificate_of_origin"
    CERTIFICATE = "certificate"
    OTHER = "other"


class Shipment(ClientUUIDMixin, TimestampMixin, db.Model):
    """One consignment: goods of one or several orders of one customer leaving together."""

    __tablename__ = "shipments"
    __table_args__ = (
        sa.CheckConstraint("cartons >= 0", name="cartons_non_negative"),
        sa.CheckConstraint("gross_kg >= 0 AND net_kg >= 0", name="weights_non_negative"),
        sa.CheckConstraint("volume_cbm >= 0", name="volume_non_negative"),
        sa.Index("ix_shipments_status_etd", "status", "etd"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    customer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("customers.id"), index=True)
    status: so.Mapped[ShipmentStatus] = so.mapped_column(
        enum_type(ShipmentStatus), default=ShipmentStatus.PLANNED
    )
    mode: so.Mapped[ShipMode] = so.mapped_column(enum_type(ShipMode), default=ShipMode.SEA)
    carrier: so.Mapped[str] = so.mapped_column(sa.String(120), default="")  # carrier / forwarder
    booking_ref: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    container_no: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    seal_no: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    tracking_no: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    port_of_loading: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    destination: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    cartons: so.Mapped[int] = so.mapped_column(default=0)
    gross_kg: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(12, 2), default=Decimal("0"))
    net_kg: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(12, 2), default=Decimal("0"))
    volume_cbm: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(10, 3), default=Decimal("0"))
    packing_confirmed: so.Mapped[bool] = so.mapped_column(default=False)
    currency: so.Mapped[str] = so.mapped_column(sa.String(3), default="USD")
    # Planned dates (the factory's calendar).
    planned_ready: so.Mapped[date | None]
    planned_loading: so.Mapped[date | None]
    etd: so.Mapped[date | None] = so.mapped_column(index=True)  # planned departure
    eta: so.Mapped[date | None]  # planned arrival
    # The moment each step was reached, as entered by the follower (stored in UTC).
    booked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    packed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    inspected_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    loaded_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    departed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    arrived_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    delivered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    cancel_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The container loading check (装柜检查), recorded with the "loaded" step.
    loading_checklist: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    loading_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))

    customer = so.relationship("Customer")
    created_by = so.relationship("User")
    lines: so.Mapped[list[ShipmentLine]] = so.relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentLine.position"
    )
    photos: so.Mapped[list[ShipmentPhoto]] = so.relationship(
        cascade="all, delete-orphan", order_by="ShipmentPhoto.position"
    )
    documents: so.Mapped[list[ShipmentDocument]] = so.relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentDocument.id"
    )

    @property
    def number(self) -> str:
        return f"SH{self.id:05d}"

    @property
    def orders(self) -> list:
        """The orders shipped here, by id."""
        seen = {line.order_id: line.order for line in self.lines}
        return [seen[k] for k in sorted(seen)]

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    def step_at(self, status: ShipmentStatus) -> datetime | None:
        """When the shipment reached `status` (None if not yet)."""
        column = STEP_COLUMNS.get(status)
        return getattr(self, column) if column else self.created_at

    def can_view(self, user) -> bool:
        """Whoever may see one of its orders may see the shipment."""
        return user.can_see_all_orders() or any(o.follower_id == user.id for o in self.orders)

    def can_edit(self, user) -> bool:
        """Supervisors and admins, and the follower of every order in it."""
        from webapp.auth.models import Role

        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            return True
        orders = self.orders
        return (
            user.role is Role.FOLLOWER
            and bool(orders)
            and all(o.follower_id == user.id for o in orders)
        )


class ShipmentLine(db.Model):
    """Quantity of one order (and one of its lines, when it has lines) in a shipment."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("cartons >= 0", name="cartons_non_negative"),
        sa.CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    shipment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    order_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    order_line_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("order_lines.id"))
    position: so.Mapped[int] = so.mapped_column(default=0)
    quantity: so.Mapped[int]
    cartons: so.Mapped[int] = so.mapped_column(default=0)
    unit_price: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(12, 4), default=Decimal("0"))
    # The final inspection that cleared this order for shipping (set at the "inspected" step).
    final_inspection_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("inspections.id"))

    shipment: so.Mapped[Shipment] = so.relationship(back_populates="lines")
    order = so.relationship("Order")
    order_line = so.relationship("OrderLine")
    final_inspection = so.relationship("Inspection")

    @property
    def amount(self) -> Decimal:
        return (self.unit_price or Decimal("0")) * self.quantity


class ShipmentPhoto(db.Model):
    """A photo of the container loading check."""

    __tablename__ = "shipment_photos"
    __table_args__ = (sa.UniqueConstraint("shipment_id", "photo_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    shipment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    photo_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("photos.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)

    photo = so.relationship("Photo")


class ShipmentDocument(ClientUUIDMixin, db.Model):
    """A paper attached to a shipment: bill of lading, certificate of origin, other."""

    __tablename__ = "shipment_documents"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    shipment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[DocumentKind] = so.mapped_column(enum_type(DocumentKind))
    filename: so.Mapped[str] = so.mapped_column(sa.String(200))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200))
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    mime_type: so.Mapped[str] = so.mapped_column(sa.String(60))
    size_bytes: so.Mapped[int]
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    shipment: so.Mapped[Shipment] = so.relationship(back_populates="documents")
    uploaded_by = so.relationship("User")
