"""Stored photos: a display copy and a thumbnail, named by content hash, metadata stripped."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, UTCDateTime, utcnow


class Photo(ClientUUIDMixin, db.Model):
    """One uploaded photo (check-in, defect, delay, ...); the files live in the photo storage."""

    __tablename__ = "photos"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    display_key: so.Mapped[str] = so.mapped_column(sa.String(200))
    thumb_key: so.Mapped[str] = so.mapped_column(sa.String(200))
    mime_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    width: so.Mapped[int]
    height: so.Mapped[int]
    thumb_width: so.Mapped[int]
    thumb_height: so.Mapped[int]
    size_bytes: so.Mapped[int]
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by = so.relationship("User")
