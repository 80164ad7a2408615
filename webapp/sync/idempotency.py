"""Create a phone's record once: the UUID made when the form opened identifies it.

A repeat with the same content answers with the original record; a repeat with different
content is a conflict (HTTP 409). Races between two deliveries of the same UUID are settled by
the unique column: the loser's insert fails inside a savepoint and it reads the winner's row."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db

T = TypeVar("T")


class ClientUUIDConflict(Exception):
    """The UUID was already used for a record with different content."""

    def __init__(self, existing: Any, fields: list[str]) -> None:
        super().__init__(f"client UUID reused with different {', '.join(fields)}")
        self.existing = existing
        self.fields = fields


def parse_uuid(value: str | uuid.UUID | None) -> uuid.UUID | None:
    """A UUID from a form value, or None when it is missing or malformed."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def find(model: type[T], client_uuid: uuid.UUID) -> T | None:
    """The record created with this client UUID, if any."""
    return db.session.scalar(sa.select(model).where(model.client_uuid == client_uuid))


def insert_once(model: type[T], client_uuid: uuid.UUID, values: Mapping[str, Any]) -> T | None:
    """Insert `model(client_uuid=..., **values)` in one statement; None if the UUID exists.

    The database settles races itself (`INSERT ... ON CONFLICT (client_uuid) DO NOTHING
    RETURNING`, on PostgreSQL and SQLite alike): no lookup before, no savepoint around it.
    The returned record is a persistent ORM object, as if it had been added and flushed."""
    params = {"client_uuid": client_uuid, **values}
    dialect = db.session.get_bind().dialect.name
    stmt = _insert_once_statement(model, dialect, tuple(params))
    return db.session.scalars(stmt, {f"v_{k}": v for k, v in params.items()}).one_or_none()


@cache
def _insert_once_statement(model: type, dialect: str, columns: tuple[str, ...]) -> Any:
    # Built once per model and set of columns: phones post the same shape again and again.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two databases above are supported
        raise NotImplementedError(dialect)
    table = model.__table__
    binds = {c: sa.bindparam(f"v_{c}", type_=table.c[c].type) for c in columns}
    return (
        insert(model)
        .values(binds)
        .on_conflict_do_nothing(index_elements=["client_uuid"])
        .returning(model)
    )


def differences(existing: Any, values: Mapping[str, Any], compare: Iterable[str]) -> list[str]:
    """The `compare` fields on which `existing` differs from `values`."""
    return [f for f in compare if getattr(existing, f) != values.get(f)]


def create_once(
    model: type[T],
    client_uuid: uuid.UUID,
    values: Mapping[str, Any],
    compare: Iterable[str],
    build: Callable[[], T] | None = None,
    checked: bool = False,
) -> tuple[T, bool]:
    """Insert `model(client_uuid=..., **values)` unless it exists; returns (record, created).

    Raises ClientUUIDConflict when the UUID exists with different `compare` fields.
    `checked=True` says the caller has just looked the UUID up and found nothing: the
    lookup is not repeated (a concurrent insert still ends in the unique-column path)."""
    compare = list(compare)
    existing = None if checked else find(model, client_uuid)
    if existing is None:
        try:
            with db.session.begin_nested():
                record = build() if build else model(client_uuid=client_uuid, **values)
                record.client_uuid = client_uuid
                db.session.add(record)
                db.session.flush()
            return record, True
        except IntegrityError:
            existing = find(model, client_uuid)
            if existing is None:
                raise
    if diff := differences(existing, values, compare):
        raise ClientUUIDConflict(existing, diff)
    return existing, False
