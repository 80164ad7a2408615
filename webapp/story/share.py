"""Signed, expiring, read-only links to an order's status for a customer (no login).

The token carries the order id, the sections the follower chose and the expiry, signed with
the app's secret key (itsdangerous): changing any of it breaks the signature."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "gendan.order-share.v1"
SECTIONS = ("progress", "inspections", "shipments")


class ShareRefused(Exception):
    """The link is not valid: `code` is "tampered" (bad signature or content) or "expired"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ShareGrant:
    order_id: int
    sections: frozenset[str]
    expires: datetime

    def shows(self, section: str) -> bool:
        return section in self.sections


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def make_token(
    order_id: int, sections: Iterable[str], days: int, now: datetime | None = None
) -> tuple[str, datetime]:
    """A token for the order showing only `sections`, valid for `days` days."""
    chosen = sorted(set(sections) & set(SECTIONS))
    if not chosen:
        raise ValueError("choose at least one section")
    if not 1 <= days <= 90:
        raise ValueError("days out of range")
    expires = (now or datetime.now(UTC)) + timedelta(days=days)
    token = _serializer().dumps({"o": order_id, "s": chosen, "x": int(expires.timestamp())})
    return token, expires.replace(microsecond=0)


def read_token(token: str, now: datetime | None = None) -> ShareGrant:
    """The grant of a token; raises ShareRefused when tampered with or expired."""
    try:
        data = _serializer().loads(token)
        grant = ShareGrant(
            int(data["o"]),
            frozenset(s for s in data["s"] if s in SECTIONS),
            datetime.fromtimestamp(int(data["x"]), UTC),
        )
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ShareRefused("tampered") from exc
    if (now or datetime.now(UTC)) >= grant.expires:
        raise ShareRefused("expired")
    return grant
