"""Delays / exceptions (异常) and customer complaints (客户投诉)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type


class DelayCause(enum.Enum):
    """The seven standard causes of the trade's job descriptions, plus other."""

    PLAN_ERROR = "plan_error"  # 原计划错误
    EQUIPMENT = "equipment"  # 机器设备故障
    MATERIAL = "material"  # 材料没跟上, 停工待料
    QUALITY = "quality"  # 不良率和报废率过高
    RUSH_ORDER = "rush_order"  # 临时工作或特急订单
    UPSTREAM = "upstream"  # 前制程延误的累积
    PEOPLE = "people"  # 缺勤、流动率高、情绪低落
    OTHER = "other"


class Department(enum.Enum):
    PRODUCTION = "production"
    PURCHASING = "purchasing"
    QC = "qc"
    WAREHOUSE = "warehouse"
    LOGISTICS = "logistics"
    CUSTOMER = "customer"


class DelayStatus(enum.Enum):
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (DelayStatus.OPEN, DelayStatus.ESCALATED)


class Delay(ClientUUIDMixin, TimestampMixin, db.Model):
    """A delay on an order (optionally one stage): why, how bad, who must act, what happened."""

    __tablename__ = "delays"
    __table_args__ = (
        sa.CheckConstraint("hours_lost IS NULL OR hours_lost >= 0", name="hours_non_negative"),
        sa.CheckConstraint("qty_affected IS NULL OR qty_affected >= 0", name="qty_non_negative"),
        sa.CheckConstraint("slip_days IS NULL OR slip_days >= 0", name="slip_non_negative"),
        sa.Index("ix_delays_status_created", "status", "created_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    stage_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("stages.id"))
    cause: so.Mapped[DelayCause] = so.mapped_column(enum_type(DelayCause), index=True)
    # The late, short or rejected material PO behind a material-shortage delay.
    material_po_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("material_pos.id"))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    hours_lost: so.Mapped[int | None]
    qty_affected: so.Mapped[int | None]
    slip_days: so.Mapped[int | None]
    department: so.Mapped[Department] = so.mapped_column(enum_type(Department))
    responsible: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    status: so.Mapped[DelayStatus] = so.mapped_column(
        enum_type(DelayStatus), default=DelayStatus.OPEN
    )
    escalated_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    escalation_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    resolved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    root_cause: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    action_taken: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)

    order = so.relationship("Order")
    stage = so.relationship("Stage")
    material_po = so.relationship("MaterialPO")
    created_by = so.relationship("User")
    photos: so.Mapped[list[DelayPhoto]] = so.relationship(
        cascade="all, delete-orphan", order_by="DelayPhoto.position"
    )

    @property
    def number(self) -> str:
        return f"DL{self.id:05d}"

    def can_view(self, user) -> bool:
        return self.order.can_view(user)

    def can_edit(self, user) -> bool:
        """The order's follower, supervisors and admins work on a delay."""
        from webapp.auth.models import Role

        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            return True
        return user.role is Role.FOLLOWER and self.order.follower_id == user.id


class DelayPhoto(db.Model):
    __tablename__ = "delay_photos"
    __table_args__ = (sa.UniqueConstraint("delay_id", "photo_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    delay_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("delays.id", ondelete="CASCADE"), index=True
    )
    photo_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("photos.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)

    photo = so.relationship("Photo")


class ComplaintCategory(enum.Enum):
    QUALITY = "quality"
    QUANTITY = "quantity"
    PACKAGING = "packaging"
    DELIVERY = "delivery"
    DOCUMENTS = "documents"
    OTHER = "other"


class ComplaintSeverity(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ComplaintStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Complaint(ClientUUIDMixin, TimestampMixin, db.Model):
    """A customer complaint (客户投诉) against an order, routed and tracked to closure."""

    __tablename__ = "complaints"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    category: so.Mapped[ComplaintCategory] = so.mapped_column(enum_type(ComplaintCategory))
    severity: so.Mapped[ComplaintSeverity] = so.mapped_column(enum_type(ComplaintSeverity))
    description: so.Mapped[str] = so.mapped_column(sa.Text)
    department: so.Mapped[Department] = so.mapped_column(enum_type(Department))
    status: so.Mapped[ComplaintStatus] = so.mapped_column(
        enum_type(ComplaintStatus), default=ComplaintStatus.OPEN
    )
    action_taken: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    closed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))

    order = so.relationship("Order")
    created_by = so.relationship("User")
    photos: so.Mapped[list[ComplaintPhoto]] = so.relationship(
        cascade="all, delete-orphan", order_by="ComplaintPhoto.position"
    )

    @property
    def number(self) -> str:
        return f"CP{self.id:05d}"


class ComplaintPhoto(db.Model):
    __tablename__ = "complaint_photos"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "photo_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    complaint_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    photo_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("photos.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)

    photo = so.relationship("Photo")
