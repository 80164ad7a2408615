"""Sample requests (打样) and their rounds: one row per round, each linked to the one before."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type


class SampleType(enum.Enum):
    """What the sample is for, in the order it usually comes in the life of a style."""

    DEVELOPMENT = "development"  # 开发样 / 初样
    LAB_DIP = "lab_dip"  # 色样 / 打色 (colour standard)
    FIT = "fit"  # 试身样
    PRE_PRODUCTION = "pre_production"  # 产前样 (PP sample)
    SHIPPING = "shipping"  # 大货样 (production / shipping sample)


class SampleMaker(enum.Enum):
    FACTORY = "factory"
    SAMPLE_ROOM = "sample_room"  # 样衣间


class SampleStatus(enum.Enum):
    """requested → in making → ready → sent → approved / approved with comments / rejected."""

    REQUESTED = "requested"
    IN_MAKING = "in_making"
    READY = "ready"
    SENT = "sent"
    APPROVED = "approved"
    APPROVED_WITH_COMMENTS = "approved_with_comments"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """The customer answered, or the request was cancelled: the round changes no more."""
        return self in FINAL

    @property
    def is_approved(self) -> bool:
        return self in (SampleStatus.APPROVED, SampleStatus.APPROVED_WITH_COMMENTS)

    @property
    def in_our_hands(self) -> bool:
        """Not yet sent: the date it is due by is ours to keep."""
        return self in (SampleStatus.REQUESTED, SampleStatus.IN_MAKING, SampleStatus.READY)


FINAL = frozenset(
    {
        SampleStatus.APPROVED,
        SampleStatus.APPROVED_WITH_COMMENTS,
        SampleStatus.REJECTED,
        SampleStatus.CANCELLED,
    }
)


class Sample(ClientUUIDMixin, TimestampMixin, db.Model):
    """One round of a sample request, for an order or for a customer's style.

    A rejected round is followed by the next round (round_no + 1, previous_id pointing back);
    the first round of a request has previous_id NULL."""

    __tablename__ = "samples"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("round_no >= 1", name="round_positive"),
        sa.Index("ix_samples_status_due", "status", "due_date"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    customer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("customers.id"), index=True)
    style: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)  # 款号
    type: so.Mapped[SampleType] = so.mapped_column(enum_type(SampleType))
    round_no: so.Mapped[int] = so.mapped_column(default=1)
    # The round this one follows; unique: a round has at most one next round.
    previous_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("samples.id"), unique=True)
    quantity: so.Mapped[int]
    requested_date: so.Mapped[date]
    due_date: so.Mapped[date] = so.mapped_column(index=True)  # to be sent by
    maker: so.Mapped[SampleMaker] = so.mapped_column(enum_type(SampleMaker))
    spec: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # what it must follow
    status: so.Mapped[SampleStatus] = so.mapped_column(
        enum_type(SampleStatus), default=SampleStatus.REQUESTED
    )
    making_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    ready_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    sent_on: so.Mapped[date | None]
    courier: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    tracking_no: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    answered_on: so.Mapped[date | None]
    customer_comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)

    order = so.relationship("Order")
    customer = so.relationship("Customer")
    created_by = so.relationship("User")
    previous: so.Mapped[Sample | None] = so.relationship(
        remote_side=[id], foreign_keys=[previous_id], back_populates="next_round"
    )
    next_round: so.Mapped[Sample | None] = so.relationship(
        foreign_keys=[previous_id], back_populates="previous", uselist=False
    )
    photos: so.Mapped[list[SamplePhoto]] = so.relationship(
        cascade="all, delete-orphan", order_by="SamplePhoto.position"
    )

    @property
    def number(self) -> str:
        """The sample number on labels and courier slips, with its round."""
        return f"SP{self.id:05d}-R{self.round_no}"

    @property
    def ready_photos(self) -> list[SamplePhoto]:
        return [p for p in self.photos if p.kind == "ready"]

    @property
    def markup_photos(self) -> list[SamplePhoto]:
        """The customer's marked-up photos that came with the answer."""
        return [p for p in self.photos if p.kind == "markup"]

    def follows(self, user) -> bool:
        """The follower of the order, or whoever recorded a style sample."""
        if self.order is not None:
            return self.order.follower_id == user.id
        return self.created_by_id == user.id

    def can_view(self, user) -> bool:
        """Supervisors, admins and inspectors see every sample; followers the ones they follow."""
        return user.can_see_all_orders() or self.follows(user)

    def can_edit(self, user) -> bool:
        """The follower who follows it, supervisors and admins move it on."""
        from webapp.auth.models import Role

        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            return True
        return user.role is Role.FOLLOWER and self.follows(user)

    def __repr__(self) -> str:
        return f"<Sample {self.id} {self.type.value} R{self.round_no}>"


class SamplePhoto(db.Model):
    """A photo of the sample when ready, or the customer's marked-up photo with the answer."""

    __tablename__ = "sample_photos"
    __table_args__ = (sa.UniqueConstraint("sample_id", "photo_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    sample_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("samples.id", ondelete="CASCADE"), index=True
    )
    photo_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("photos.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), default="ready")  # ready | markup
    position: so.Mapped[int] = so.mapped_column(default=0)

    photo = so.relationship("Photo")
