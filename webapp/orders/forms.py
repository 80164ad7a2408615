"""Order, order line, stage plan and template forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.forms import enum_value

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}
UNITS = ("pcs", "sets", "pairs", "dozen", "ctns", "m", "kg")


def unit_choices() -> list[SelectChoice]:
    labels = {"pcs": _l("pcs"), "sets": _l("sets"), "pairs": _l("pairs"), "dozen": _l("dozen"),
              "ctns": _l("cartons"), "m": _l("metres"), "kg": _l("kg")}  # fmt: skip
    return [SelectChoice(u, str(labels[u])) for u in UNITS]


def priority_choices() -> list[SelectChoice]:
    return [SelectChoice("normal", str(_l("Normal"))), SelectChoice("rush", str(_l("Rush (特急)")))]


class LineForm(Form):
    """One colour/size or SKU line (a sub-form: the order form carries the CSRF token)."""

    sku = StringField(_l("SKU"), validators=[Length(max=60)])
    colour = StringField(_l("Colour"), validators=[Length(max=60)])
    size = StringField(_l("Size"), validators=[Length(max=30)])
    quantity = IntegerField(
        _l("Quantity"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )

    def is_blank(self) -> bool:
        return not any((self.sku.data, self.colour.data, self.size.data, self.quantity.data))


class OrderForm(FlaskForm):
    customer_id = SelectField(_l("Customer"), coerce=int)
    po_number = StringField(
        _l("Customer PO number"),
        validators=[DataRequired(message=_l("Enter the customer's PO number.")), Length(max=40)],
    )
    style = StringField(
        _l("Style (款号)"),
        validators=[DataRequired(message=_l("Enter the style.")), Length(max=60)],
    )
    product_name = StringField(
        _l("Product"),
        validators=[DataRequired(message=_l("Enter the product name.")), Length(max=200)],
    )
    spec = StringField(_l("Spec / model (规格型号)"), validators=[Length(max=200)])
    product_type = SelectField(_l("Product type"), validators=[Optional()])
    quantity = IntegerField(
        _l("Quantity"),
        validators=[
            InputRequired(message=_l("Enter the order quantity.")),
            NumberRange(min=1, message=_l("Enter a whole number of at least 1.")),
        ],
        render_kw=NUMERIC,
    )
    unit = SelectField(_l("Unit"), choices=unit_choices)
    packaging = TextAreaField(_l("Packaging requirement (包装要求)"), validators=[Length(max=2000)])
    due_date = DateField(
        _l("Due date (交期)"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    priority = SelectField(_l("Priority"), choices=priority_choices, coerce=enum_value)
    factory_id = SelectField(_l("Factory"), coerce=int)
    follower_id = SelectField(_l("Follower"), coerce=int)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])
    lines = FieldList(FormField(LineForm), min_entries=3)


class StageRowForm(Form):
    name = StringField(
        _l("Stage"), validators=[DataRequired(message=_l("Enter the stage name.")), Length(max=60)]
    )
    name_en = StringField(_l("Stage (English)"), validators=[Length(max=60)])
    planned_qty = IntegerField(
        _l("Planned quantity"),
        validators=[
            InputRequired(message=_l("Enter the planned quantity.")),
            NumberRange(min=0, message=_l("Enter a whole number of 0 or more.")),
        ],
        render_kw=NUMERIC,
    )
    planned_start = DateField(
        _l("Planned start"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    planned_finish = DateField(
        _l("Planned finish"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )

    def validate_planned_finish(self, field: DateField) -> None:
        from wtforms.validators import ValidationError

        if self.planned_start.data and field.data and field.data < self.planned_start.data:
            raise ValidationError(_l("The finish cannot be before the start."))


class PlanForm(FlaskForm):
    stages = FieldList(FormField(StageRowForm), min_entries=1)


class TemplateApplyForm(FlaskForm):
    template_id = SelectField(_l("Template"), coerce=int)
    start = DateField(
        _l("Production starts"), validators=[InputRequired(message=_l("Enter a valid date."))]
    )
    finish = DateField(
        _l("Production finishes"),
        validators=[InputRequired(message=_l("Enter a valid date."))],
    )

    def validate_finish(self, field: DateField) -> None:
        from wtforms.validators import ValidationError

        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The finish cannot be before the start."))


class TemplateStepForm(Form):
    name = StringField(_l("Stage"), validators=[Length(max=60)])
    name_en = StringField(_l("Stage (English)"), validators=[Length(max=60)])
    weight = IntegerField(
        _l("Relative duration"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=100, message=_l("Use 1 to 100."))],
        render_kw=NUMERIC,
    )


class StageTemplateForm(FlaskForm):
    product_type = StringField(
        _l("Product type code"),
        validators=[DataRequired(message=_l("Enter a short code.")), Length(max=40)],
        render_kw={"autocapitalize": "none"},
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=80)]
    )
    name_en = StringField(_l("Name (English)"), validators=[Length(max=80)])
    steps = FieldList(FormField(TemplateStepForm), min_entries=6)


class StatusForm(FlaskForm):
    to = SelectField(_l("New status"), choices=[])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    pass
