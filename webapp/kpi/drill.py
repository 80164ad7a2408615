"""The records behind each figure, as tables a supervisor can check a number against."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from flask_babel import gettext as _

from webapp.delays.labels import CAUSE_LABELS, DELAY_STATUS_LABELS
from webapp.i18n import ui_lang
from webapp.kpi import formulas, queries
from webapp.kpi.labels import FIGURE_LABELS
from webapp.kpi.queries import Filters

FIGURES = ("on_time", "first_pass", "complaints", "delays", "resolution", "corrections",
           "suppliers", "at_risk")  # fmt: skip


@dataclass
class Cell:
    text: str
    href: str = ""
    numeric: bool = False


@dataclass
class Table:
    title: str
    summary: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)
    truncated: bool = False


def _pct(ratio: formulas.Ratio) -> str:
    if ratio.value is None:
        return _("no data")
    return _("%(n)s of %(d)s = %(p)s", n=ratio.numerator, d=ratio.denominator,
             p=format_percent(ratio.value, "#,##0.0%"))  # fmt: skip


def _hours(value: float | None) -> str:
    return "–" if value is None else _("%(h)s h", h=format_decimal(value, "#,##0.0"))


def _yes(flag: bool | None) -> str:
    return "–" if flag is None else (_("yes") if flag else _("no"))


def _order(order) -> Cell:
    return Cell(order.number, url_for("orders.detail", order_id=order.id))


def build(figure: str, f: Filters, today, cause: str = "", supplier_id: int | None = None):
    """The table for one figure, or None for an unknown figure."""
    builders = {
        "first_pass": _first_pass, "corrections": _corrections, "delays": _delays,
        "resolution": _resolution, "complaints": _complaints, "suppliers": _suppliers,
        "at_risk": _at_risk, "on_time": _on_time,
    }  # fmt: skip
    if figure not in builders:
        return None
    table = builders[figure](f, today=today, cause=cause, supplier_id=supplier_id)
    table.truncated = len(table.rows) >= queries.DRILL_LIMIT
    return table


def _first_pass(f: Filters, **_kw) -> Table:
    ratio = queries.first_pass(f)
    from webapp.inspections.labels import RESULT_LABELS, TYPE_LABELS

    table = Table(
        str(FIGURE_LABELS["first_pass"]), _("Accepted at first inspection: %(r)s", r=_pct(ratio)),
        [_("Inspection"), _("Order"), _("Type"), _("Submitted"), _("Result")],
    )  # fmt: skip
    for ins in queries.first_inspection_records(f):
        table.rows.append([
            Cell(ins.number, url_for("inspections.detail", inspection_id=ins.id)),
            _order(ins.order), Cell(str(TYPE_LABELS[ins.type])),
            Cell(format_datetime(ins.submitted_at, "short")), Cell(str(RESULT_LABELS[ins.result])),
        ])  # fmt: skip
    return table


def _corrections(f: Filters, **_kw) -> Table:
    ratio = queries.corrections(f)
    table = Table(
        str(FIGURE_LABELS["corrections"]), _("Corrections per check-in: %(r)s", r=_pct(ratio)),
        [_("Work date"), _("Order"), _("Stage"), _("Was"), _("Corrected to"), _("By"),
         _("Corrected on")],
        numeric={3, 4},
    )  # fmt: skip
    lang = ui_lang()
    for c in queries.correction_records(f):
        was = c.corrects
        table.rows.append([
            Cell(format_date(c.work_date, "short")), _order(c.order), Cell(c.stage.label(lang)),
            Cell(f"{was.good_qty}/{was.rework_qty}/{was.scrap_qty}"),
            Cell(f"{c.good_qty}/{c.rework_qty}/{c.scrap_qty}"),
            Cell(c.created_by.full_name), Cell(format_datetime(c.created_at, "short")),
        ])  # fmt: skip
    return table


def _delays(f: Filters, cause: str = "", **_kw) -> Table:
    counts = queries.delay_counts(f)
    total = sum(counts.values())
    n = counts.get(cause, 0) if cause else total
    title = str(FIGURE_LABELS["delays"])
    if cause:
        title += " · " + _cause(cause)
    table = Table(title, _("Delays recorded: %(n)s of %(t)s", n=n, t=total),
                  [_("Delay"), _("Order"), _("Cause"), _("Recorded"), _("Status")])  # fmt: skip
    for d in queries.delay_records(f, cause=cause or None):
        table.rows.append([
            Cell(d.number, url_for("delays.detail", delay_id=d.id)), _order(d.order),
            Cell(str(CAUSE_LABELS[d.cause])), Cell(format_datetime(d.created_at, "short")),
            Cell(str(DELAY_STATUS_LABELS[d.status])),
        ])  # fmt: skip
    return table


def _cause(value: str) -> str:
    from webapp.delays.models import DelayCause

    try:
        return str(CAUSE_LABELS[DelayCause(value)])
    except ValueError:
        return value


def _resolution(f: Filters, cause: str = "", **_kw) -> Table:
    stats = queries.resolution(f).get(cause or "", queries.Resolution(0, None, None))
    title = str(FIGURE_LABELS["resolution"])
    if cause:
        title += " · " + _cause(cause)
    table = Table(
        title,
        _("Resolved: %(n)s; median %(m)s; 90th percentile %(p)s", n=stats.count,
          m=_hours(stats.median_hours), p=_hours(stats.p90_hours)),
        [_("Delay"), _("Order"), _("Cause"), _("Recorded"), _("Resolved"), _("Time to resolve")],
        numeric={5},
    )  # fmt: skip
    records = queries.delay_records(f, cause=cause or None, resolved=True)
    records.sort(key=lambda d: d.resolved_at - d.created_at)
    for d in records:
        hours = (d.resolved_at - d.created_at).total_seconds() / 3600
        table.rows.append([
            Cell(d.number, url_for("delays.detail", delay_id=d.id)), _order(d.order),
            Cell(str(CAUSE_LABELS[d.cause])), Cell(format_datetime(d.created_at, "short")),
            Cell(format_datetime(d.resolved_at, "short")), Cell(_hours(hours)),
        ])  # fmt: skip
    return table


def _complaints(f: Filters, **_kw) -> Table:
    from webapp.delays.labels import COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS

    shipping = queries.shipping(f)
    count = queries.complaint_count(f)
    summary = (
        _(
            "Complaints per order shipped: %(r)s",
            r=_pct(formulas.complaint_rate(count, shipping.denominator)),
        )
        if shipping
        else _("Complaints received: %(n)s", n=count)
    )
    table = Table(str(FIGURE_LABELS["complaints"]), summary,
                  [_("Complaint"), _("Order"), _("Customer"), _("Category"), _("Received"),
                   _("Status")])  # fmt: skip
    for c in queries.complaint_records(f):
        table.rows.append([
            Cell(c.number, url_for("delays.complaint_detail", complaint_id=c.id)), _order(c.order),
            Cell(c.order.customer.name), Cell(str(COMPLAINT_CATEGORY_LABELS[c.category])),
            Cell(format_datetime(c.created_at, "short")),
            Cell(str(COMPLAINT_STATUS_LABELS[c.status])),
        ])  # fmt: skip
    return table


def _suppliers(f: Filters, supplier_id: int | None = None, **_kw) -> Table:
    rows = queries.suppliers(f)
    chosen = next((r for r in rows[1:] if r.supplier.id == supplier_id), rows[0])
    title = str(FIGURE_LABELS["supplier_on_time"])
    if chosen.supplier:
        title += " · " + chosen.supplier.name
    table = Table(
        title,
        _("On time: %(o)s. Rejected: %(r)s.", o=_pct(chosen.on_time), r=_pct(chosen.rejection)),
        [_("Material PO"), _("Supplier"), _("Promised"), _("Received"), _("On time"),
         _("Incoming inspection")],
    )  # fmt: skip
    for po, received_on, on_time, rejected in queries.material_po_records(
        f, chosen.supplier.id if chosen.supplier else None
    ):
        inspection = "–" if rejected is None else (_("rejected") if rejected else _("accepted"))
        table.rows.append([
            Cell(po.number, url_for("materials.detail", po_id=po.id)), Cell(po.supplier.name),
            Cell(format_date(po.promised_date, "short")),
            Cell(format_date(received_on, "short") if received_on else "–"),
            Cell(_yes(on_time)), Cell(inspection),
        ])  # fmt: skip
    return table


def _at_risk(f: Filters, today=None, **_kw) -> Table:
    from webapp.orders.labels import risk_text

    risky = queries.at_risk(f, today)
    table = Table(
        str(FIGURE_LABELS["at_risk"]), _("At risk: %(r)s", r=_pct(risky.ratio)),
        [_("Order"), _("Customer"), _("Factory"), _("Due date"), _("Why")],
    )  # fmt: skip
    for o, reasons in risky.orders(queries.DRILL_LIMIT):
        why = "; ".join(risk_text(reason, o.stages) for reason in reasons)
        table.rows.append([_order(o), Cell(o.customer.name), Cell(o.factory.name),
                           Cell(format_date(o.due_date, "short")), Cell(why)])  # fmt: skip
    return table


def _on_time(f: Filters, **_kw) -> Table:
    shipping = queries.shipping(f)
    table = Table(str(FIGURE_LABELS["on_time"]), _("On time: %(r)s", r=_pct(shipping)),
                  [_("Order"), _("Customer"), _("Due date"), _("Shipped"), _("On time"),
                   _("Days late")], numeric={5})  # fmt: skip
    for order, shipped_on, on_time, days_late in queries.shipment_records(f):
        table.rows.append([
            _order(order), Cell(order.customer.name), Cell(format_date(order.due_date, "short")),
            Cell(format_date(shipped_on, "short")), Cell(_yes(on_time)), Cell(str(days_late)),
        ])  # fmt: skip
    return table
