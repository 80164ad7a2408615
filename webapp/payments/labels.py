"""Translated names of milestone kinds, states and broken rules; the money filter."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l

from webapp.payments.models import MilestoneKind

KIND_LABELS = {
    MilestoneKind.DEPOSIT: _l("Deposit before production"),
    MilestoneKind.BALANCE_BEFORE_SHIPMENT: _l("Balance before shipment"),
    MilestoneKind.AGAINST_DOCUMENTS: _l("Against documents"),
    MilestoneKind.OPEN_ACCOUNT: _l("Open account"),
}

STATE_LABELS = {
    "received": _l("Fully received"),
    "partly_received": _l("Partly received"),
    "overdue": _l("Overdue"),
    "due": _l("Due today"),
    "open": _l("Not due yet"),
    "on_condition": _l("Due on condition"),
}

STATE_BADGES = {
    "received": "badge-ok",
    "partly_received": "badge-warn",
    "overdue": "badge-danger",
    "due": "badge-warn",
    "open": "badge-info",
    "on_condition": "badge-info",
}

CURRENCIES = ("USD", "EUR", "CNY", "GBP", "JPY", "HKD")

RULE_MESSAGES = {
    "bad_kind": _l("Choose the kind of payment."),
    "bad_amount": _l("Enter an amount above 0."),
    "too_many_decimals": _l("Enter at most two decimals."),
    "too_large": _l("The amount is too large."),
    "bad_currency": _l("Use a three-letter currency code such as USD."),
    "bad_due_days": _l("Enter a whole number of days of 0 or more."),
    "due_required": _l("Enter the due date or the number of days after shipment."),
    "future_date": _l("The date cannot be in the future."),
    "has_receipts": _l("Money was received on this milestone: it cannot be removed."),
}

BALANCE_NOT_RECEIVED = _l("Balance not received")


def rule_message(code: str) -> str:
    return str(RULE_MESSAGES.get(code, code))


def money(amount: Decimal | None, currency: str) -> str:
    """An amount with its currency, in the user's locale (Babel)."""
    if amount is None:
        return "–"
    return format_currency(amount, currency)


def init_app(app) -> None:
    app.add_template_global(KIND_LABELS, "MILESTONE_KIND_LABELS")
    app.add_template_global(STATE_LABELS, "MILESTONE_STATE_LABELS")
    app.add_template_global(STATE_BADGES, "MILESTONE_STATE_BADGES")
    app.add_template_global(money, "money")
    from webapp.payments import rules

    app.add_template_global(rules.balance_missing, "payment_balance_missing")
    app.add_template_global(rules.release_needed, "payment_release_needed")
