"""Gathering an order's story: risk reasons, the next due action and the timeline entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.routing import BuildError

from webapp.extensions import db
from webapp.orders.models import Order

KINDS = ("checkins", "delays", "materials", "inspections", "approvals", "shipments", "complaints")


@dataclass
class Entry:
    """One line of the timeline."""

    at: datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    badge: tuple[str, str] | None = None  # (css class, label)
    thumbs: list[int] = field(default_factory=list)  # photo ids


def _checkins(order: Order, lang: str) -> list[Entry]:
    """Check-ins summarised per work day and stage (corrected rows left out)."""
    from webapp.progress.models import CheckIn
    from webapp.progress.queries import effective

    rows = db.session.execute(
        sa.select(
            CheckIn.work_date,
            CheckIn.stage_id,
            sa.func.sum(CheckIn.good_qty),
            sa.func.sum(CheckIn.rework_qty),
            sa.func.sum(CheckIn.scrap_qty),
            sa.func.count(CheckIn.id),
            sa.func.max(CheckIn.created_at),
        )
        .where(CheckIn.order_id == order.id, effective())
        .group_by(CheckIn.work_date, CheckIn.stage_id)
    )
    stages = {s.id: s for s in order.stages}
    tz = order.factory.timezone
    out = []
    for day, stage_id, good, rework, scrap, count, last in rows:
        stage = stages.get(stage_id)
        name = stage.label(lang) if stage else "?"
        if isinstance(last, str):
            last = datetime.fromisoformat(last)
        if isinstance(last, datetime):
            last = last if last.tzinfo else last.replace(tzinfo=UTC)
        # A check-in belongs to its work day: reported the same day, at its own time; reported
        # later (or imported), at the end of that day's shift in the factory's zone.
        if isinstance(last, datetime) and last.astimezone(ZoneInfo(tz)).date() == day:
            at = last
        else:
            at = datetime.combine(day, time(18, 0), tzinfo=ZoneInfo(tz)).astimezone(UTC)
        detail = _(
            "good %(good)s · rework %(rework)s · scrap %(scrap)s",
            good=int(good or 0),
            rework=int(rework or 0),
            scrap=int(scrap or 0),
        )
        out.append(
            Entry(
                at,
                "checkins",
                ngettext(
                    "%(stage)s: %(num)d check-in",
                    "%(stage)s: %(num)d check-ins",
                    count,
                    stage=name,
                ),
                detail,
                url_for("orders.detail", order_id=order.id) + "#checkins",
            )
        )
    return out


def _delays(order: Order) -> list[Entry]:
    from webapp.delays import queries as delay_queries
    from webapp.delays.labels import CAUSE_LABELS

    out = []
    for d in delay_queries.for_order(order.id):
        url = url_for("delays.detail", delay_id=d.id)
        cause = str(CAUSE_LABELS[d.cause])
        out.append(
            Entry(
                d.created_at,
                "delays",
                _("Delay %(n)s recorded: %(cause)s", n=d.number, cause=cause),
                d.note,
                url,
                ("badge-warn", cause),
                [p.photo_id for p in d.photos[:4]],
            )
        )
        if d.escalated_at:
            out.append(
                Entry(
                    d.escalated_at,
                    "delays",
                    _("Delay %(n)s escalated", n=d.number),
                    d.escalation_note,
                    url,
                    ("badge-danger", _("Escalated")),
                )
            )
        if d.resolved_at:
            out.append(
                Entry(
                    d.resolved_at,
                    "delays",
                    _("Delay %(n)s resolved", n=d.number),
                    d.action_taken,
                    url,
                    ("badge-ok", _("Resolved")),
                )
            )
    return out


def _materials(order: Order) -> list[Entry]:
    from webapp.materials import queries as material_queries
    from webapp.materials.labels import PO_STATUS_LABELS
    from webapp.materials.labels import TIMELINE as PO_TIMELINE

    out = []
    for po in material_queries.for_order(order.id):
        url = url_for("materials.detail", po_id=po.id)
        for status, attr in PO_TIMELINE:
            at = getattr(po, attr)
            if at is None:
                continue
            out.append(
                Entry(
                    at,
                    "materials",
                    f"{po.number} · {po.item}",
                    f"{po.supplier.name} · {po.quantity} {po.unit}",
                    url,
                    ("badge-info", str(PO_STATUS_LABELS[status])),
                )
            )
    return out


def _inspections(order: Order) -> list[Entry]:
    from webapp.inspections.labels import RESULT_LABELS, TYPE_LABELS
    from webapp.inspections.models import Inspection

    out = []
    for i in db.session.scalars(sa.select(Inspection).where(Inspection.order_id == order.id)):
        url = url_for("inspections.detail", inspection_id=i.id)
        title = f"{TYPE_LABELS[i.type]} {i.number}"
        if i.result is None:
            out.append(Entry(i.created_at, "inspections", title, _("started"), url))
            continue
        thumbs = [p.photo_id for d in i.defects for p in d.photos][:4]
        accepted = i.result.value == "accepted"
        out.append(
            Entry(
                i.submitted_at or i.created_at,
                "inspections",
                title,
                _(
                    "sample %(n)d · %(d)d defects",
                    n=i.sample_size,
                    d=sum(d.count for d in i.defects),
                ),
                url,
                ("badge-ok" if accepted else "badge-danger", str(RESULT_LABELS[i.result])),
                thumbs,
            )
        )
    return out


def _approvals(order: Order) -> list[Entry]:
    """Approval requests on the order and their decisions."""
    from webapp.approvals import queries as approval_queries
    from webapp.approvals import registry

    out = []
    for req in approval_queries.for_order(order.id):
        kind = registry.find(req.kind)
        label = str(kind.label) if kind else req.kind
        url = _approval_url(req)
        out.append(
            Entry(
                req.created_at,
                "approvals",
                _("Approval asked: %(kind)s", kind=label),
                req.reason,
                url,
                ("badge-info", _("Asked")),
            )
        )
        if req.decided_at and req.status.value in ("approved", "rejected"):
            approved = req.status.value == "approved"
            out.append(
                Entry(
                    req.decided_at,
                    "approvals",
                    _("Decided: %(kind)s", kind=label),
                    req.decision_comment,
                    url,
                    (
                        "badge-ok" if approved else "badge-danger",
                        _("Approved") if approved else _("Rejected"),
                    ),
                )
            )
    return out


def _approval_url(req) -> str:
    for endpoint in ("approvals.detail", "approvals.show"):
        try:
            return url_for(endpoint, request_id=req.id)
        except BuildError:  # the endpoint name is the approvals branch's choice
            continue
    return ""


def _shipments(order: Order) -> list[Entry]:
    from webapp.shipments import queries as shipment_queries
    from webapp.shipments.labels import SHIPMENT_STATUS_LABELS
    from webapp.shipments.models import STEPS, ShipmentStatus

    out = []
    for s in shipment_queries.for_order(order.id):
        url = url_for("shipments.detail", shipment_id=s.id)
        qty = sum(line.quantity for line in s.lines if line.order_id == order.id)
        for status in (*STEPS, ShipmentStatus.CANCELLED):
            at = s.step_at(status)
            if at is None:
                continue
            ok = status in (ShipmentStatus.DEPARTED, ShipmentStatus.DELIVERED)
            badge = (
                "badge-ok"
                if ok
                else ("" if status is ShipmentStatus.CANCELLED else "badge-primary")
            )
            thumbs = [p.photo_id for p in s.photos[:4]] if status is ShipmentStatus.LOADED else []
            out.append(
                Entry(
                    at,
                    "shipments",
                    _("Shipment %(n)s: %(qty)s pcs", n=s.number, qty=qty),
                    s.carrier,
                    url,
                    (badge, str(SHIPMENT_STATUS_LABELS[status])),
                    thumbs,
                )
            )
    return out


def _complaints(order: Order) -> list[Entry]:
    from webapp.delays.labels import COMPLAINT_CATEGORY_LABELS
    from webapp.delays.models import Complaint

    out = []
    for c in db.session.scalars(sa.select(Complaint).where(Complaint.order_id == order.id)):
        url = url_for("delays.complaint_detail", complaint_id=c.id)
        out.append(
            Entry(
                c.created_at,
                "complaints",
                _("Complaint %(n)s", n=c.number),
                c.description,
                url,
                ("badge-danger", str(COMPLAINT_CATEGORY_LABELS[c.category])),
                [p.photo_id for p in c.photos[:4]],
            )
        )
        if c.closed_at:
            out.append(
                Entry(
                    c.closed_at,
                    "complaints",
                    _("Complaint %(n)s closed", n=c.number),
                    c.action_taken,
                    url,
                    ("badge-ok", _("Closed")),
                )
            )
    return out


def timeline(order: Order, lang: str, kind: str | None = None) -> list[Entry]:
    """Everything that happened to the order, newest first; `kind` keeps one kind only."""
    sources = {
        "checkins": lambda: _checkins(order, lang),
        "delays": lambda: _delays(order),
        "materials": lambda: _materials(order),
        "inspections": lambda: _inspections(order),
        "approvals": lambda: _approvals(order),
        "shipments": lambda: _shipments(order),
        "complaints": lambda: _complaints(order),
    }
    entries: list[Entry] = []
    for name, load in sources.items():
        if kind in (None, "", name):
            entries.extend(load())
    # Newest first; steps recorded in the same minute keep their real order (later step first).
    order_of = {id(e): n for n, e in enumerate(entries)}
    entries.sort(key=lambda e: (e.at, order_of[id(e)]), reverse=True)
    return entries


def by_day(entries: list[Entry], tz: str) -> list[tuple[date, list[Entry]]]:
    """Entries grouped under the local day they happened, newest day first."""
    from zoneinfo import ZoneInfo

    groups: dict[date, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[e.at.astimezone(ZoneInfo(tz)).date()].append(e)
    return sorted(groups.items(), key=lambda kv: kv[0], reverse=True)


# --- the header: risk and the next due action ---------------------------------------------------


@dataclass(frozen=True)
class NextAction:
    text: str
    due: date | None
    url: str
    overdue: bool


def risk_reasons(order: Order, progress, today: date, lang: str) -> list[str]:
    """Why the order is at risk, in words: stage projections, material POs, final inspection."""
    from webapp.delays.labels import material_problem
    from webapp.materials import queries as material_queries
    from webapp.orders.labels import risk_text
    from webapp.shipments.services import final_inspection_check

    reasons = [risk_text(r, order.stages) for r in progress.main_risks]
    for po in material_queries.problem_pos_for_order(order.id, today):
        if po.inspection_result is None and po.received_qty is None and po.promised_date < today:
            days = (today - po.promised_date).days
            reasons.append(_("%(item)s PO overdue %(days)d days", item=po.item, days=days))
        else:
            reasons.append(f"{po.item}: {material_problem(po)}")
    from webapp.shipments.queries import ship_outcomes

    outcome = ship_outcomes([order.id])[0]
    if outcome.on_time is False:
        reasons.append(_("shipped %(days)d days after the due date", days=outcome.days_late))
    check = final_inspection_check(order)
    if check.reason == "rejected":
        reasons.append(_("final inspection rejected"))
    if order.status.is_open and order.due_date < today:
        from webapp.shipments.queries import shipped_quantities

        q = shipped_quantities([order])[order.id]
        if q.shipped < q.ordered:
            reasons.append(
                _(
                    "due date passed %(days)d days ago, %(left)s not shipped",
                    days=(today - order.due_date).days,
                    left=q.ordered - q.shipped,
                )
            )
    return reasons


def next_action(order: Order, today: date) -> NextAction | None:
    """The earliest thing someone must do on this order, with its date."""
    from webapp.delays import queries as delay_queries
    from webapp.materials import queries as material_queries
    from webapp.shipments import queries as shipment_queries
    from webapp.shipments.labels import SHIPMENT_STEP_ACTIONS
    from webapp.shipments.services import final_inspection_check, next_step

    candidates: list[NextAction] = []
    for d in delay_queries.for_order(order.id):
        if d.status.is_open:
            candidates.append(
                NextAction(
                    _("Resolve delay %(n)s", n=d.number),
                    d.created_at.date(),
                    url_for("delays.detail", delay_id=d.id),
                    True,
                )
            )
    for po in material_queries.for_order(order.id):
        if not po.status.is_final and po.received_at is None:
            candidates.append(
                NextAction(
                    _(
                        "Chase %(n)s (%(item)s) with %(supplier)s",
                        n=po.number,
                        item=po.item,
                        supplier=po.supplier.name,
                    ),
                    po.promised_date,
                    url_for("materials.detail", po_id=po.id),
                    po.promised_date < today,
                )
            )
    shipments = [s for s in shipment_queries.for_order(order.id) if s.status.is_open]
    for s in shipments:
        step = next_step(s)
        when = s.etd or s.planned_loading or s.planned_ready or order.due_date
        candidates.append(
            NextAction(
                f"{s.number}: {SHIPMENT_STEP_ACTIONS[step]}",
                when,
                url_for("shipments.detail", shipment_id=s.id),
                when < today,
            )
        )
    if order.status.is_open and not final_inspection_check(order).ok and order.stages:
        candidates.append(
            NextAction(
                _("Final inspection"),
                order.due_date,
                url_for("orders.detail", order_id=order.id),
                order.due_date < today,
            )
        )
    if not candidates:
        return None
    return min(candidates, key=lambda a: a.due or date.max)
