"""Sample request, step, answer, next-round and exception forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.delays.forms import PHOTO_ATTRS, _uuid
from webapp.forms import enum_value
from webapp.orders.forms import NUMERIC


def _choices(name):
    def build():
        from webapp.samples import labels

        return [SelectChoice(k.value, str(v)) for k, v in getattr(labels, name).items()]

    return build


class SampleForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    order_id = SelectField(_l("Order"), coerce=int, validate_choice=False)
    customer_id = SelectField(_l("Customer (when not for an order)"), coerce=int,
                              validate_choice=False)  # fmt: skip
    style = StringField(_l("Style (款号, when not for an order)"), validators=[Length(max=60)])
    type = RadioField(
        _l("Type of sample"), choices=_choices("TYPE_LABELS"), coerce=enum_value,
        validators=[DataRequired(message=_l("Choose the type of sample."))],
    )  # fmt: skip
    quantity = IntegerField(
        _l("Quantity"),
        validators=[
            InputRequired(message=_l("Enter the quantity.")),
            NumberRange(min=1, max=10_000, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )
    requested_date = DateField(
        _l("Requested on"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    due_date = DateField(
        _l("To be sent by"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    maker = SelectField(_l("Made by"), choices=_choices("MAKER_LABELS"), coerce=enum_value)
    spec = TextAreaField(
        _l("Spec it must follow"), validators=[Length(max=4000)], render_kw={"rows": 3}
    )


class StepForm(FlaskForm):
    client_uuid = HiddenField()
    to = HiddenField()
    courier = StringField(_l("Courier"), validators=[Length(max=60)],
                          render_kw={"list": "couriers", "autocomplete": "off"})  # fmt: skip
    tracking_no = StringField(
        _l("Tracking number"), validators=[Length(max=60)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )  # fmt: skip
    sent_on = DateField(_l("Sent on"), validators=[Optional()])
    photos = MultipleFileField(_l("Photos of the sample"), render_kw=PHOTO_ATTRS)


class ResultForm(FlaskForm):
    client_uuid = HiddenField()
    result = RadioField(
        _l("Customer's answer"),
        choices=_choices("RESULT_ACTIONS"),
        validators=[DataRequired(message=_l("Choose the customer's answer."))],
    )
    answered_on = DateField(_l("Answered on"), validators=[Optional()])
    comment = TextAreaField(
        _l("Customer's comments"), validators=[Length(max=4000)], render_kw={"rows": 3}
    )
    photos = MultipleFileField(_l("Marked-up photos"), render_kw=PHOTO_ATTRS)


class NextRoundForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    due_date = DateField(
        _l("To be sent by"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    spec = TextAreaField(
        _l("What changes in this round"), validators=[Length(max=4000)], render_kw={"rows": 3}
    )


class CancelForm(FlaskForm):
    reason = StringField(_l("Why is it cancelled?"), validators=[Length(max=500)])


class ExceptionForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    reason = TextAreaField(
        _l("Why must bulk start before the PP sample is approved?"),
        validators=[DataRequired(message=_l("Give the reason.")), Length(max=2000)],
        render_kw={"rows": 3},
    )
