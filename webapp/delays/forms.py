"""Forms for delays and complaints."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from webapp.forms import enum_value
from webapp.orders.forms import NUMERIC
from webapp.sync.idempotency import parse_uuid

NON_NEGATIVE = NumberRange(min=0, max=1_000_000, message=_l("Enter a whole number of 0 or more."))
PHOTO_ATTRS = {"accept": "image/*", "capture": "environment", "multiple": True}


def _uuid(form, field) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the entries and save again."))


def _choices(labels):
    return lambda: [SelectChoice(k.value, str(v)) for k, v in labels.items()]


def _cause_choices():
    from webapp.delays.labels import CAUSE_LABELS

    return _choices(CAUSE_LABELS)()


def _department_choices():
    from webapp.delays.labels import DEPARTMENT_LABELS

    return _choices(DEPARTMENT_LABELS)()


class DelayForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    stage_id = SelectField(_l("Stage"), coerce=int)
    cause = RadioField(
        _l("Cause"), choices=_cause_choices, coerce=enum_value,
        validators=[DataRequired(message=_l("Choose the cause."))],
    )  # fmt: skip
    # Checked against the order's POs in the view; absent means none.
    material_po_id = SelectField(
        _l("Material PO behind it"), coerce=int, default=0, validate_choice=False
    )
    department = SelectField(_l("Department that must act"), choices=_department_choices,
                             coerce=enum_value)  # fmt: skip
    hours_lost = IntegerField(
        _l("Hours lost"), validators=[Optional(), NON_NEGATIVE], render_kw=NUMERIC
    )
    qty_affected = IntegerField(
        _l("Quantity affected"), validators=[Optional(), NON_NEGATIVE], render_kw=NUMERIC
    )
    slip_days = IntegerField(
        _l("Expected slip (days)"), validators=[Optional(), NON_NEGATIVE], render_kw=NUMERIC
    )
    responsible = StringField(_l("Responsible person (if known)"), validators=[Length(max=120)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)], render_kw={"rows": 2})
    photos = MultipleFileField(_l("Photos"), render_kw=PHOTO_ATTRS)


class EscalateForm(FlaskForm):
    note = TextAreaField(_l("What do you need from the supervisor?"), validators=[Length(max=2000)])


class ResolveForm(FlaskForm):
    root_cause = TextAreaField(
        _l("Root cause"),
        validators=[DataRequired(message=_l("Enter the root cause.")), Length(max=2000)],
    )
    action_taken = TextAreaField(
        _l("Action taken"),
        validators=[DataRequired(message=_l("Enter the action taken.")), Length(max=2000)],
    )


class CancelForm(FlaskForm):
    reason = StringField(
        _l("Reason"), validators=[DataRequired(message=_l("Enter the reason.")), Length(max=500)]
    )


def _category_choices():
    from webapp.delays.labels import COMPLAINT_CATEGORY_LABELS

    return _choices(COMPLAINT_CATEGORY_LABELS)()


def _severity_choices():
    from webapp.delays.labels import COMPLAINT_SEVERITY_LABELS

    return _choices(COMPLAINT_SEVERITY_LABELS)()


class ComplaintForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    category = SelectField(_l("Category"), choices=_category_choices, coerce=enum_value)
    severity = SelectField(_l("Severity"), choices=_severity_choices, coerce=enum_value)
    department = SelectField(_l("Department that must act"), choices=_department_choices,
                             coerce=enum_value)  # fmt: skip
    description = TextAreaField(
        _l("What does the customer report?"),
        validators=[DataRequired(message=_l("Describe the complaint.")), Length(max=4000)],
    )
    photos = MultipleFileField(_l("Photos"), render_kw=PHOTO_ATTRS)


class RouteForm(FlaskForm):
    department = SelectField(_l("Department"), choices=_department_choices, coerce=enum_value)


class CloseForm(FlaskForm):
    action_taken = TextAreaField(
        _l("Action taken"),
        validators=[DataRequired(message=_l("Enter the action taken.")), Length(max=2000)],
    )
