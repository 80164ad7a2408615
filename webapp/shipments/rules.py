"""The on-time rule (订单准时交付): pure, no Flask and no database.

An order is on time when the reference moment of its last shipment (its departure, or its
delivery when the customer's setting says so) falls on or before the due date, counted as a
calendar date in the time zone where it happened (the factory's zone by default). The due date
is a date, so the whole due day counts: a departure at 23:59 local time is on time, one at
00:01 the next local day is late, whatever the UTC clock says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = ["days_late", "is_on_time", "local_date"]


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of an aware `moment` in `timezone` (naive moments are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(timezone)).date()


def is_on_time(reference: datetime | None, due_date: date, timezone: str) -> bool | None:
    """True when `reference` (last departure or delivery) is on or before `due_date` in
    `timezone`; False when after; None when there is no reference yet (not shipped)."""
    if reference is None:
        return None
    return local_date(reference, timezone) <= due_date


def days_late(reference: datetime | None, due_date: date, timezone: str) -> int | None:
    """Calendar days after the due date (0 when on time, None when not shipped)."""
    if reference is None:
        return None
    return max((local_date(reference, timezone) - due_date).days, 0)
