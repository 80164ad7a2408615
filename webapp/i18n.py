"""Language and time-zone selection, and locale-aware formatting for templates."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from flask_login import current_user

SESSION_KEY = "lang"


def normalise_language(tag: str | None) -> str | None:
    """Map a browser or user language tag onto one of our catalogues, or None."""
    if not tag:
        return None
    tag = tag.replace("-", "_").lower()
    if tag.startswith("zh"):
        # Traditional-script tags still read Simplified better than English on our floors.
        return "zh_Hans"
    if tag.startswith("en"):
        return "en"
    return None


def select_locale() -> str:
    """The user's preference, else the session choice, else Accept-Language, else Chinese."""
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    if lang := normalise_language(session.get(SESSION_KEY)):
        return lang
    for tag, _quality in request.accept_languages:
        if lang := normalise_language(tag):
            return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Times are shown in the factory's zone; the app default covers the rest."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def html_lang() -> str:
    """BCP 47 tag for <html lang>."""
    from flask_babel import get_locale

    locale: Locale | None = get_locale()
    return "zh-Hans" if locale and locale.language == "zh" else "en"


def ui_lang() -> str:
    """The catalogue code of the current UI language: "zh_Hans" or "en"."""
    from flask_babel import get_locale

    locale = get_locale()
    return "zh_Hans" if locale is None or locale.language == "zh" else "en"


def _date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def _number(value: object, fmt: str | None = None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, fmt) if fmt else format_decimal(value)


def _percent(value: object, fmt: str = "#,##0.0%") -> str:
    if value is None:
        return "–"
    return format_percent(value, fmt)


def init_app(app: Flask) -> None:
    """Register template filters and globals."""
    app.add_template_filter(_date, "date")
    app.add_template_filter(_number, "number")
    app.add_template_filter(_percent, "percent")
    app.add_template_global(html_lang)
    app.add_template_global(ui_lang)
    from webapp.auth.labels import role_label

    app.add_template_global(role_label)
