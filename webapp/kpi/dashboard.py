"""The dashboard's figures for a period and scope, and the review of a week or month against
the one before it (每月复盘)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from webapp.kpi import formulas, queries
from webapp.kpi.queries import Filters, Resolution, SupplierRow

TREND_MONTHS = 6

# key: higher is better (None: a count, no direction)
FIGURES = {
    "on_time": True,
    "first_pass": True,
    "complaints": False,
    "resolution": False,
    "corrections": False,
    "supplier_on_time": True,
    "supplier_rejection": False,
    "at_risk": False,
}


@dataclass
class Dashboard:
    filters: Filters
    first_pass: formulas.Ratio
    complaints: formulas.Ratio  # complaints / orders shipped
    complaint_count: int
    on_time: formulas.Ratio
    resolution: dict[str, Resolution]
    pareto: list[tuple[str, int, float]]
    suppliers: list[SupplierRow]
    corrections: formulas.Ratio
    at_risk: queries.AtRisk | None = None  # as of today: only on the current period
    months: list[str] = field(default_factory=list)
    trends: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def delay_total(self) -> int:
        return sum(n for _c, n, _cum in self.pareto)

    @property
    def resolution_all(self) -> Resolution:
        return self.resolution.get("", Resolution(0, None, None))

    @property
    def at_risk_ratio(self) -> formulas.Ratio | None:
        return self.at_risk.ratio if self.at_risk is not None else None

    def value(self, key: str) -> float | None:
        """The headline number of a figure (a rate as a fraction, or hours)."""
        if key == "resolution":
            return self.resolution_all.median_hours
        if key == "supplier_on_time":
            return self.suppliers[0].on_time.value
        if key == "supplier_rejection":
            return self.suppliers[0].rejection.value
        if key == "at_risk":
            ratio = self.at_risk_ratio
            return ratio.value if ratio else None
        ratio = getattr(self, key)
        return ratio.value if ratio is not None else None


def build(f: Filters, today: date, *, with_now: bool = True, with_trends: bool = True) -> Dashboard:
    """Every figure for the period; `with_now` adds the at-risk orders as of today."""
    shipping = queries.shipping(f)
    complaint_count = queries.complaint_count(f)
    board = Dashboard(
        filters=f,
        first_pass=queries.first_pass(f),
        complaints=formulas.complaint_rate(complaint_count, shipping.denominator),
        complaint_count=complaint_count,
        on_time=shipping,
        resolution=queries.resolution(f),
        pareto=formulas.pareto(queries.delay_counts(f)),
        suppliers=queries.suppliers(f),
        corrections=queries.corrections(f),
    )
    if with_now:
        board.at_risk = queries.at_risk(f, today)
    if with_trends:
        _add_trends(board, f)
    return board


def _add_trends(board: Dashboard, f: Filters) -> None:
    """Monthly values over the last months up to the period's end, one GROUP BY each."""
    months = formulas.months_back(f.end, TREND_MONTHS)
    span = f.with_period(months[0][0], f.end)
    keys = [start.strftime("%Y-%m") for start, _end in months]
    first_pass = queries.first_pass_by_month(span)
    fixes = queries.corrections_by_month(span)
    delays = queries.delays_by_month(span)
    board.months = keys
    board.trends = {
        "first_pass": [first_pass[k].value if k in first_pass else None for k in keys],
        "corrections": [fixes[k].value if k in fixes else None for k in keys],
        "delays": [float(delays.get(k, 0)) for k in keys],
    }


@dataclass
class Review:
    """A week or month with the same figures for the one before it."""

    kind: str
    current: Dashboard
    previous: Dashboard

    def change(self, key: str) -> formulas.Change:
        return formulas.change(
            self.current.value(key), self.previous.value(key), FIGURES.get(key, True)
        )


def review(kind: str, day: date, base: Filters, today: date) -> Review:
    """The period of `kind` containing `day`, compared with the previous one."""
    start, end = formulas.period_bounds(kind, day)
    prev_start, prev_end = formulas.previous_period(kind, start)
    current = build(base.with_period(start, end), today, with_trends=False)
    previous = build(base.with_period(prev_start, prev_end), today, with_now=False,
                     with_trends=False)  # fmt: skip
    return Review(kind, current, previous)


@dataclass(frozen=True)
class SummaryRow:
    key: str
    kind: str  # "pct", "hours" or "count"
    current: float | None
    previous: float | None
    current_counts: str
    previous_counts: str
    change: formulas.Change


def _counts(ratio: formulas.Ratio | None) -> str:
    return f"{ratio.numerator} / {ratio.denominator}" if ratio is not None else ""


def summary(rv: Review) -> list[SummaryRow]:
    """One row per figure: this period, the previous one, and the change (for every export)."""
    cur, prev = rv.current, rv.previous
    rows = []
    for key, kind, pick in (
        ("on_time", "pct", lambda b: b.on_time),
        ("first_pass", "pct", lambda b: b.first_pass),
        ("complaints", "pct", lambda b: b.complaints),
        ("corrections", "pct", lambda b: b.corrections),
        ("supplier_on_time", "pct", lambda b: b.suppliers[0].on_time),
        ("supplier_rejection", "pct", lambda b: b.suppliers[0].rejection),
    ):
        a, b = pick(cur), pick(prev)
        rows.append(SummaryRow(key, kind, a.value if a else None, b.value if b else None,
                               _counts(a), _counts(b), rv.change(key)))  # fmt: skip
    ra, rb = cur.resolution_all, prev.resolution_all
    rows.append(SummaryRow("resolution", "hours", ra.median_hours, rb.median_hours,
                           str(ra.count), str(rb.count), rv.change("resolution")))  # fmt: skip
    rows.append(SummaryRow("resolution_p90", "hours", ra.p90_hours, rb.p90_hours,
                           str(ra.count), str(rb.count),
                           formulas.change(ra.p90_hours, rb.p90_hours, False)))  # fmt: skip
    for key, a, b in (
        ("delays", cur.delay_total, prev.delay_total),
        ("complaint_count", cur.complaint_count, prev.complaint_count),
    ):
        rows.append(
            SummaryRow(key, "count", float(a), float(b), "", "", formulas.change(a, b, False))
        )
    return rows
