"""Supplier metrics and follow-up urgency: pure functions, checked against tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from webapp.materials import metrics

D = date(2026, 5, 10)


@dataclass
class PO:
    status: str = "ordered"
    quantity: int = 100
    promised_date: date = D
    received_qty: int | None = None
    inspection_result: str | None = None
    received_on: date | None = None
    supplier_id: int = 1


def received(on, qty=100, result=None, status="received", **kw):
    return PO(status=status, received_qty=qty, received_on=on, inspection_result=result, **kw)


@pytest.mark.parametrize(
    "pos,expected",
    [
        ([], None),
        ([PO(), PO(status="shipped")], None),  # nothing received yet
        ([received(D)], 1.0),  # on the promised date counts as on time
        ([received(date(2026, 5, 11))], 0.0),
        ([received(date(2026, 5, 9)), received(date(2026, 5, 12)), PO()], 0.5),
        (
            [
                received(D, status="in_warehouse"),
                received(D, status="inspected"),
                received(date(2026, 6, 1)),
            ],
            2 / 3,
        ),
    ],
)
def test_on_time_rate(pos, expected):
    result = metrics.on_time_rate(pos)
    assert result is None if expected is None else result == pytest.approx(expected)


@pytest.mark.parametrize(
    "pos,expected",
    [
        ([], None),
        ([received(D, qty=100)], 1.0),
        ([received(D, qty=90)], 0.0),
        ([received(D, qty=110)], 0.0),  # over is not right either
        ([received(D, qty=100), received(D, qty=0), PO()], 0.5),
    ],
)
def test_right_quantity_rate(pos, expected):
    result = metrics.right_quantity_rate(pos)
    assert result is None if expected is None else result == pytest.approx(expected)


@pytest.mark.parametrize(
    "pos,expected",
    [
        ([], None),
        ([received(D)], None),  # received, not inspected
        ([received(D, result="accepted")], 0.0),
        (
            [
                received(D, result="rejected"),
                received(D, result="accepted"),
                received(D, result="accepted"),
                received(D, result="accepted"),
            ],
            0.25,
        ),
    ],
)
def test_rejection_rate(pos, expected):
    result = metrics.rejection_rate(pos)
    assert result is None if expected is None else result == pytest.approx(expected)


def test_by_supplier_groups():
    pos = [
        received(D, supplier_id=1),
        received(date(2026, 5, 20), qty=80, supplier_id=1, result="rejected"),
        PO(supplier_id=2),
    ]
    result = metrics.by_supplier(pos)
    assert (
        result[1].on_time_rate == 0.5
        and result[1].right_quantity_rate == 0.5
        and result[1].rejection_rate == 1.0
    )
    assert result[1].pos == 2 and result[1].received == 2 and result[1].inspected == 1
    assert result[2].on_time_rate is None and result[2].pos == 1


@pytest.mark.parametrize(
    "status,promised,today,expected",
    [
        ("ordered", date(2026, 5, 9), D, True),
        ("confirmed", date(2026, 5, 9), D, True),
        ("shipped", date(2026, 5, 1), D, True),
        ("shipped", D, D, False),  # due today is not overdue yet
        ("received", date(2026, 5, 1), D, False),
        ("in_warehouse", date(2026, 5, 1), D, False),
        ("cancelled", date(2026, 5, 1), D, False),
    ],
)
def test_is_overdue(status, promised, today, expected):
    assert metrics.is_overdue(PO(status=status, promised_date=promised), today) is expected


NOW = datetime(2026, 5, 10, 9, 0)


@pytest.mark.parametrize(
    "status,promised,expected",
    [
        ("ordered", date(2026, 5, 10), True),  # today
        ("confirmed", date(2026, 5, 11), True),  # within the next 24 hours
        ("confirmed", date(2026, 5, 12), False),
        ("confirmed", date(2026, 5, 9), False),  # already overdue, not "due soon"
        ("shipped", date(2026, 5, 11), False),  # already on its way
        ("received", date(2026, 5, 10), False),
        ("cancelled", date(2026, 5, 10), False),
    ],
)
def test_is_due_soon(status, promised, expected):
    assert metrics.is_due_soon(PO(status=status, promised_date=promised), NOW) is expected


@pytest.mark.parametrize(
    "qty,received_qty,expected",
    [(100, None, None), (100, 100, 0), (100, 80, 20), (100, 120, -20), (100, 0, 100)],
)
def test_shortfall(qty, received_qty, expected):
    po = PO(quantity=qty, received_qty=received_qty)
    assert metrics.shortfall(po) == expected
    assert metrics.is_short(po) is (expected is not None and expected > 0)
