"""Forms of the approval queue and of the requests followers raise."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.sync.idempotency import parse_uuid


def _uuid(form, field) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the entries and save again."))


class DecideForm(FlaskForm):
    """Approve / reject / hold / ask: the action is the button pressed."""

    action = HiddenField()
    version = IntegerField(validators=[Optional()])
    decision = HiddenField()
    comment = TextAreaField(_l("Comment"), validators=[Length(max=4000)])
    question = TextAreaField(_l("Question for the requester"), validators=[Length(max=4000)])


class RequestForm(FlaskForm):
    """A concession request: why."""

    client_uuid = HiddenField(validators=[_uuid])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Say why you ask for this.")), Length(max=4000)],
    )


class DueDateRequestForm(RequestForm):
    """A due-date change (交期变更): the new date and why."""

    new_due = DateField(
        _l("New due date"), validators=[DataRequired(message=_l("Enter the new due date."))]
    )


class AnswerForm(FlaskForm):
    """The requester's answer to the supervisor's question."""

    client_uuid = HiddenField(validators=[_uuid])
    text = TextAreaField(
        _l("Your answer"),
        validators=[DataRequired(message=_l("Write your answer.")), Length(max=4000)],
    )
