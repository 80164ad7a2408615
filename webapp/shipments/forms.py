"""Forms of the shipment pages (the per-order quantity rows are read in the view)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from webapp.forms import enum_value
from webapp.orders.forms import NUMERIC
from webapp.sync.idempotency import parse_uuid

DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}
NON_NEGATIVE = NumberRange(min=0, max=10_000_000, message=_l("Enter a number of 0 or more."))
CURRENCIES = ("USD", "EUR", "CNY")


def _uuid(form, field) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the entries and save again."))


def _mode_choices():
    from webapp.shipments.labels import MODE_LABELS

    return [SelectChoice(k.value, str(v)) for k, v in MODE_LABELS.items()]


def _document_choices():
    from webapp.shipments.labels import DOCUMENT_LABELS

    return [SelectChoice(k.value, str(v)) for k, v in DOCUMENT_LABELS.items()]


class ShipmentForm(FlaskForm):
    """The shipment header; quantities per order come as qty-<order>-<line> fields."""

    client_uuid = HiddenField(validators=[_uuid])
    mode = SelectField(_l("Mode"), choices=_mode_choices, coerce=enum_value)
    carrier = StringField(_l("Carrier or forwarder"), validators=[Optional(), Length(max=120)])
    booking_ref = StringField(_l("Booking reference"), validators=[Optional(), Length(max=60)])
    port_of_loading = StringField(_l("Port of loading"), validators=[Optional(), Length(max=80)])
    destination = StringField(_l("Destination"), validators=[Optional(), Length(max=80)])
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in CURRENCIES])
    planned_ready = DateField(_l("Goods ready by"), validators=[Optional()])
    planned_loading = DateField(_l("Planned loading"), validators=[Optional()])
    etd = DateField(_l("Planned departure (ETD)"), validators=[Optional()])
    eta = DateField(_l("Planned arrival (ETA)"), validators=[Optional()])
    notes = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class DetailsForm(FlaskForm):
    """Logistics facts that change until the goods leave."""

    mode = SelectField(_l("Mode"), choices=_mode_choices, coerce=enum_value)
    carrier = StringField(_l("Carrier or forwarder"), validators=[Optional(), Length(max=120)])
    booking_ref = StringField(_l("Booking reference"), validators=[Optional(), Length(max=60)])
    container_no = StringField(_l("Container number"), validators=[Optional(), Length(max=40)])
    seal_no = StringField(_l("Seal number"), validators=[Optional(), Length(max=40)])
    tracking_no = StringField(_l("Tracking number"), validators=[Optional(), Length(max=60)])
    port_of_loading = StringField(_l("Port of loading"), validators=[Optional(), Length(max=80)])
    destination = StringField(_l("Destination"), validators=[Optional(), Length(max=80)])
    cartons = IntegerField(_l("Cartons"), validators=[Optional(), NON_NEGATIVE], render_kw=NUMERIC)
    gross_kg = DecimalField(_l("Gross weight (kg)"), places=2,
                            validators=[Optional(), NON_NEGATIVE], render_kw=DECIMAL)  # fmt: skip
    net_kg = DecimalField(_l("Net weight (kg)"), places=2,
                          validators=[Optional(), NON_NEGATIVE], render_kw=DECIMAL)  # fmt: skip
    volume_cbm = DecimalField(_l("Volume (m³)"), places=3,
                              validators=[Optional(), NON_NEGATIVE], render_kw=DECIMAL)  # fmt: skip
    packing_confirmed = BooleanField(_l("Packing confirmed (cartons, marks, labels as required)"))
    planned_ready = DateField(_l("Goods ready by"), validators=[Optional()])
    planned_loading = DateField(_l("Planned loading"), validators=[Optional()])
    etd = DateField(_l("Planned departure (ETD)"), validators=[Optional()])
    eta = DateField(_l("Planned arrival (ETA)"), validators=[Optional()])
    notes = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class StepForm(FlaskForm):
    """One step on: its date and time, and what the step needs."""

    client_uuid = HiddenField()
    to = HiddenField()
    at = DateTimeLocalField(
        _l("When"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[DataRequired(message=_l("Enter the date and time."))],
    )  # fmt: skip
    carrier = StringField(_l("Carrier or forwarder"), validators=[Optional(), Length(max=120)])
    booking_ref = StringField(_l("Booking reference"), validators=[Optional(), Length(max=60)])
    tracking_no = StringField(_l("Tracking number"), validators=[Optional(), Length(max=60)])
    container_no = StringField(_l("Container number"), validators=[Optional(), Length(max=40)])
    seal_no = StringField(_l("Seal number"), validators=[Optional(), Length(max=40)])
    loading_note = TextAreaField(_l("Loading note"), validators=[Optional(), Length(max=2000)])
    photos = MultipleFileField(
        _l("Loading photos"),
        render_kw={"accept": "image/*", "capture": "environment", "multiple": True},
    )
    arrived_at = DateTimeLocalField(
        _l("Arrived at port (optional)"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )  # fmt: skip


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is it cancelled?"),
        validators=[DataRequired(message=_l("Say why the shipment is cancelled.")),
                    Length(max=2000)],
    )  # fmt: skip


class DocumentForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    kind = SelectField(_l("Paper"), choices=_document_choices, coerce=enum_value)
    file = FileField(_l("File (PDF, JPEG or PNG)"))


class ShareForm(FlaskForm):
    """What the customer may see through the link, and for how long."""

    progress = BooleanField(_l("Production progress"), default=True)
    inspections = BooleanField(_l("Inspection verdicts and reports"), default=True)
    shipments = BooleanField(_l("Shipment status"), default=True)
    days = IntegerField(
        _l("Valid for (days)"), default=14, render_kw=NUMERIC,
        validators=[DataRequired(message=_l("Enter 1 to 90 days.")),
                    NumberRange(min=1, max=90, message=_l("Enter 1 to 90 days."))],
    )  # fmt: skip
