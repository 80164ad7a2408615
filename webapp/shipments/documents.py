"""Commercial invoice and packing list (PDF and Excel), and the shipping schedule in Excel.

`paper_data` turns a shipment into plain, translated rows (inside force_locale); the PDF
renderer uses ReportLab with the CID font STSong-Light for Chinese runs (the helpers of the
inspection report), the Excel writer openpyxl with real numbers and number formats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from webapp.shipments.models import Shipment

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Paper:
    """A commercial invoice or packing list, every word already translated."""

    kind: str  # "invoice" or "packing-list"
    lang: str
    title: str
    number: str
    facts: list[tuple[str, str]]
    columns: list[str]
    numeric: list[int]  # indexes of numeric columns
    rows: list[list]
    totals: list  # same width as columns, "" where nothing adds up
    summary: list[tuple[str, str]]  # below the table: weights, volume, amount in words...
    formats: dict[int, str]  # column index -> Excel number format


def _line_text(line) -> tuple[str, str]:
    order = line.order
    variant = ""
    if line.order_line is not None:
        ol = line.order_line
        variant = " / ".join(x for x in (ol.sku, ol.colour, ol.size) if x)
    return order.product_name, variant


def paper_data(shipment: Shipment, kind: str, lang: str) -> Paper:
    """The invoice or packing list of a shipment in `lang` (call inside force_locale)."""
    from webapp.shipments.labels import MODE_LABELS

    customer = shipment.customer
    factory = shipment.orders[0].factory if shipment.orders else None
    when = shipment.departed_at or shipment.loaded_at or shipment.created_at
    prefix = "CI" if kind == "invoice" else "PL"
    facts = [
        (_("Seller"), factory.name if factory else ""),
        (_("Buyer"), f"{customer.name}" + (f", {customer.country}" if customer.country else "")),
        (_("Date"), format_date(when.date(), "medium")),
        (_("Shipment"), shipment.number),
        (_("Mode"), str(MODE_LABELS[shipment.mode])),
        (_("Carrier or forwarder"), shipment.carrier or "–"),
        (_("Booking reference"), shipment.booking_ref or "–"),
        (
            _("Container / seal"),
            " / ".join(x for x in (shipment.container_no, shipment.seal_no) if x) or "–",
        ),
        (_("From"), shipment.port_of_loading or "–"),
        (_("To"), shipment.destination or "–"),
    ]
    if kind == "invoice":
        columns = [
            _("PO number"),
            _("Style"),
            _("Description"),
            _("SKU / colour / size"),
            _("Quantity"),
            _("Unit"),
            _("Unit price (%(c)s)", c=shipment.currency),
            _("Amount (%(c)s)", c=shipment.currency),
        ]
        rows = []
        for line in shipment.lines:
            desc, variant = _line_text(line)
            price = Decimal(line.unit_price or 0)
            rows.append(
                [
                    line.order.po_number,
                    line.order.style,
                    desc,
                    variant,
                    line.quantity,
                    line.order.unit,
                    price,
                    price * line.quantity,
                ]
            )
        total_qty = sum(r[4] for r in rows)
        total_amount = sum((r[7] for r in rows), Decimal("0"))
        totals = [_("Total"), "", "", "", total_qty, "", "", total_amount]
        summary = [(_("Total amount"), f"{shipment.currency} {total_amount:,.2f}")]
        return Paper(
            kind,
            lang,
            _("Commercial invoice"),
            f"{prefix}-{shipment.number}",
            facts,
            columns,
            [4, 6, 7],
            rows,
            totals,
            summary,
            {4: "#,##0", 6: "#,##0.00##", 7: "#,##0.00"},
        )
    columns = [
        _("PO number"),
        _("Style"),
        _("Description"),
        _("SKU / colour / size"),
        _("Cartons"),
        _("Quantity"),
        _("Unit"),
    ]
    rows = []
    for line in shipment.lines:
        desc, variant = _line_text(line)
        rows.append(
            [
                line.order.po_number,
                line.order.style,
                desc,
                variant,
                line.cartons,
                line.quantity,
                line.order.unit,
            ]
        )
    line_cartons = sum(r[4] for r in rows)
    cartons = shipment.cartons or line_cartons
    totals = [_("Total"), "", "", "", cartons, sum(r[5] for r in rows), ""]
    summary = [
        (_("Cartons"), f"{cartons:,}"),
        (_("Gross weight (kg)"), f"{Decimal(shipment.gross_kg or 0):,.2f}"),
        (_("Net weight (kg)"), f"{Decimal(shipment.net_kg or 0):,.2f}"),
        (_("Volume (m³)"), f"{Decimal(shipment.volume_cbm or 0):,.3f}"),
    ]
    return Paper(
        kind,
        lang,
        _("Packing list"),
        f"{prefix}-{shipment.number}",
        facts,
        columns,
        [4, 5],
        rows,
        totals,
        summary,
        {4: "#,##0", 5: "#,##0"},
    )


def render(shipment: Shipment, kind: str, fmt: str, lang: str) -> tuple[bytes, str, str]:
    """(bytes, MIME type, file name) of the invoice or packing list as PDF or Excel."""
    with force_locale(lang):
        paper = paper_data(shipment, kind, lang)
    name = f"{paper.number}-{kind}.{fmt}"
    if fmt == "pdf":
        return render_pdf(paper), PDF, name
    return render_xlsx(paper), XLSX, name


# --- PDF ------------------------------------------------------------------------------------


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,.4f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_pdf(paper: Paper) -> bytes:
    """A4 portrait: title and number, the facts in two columns, the lines with totals, the
    summary; Chinese runs in STSong-Light, Latin in Helvetica (as the inspection report)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from webapp.inspections.report_pdf import (
        _EN_FONTS,
        _ZH_FONTS,
        _clean,
        _has_cjk,
        _markup,
        _setup_reportlab,
    )

    _setup_reportlab()
    zh = paper.lang.startswith("zh")
    fonts = _ZH_FONTS if zh else _EN_FONTS
    navy = colors.HexColor("#1F3A5F")

    def style(name, size, bold=False, align=0, color=None):
        return ParagraphStyle(
            name,
            fontName=fonts.bold if bold else fonts.regular,
            fontSize=size,
            leading=size * 1.35,
            alignment=align,
            textColor=color or colors.HexColor("#1F2933"),
        )

    body, head, title, right = (
        style("b", 8.5),
        style("h", 8, True, color=navy),
        style("t", 18, True, color=navy),
        style("r", 8.5, align=2),
    )

    def p(text, st):
        text = _clean(text)
        st = ParagraphStyle(
            st.name + "x", parent=st, wordWrap="CJK" if zh or _has_cjk(text) else None
        )
        return Paragraph(_markup(text, fonts, bold=st.fontName == fonts.bold), st)

    buf = BytesIO()
    wide = len(paper.columns) > 7
    pagesize = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{paper.title} {paper.number}",
        author="Gendan",
        lang="zh-CN" if zh else "en",
        invariant=True,
    )
    story = [p(paper.title, title), p(paper.number, head), Spacer(1, 5 * mm)]
    half = (len(paper.facts) + 1) // 2
    grid = []
    for i in range(half):
        row = []
        for fact in (
            paper.facts[i],
            paper.facts[i + half] if i + half < len(paper.facts) else None,
        ):
            row += [p(fact[0], head), p(fact[1], body)] if fact else ["", ""]
        grid.append(row)
    width = doc.width
    facts = Table(grid, colWidths=[width * 0.14, width * 0.36, width * 0.14, width * 0.36])
    facts.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    )
    story += [facts, Spacer(1, 6 * mm)]
    data = [[p(c, head) for c in paper.columns]]
    for row in [*paper.rows, paper.totals]:
        data.append(
            [
                p(_number(v), right) if i in paper.numeric and v != "" else p(str(v), body)
                for i, v in enumerate(row)
            ]
        )
    weights = [1.1, 1.0, 2.2, 1.6] + [0.9] * (len(paper.columns) - 4)
    scale = width / sum(weights)
    table = Table(data, colWidths=[w * scale for w in weights], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4EAF2")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#C9D1DB")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F3F5F8")),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    summary = Table(
        [[p(k, head), p(v, body)] for k, v in paper.summary],
        colWidths=[width * 0.25, width * 0.35],
        hAlign="LEFT",
    )
    story.append(summary)
    doc.build(story)
    return buf.getvalue()


