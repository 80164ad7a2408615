"""Material PO, step, supplier and import forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from webapp.forms import enum_value
from webapp.orders.forms import NUMERIC, unit_choices
from webapp.sync.idempotency import parse_uuid

DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


def _uuid(form: FlaskForm, field: HiddenField) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the entries and save again."))


def currency_choices() -> list[SelectChoice]:
    from webapp.materials.labels import CURRENCY_LABELS

    return [SelectChoice(c.value, str(label)) for c, label in CURRENCY_LABELS.items()]


class MaterialPOForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    number = StringField(
        _l("PO number"),
        validators=[DataRequired(message=_l("Enter the PO number.")), Length(max=40)],
    )
    supplier_id = SelectField(_l("Supplier"), coerce=int)
    item = StringField(
        _l("Item"),
        validators=[DataRequired(message=_l("Enter the material or part.")), Length(max=200)],
    )
    spec = StringField(_l("Spec / model (规格型号)"), validators=[Length(max=200)])
    quantity = IntegerField(
        _l("Quantity"),
        validators=[
            InputRequired(message=_l("Enter the quantity ordered.")),
            NumberRange(min=1, max=2**31 - 1, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )
    unit = SelectField(_l("Unit"), choices=unit_choices)
    unit_price = DecimalField(
        _l("Unit price"),
        places=4,
        validators=[
            InputRequired(message=_l("Enter the unit price.")),
            NumberRange(min=0, max=99_999_999, message=_l("Enter a price of 0 or more.")),
        ],
        render_kw=DECIMAL,
    )
    currency = SelectField(_l("Currency"), choices=currency_choices, coerce=enum_value)
    promised_date = DateField(
        _l("Promised date (交期)"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    order_ids = SelectMultipleField(
        _l("For orders"), coerce=int, validators=[Optional()], render_kw={"size": 6}
    )
    note = TextAreaField(_l("Notes"), validators=[Length(max=4000)])


class AdvanceForm(FlaskForm):
    client_uuid = HiddenField()
    to = HiddenField()
    received_qty = IntegerField(
        _l("Quantity received"),
        validators=[
            Optional(),
            NumberRange(min=0, max=2**31 - 1, message=_l("Enter a whole number of 0 or more.")),
        ],
        render_kw=NUMERIC,
    )
    inspection_result = RadioField(
        _l("Incoming inspection"),
        choices=lambda: [
            SelectChoice("accepted", str(_l("Accepted"))),
            SelectChoice("rejected", str(_l("Rejected"))),
        ],
        validators=[Optional()],
    )
    inspection_note = TextAreaField(_l("Inspection note"), validators=[Length(max=2000)])
    note = TextAreaField(_l("Comment"), validators=[Length(max=2000)])


class SupplierForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter a short code.")), Length(max=20)],
        render_kw={"autocapitalize": "characters"},
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=120)]
    )
    contact = StringField(_l("Contact"), validators=[Length(max=120)])
    active = BooleanField(_l("Active"), default=True)


class ImportForm(FlaskForm):
    pass
