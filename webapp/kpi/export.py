"""The weekly and monthly review as an Excel workbook (one sheet per section) and as a PDF.

Both are built from the same rows as the page (dashboard.summary), so the three agree."""

from __future__ import annotations

from io import BytesIO

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from webapp.delays.labels import CAUSE_LABELS
from webapp.delays.models import DelayCause
from webapp.i18n import ui_lang
from webapp.kpi import dashboard as kpi
from webapp.kpi.labels import FIGURE_LABELS, PERIOD_LABELS, VERDICT_LABELS
from webapp.models_base import utcnow

PCT = "0.0%"
PCT_DELTA = "+0.0%;-0.0%;0.0%"
HOURS = "0.0"
HOURS_DELTA = "+0.0;-0.0;0.0"
INT = "#,##0"
INT_DELTA = "+#,##0;-#,##0;0"
DATE = "yyyy-mm-dd"


def _cause(value: str) -> str:
    return str(CAUSE_LABELS[DelayCause(value)]) if value else _("All causes")


def _period(board: kpi.Dashboard) -> str:
    f = board.filters
    return f"{format_date(f.start, 'medium')} – {format_date(f.end, 'medium')}"


def _sections(rv: kpi.Review) -> list[tuple[str, list[str], list[list], list[str]]]:
    """(title, headers, rows, number formats per column) for every section of the review."""
    cur, prev = rv.current, rv.previous
    formats = {"pct": (PCT, PCT_DELTA), "hours": (HOURS, HOURS_DELTA), "count": (INT, INT_DELTA)}
    summary_rows = []
    summary_formats = []
    for row in kpi.summary(rv):
        value_fmt, delta_fmt = formats[row.kind]
        summary_rows.append([
            str(FIGURE_LABELS[row.key]), row.current, row.previous, row.change.delta,
            str(VERDICT_LABELS[row.change.verdict]), row.current_counts, row.previous_counts,
        ])  # fmt: skip
        summary_formats.append(["@", value_fmt, value_fmt, delta_fmt, "@", "@", "@"])
    prev_counts = {c: n for c, n, _cum in prev.pareto}
    pareto = [[_cause(c), n, cum, prev_counts.get(c, 0)] for c, n, cum in cur.pareto]
    resolution = []
    for cause in sorted(cur.resolution, key=lambda c: (c == "", c)):
        st = cur.resolution[cause]
        before = prev.resolution.get(cause)
        resolution.append([
            _cause(cause), st.count, st.median_hours, st.p90_hours,
            before.median_hours if before else None, before.p90_hours if before else None,
        ])  # fmt: skip
    suppliers = [
        [row.supplier.name if row.supplier else _("All suppliers"), row.on_time.denominator,
         row.on_time.numerator, row.on_time.value, row.rejection.denominator,
         row.rejection.numerator, row.rejection.value]
        for row in cur.suppliers
    ]  # fmt: skip
    from webapp.orders.labels import risk_text

    risky = [
        [o.number, o.customer.name, o.factory.name, o.follower.full_name if o.follower else "",
         o.due_date, "; ".join(risk_text(r, o.stages) for r in reasons)]
        for o, reasons in (cur.at_risk.orders() if cur.at_risk else [])
    ]  # fmt: skip
    return [
        (_("Summary"),
         [_("Figure"), _("This period"), _("Previous period"), _("Change"), _("Verdict"),
          _("Counts this period"), _("Counts previous period")],
         summary_rows, summary_formats),
        (_("Delays by cause"),
         [_("Cause"), _("Delays"), _("Cumulative"), _("Previous period")],
         pareto, ["@", INT, PCT, INT]),
        (_("Time to resolve"),
         [_("Cause"), _("Resolved"), _("Median (h)"), _("90th percentile (h)"),
          _("Previous median (h)"), _("Previous 90th percentile (h)")],
         resolution, ["@", INT, HOURS, HOURS, HOURS, HOURS]),
        (_("Suppliers"),
         [_("Supplier"), _("Received"), _("On time"), _("On-time rate"), _("Inspected"),
          _("Rejected"), _("Rejection rate")],
         suppliers, ["@", INT, INT, PCT, INT, INT, PCT]),
        (_("Orders at risk"),
         [_("Order"), _("Customer"), _("Factory"), _("Follower"), _("Due date"), _("Why")],
         risky, ["@", "@", "@", "@", DATE, "@"]),
    ]  # fmt: skip


