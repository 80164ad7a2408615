"""The followers' days of one date as an Excel workbook: one row per thing done or due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from webapp.progress.reports import DATE, INT, _sheet
from webapp.team.queries import DaySummary


def days_xlsx(
    summaries: list[DaySummary], day: date, headers: list[str], sections: dict[str, str],
    describe: Callable[[str, object], str], notes_headers: list[str],
) -> bytes:  # fmt: skip
    """Sheet 1: every line of every follower's day; sheet 2: the notes and when each was sent."""
    wb, ws = _sheet(day.isoformat(), headers)

    def add(s: DaySummary, section: str, order, text: str, good=None, rework=None, scrap=None):
        ws.append([day, s.user.full_name, sections[section], order.number if order else "",
                   order.customer.name if order else "", text, good, rework, scrap])  # fmt: skip
        r = ws.max_row
        ws.cell(r, 1).number_format = DATE
        for c in (7, 8, 9):
            ws.cell(r, c).number_format = INT

    for s in summaries:
        for line in s.checkins:
            add(s, "checkins", line.order, describe("checkin", line), line.good, line.rework,
                line.scrap)  # fmt: skip
        for d in s.delays_opened:
            add(s, "delays_opened", d.order, describe("delay", d))
        for d in s.delays_resolved:
            add(s, "delays_resolved", d.order, describe("delay", d))
        for i in s.inspections:
            add(s, "inspections", i.order, describe("inspection", i))
        for step in s.material_steps:
            add(s, "material_steps", None, describe("material_step", step))
        for step in s.sample_steps:
            add(
                s,
                "sample_steps",
                getattr(step.record, "order", None),
                describe("sample_step", step),
            )
        for step in s.shipment_steps:
            add(s, "shipment_steps", getattr(step.record, "order", None),
                describe("shipment_step", step))  # fmt: skip
        for po in s.materials_due:
            add(s, "materials_due", None, describe("material_due", po))
        for sample in s.samples_due:
            add(s, "samples_due", sample.order, describe("sample_due", sample))
        for stage in s.stages_due:
            add(s, "stages_due", stage.order, describe("stage_due", stage))
        for order in s.orders_due:
            add(s, "orders_due", order, describe("order_due", order))
    for col, width in zip("ABCDEFGHI", (12, 16, 18, 10, 22, 48, 10, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    ws.auto_filter.ref = ws.dimensions
    notes = wb.create_sheet("notes")
    notes.append(notes_headers)
    for s in summaries:
        rec = s.record
        sent = rec.sent_at.replace(tzinfo=None) if rec and rec.sent_at else None
        notes.append([day, s.user.full_name, rec.note if rec else "",
                      rec.tomorrow_note if rec else "", sent])  # fmt: skip
        notes.cell(notes.max_row, 1).number_format = DATE
        notes.cell(notes.max_row, 5).number_format = "yyyy-mm-dd hh:mm"
    for col, width in zip("ABCDE", (12, 16, 50, 50, 18), strict=True):
        notes.column_dimensions[col].width = width
    from io import BytesIO

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
