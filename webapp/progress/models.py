"""Progress check-ins (报工): immutable rows whose sums are the progress."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, UTCDateTime, utcnow


class CheckIn(ClientUUIDMixin, db.Model):
    """Output of one stage on one day, as reported from the floor.

    Rows are never updated: a correction is a new row whose `corrects_id` points at the row it
    replaces. Progress is the sum over rows that no other row corrects."""

    __tablename__ = "checkins"
    __table_args__ = (
        sa.CheckConstraint("good_qty >= 0", name="good_qty_non_negative"),
        sa.CheckConstraint("rework_qty >= 0", name="rework_qty_non_negative"),
        sa.CheckConstraint("scrap_qty >= 0", name="scrap_qty_non_negative"),
        sa.Index("ix_checkins_stage_date", "stage_id", "work_date"),
        # The KPI data-accuracy figure counts corrections per work date from the index alone.
        sa.Index("ix_checkins_work_date_corrects_id", "work_date", "corrects_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    stage_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("stages.id"))
    work_date: so.Mapped[date] = so.mapped_column(index=True)
    good_qty: so.Mapped[int]
    rework_qty: so.Mapped[int] = so.mapped_column(default=0)  # 返工
    scrap_qty: so.Mapped[int] = so.mapped_column(default=0)  # 报废
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    photo_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("photos.id"))
    # One correction per row; correcting a correction extends the chain.
    corrects_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("checkins.id"), unique=True)
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    stage = so.relationship("Stage")
    order = so.relationship("Order")
    photo = so.relationship("Photo")
    created_by = so.relationship("User")
    corrects = so.relationship("CheckIn", remote_side=[id], foreign_keys=[corrects_id])

    @property
    def total_qty(self) -> int:
        return self.good_qty + self.rework_qty + self.scrap_qty
