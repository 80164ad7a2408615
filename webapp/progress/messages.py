"""The translated sentences for the check-in rules, shared by the form and the JSON API."""

from __future__ import annotations

from flask_babel import gettext as _

from webapp.progress import services


def refusal_message(exc: services.CheckInRefused) -> str:
    """The translated sentence for a refused check-in."""
    from webapp.orders.labels import STATUS_LABELS
    from webapp.orders.models import OrderStatus

    d = exc.details
    messages = {
        "order_closed": lambda: _(
            "This order is %(status)s: no more check-ins.",
            status=STATUS_LABELS[OrderStatus(d["status"])],
        ),
        "not_allowed": lambda: _("You can only check in on orders you follow."),
        "negative": lambda: _("Quantities must be whole numbers of 0 or more."),
        "empty": lambda: _("Enter at least one quantity above 0."),
        "future_date": lambda: _("The work date cannot be in the future."),
        "too_old": lambda: _(
            "The work date is more than %(days)d days ago. Ask your supervisor.", days=d["days"]
        ),
        "wrong_stage": lambda: _("A correction must be for the same stage."),
        "already_corrected": lambda: _(
            "This check-in was already corrected. Correct the newest entry instead."
        ),
        "over_plan": lambda: _(
            "This makes %(total)s against a plan of %(planned)s (more than 110%%). "
            "Check the number, then confirm.",
            total=d["total"],
            planned=d["planned"],
        ),
    }
    return messages[exc.code]() if exc.code in messages else exc.code


def warning_message(code: str, details: dict) -> str:
    """The translated sentence for a check-in warning."""
    from webapp.i18n import ui_lang

    if code == "ahead_of_previous":
        return _(
            "Note: this stage (%(total)s) is now ahead of %(stage)s (%(previous)s).",
            total=details["total"], stage=details["stage"].label(ui_lang()),
            previous=details["previous"],
        )  # fmt: skip
    return code
