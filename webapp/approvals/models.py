"""Approval requests and their question/answer thread."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type, utcnow


class ApprovalStatus(enum.Enum):
    """Where a request stands; the last four are final."""

    PENDING = "pending"  # in the queue
    ON_HOLD = "on_hold"  # a supervisor parked it (still in the queue, shown as held)
    NEEDS_INFO = "needs_info"  # sent back with a question; the requester's answer -> PENDING
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # replaced by a newer request for the same subject
    WITHDRAWN = "withdrawn"  # the requester withdrew it before a decision

    @property
    def is_open(self) -> bool:
        """Still waiting for a decision."""
        return self in OPEN_STATUSES


OPEN_STATUSES = (ApprovalStatus.PENDING, ApprovalStatus.ON_HOLD, ApprovalStatus.NEEDS_INFO)


class ApprovalRequest(ClientUUIDMixin, TimestampMixin, db.Model):
    """Something a supervisor must decide: a kind, the record it is about, the evidence."""

    __tablename__ = "approval_requests"
    __table_args__ = (sa.Index("ix_approval_requests_kind_subject", "kind", "subject_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    subject_id: so.Mapped[int | None]
    order_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    requested_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    payload: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[ApprovalStatus] = so.mapped_column(
        enum_type(ApprovalStatus), default=ApprovalStatus.PENDING, index=True
    )
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    decision: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    decision_comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    supersedes_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("approval_requests.id"))
    version: so.Mapped[int] = so.mapped_column(default=1)

    # Every UPDATE checks the version it read: of two concurrent decisions, one finds 0 rows.
    __mapper_args__ = {"version_id_col": version}

    order = so.relationship("Order")
    requested_by = so.relationship("User", foreign_keys=[requested_by_id])
    decided_by = so.relationship("User", foreign_keys=[decided_by_id])
    supersedes = so.relationship("ApprovalRequest", remote_side=[id])
    messages: so.Mapped[list[ApprovalMessage]] = so.relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        order_by="ApprovalMessage.created_at, ApprovalMessage.id",
    )

    @property
    def number(self) -> str:
        return f"AP{self.id:05d}"

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def open_question(self) -> ApprovalMessage | None:
        """The question waiting for the requester's answer, if any."""
        if self.status is not ApprovalStatus.NEEDS_INFO:
            return None
        questions = [m for m in self.messages if m.is_question]
        return questions[-1] if questions else None

    def can_view(self, user) -> bool:
        """Deciders see every request; anyone else only the ones they raised."""
        return user.can_decide_approvals() or self.requested_by_id == user.id

    def __repr__(self) -> str:
        return f"<ApprovalRequest {self.id} {self.kind} {self.status.value}>"


class ApprovalMessage(db.Model):
    """One line of the thread: a supervisor's question or note, the requester's answer."""

    __tablename__ = "approval_messages"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    request_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("approval_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    is_question: so.Mapped[bool] = so.mapped_column(default=False)
    # An answer typed on a phone carries its form's UUID, so a retried post is stored once.
    client_uuid: so.Mapped[uuid.UUID | None] = so.mapped_column(sa.Uuid, unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    request: so.Mapped[ApprovalRequest] = so.relationship(back_populates="messages")
    author = so.relationship("User")
