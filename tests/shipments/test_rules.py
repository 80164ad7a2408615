"""The on-time rule at its edges: same day, time zones, not shipped."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from webapp.shipments.rules import days_late, is_on_time, local_date

DUE = date(2026, 12, 1)
SHANGHAI = "Asia/Shanghai"


@pytest.mark.parametrize(
    ("reference", "tz", "expected"),
    [
        # Not shipped yet: no verdict.
        (None, SHANGHAI, None),
        # Same day, any hour, is on time.
        (datetime(2026, 12, 1, 0, 0, tzinfo=UTC), "UTC", True),
        (datetime(2026, 12, 1, 23, 59, tzinfo=UTC), "UTC", True),
        # The day after is late.
        (datetime(2026, 12, 2, 0, 0, tzinfo=UTC), "UTC", False),
        # A day early is on time.
        (datetime(2026, 11, 30, 12, 0, tzinfo=UTC), SHANGHAI, True),
        # 15:59 UTC on the due day is 23:59 in Shanghai: still the due day.
        (datetime(2026, 12, 1, 15, 59, tzinfo=UTC), SHANGHAI, True),
        # 16:01 UTC on the due day is already the next morning in Shanghai: late.
        (datetime(2026, 12, 1, 16, 1, tzinfo=UTC), SHANGHAI, False),
        # 23:30 in Shanghai on the due day, given with its own offset: on time.
        (datetime(2026, 12, 1, 23, 30, tzinfo=timezone(timedelta(hours=8))), SHANGHAI, True),
        # 02:00 UTC on 2 December is 21:00 on 1 December in New York: on time there.
        (datetime(2026, 12, 2, 2, 0, tzinfo=UTC), "America/New_York", True),
        # ...but late in Shanghai (10:00 on 2 December).
        (datetime(2026, 12, 2, 2, 0, tzinfo=UTC), SHANGHAI, False),
        # A naive moment is taken as UTC.
        (datetime(2026, 12, 1, 15, 0), SHANGHAI, True),
    ],
)
def test_is_on_time(reference, tz, expected):
    assert is_on_time(reference, DUE, tz) is expected


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (None, None),
        (datetime(2026, 11, 20, tzinfo=UTC), 0),
        (datetime(2026, 12, 1, 15, 0, tzinfo=UTC), 0),
        (datetime(2026, 12, 1, 17, 0, tzinfo=UTC), 1),
        (datetime(2026, 12, 4, 3, 0, tzinfo=UTC), 3),
    ],
)
def test_days_late(reference, expected):
    assert days_late(reference, DUE, SHANGHAI) == expected


def test_local_date_crosses_midnight():
    assert local_date(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), SHANGHAI) == date(2027, 1, 1)
