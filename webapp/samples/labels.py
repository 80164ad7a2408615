"""Translated names of sample types, steps, makers and broken rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from webapp.samples.models import SampleMaker, SampleStatus, SampleType

S = SampleStatus

TYPE_LABELS = {
    SampleType.DEVELOPMENT: _l("Development sample"),
    SampleType.LAB_DIP: _l("Lab dip / colour standard"),
    SampleType.FIT: _l("Fit sample"),
    SampleType.PRE_PRODUCTION: _l("Pre-production sample"),
    SampleType.SHIPPING: _l("Shipping sample"),
}

MAKER_LABELS = {SampleMaker.FACTORY: _l("Factory"), SampleMaker.SAMPLE_ROOM: _l("Sample room")}

STATUS_LABELS = {
    S.REQUESTED: lazy_pgettext("sample", "Requested"),
    S.IN_MAKING: _l("In making"),
    S.READY: lazy_pgettext("sample", "Ready"),
    S.SENT: lazy_pgettext("sample", "Sent to the customer"),
    S.APPROVED: lazy_pgettext("sample", "Approved"),
    S.APPROVED_WITH_COMMENTS: _l("Approved with comments"),
    S.REJECTED: lazy_pgettext("sample", "Rejected"),
    S.CANCELLED: lazy_pgettext("sample", "Cancelled"),
}

STATUS_BADGES = {
    S.REQUESTED: "badge-info",
    S.IN_MAKING: "badge-info",
    S.READY: "badge-primary",
    S.SENT: "badge-primary",
    S.APPROVED: "badge-ok",
    S.APPROVED_WITH_COMMENTS: "badge-ok",
    S.REJECTED: "badge-danger",
    S.CANCELLED: "",
}

# The verb on the big button that moves a round into the status.
STEP_ACTIONS = {
    S.IN_MAKING: _l("Making started"),
    S.READY: _l("Sample ready"),
    S.SENT: _l("Sent to the customer"),
}

RESULT_ACTIONS = {
    S.APPROVED: lazy_pgettext("sample", "Approved"),
    S.APPROVED_WITH_COMMENTS: _l("Approved with comments"),
    S.REJECTED: lazy_pgettext("sample", "Rejected"),
}

RULE_MESSAGES = {
    "final": _l("This round is finished: it cannot change any more."),
    "bad_step": _l("This step does not follow from where the sample is now."),
    "courier_required": _l("Enter the courier and the tracking number."),
    "future_date": _l("The date cannot be in the future."),
    "bad_result": _l("Choose the customer's answer."),
    "not_sent": _l("The customer can only answer a sample that was sent."),
    "comment_required": _l("Write down the customer's comments."),
    "answer_before_sent": _l("The answer cannot be dated before the sample was sent."),
    "not_rejected": _l("A next round follows a rejected sample only."),
    "round_exists": _l("The next round of this sample already exists."),
    "reason_required": _l("Say why the sample is cancelled."),
    "order_closed": _l("This order is closed or cancelled."),
    "quantity_positive": _l("Enter a whole number of at least 1."),
    "style_required": _l("Enter the style."),
    "due_before_request": _l("The due date cannot be before the request date."),
    "bad_type": _l("Choose the type of sample."),
    "bad_maker": _l("Choose who makes the sample."),
}

PP_BLOCKED = _l(
    "Bulk production cannot start before the pre-production sample is approved by the "
    "customer, unless a supervisor approves an exception."
)


def rule_message(code: str) -> str:
    """The sentence for a broken sample rule."""
    return str(RULE_MESSAGES.get(code, code))


def template_globals() -> dict:
    return {
        "SAMPLE_TYPE_LABELS": TYPE_LABELS,
        "SAMPLE_MAKER_LABELS": MAKER_LABELS,
        "SAMPLE_STATUS_LABELS": STATUS_LABELS,
        "SAMPLE_STATUS_BADGES": STATUS_BADGES,
        "SAMPLE_STEP_ACTIONS": STEP_ACTIONS,
        "SAMPLE_RESULT_ACTIONS": RESULT_ACTIONS,
        "SAMPLE_STATUS_BY_VALUE": {k.value: v for k, v in STATUS_LABELS.items()},
    }


def init_app(app) -> None:
    for name, value in template_globals().items():
        app.add_template_global(value, name)
