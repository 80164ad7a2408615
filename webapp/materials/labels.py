"""Translated names of PO steps, currencies, inspection results and broken rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from webapp.materials.models import Currency, InspectionOutcome, MaterialPOStatus

S = MaterialPOStatus

PO_STATUS_LABELS = {
    S.ORDERED: _l("Ordered"),
    S.CONFIRMED: _l("Confirmed by supplier"),
    S.SHIPPED: lazy_pgettext("material po", "Shipped"),
    S.RECEIVED: lazy_pgettext("material po", "Received"),
    S.INSPECTED: _l("Incoming inspection done"),
    S.IN_WAREHOUSE: _l("In warehouse"),
    S.CANCELLED: _l("Cancelled"),
}

# The verb on the big button that moves a PO into the status.
PO_STEP_ACTIONS = {
    S.CONFIRMED: _l("Supplier confirmed"),
    S.SHIPPED: _l("Supplier shipped"),
    S.RECEIVED: _l("Goods received"),
    S.INSPECTED: _l("Record incoming inspection"),
    S.IN_WAREHOUSE: _l("Put into warehouse"),
    S.CANCELLED: _l("Cancel this PO"),
}

PO_STATUS_BADGES = {
    S.ORDERED: "badge-info",
    S.CONFIRMED: "badge-info",
    S.SHIPPED: "badge-primary",
    S.RECEIVED: "badge-primary",
    S.INSPECTED: "badge-ok",
    S.IN_WAREHOUSE: "badge-ok",
    S.CANCELLED: "",
}

# The steps of the timeline, in order.
TIMELINE = (
    (S.ORDERED, "created_at"),
    (S.CONFIRMED, "confirmed_at"),
    (S.SHIPPED, "shipped_at"),
    (S.RECEIVED, "received_at"),
    (S.INSPECTED, "inspected_at"),
    (S.IN_WAREHOUSE, "warehoused_at"),
)

CURRENCY_LABELS = {Currency.CNY: _l("CNY (RMB)"), Currency.USD: _l("USD"), Currency.EUR: _l("EUR")}

RESULT_LABELS = {
    InspectionOutcome.ACCEPTED: _l("Accepted"),
    InspectionOutcome.REJECTED: _l("Rejected"),
}

RULE_MESSAGES = {
    "final": _l("This PO is finished: it cannot change any more."),
    "bad_step": _l("This step does not follow from where the PO is now."),
    "received_qty": _l("Enter the quantity received: a whole number of 0 or more."),
    "inspection_result": _l("Choose accepted or rejected."),
    "rejection_note": _l("Say why the material was rejected."),
    "rejected_lot": _l(
        "A rejected lot goes back to the supplier. To take it into the warehouse, ask the "
        "supervisor for a concession."
    ),
    "quantity_positive": _l("Enter a whole number of at least 1."),
    "bad_price": _l("Enter a price of 0 or more."),
    "bad_currency": _l("Choose a currency."),
    "supplier_code_taken": _l("Another supplier already has this code."),
    "not_allowed": _l("Your role may not do this step."),
}

IMPORT_COLUMN_LABELS = {
    "number": _l("PO number"),
    "supplier": _l("Supplier"),
    "item": _l("Item"),
    "spec": _l("Spec"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "unit_price": _l("Unit price"),
    "currency": _l("Currency"),
    "promised_date": _l("Promised date"),
    "orders": _l("Orders"),
    "note": _l("Notes"),
    "": _l("Row"),
}

IMPORT_ROW_MESSAGES = {
    "required": _l("required"),
    "not_a_number": _l("not a number"),
    "not_a_whole_number": _l("not a whole number"),
    "not_positive": _l("must be more than 0"),
    "bad_price": _l("not a price (use 12.5)"),
    "bad_date": _l("not a date (use 2026-12-31)"),
    "bad_currency": _l("use CNY, USD or EUR"),
    "bad_unit": _l("unknown unit"),
    "unknown_supplier": _l("unknown supplier"),
    "unknown_order": _l("unknown order, or not one you follow"),
    "duplicate_in_file": _l("same supplier and PO number as an earlier row"),
    "too_long": _l("too long"),
    "too_large": _l("number too large"),
}


def rule_message(code: str) -> str:
    """The sentence for a broken material rule."""
    return str(RULE_MESSAGES.get(code, code))


def import_error_text(error) -> str:
    """'Quantity: not a number (abc)' in the UI language."""
    column = IMPORT_COLUMN_LABELS.get(error.column, error.column)
    message = IMPORT_ROW_MESSAGES.get(error.code, error.code)
    return f"{column}: {message}" + (f" ({error.value})" if error.value else "")


def template_globals() -> dict:
    """What the materials templates use."""
    return {
        "PO_STATUS_LABELS": PO_STATUS_LABELS,
        "PO_STEP_ACTIONS": PO_STEP_ACTIONS,
        "PO_STATUS_BADGES": PO_STATUS_BADGES,
        "PO_TIMELINE": TIMELINE,
        "CURRENCY_LABELS": CURRENCY_LABELS,
        "PO_RESULT_LABELS": RESULT_LABELS,
        "PO_IMPORT_COLUMN_LABELS": IMPORT_COLUMN_LABELS,
        "po_import_error_text": import_error_text,
    }
