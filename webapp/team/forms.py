"""The day note and the reassign forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length


class DayForm(FlaskForm):
    client_uuid = HiddenField()
    note = TextAreaField(_l("Note for the supervisor"), validators=[Length(max=4000)],
                         render_kw={"rows": 3})  # fmt: skip
    tomorrow_note = TextAreaField(_l("Tomorrow I will"), validators=[Length(max=4000)],
                                  render_kw={"rows": 3})  # fmt: skip


class ReassignForm(FlaskForm):
    follower_id = SelectField(_l("New follower"), coerce=int, validate_choice=False)
    note = StringField(_l("Why"), validators=[Length(max=500)])
