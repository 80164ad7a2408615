"""Forms for starting an inspection, recording a defect, the checklist and the catalogue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from webapp.forms import enum_value
from webapp.inspections import aql
from webapp.orders.forms import NUMERIC
from webapp.sync.idempotency import parse_uuid


def _uuid(form: FlaskForm, field: HiddenField) -> None:
    if parse_uuid(field.data) is None:
        raise ValidationError(_l("The form was out of date. Check the entries and save again."))


def type_choices() -> list[SelectChoice]:
    from webapp.inspections.labels import TYPE_LABELS

    return [SelectChoice(t.value, str(label)) for t, label in TYPE_LABELS.items()]


def level_choices() -> list[SelectChoice]:
    names = {"I": _l("General I"), "II": _l("General II (usual)"), "III": _l("General III")}
    return [
        SelectChoice(lv, str(names.get(lv, lv)))
        for lv in ("II", "I", "III", "S-1", "S-2", "S-3", "S-4")
    ]


def aql_choices() -> list[SelectChoice]:
    return [SelectChoice("0", str(_l("0 (none accepted)")))] + [
        SelectChoice(a, a) for a in aql.AQLS
    ]


def severity_choices() -> list[SelectChoice]:
    from webapp.inspections.labels import SEVERITY_LABELS

    return [SelectChoice(s, str(label)) for s, label in SEVERITY_LABELS.items()]


def class_choices() -> list[SelectChoice]:
    from webapp.inspections.labels import CLASS_LABELS

    return [SelectChoice(c, str(label)) for c, label in CLASS_LABELS.items()]


class StartInspectionForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    type = SelectField(_l("Inspection type"), choices=type_choices, coerce=enum_value)
    lot_size = IntegerField(
        _l("Lot size"),
        validators=[
            InputRequired(message=_l("Enter the lot size.")),
            NumberRange(min=1, max=10_000_000, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )
    level = SelectField(_l("Inspection level"), choices=level_choices)
    aql_critical = SelectField(_l("AQL critical"), choices=aql_choices)
    aql_major = SelectField(_l("AQL major"), choices=aql_choices)
    aql_minor = SelectField(_l("AQL minor"), choices=aql_choices)
    severity = SelectField(_l("Severity"), choices=severity_choices)


class DefectForm(FlaskForm):
    client_uuid = HiddenField(validators=[_uuid])
    defect_type_id = SelectField(_l("Defect"), coerce=int)
    defect_class = SelectField(_l("Class"), choices=class_choices)
    count = IntegerField(
        _l("Count"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter the count.")),
            NumberRange(min=1, max=100_000, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=1000)], render_kw={"rows": 2})
    photos = MultipleFileField(
        _l("Photos"), render_kw={"accept": "image/*", "capture": "environment", "multiple": True}
    )


class SubmitForm(FlaskForm):
    notes = TextAreaField(_l("Notes for the report"), validators=[Length(max=4000)])


class DefectTypeForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[DataRequired(message=_l("Enter a short code.")), Length(max=20)]
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=80)]
    )
    name_en = StringField(_l("Name (English)"), validators=[Length(max=80)])
    product_type = StringField(_l("Product type code"), validators=[Length(max=40)])
    default_class = SelectField(_l("Usual class"), choices=class_choices, coerce=enum_value)
    active = BooleanField(_l("Active"), default=True)
