"""Forms for factories and customers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from webapp.auth.forms import language_choices
from webapp.forms import enum_value

CODE_RULE = Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Use letters, digits, dash or underscore only."))


def _valid_timezone(form: FlaskForm, field: StringField) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(field.data or "")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_l("Unknown time zone, e.g. Asia/Shanghai.")) from exc


def _aql_choices():
    from webapp.inspections.forms import aql_choices

    return aql_choices()


def _level_choices():
    from webapp.inspections.forms import level_choices

    return level_choices()


class FactoryForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter a short code.")), Length(max=20), CODE_RULE],
        render_kw={"autocapitalize": "characters"},
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=120)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=lambda: [
            SelectChoice("own", str(_l("Own plant"))),
            SelectChoice("subcontractor", str(_l("Subcontractor (外协厂)"))),
        ],
        coerce=enum_value,
    )
    city = StringField(_l("City"), validators=[Length(max=80)])
    contact = StringField(_l("Contact"), validators=[Length(max=120)])
    timezone = StringField(
        _l("Time zone"), default="Asia/Shanghai", validators=[Length(max=64), _valid_timezone]
    )
    reduced_inspection_allowed = BooleanField(
        _l("Reduced inspection allowed when the switching rules permit it")
    )
    active = BooleanField(_l("Active"), default=True)


def _on_time_choices():
    from webapp.shipments.labels import ON_TIME_BASIS_LABELS

    return [SelectChoice(k.value, str(v)) for k, v in ON_TIME_BASIS_LABELS.items()]


class CustomerForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter a short code.")), Length(max=20), CODE_RULE],
        render_kw={"autocapitalize": "characters"},
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=120)]
    )
    country = StringField(_l("Country"), validators=[Length(max=80)])
    contact = StringField(_l("Contact"), validators=[Length(max=120)])
    language = SelectField(_l("Document language"), choices=language_choices)
    aql_critical = SelectField(_l("AQL critical"), choices=_aql_choices, default="0")
    aql_major = SelectField(_l("AQL major"), choices=_aql_choices, default="2.5")
    aql_minor = SelectField(_l("AQL minor"), choices=_aql_choices, default="4.0")
    inspection_level = SelectField(_l("Inspection level"), choices=_level_choices, default="II")
    on_time_basis = SelectField(
        _l("On time is judged by"), choices=_on_time_choices, coerce=enum_value, default="departed"
    )
    active = BooleanField(_l("Active"), default=True)
