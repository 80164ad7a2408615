"""Small helpers shared by the forms of every domain."""

from __future__ import annotations

import enum


def enum_value(value: object) -> object:
    """SelectField coerce: accept an Enum member (from obj=...) or its stored string value."""
    if isinstance(value, enum.Enum):
        return value.value
    return value


class _CachedWTFormsTranslations:
    """WTForms' own messages ("Not a valid integer value.") in the request's language.

    Flask-WTF reads WTForms' catalogue from disk again on every request that builds a form;
    this keeps one parsed catalogue per language for the life of the process."""

    def __init__(self) -> None:
        self._cache: dict[str, object] = {}

    def _translations(self):
        from babel import support
        from flask_babel import get_locale
        from wtforms.i18n import messages_path

        locale = get_locale()
        key = str(locale)
        if key not in self._cache:
            self._cache[key] = support.Translations.load(
                messages_path(), [locale], domain="wtforms"
            )
        return self._cache[key]

    def gettext(self, string: str) -> str:
        return self._translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations().ungettext(singular, plural, n)


wtforms_translations = _CachedWTFormsTranslations()


def cached_translations_meta(base: type) -> type:
    """A FlaskForm Meta whose WTForms messages come from the per-process cache above."""

    class Meta(base):
        def get_translations(self, form):
            from flask import current_app, has_request_context

            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations

    return Meta
