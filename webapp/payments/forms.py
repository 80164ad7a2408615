"""Milestone and receipt forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.delays.forms import _uuid
from webapp.forms import enum_value
from webapp.materials.forms import DECIMAL
from webapp.orders.forms import NUMERIC


def _kinds():
    from webapp.payments.labels import KIND_LABELS

    return [SelectChoice(k.value, str(v)) for k, v in KIND_LABELS.items()]


def _currencies():
    from webapp.payments.labels import CURRENCIES

    return [SelectChoice(c, c) for c in CURRENCIES]


AMOUNT = [
    InputRequired(message=_l("Enter the amount.")),
    NumberRange(min=0, max=999_999_999_999, message=_l("Enter an amount of 0 or more.")),
]


class MilestoneForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    kind = SelectField(_l("Payment"), choices=_kinds, coerce=enum_value)
    amount = DecimalField(_l("Amount"), places=2, validators=AMOUNT, render_kw=DECIMAL)
    currency = SelectField(_l("Currency"), choices=_currencies)
    due_date = DateField(_l("Payment due"), validators=[Optional()])
    due_days = IntegerField(
        _l("Or days after shipment"),
        validators=[Optional(), NumberRange(min=0, max=365, message=_l("Enter 0 to 365 days."))],
        render_kw=NUMERIC,
    )
    condition = StringField(_l("Condition"), validators=[Length(max=200)],
                            render_kw={"placeholder": _l("e.g. copy of B/L")})  # fmt: skip


class ReceiptForm(FlaskForm):
    amount = DecimalField(_l("Received in total"), places=2, validators=AMOUNT, render_kw=DECIMAL)
    received_on = DateField(
        _l("Received on"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    note = StringField(_l("Note"), validators=[Length(max=500)])
