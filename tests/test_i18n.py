"""Both languages are complete, and dates and numbers follow the locale."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "webapp/translations/zh_Hans/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")


def test_every_string_in_the_code_has_a_chinese_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2", "--ignore-dirs", ".* __pycache__", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and m.string and (isinstance(m.string, str) or all(m.string)) and not m.fuzzy
    }
    missing = sorted(wanted - translated)
    assert not missing, f"untranslated strings (run `make translations` and translate): {missing}"


def test_compiled_catalogue_is_up_to_date():
    def key(message):
        return message.id if isinstance(message.id, str) else tuple(message.id)

    def text(message):
        return message.string if isinstance(message.string, str) else tuple(message.string)

    with PO.open("rb") as fh:
        po = {key(m): text(m) for m in read_po(fh) if m.id and not m.fuzzy}
    with MO.open("rb") as fh:
        mo = {key(m): text(m) for m in read_mo(fh) if m.id}
    assert po == mo, "messages.mo is stale: run `make translations`"


def test_dates_and_numbers_follow_the_locale(app):
    from flask_babel import force_locale

    from webapp.i18n import _date, _number

    moment = datetime(2026, 3, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    with app.test_request_context():
        with force_locale("en"):
            assert _number(12345) == "12,345"
            assert "Mar 1, 2026" in _date(moment)
            assert "9:30" in _date(moment)
        with force_locale("zh_Hans"):
            assert "2026年3月1日" in _date(moment)
            assert "09:30" in _date(moment)