# --- Excel ----------------------------------------------------------------------------------


def render_xlsx(paper: Paper) -> bytes:
    """One sheet: title, facts, the lines with real numbers and formats, totals as formulas
    would be fragile for the customer's edits, so they are written as values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = paper.title[:31]
    ws.append([paper.title])
    ws["A1"].font = Font(size=16, bold=True)
    ws.append([paper.number])
    ws.append([])
    for label, value in paper.facts:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append(paper.columns)
    header_row = ws.max_row
    fill = PatternFill("solid", fgColor="E4EAF2")
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in [*paper.rows, paper.totals]:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for index, fmt in paper.formats.items():
            ws.cell(ws.max_row, index + 1).number_format = fmt
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    for label, value in paper.summary:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (16, 14, 30, 22, 12, 12, 14, 16), strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def schedule_xlsx(weeks) -> bytes:
    """The shipping schedule as the sheet followers keep by hand: one row per shipment, week
    by week, with the readiness columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from webapp.shipments.labels import MODE_LABELS, SHIPMENT_STATUS_LABELS

    wb = Workbook()
    ws = wb.active
    ws.title = _("Shipping schedule")[:31]
    columns = [
        _("Week"),
        _("Planned departure (ETD)"),
        _("Shipment"),
        _("Customer"),
        _("Orders"),
        _("Quantity"),
        _("Cartons"),
        _("Mode"),
        _("Status"),
        _("Production done"),
        _("Final inspection passed"),
        _("Booked"),
        _("Ready"),
        _("Late"),
    ]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E4EAF2")
    yes, no = _("yes"), _("no")
    for week in weeks:
        label = f"{week.year}-W{week.week:02d}" if week.week else _("No date")
        for r in week.rows:
            s = r.shipment
            ws.append(
                [
                    label,
                    r.when,
                    s.number,
                    s.customer.name,
                    ", ".join(f"{o.number} {o.po_number}" for o in s.orders),
                    s.quantity,
                    s.cartons,
                    str(MODE_LABELS[s.mode]),
                    str(SHIPMENT_STATUS_LABELS[s.status]),
                    yes if r.production_done else no,
                    yes if r.fri_passed else no,
                    yes if r.booked else no,
                    yes if r.ready else no,
                    yes if r.late else "",
                ]
            )
            ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
            ws.cell(ws.max_row, 6).number_format = "#,##0"
            ws.cell(ws.max_row, 7).number_format = "#,##0"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (10, 14, 10, 24, 30, 10, 8, 8, 10, 10, 12, 8, 8, 6), strict=True
    ):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
