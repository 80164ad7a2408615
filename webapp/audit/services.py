"""Writing the audit log. Services call these; they flush, never commit."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect

from webapp.audit.models import AuditEntry
from webapp.extensions import db


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return str(value)


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` of `obj`, JSON-safe."""
    return {f: _plain(getattr(obj, f)) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    actor: Any | None,
    action: str,
    entity: Any,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEntry:
    """Append an audit entry for `entity` (flushes so the entity has an id)."""
    db.session.flush()
    ident = inspect(entity).identity
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        entity_type=entity.__tablename__,
        entity_id=":".join(str(i) for i in ident) if ident else "",
        changes=changes or {},
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def created(actor: Any | None, entity: Any, fields: Iterable[str]) -> AuditEntry:
    """Audit the creation of `entity` with its initial values."""
    after = snapshot(entity, fields)
    return record(actor, "create", entity, {k: [None, v] for k, v in after.items()})


def history(entity: Any) -> list[AuditEntry]:
    """The audit trail of one record, oldest first."""
    ident = inspect(entity).identity
    entity_id = ":".join(str(i) for i in ident) if ident else ""
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(
                AuditEntry.entity_type == entity.__tablename__, AuditEntry.entity_id == entity_id
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
