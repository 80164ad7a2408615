"""Dates as the factory sees them: stored in UTC, the working day in the factory's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from webapp.models_base import utcnow


def today_in(timezone: str) -> date:
    """Today's date in `timezone` (e.g. a factory's Asia/Shanghai)."""
    return utcnow().astimezone(ZoneInfo(timezone)).date()


def app_timezone() -> str:
    """The zone times are shown in (GENDAN_TIMEZONE, Asia/Shanghai by default)."""
    from flask import current_app

    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def app_today() -> date:
    """Today in the app's zone (a factory's own zone decides its work dates)."""
    return today_in(app_timezone())


def local(moment: datetime, timezone: str) -> datetime:
    """A UTC moment in the given zone."""
    return moment.astimezone(ZoneInfo(timezone))
