"""Translated names of approval statuses and the sentences for refused actions."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals.models import ApprovalStatus

STATUS_LABELS = {
    ApprovalStatus.PENDING: _l("Waiting for decision"),
    ApprovalStatus.ON_HOLD: _l("On hold"),
    ApprovalStatus.NEEDS_INFO: _l("Question for you"),
    ApprovalStatus.APPROVED: _l("Approved"),
    ApprovalStatus.REJECTED: _l("Rejected"),
    ApprovalStatus.SUPERSEDED: _l("Superseded"),
    ApprovalStatus.WITHDRAWN: _l("Withdrawn"),
}
STATUS_BADGES = {
    ApprovalStatus.PENDING: "badge-info",
    ApprovalStatus.ON_HOLD: "badge-warn",
    ApprovalStatus.NEEDS_INFO: "badge-warn",
    ApprovalStatus.APPROVED: "badge-ok",
    ApprovalStatus.REJECTED: "badge-danger",
    ApprovalStatus.SUPERSEDED: "",
    ApprovalStatus.WITHDRAWN: "",
}

REFUSALS = {
    "not_allowed": _l("You may not do this with this request."),
    "comment_required": _l("Say why in the comment: it is required when you reject."),
    "decision_required": _l("Choose what you decide."),
    "question_required": _l("Write the question for the requester."),
    "answer_required": _l("Write your answer."),
    "no_question": _l("There is no open question on this request."),
    "reason_required": _l("Say why you ask for this."),
    "new_due": _l("Enter the new due date."),
    "same_due": _l("The new due date is the same as the current one."),
    "already_approved": _l("This was already approved."),
    "not_batchable": _l("Only routine requests can be approved together."),
    "subject_gone": _l("The record this request is about no longer exists."),
    "effect": _l("The decision could not be carried out: %(reason)s"),
    "changed": _l("This request changed while you were looking at it. Check it again."),
}


def refusal(exc) -> str:
    """The sentence for an ApprovalRefused."""
    if exc.code == "effect":
        return _("The decision could not be carried out: %(reason)s",
                 reason=exc.details.get("reason", ""))  # fmt: skip
    if exc.code == "already_decided":
        return decided_sentence(exc.request)
    return str(REFUSALS.get(exc.code, exc.code))


def decided_sentence(req) -> str:
    """'Already decided by X at T: approved' for a request someone else decided first."""
    from webapp.i18n import _date

    who = req.decided_by.full_name if req.decided_by else "–"
    return _("Already decided by %(name)s at %(time)s: %(status)s.", name=who,
             time=_date(req.decided_at, "short"),
             status=str(STATUS_LABELS[req.status]).lower())  # fmt: skip


def init_app(app) -> None:
    """Expose the labels to templates."""
    app.add_template_global(STATUS_LABELS, "APPROVAL_STATUS_LABELS")
    app.add_template_global(STATUS_BADGES, "APPROVAL_STATUS_BADGES")

    @app.template_filter("approval_kind_label")
    def kind_label(name: str) -> str:
        from webapp.approvals import registry

        kind = registry.find(name)
        return str(kind.label) if kind else name

    @app.template_filter("approval_decision")
    def decision_label(req) -> str:
        from webapp.approvals import registry

        kind = registry.find(req.kind)
        return str(kind.decision_label(req.decision)) if kind and req.decision else ""
