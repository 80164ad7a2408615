"""A follower's working day: the note and "tomorrow" written on top of the generated summary."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime


class FollowerDay(ClientUUIDMixin, TimestampMixin, db.Model):
    """One follower's day: the summary is computed from the records; this keeps what is written."""

    __tablename__ = "follower_days"
    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_follower_days_user_day"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    day: so.Mapped[date] = so.mapped_column(index=True)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    tomorrow_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    user = so.relationship("User")
