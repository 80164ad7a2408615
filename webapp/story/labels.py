"""Translated names of the order story's timeline kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STORY_KIND_LABELS = {
    "checkins": _l("Check-ins"),
    "delays": _l("Delays"),
    "materials": _l("Materials"),
    "inspections": _l("Inspections"),
    "approvals": _l("Approvals"),
    "shipments": _l("Shipments"),
    "complaints": _l("Complaints"),
}


def init_app(app) -> None:
    app.add_template_global(STORY_KIND_LABELS, "STORY_KIND_LABELS")
