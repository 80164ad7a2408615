"""Audit log entries, written by services for every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One change to one record."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_entity", "entity_type", "entity_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(64))
    entity_type: so.Mapped[str] = so.mapped_column(sa.String(64))
    entity_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    # {"field": [before, after], ...}; values rendered as JSON-safe strings/numbers.
    changes: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)

    actor = so.relationship("User")