def review_xlsx(rv: kpi.Review) -> bytes:
    """One sheet per section; numbers stay numbers with percent, hour and date formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    title = f"{PERIOD_LABELS[rv.kind]}: {_period(rv.current)}"
    for name, headers, rows, fmts in _sections(rv):
        ws = wb.create_sheet(_sheet_name(name))
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(headers)
        for cell in ws[2]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="0F5C4D")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for i, row in enumerate(rows):
            ws.append(row)
            row_fmts = fmts[i] if fmts and isinstance(fmts[0], list) else fmts
            for col, fmt in enumerate(row_fmts, start=1):
                if fmt != "@":
                    ws.cell(ws.max_row, col).number_format = fmt
        ws.freeze_panes = "B3"
        for col in range(1, len(headers) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 34 if col == 1 else 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


def _cell_text(value, fmt: str) -> str:
    from flask_babel import format_decimal, format_percent

    if value is None or value == "":
        return "–" if value is None else ""
    if fmt == PCT:
        return format_percent(value, "#,##0.0%")
    if fmt == PCT_DELTA:
        return _("%(d)s pp", d=format_decimal(value * 100, "+#,##0.0;-#,##0.0"))
    if fmt in (HOURS, HOURS_DELTA):
        return format_decimal(value, "#,##0.0" if fmt == HOURS else "+#,##0.0;-#,##0.0")
    if fmt in (INT, INT_DELTA):
        return format_decimal(value, "#,##0" if fmt == INT else "+#,##0;-#,##0")
    if fmt == DATE:
        return format_date(value, "short")
    return str(value)


def review_pdf(rv: kpi.Review) -> bytes:
    """The review on A4: title, period, then each section as a table (ReportLab, STSong-Light)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from webapp.inspections.report_pdf import _ZH_FONTS, _markup, _setup_reportlab

    _setup_reportlab()
    fonts = _ZH_FONTS
    cjk = ui_lang() == "zh_Hans"
    base = {"fontName": fonts.regular, "wordWrap": "CJK"}
    h1 = ParagraphStyle("h1", fontSize=17, leading=22, textColor=colors.HexColor("#0F5C4D"), **base)
    h2 = ParagraphStyle("h2", fontSize=12.5, leading=17, spaceBefore=4, **base)
    body = ParagraphStyle("body", fontSize=9, leading=12, **base)
    cell = ParagraphStyle("cell", fontSize=8.5, leading=11, **base)
    head = ParagraphStyle("head", fontSize=8.5, leading=11, textColor=colors.white, **base)

    def p(text, style=cell):
        return Paragraph(_markup(str(text), fonts), style)

    story = [
        p(f"{PERIOD_LABELS[rv.kind]} · Gendan 跟单", h1),
        p(_("This period: %(a)s. Previous period: %(b)s.", a=_period(rv.current),
            b=_period(rv.previous)), body),
        p(_("Generated %(t)s", t=format_datetime(utcnow(), "medium")), body),
        Spacer(1, 4 * mm),
    ]  # fmt: skip
    width = A4[0] - 30 * mm
    for name, headers, rows, fmts in _sections(rv):
        story.append(p(name, h2))
        if not rows:
            story.append(p(_("Nothing in this period."), body))
            story.append(Spacer(1, 3 * mm))
            continue
        data = [[p(h, head) for h in headers]]
        for i, row in enumerate(rows):
            row_fmts = fmts[i] if isinstance(fmts[0], list) else fmts
            data.append([p(_cell_text(v, f)) for v, f in zip(row, row_fmts, strict=True)])
        first = width * (0.3 if len(headers) > 4 else 0.4)
        rest = (width - first) / (len(headers) - 1)
        table = Table(data, colWidths=[first] + [rest] * (len(headers) - 1), repeatRows=1)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0F5C4D")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#C9D1DB")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F5F4")]),
        ]))  # fmt: skip
        story.extend([table, Spacer(1, 4 * mm)])
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=f"{PERIOD_LABELS[rv.kind]} {_period(rv.current)}",
        author="Gendan", lang="zh-CN" if cjk else "en", invariant=True,
    )  # fmt: skip
    doc.build(story)
    return out.getvalue()
