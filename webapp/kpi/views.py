"""The KPI dashboard, the records behind each figure, and the weekly and monthly reviews."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from webapp.auth.models import Role
from webapp.auth.permissions import role_required
from webapp.kpi import dashboard as kpi
from webapp.kpi import drill, formulas
from webapp.kpi.queries import Filters
from webapp.timeutil import app_timezone, app_today

bp = Blueprint("kpi", __name__, url_prefix="/kpi")

WATCHERS = (Role.SUPERVISOR, Role.ADMIN)


def _int(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _date(name: str, default: date) -> date:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default


def _filters() -> Filters:
    """Period and scope from the query string; a bad or missing value takes its default
    (this month up to today)."""
    today = app_today()
    start = _date("start", today.replace(day=1))
    end = _date("end", today)
    if end < start:
        start, end = end, start
    if (end - start).days > 3 * 366:  # a runaway range would scan years of check-ins
        start = end - timedelta(days=3 * 366)
    return Filters(start, end, _int("factory"), _int("customer"), _int("follower"),
                   timezone=app_timezone())  # fmt: skip


def _choices() -> dict:
    from webapp.progress.views import _filter_choices

    return _filter_choices()


def _quick_periods(today: date) -> list[tuple[str, date, date]]:
    week = formulas.period_bounds("week", today)
    month = formulas.period_bounds("month", today)
    last_month = formulas.previous_period("month", month[0])
    return [
        (_("This week"), week[0], today),
        (_("This month"), month[0], today),
        (_("Last month"), *last_month),
        (_("Last 90 days"), today - timedelta(days=89), today),
    ]


@bp.get("/")
@role_required(*WATCHERS)
def dashboard():
    """Every figure for the period and scope, each linking to its records."""
    f = _filters()
    today = app_today()
    board = kpi.build(f, today)
    rows = sorted(
        ((c, st) for c, st in board.resolution.items() if c),
        key=lambda item: (-(item[1].median_hours or 0), item[0]),
    )
    if "" in board.resolution:
        rows.append(("", board.resolution[""]))
    return render_template(
        "kpi/dashboard.html", board=board, filters=f, today=today, quick=_quick_periods(today),
        charts=_charts(board, f, rows), resolution_rows=rows, **_choices(),
    )  # fmt: skip


def _charts(board: kpi.Dashboard, f: Filters, rows) -> dict:
    """The dashboard's SVG charts, every bar linking to the records behind it."""
    from flask import url_for
    from flask_babel import format_decimal, format_percent

    from webapp.delays.labels import CAUSE_LABELS
    from webapp.delays.models import DelayCause
    from webapp.kpi import charts
    from webapp.kpi.labels import FIGURE_LABELS

    def cause_label(value: str) -> str:
        return str(CAUSE_LABELS[DelayCause(value)])

    pareto = charts.pareto_chart(
        [
            charts.Bar(cause_label(c), n, str(n),
                       url_for("kpi.records", figure="delays", cause=c, **f.args()))
            for c, n, _cum in board.pareto
        ],
        [cum for _c, _n, cum in board.pareto],
        str(FIGURE_LABELS["delays"]),
    )  # fmt: skip
    resolution = charts.bar_chart(
        [
            charts.Bar(cause_label(c), st.median_hours or 0,
                       _("%(h)s h", h=format_decimal(st.median_hours or 0, "#,##0.0")),
                       url_for("kpi.records", figure="resolution", cause=c, **f.args()))
            for c, st in rows
            if c
        ],
        _("Median time to resolve per cause"),
    )  # fmt: skip
    months = ", ".join(board.months)

    def trend(key: str) -> object:
        values = board.trends.get(key, [])
        text = "; ".join(
            f"{m}: {format_percent(v, '#,##0.0%') if v is not None else '–'}"
            for m, v in zip(board.months, values, strict=False)
        )
        return charts.sparkline(values, _("Last months (%(months)s): %(values)s", months=months,
                                          values=text))  # fmt: skip

    return {
        "pareto": pareto,
        "resolution": resolution,
        "trend_first_pass": trend("first_pass"),
        "trend_corrections": trend("corrections"),
    }


@bp.get("/records/<figure>")
@role_required(*WATCHERS)
def records(figure: str):
    """The records behind one figure, with the same filters."""
    f = _filters()
    cause = request.args.get("cause", "")
    table = drill.build(figure, f, app_today(), cause=cause, supplier_id=_int("supplier"))
    if table is None:
        abort(404)
    return render_template(
        "kpi/records.html", table=table, figure=figure, filters=f, cause=cause,
        quick=_quick_periods(app_today()), **_choices(),
    )  # fmt: skip


@bp.get("/review")
@role_required(*WATCHERS)
def review():
    """A week or a month against the one before it; Excel and PDF exports."""
    kind = request.args.get("period", "month")
    if kind not in formulas.PERIOD_KINDS:
        kind = "month"
    today = app_today()
    day = _date("date", today)
    base = _filters()
    result = kpi.review(kind, day, base, today)
    fmt = request.args.get("format")
    if fmt in ("xlsx", "pdf"):
        from webapp.kpi import export

        start = result.current.filters.start.isoformat()
        if fmt == "xlsx":
            return Response(
                export.review_xlsx(result),
                mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                headers={"Content-Disposition": f'attachment; filename="kpi-{kind}-{start}.xlsx"'},
            )
        return Response(
            export.review_pdf(result),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="kpi-{kind}-{start}.pdf"'},
        )
    prev_day = result.previous.filters.start
    next_day = result.current.filters.end + timedelta(days=1)
    return render_template(
        "kpi/review.html", review=result, kind=kind, day=day, filters=base, prev_day=prev_day,
        next_day=next_day if next_day <= today else None, summary=kpi.summary(result),
        prev_counts={c: n for c, n, _cum in result.previous.pareto}, fmt=fmt_value,
        fmt_delta=fmt_delta, RECORDS_FOR=RECORDS_FOR, **_choices(),
    )  # fmt: skip


# The drill-down that holds the records of a summary row.
RECORDS_FOR = {
    "supplier_on_time": "suppliers",
    "supplier_rejection": "suppliers",
    "resolution_p90": "resolution",
    "complaint_count": "complaints",
}


def fmt_value(row: kpi.SummaryRow, value: float | None) -> str:
    """A figure as shown: a percentage, hours, or a count."""
    from flask_babel import format_decimal, format_percent

    if value is None:
        return "–"
    if row.kind == "pct":
        return format_percent(value, "#,##0.0%")
    if row.kind == "hours":
        return _("%(h)s h", h=format_decimal(value, "#,##0.0"))
    return format_decimal(value, "#,##0")


def fmt_delta(row: kpi.SummaryRow) -> str:
    """The change against the previous period: percentage points, hours or a count, signed."""
    from flask_babel import format_decimal

    delta = row.change.delta
    if delta is None:
        return "–"
    if row.kind == "pct":
        return _("%(d)s pp", d=format_decimal(delta * 100, "+#,##0.0;-#,##0.0"))
    if row.kind == "hours":
        return _("%(h)s h", h=format_decimal(delta, "+#,##0.0;-#,##0.0"))
    return format_decimal(delta, "+#,##0;-#,##0")
