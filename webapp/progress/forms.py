"""The check-in form: three numbers, a note, a photo; made for a thumb and a numeric keypad."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.forms import cached_translations_meta
from webapp.orders.forms import NUMERIC
from webapp.sync.idempotency import parse_uuid

QTY_MESSAGE = _l("Enter a whole number of 0 or more.")


def _uuid(form: FlaskForm, field: HiddenField) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the numbers and save again."))


class CheckInForm(FlaskForm):
    # Posted for every check-in: no catalogue read from disk per request.
    Meta = cached_translations_meta(FlaskForm.Meta)

    client_uuid = HiddenField(validators=[_uuid])
    good_qty = IntegerField(
        _l("Good"),
        validators=[InputRequired(message=QTY_MESSAGE), NumberRange(min=0, message=QTY_MESSAGE)],
        render_kw=NUMERIC,
    )
    rework_qty = IntegerField(
        _l("Rework (返工)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, message=QTY_MESSAGE)],
        render_kw=NUMERIC,
    )
    scrap_qty = IntegerField(
        _l("Scrap (报废)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, message=QTY_MESSAGE)],
        render_kw=NUMERIC,
    )
    work_date = DateField(_l("Work date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=1000)], render_kw={"rows": 2})
    photo = FileField(_l("Photo"), render_kw={"accept": "image/*", "capture": "environment"})
    confirm_over_plan = BooleanField(_l("Yes, the quantity is right"))
