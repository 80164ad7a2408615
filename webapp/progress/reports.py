"""The daily production report (生产日报表) and the tracking table (生产计划进度跟踪表)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders import queries as order_queries
from webapp.orders.models import Order, Stage
from webapp.progress.models import CheckIn
from webapp.progress.queries import effective, progress_for_orders


@dataclass(frozen=True)
class Filters:
    day: date
    factory_id: int | None = None
    customer_id: int | None = None
    follower_id: int | None = None


@dataclass
class DailyRow:
    order: Order
    stage: Stage
    good: int
    rework: int
    scrap: int

    @property
    def total(self) -> int:
        return self.good + self.rework + self.scrap

    @property
    def defect_rate(self) -> float | None:
        """Rework share of everything produced (returned for rework)."""
        return self.rework / self.total if self.total else None

    @property
    def scrap_rate(self) -> float | None:
        return self.scrap / self.total if self.total else None


@dataclass
class Group:
    """Rows of one factory (or one follower) with their sums."""

    key: object
    rows: list[DailyRow] = field(default_factory=list)

    @property
    def good(self) -> int:
        return sum(r.good for r in self.rows)

    @property
    def rework(self) -> int:
        return sum(r.rework for r in self.rows)

    @property
    def scrap(self) -> int:
        return sum(r.scrap for r in self.rows)

    @property
    def total(self) -> int:
        return self.good + self.rework + self.scrap

    @property
    def defect_rate(self) -> float | None:
        return self.rework / self.total if self.total else None

    @property
    def scrap_rate(self) -> float | None:
        return self.scrap / self.total if self.total else None


def _order_filters(query, user: User, filters: Filters):
    if not user.can_see_all_orders():
        query = query.where(Order.follower_id == user.id)
    if filters.factory_id:
        query = query.where(Order.factory_id == filters.factory_id)
    if filters.customer_id:
        query = query.where(Order.customer_id == filters.customer_id)
    if filters.follower_id:
        query = query.where(Order.follower_id == filters.follower_id)
    return query


def daily_report(user: User, filters: Filters) -> tuple[list[Group], list[Group]]:
    """Output of one day per factory and per follower: (by factory, by follower)."""
    query = (
        sa.select(
            CheckIn.order_id,
            CheckIn.stage_id,
            sa.func.sum(CheckIn.good_qty),
            sa.func.sum(CheckIn.rework_qty),
            sa.func.sum(CheckIn.scrap_qty),
        )
        .join(Order, Order.id == CheckIn.order_id)
        .where(CheckIn.work_date == filters.day, effective())
        .group_by(CheckIn.order_id, CheckIn.stage_id)
    )
    query = _order_filters(query, user, filters)
    sums = db.session.execute(query).all()
    orders = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Order)
            .where(Order.id.in_({row[0] for row in sums}))
            .options(so.joinedload(Order.factory), so.joinedload(Order.customer),
                     so.joinedload(Order.follower), so.selectinload(Order.stages))
        ).unique()
    }  # fmt: skip
    stages = {s.id: s for o in orders.values() for s in o.stages}
    rows = [
        DailyRow(orders[oid], stages[sid], int(g or 0), int(r or 0), int(s or 0))
        for oid, sid, g, r, s in sums
    ]
    rows.sort(key=lambda r: (r.order.factory.name, r.order.id, r.stage.position))
    by_factory: dict[int, Group] = {}
    by_follower: dict[int | None, Group] = {}
    for row in rows:
        by_factory.setdefault(row.order.factory_id, Group(row.order.factory)).rows.append(row)
        by_follower.setdefault(row.order.follower_id, Group(row.order.follower)).rows.append(row)
    return list(by_factory.values()), list(by_follower.values())


def tracking(user: User, filters: Filters) -> list:
    """Open orders with each stage's plan, actual, gap and projection as of `filters.day`."""
    orders = order_queries.search(
        user, open_only=True, factory_id=filters.factory_id, customer_id=filters.customer_id,
        follower_id=filters.follower_id, limit=1000,
    )  # fmt: skip
    orders = [o for o in orders if o.stages]
    progress = progress_for_orders(orders, filters.day)
    result = [progress[o.id] for o in orders]
    result.sort(key=lambda p: (not p.at_risk, p.order.due_date, p.order.id))
    return result


# --- Excel -------------------------------------------------------------------------------


def _sheet(title: str, headers: list[str]):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0F5C4D")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    return wb, ws


def _finish(wb, ws, widths: list[int]) -> bytes:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.auto_filter.ref = ws.dimensions
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


INT = "#,##0"
PCT = "0.0%"
DATE = "yyyy-mm-dd"


def daily_report_xlsx(groups: list[Group], day: date, headers: list[str], lang: str) -> bytes:
    """The daily report as a workbook: one row per order and stage, numbers as numbers."""
    wb, ws = _sheet(day.isoformat(), headers)
    for group in groups:
        for row in group.rows:
            ws.append([
                day, group.key.name, row.order.number, row.order.customer.name, row.order.po_number,
                row.order.style, row.stage.label(lang),
                row.order.follower.full_name if row.order.follower else "",
                row.good, row.rework, row.scrap, row.defect_rate, row.scrap_rate,
            ])  # fmt: skip
            r = ws.max_row
            ws.cell(r, 1).number_format = DATE
            for c in (9, 10, 11):
                ws.cell(r, c).number_format = INT
            for c in (12, 13):
                ws.cell(r, c).number_format = PCT
    return _finish(wb, ws, [12, 24, 10, 24, 14, 14, 12, 14, 10, 10, 10, 10, 10])


def tracking_xlsx(items: list, day: date, headers: list[str], lang: str, status_labels) -> bytes:
    """The tracking table as a workbook: one row per order and stage."""
    wb, ws = _sheet(day.isoformat(), headers)
    for item in items:
        order = item.order
        for sp in item.stages:
            p = sp.projection
            ws.append([
                order.number, order.customer.name, order.po_number, order.style,
                order.factory.name, order.follower.full_name if order.follower else "",
                order.due_date, sp.stage.label(lang), sp.stage.planned_qty,
                sp.stage.planned_start, sp.stage.planned_finish, p.planned_to_date, p.actual,
                p.gap, p.percent, p.projected_finish, str(status_labels[p.status]),
                "!" if item.at_risk else "",
            ])  # fmt: skip
            r = ws.max_row
            for c in (7, 10, 11, 16):
                ws.cell(r, c).number_format = DATE
            for c in (9, 12, 13, 14):
                ws.cell(r, c).number_format = INT
            ws.cell(r, 15).number_format = PCT
    return _finish(wb, ws, [10, 22, 14, 14, 20, 14, 12, 12, 10, 12, 12, 10, 10, 10, 8, 12, 12, 6])
