"""Section names, line texts and messages of the follower's day and the team view."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

SECTIONS = {
    "checkins": _l("Check-ins"),
    "delays_opened": _l("Delays opened"),
    "delays_resolved": _l("Delays resolved"),
    "inspections": _l("Inspections"),
    "material_steps": _l("Material PO steps"),
    "sample_steps": _l("Sample steps"),
    "shipment_steps": _l("Shipments moved"),
    "materials_due": _l("Tomorrow: material POs due"),
    "samples_due": _l("Tomorrow: samples due"),
    "stages_due": _l("Tomorrow: stages planned to finish"),
    "orders_due": _l("Tomorrow: orders due"),
}

RULE_MESSAGES = {
    "not_allowed": _l("Only a supervisor or an admin reassigns orders."),
    "not_a_follower": _l("Choose an active follower."),
    "same_follower": _l("This follower already follows the order."),
}


def rule_message(code: str) -> str:
    return str(RULE_MESSAGES.get(code, code))


def section_names() -> dict[str, str]:
    return {k: str(v) for k, v in SECTIONS.items()}


def export_headers() -> list[str]:
    return [_("Date"), _("Follower"), _("Section"), _("Order"), _("Customer"), _("What"),
            _("Good"), _("Rework"), _("Scrap")]  # fmt: skip


def notes_headers() -> list[str]:
    return [_("Date"), _("Follower"), _("Note for the supervisor"), _("Tomorrow I will"),
            _("Sent to the supervisor")]  # fmt: skip


def _status(table: str, value: str) -> str:
    if table == "samples":
        from webapp.samples.labels import STATUS_LABELS

        return str(next((v for k, v in STATUS_LABELS.items() if k.value == value), value))
    if table == "material_pos":
        from webapp.materials.labels import PO_STATUS_LABELS

        return str(next((v for k, v in PO_STATUS_LABELS.items() if k.value == value), value))
    return value


def describe(kind: str, obj) -> str:
    """One line of the day in words (the page and the Excel export share it)."""
    from webapp.i18n import ui_lang

    if kind == "checkin":
        return f"{obj.order.style} · {obj.stage.label(ui_lang())}"
    if kind == "delay":
        from webapp.delays.labels import CAUSE_LABELS

        return f"{obj.number} · {CAUSE_LABELS[obj.cause]}"
    if kind == "inspection":
        from webapp.inspections.labels import RESULT_LABELS, TYPE_LABELS

        verdict = RESULT_LABELS[obj.result] if obj.result else ""
        return f"{obj.number} · {TYPE_LABELS[obj.type]} · {verdict}"
    if kind == "material_step":
        po = obj.record
        name = f"{po.number} · {po.item}" if hasattr(po, "item") else str(po)
        return f"{name} → {_status('material_pos', obj.status)}"
    if kind == "sample_step":
        from webapp.samples.labels import TYPE_LABELS as SAMPLE_TYPES

        s = obj.record
        name = f"{s.style} · {SAMPLE_TYPES[s.type]} R{s.round_no}" if hasattr(s, "style") else s
        return f"{name} → {_status('samples', obj.status)}"
    if kind == "shipment_step":
        number = getattr(obj.record, "number", None) or f"#{obj.record}"
        return f"{number} → {obj.status}"
    if kind == "material_due":
        return f"{obj.number} · {obj.item} · {obj.supplier.name}"
    if kind == "sample_due":
        from webapp.samples.labels import TYPE_LABELS as SAMPLE_TYPES

        return f"{obj.style} · {SAMPLE_TYPES[obj.type]} R{obj.round_no}"
    if kind == "stage_due":
        return f"{obj.order.style} · {obj.label(ui_lang())}"
    if kind == "order_due":
        return f"{obj.style} · {obj.product_name}"
    return str(obj)


def init_app(app) -> None:
    app.add_template_global(SECTIONS, "DAY_SECTIONS")
    app.add_template_global(describe, "describe_day_line")
