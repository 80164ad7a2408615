"""Translated names of shipment steps, modes, papers and broken rules."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from webapp.inspections.labels import CHECK_RESULT_LABELS
from webapp.orders.models import OnTimeBasis
from webapp.shipments.models import STEPS, DocumentKind, ShipmentStatus, ShipMode

S = ShipmentStatus

SHIPMENT_STATUS_LABELS = {
    S.PLANNED: _l("Planned"),
    S.BOOKED: _l("Booked"),
    S.PACKED: _l("Packed"),
    S.INSPECTED: lazy_pgettext("shipment", "Inspected"),
    S.LOADED: _l("Loaded"),
    S.DEPARTED: _l("Departed"),
    S.DELIVERED: _l("Delivered"),
    S.CANCELLED: lazy_pgettext("shipment", "Cancelled"),
}

# The verb on the big button that moves a shipment into the status.
SHIPMENT_STEP_ACTIONS = {
    S.BOOKED: _l("Booking confirmed"),
    S.PACKED: _l("Packing done"),
    S.INSPECTED: _l("Final inspection cleared"),
    S.LOADED: _l("Container loaded"),
    S.DEPARTED: _l("Goods departed"),
    S.DELIVERED: _l("Goods delivered"),
}

SHIPMENT_STATUS_BADGES = {
    S.PLANNED: "badge-info",
    S.BOOKED: "badge-info",
    S.PACKED: "badge-primary",
    S.INSPECTED: "badge-primary",
    S.LOADED: "badge-primary",
    S.DEPARTED: "badge-ok",
    S.DELIVERED: "badge-ok",
    S.CANCELLED: "",
}

MODE_LABELS = {
    ShipMode.SEA: _l("Sea"),
    ShipMode.AIR: _l("Air"),
    ShipMode.TRUCK: _l("Truck"),
    ShipMode.COURIER: _l("Courier"),
}

DOCUMENT_LABELS = {
    DocumentKind.BILL_OF_LADING: _l("Bill of lading"),
    DocumentKind.CERTIFICATE_OF_ORIGIN: _l("Certificate of origin"),
    DocumentKind.CERTIFICATE: _l("Other certificate"),
    DocumentKind.OTHER: _l("Other paper"),
}

ON_TIME_BASIS_LABELS = {
    OnTimeBasis.DEPARTED: _l("Departure (e.g. FOB)"),
    OnTimeBasis.DELIVERED: _l("Delivery (e.g. DDP)"),
}

LOADING_LABELS = {
    "container_condition": _l("Container clean, dry, undamaged"),
    "carton_count": _l("Carton count matches the packing list"),
    "carton_marks": _l("Carton marks and labels correct"),
    "seal": _l("Seal fitted and number recorded"),
}

# Pass / fail / n.a. as the inspection checklist says them.
LOADING_RESULT_LABELS = CHECK_RESULT_LABELS

FRI_LABELS = {
    "missing": _l("no final inspection yet"),
    "in_progress": _l("final inspection not submitted"),
    "rejected": _l("final inspection rejected"),
}


def refusal_message(exc) -> str:
    """The translated sentence for a ShipmentRefused."""
    d = exc.details
    order = d.get("order", "")
    messages = {
        "no_lines": lambda: _("Enter a quantity for at least one order."),
        "other_customer": lambda: _(
            "Order %(order)s belongs to another customer: a shipment holds one customer's orders.",
            order=order,
        ),
        "order_closed": lambda: _("Order %(order)s is closed or cancelled.", order=order),
        "not_allowed": lambda: _("You do not follow this order, so you cannot ship it."),
        "quantity_positive": lambda: _("Enter a quantity of 1 or more."),
        "negative": lambda: _("Numbers cannot be negative."),
        "wrong_line": lambda: _("This line does not belong to the order."),
        "over_ordered": lambda: _(
            "Order %(order)s has only %(left)s left to ship.", order=order, left=d.get("left", 0)
        ),
        "eta_before_etd": lambda: _("The arrival cannot be before the departure."),
        "closed": lambda: _("This shipment has left or was cancelled: it cannot change."),
        "bad_step": lambda: _("The shipment is not at this step any more. The page is updated."),
        "in_future": lambda: _("The date cannot be in the future."),
        "before_previous": lambda: _("The date cannot be before the previous step."),
        "booking_required": lambda: _(
            "Enter the booking reference (or the tracking number for courier)."
        ),
        "carrier_required": lambda: _("Enter the carrier or forwarder."),
        "packing_incomplete": lambda: _(
            "Enter the cartons and the gross and net weight before packing is done."
        ),
        "net_over_gross": lambda: _("The net weight cannot be more than the gross weight."),
        "packing_not_confirmed": lambda: _("Confirm the packing first (tick Packing confirmed)."),
        "fri_missing": lambda: _(
            "Order %(order)s has no final inspection yet: it cannot be loaded.", order=order
        ),
        "fri_in_progress": lambda: _(
            "The final inspection of order %(order)s is not submitted yet.", order=order
        ),
        "fri_rejected": lambda: _(
            "The final inspection of order %(order)s was rejected: re-inspect after rework, "
            "or ask a supervisor for a concession.",
            order=order,
        ),
        "container_required": lambda: _("Enter the container and seal numbers."),
        "checklist_incomplete": lambda: _("Answer every item of the loading check."),
        "checklist_failed": lambda: _(
            "A loading check item failed: fix it before loading is done."
        ),
        "photos_required": lambda: _("Add at least one photo of the loading."),
        "arrival_dates": lambda: _("The arrival must be between the departure and the delivery."),
        "reason_required": lambda: _("Say why the shipment is cancelled."),
        "file_empty": lambda: _("The file is empty."),
        "file_too_big": lambda: _("The file is too big (at most 15 MB)."),
        "file_type": lambda: _("Attach a PDF, JPEG or PNG file."),
    }
    make = messages.get(exc.code)
    return make() if make else exc.code


def action_label(action: str) -> str:
    """A history entry's action: a step's name, else the general audit label."""
    from webapp.audit.labels import action_label as general

    try:
        return str(SHIPMENT_STATUS_LABELS[ShipmentStatus(action)])
    except ValueError:
        return general(action)


def init_app(app) -> None:
    """Expose the labels to templates."""
    for name, value in {
        "SHIPMENT_STATUS_LABELS": SHIPMENT_STATUS_LABELS,
        "SHIPMENT_STEP_ACTIONS": SHIPMENT_STEP_ACTIONS,
        "SHIPMENT_STATUS_BADGES": SHIPMENT_STATUS_BADGES,
        "SHIP_MODE_LABELS": MODE_LABELS,
        "DOCUMENT_LABELS": DOCUMENT_LABELS,
        "LOADING_LABELS": LOADING_LABELS,
        "LOADING_RESULT_LABELS": LOADING_RESULT_LABELS,
        "FRI_LABELS": FRI_LABELS,
        "SHIPMENT_STEPS": STEPS,
        "SHIPMENT_ACTION_LABEL": action_label,
    }.items():
        app.add_template_global(value, name)
