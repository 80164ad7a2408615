"""Translated names of order statuses, priorities and risk reasons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.orders.models import OrderStatus, Priority

STATUS_LABELS = {
    OrderStatus.RECEIVED: _l("Received"),
    OrderStatus.CONFIRMED: _l("Confirmed"),
    OrderStatus.IN_PRODUCTION: _l("In production"),
    OrderStatus.INSPECTED: _l("Inspected"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.CLOSED: _l("Closed"),
    OrderStatus.CANCELLED: _l("Cancelled"),
}

# The verb on the button that moves an order into the status.
STATUS_ACTIONS = {
    OrderStatus.CONFIRMED: _l("Confirm order (order review passed)"),
    OrderStatus.IN_PRODUCTION: _l("Start production"),
    OrderStatus.INSPECTED: _l("Mark inspected"),
    OrderStatus.SHIPPED: _l("Mark shipped"),
    OrderStatus.CLOSED: _l("Close order"),
    OrderStatus.CANCELLED: _l("Cancel order"),
}

STATUS_BADGES = {
    OrderStatus.RECEIVED: "badge-info",
    OrderStatus.CONFIRMED: "badge-info",
    OrderStatus.IN_PRODUCTION: "badge-primary",
    OrderStatus.INSPECTED: "badge-ok",
    OrderStatus.SHIPPED: "badge-ok",
    OrderStatus.CLOSED: "",
    OrderStatus.CANCELLED: "badge-danger",
}

PRIORITY_LABELS = {Priority.NORMAL: _l("Normal"), Priority.RUSH: _l("Rush")}

STAGE_STATUS_LABELS = {
    "not_started": _l("Not started"),
    "on_track": _l("On track"),
    "behind": _l("Behind plan"),
    "late": _l("Late"),
    "done": _l("Done"),
    "stalled": _l("Stalled"),
}

STAGE_STATUS_BADGES = {
    "not_started": "",
    "on_track": "badge-ok",
    "behind": "badge-warn",
    "late": "badge-danger",
    "done": "badge-ok",
    "stalled": "badge-danger",
}


def risk_text(reason, stages) -> str:
    """A sentence for one risk reason, e.g. 'Sewing projected to finish 3 days after plan'."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    from webapp.i18n import ui_lang

    if reason.kind == "sample_overdue":
        from webapp.samples.labels import TYPE_LABELS

        return _(
            "%(sample)s (round %(round)d) not sent: %(days)d days overdue",
            sample=TYPE_LABELS[reason.sample.type], round=reason.sample.round_no,
            days=reason.days_late,
        )  # fmt: skip
    stage = stages[reason.stage_index]
    name = stage.label(ui_lang())
    if reason.kind == "stalled":
        return _("%(stage)s has had no output recently", stage=name)
    if reason.kind == "not_started_late":
        return _("%(stage)s has not started although planned", stage=name)
    if reason.kind == "after_due_date":
        return _(
            "%(stage)s projected to finish %(date)s, %(days)d days after the due date",
            stage=name, date=format_date(reason.projected_finish, "short"), days=reason.days_late,
        )  # fmt: skip
    return _(
        "%(stage)s projected to finish %(days)d days after plan", stage=name, days=reason.days_late
    )


def init_app(app) -> None:
    """Expose the labels to templates."""
    app.add_template_global(STATUS_LABELS, "STATUS_LABELS")
    app.add_template_global(STATUS_ACTIONS, "STATUS_ACTIONS")
    app.add_template_global(STATUS_BADGES, "STATUS_BADGES")
    app.add_template_global(PRIORITY_LABELS, "PRIORITY_LABELS")
    app.add_template_global(STAGE_STATUS_LABELS, "STAGE_STATUS_LABELS")
    app.add_template_global(STAGE_STATUS_BADGES, "STAGE_STATUS_BADGES")
    app.add_template_global(risk_text)
    app.add_template_global(import_error_text)
    app.add_template_global(IMPORT_COLUMN_LABELS, "IMPORT_COLUMN_LABELS")


IMPORT_FILE_MESSAGES = {
    "not_xlsx": _l("This is not an Excel .xlsx file. Save the sheet as .xlsx and try again."),
    "empty": _l("The sheet is empty: the first row must hold the column names."),
    "too_many_rows": _l("The sheet has too many rows; import at most 2000 orders at a time."),
}

IMPORT_ROW_MESSAGES = {
    "required": _l("required"),
    "not_a_number": _l("not a number"),
    "not_a_whole_number": _l("not a whole number"),
    "not_positive": _l("must be more than 0"),
    "bad_date": _l("not a date (use 2026-12-31)"),
    "unknown_customer": _l("unknown customer"),
    "unknown_factory": _l("unknown factory"),
    "unknown_follower": _l("unknown follower"),
    "unknown_product_type": _l("unknown product type"),
    "bad_priority": _l("use normal or rush"),
    "bad_unit": _l("unknown unit"),
    "duplicate_in_file": _l("same customer, PO and style as an earlier row"),
    "too_long": _l("too long"),
    "too_large": _l("number too large"),
}

IMPORT_COLUMN_LABELS = {
    "customer": _l("Customer"),
    "po_number": _l("PO number"),
    "style": _l("Style"),
    "product_name": _l("Product"),
    "spec": _l("Spec"),
    "product_type": _l("Product type"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "due_date": _l("Due date"),
    "priority": _l("Priority"),
    "factory": _l("Factory"),
    "follower": _l("Follower"),
    "packaging": _l("Packaging"),
    "notes": _l("Notes"),
    "": _l("Row"),
}


def import_file_message(code: str) -> str:
    return str(IMPORT_FILE_MESSAGES.get(code, IMPORT_FILE_MESSAGES["not_xlsx"]))


def import_error_text(error) -> str:
    """'Quantity: not a number ("abc")' in the UI language."""
    column = IMPORT_COLUMN_LABELS.get(error.column, error.column)
    message = IMPORT_ROW_MESSAGES.get(error.code, error.code)
    return f"{column}: {message}" + (f" ({error.value})" if error.value else "")
