"""Login and account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from webapp.auth.models import Role
from webapp.forms import enum_value


def role_choices() -> list[SelectChoice]:
    """Roles with their translated names."""
    from webapp.auth.labels import ROLE_LABELS

    return [SelectChoice(r.value, str(ROLE_LABELS[r])) for r in Role]


def language_choices() -> list[SelectChoice]:
    """Languages, each named in itself."""
    return [SelectChoice("zh_Hans", "简体中文"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


USERNAME_RULE = Regexp(
    r"^[A-Za-z0-9_.-]+$",
    message=_l("Use letters, digits, dot, dash or underscore only."),
)


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(message=_l("Enter a username.")),
            Length(min=2, max=64),
            USERNAME_RULE,
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(message=_l("Enter the full name.")), Length(max=120)],
    )
    role = SelectField(_l("Role"), choices=role_choices, coerce=enum_value)
    language = SelectField(_l("Preferred language"), choices=language_choices)
    active = BooleanField(_l("Active (may sign in)"), default=True)


class PasswordSetForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            Optional(),
            Length(min=10, max=256, message=_l("Use at least 10 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=language_choices)
