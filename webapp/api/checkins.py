"""`POST /api/v1/checkins`: a check-in from the phone's outbox, created exactly once.

Body (JSON object): `client_uuid` (made on the phone when the entry was typed), `stage_id`,
`good_qty`, `rework_qty`, `scrap_qty` (whole numbers >= 0; the last two default to 0), `note`
(optional), `confirm_over_plan` (optional bool), `work_date` (optional ISO date: an entry
typed offline yesterday is replayed with yesterday's date; default today at the factory).

Answers: 201 with the record when it was created; 200 with the original record when the same
UUID arrives again with the same content; 409 when the UUID was used with different content
(nothing changes); 422 with translated per-field messages (`errors`) when the body is invalid
or a rule refuses it (over 110 % of plan: code `needs_confirmation` with `total` and
`planned`); 404 for a stage the user may not see; 403 for a role that may see it but never
check in. The rules themselves are `progress.services.record_checkin`, shared with the form.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.api import bp, error
from webapp.extensions import db
from webapp.progress import services
from webapp.progress.forms import QTY_MESSAGE
from webapp.progress.messages import refusal_message, warning_message
from webapp.progress.models import CheckIn
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

NOTE_MAX = 1000
# Which field a refusal of the service is about (None: the entry as a whole).
REFUSAL_FIELDS = {
    "negative": "good_qty",
    "empty": "good_qty",
    "future_date": "work_date",
    "too_old": "work_date",
    "over_plan": "confirm_over_plan",
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_checkin(data: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The typed arguments of a check-in from a JSON body, and translated errors per field."""
    if not isinstance(data, dict):
        return {}, {"": [_("Send the data as a JSON object.")]}
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    client_uuid = parse_uuid(data.get("client_uuid")) if data.get("client_uuid") else None
    if client_uuid is None:
        fail("client_uuid", _("The entry has no valid client UUID."))
    values["client_uuid"] = client_uuid
    if not _is_int(data.get("stage_id")):
        fail("stage_id", _("Choose a stage."))
    values["stage_id"] = data.get("stage_id")
    for name, required in (("good_qty", True), ("rework_qty", False), ("scrap_qty", False)):
        value = data.get(name)
        if value is None and not required:
            value = 0
        if not _is_int(value) or value < 0:
            fail(name, str(QTY_MESSAGE))
        values[name] = value
    note = data.get("note")
    if note is None:
        note = ""
    if not isinstance(note, str):
        fail("note", _("The note must be text."))
    elif len(note) > NOTE_MAX:
        fail("note", _("The note may have at most %(max)d characters.", max=NOTE_MAX))
    values["note"] = note
    confirm = data.get("confirm_over_plan", False)
    if not isinstance(confirm, bool):
        fail("confirm_over_plan", _("Answer true or false."))
    values["confirm_over_plan"] = confirm
    work_date = data.get("work_date")
    if work_date is not None:
        try:
            work_date = date.fromisoformat(work_date)
        except (TypeError, ValueError):
            fail("work_date", _("Enter the date as YYYY-MM-DD."))
    values["work_date"] = work_date
    return values, errors


def checkin_json(checkin: CheckIn) -> dict[str, Any]:
    """A check-in as the API shows it."""
    return {
        "id": checkin.id,
        "client_uuid": str(checkin.client_uuid),
        "order_id": checkin.order_id,
        "stage_id": checkin.stage_id,
        "work_date": checkin.work_date.isoformat(),
        "good_qty": checkin.good_qty,
        "rework_qty": checkin.rework_qty,
        "scrap_qty": checkin.scrap_qty,
        "note": checkin.note,
        "photo_id": checkin.photo_id,
        "corrects_id": checkin.corrects_id,
        "created_by_id": checkin.created_by_id,
        "created_at": checkin.created_at.isoformat(),
    }


def invalid(errors: dict[str, list[str]], code: str = "invalid", **extra: object):
    """422 with the messages per field; `message` repeats the first for simple clients."""
    first = next(iter(errors.values()))[0]
    return error(422, code, first, errors=errors, **extra)


@bp.post("/checkins")
def create_checkin():
    """Record a check-in once per client UUID (see the module docstring for the answers)."""
    values, errors = parse_checkin(request.get_json(silent=True))
    if errors:
        return invalid(errors)
    stage = services.load_stage(None, values["stage_id"])
    if stage is None or not stage.order.can_view(current_user):
        return error(404, "not_found", _("This page or record does not exist, or it was removed."))
    if not stage.order.can_check_in(current_user):
        return error(403, "forbidden", _("You can only check in on orders you follow."))
    client_uuid: uuid.UUID = values["client_uuid"]
    try:
        result = services.record_checkin(
            stage=stage, by=current_user, client_uuid=client_uuid,
            good_qty=values["good_qty"], rework_qty=values["rework_qty"],
            scrap_qty=values["scrap_qty"], note=values["note"], work_date=values["work_date"],
            confirm_over_plan=values["confirm_over_plan"],
        )  # fmt: skip
    except services.NeedsConfirmation as exc:
        db.session.rollback()
        errors = {"confirm_over_plan": [refusal_message(exc)]}
        return invalid(errors, "needs_confirmation", **exc.details)
    except services.CheckInRefused as exc:
        db.session.rollback()
        return invalid({REFUSAL_FIELDS.get(exc.code, ""): [refusal_message(exc)]}, exc.code)
    except ClientUUIDConflict as exc:
        # The phone may see what it sent first; a UUID of somebody else's entry shows nothing.
        mine = exc.existing.created_by_id == current_user.id
        original = checkin_json(exc.existing) if mine else None
        db.session.rollback()
        message = _(
            "This entry was already sent with other numbers. Reload the page and enter it again."
        )
        return error(409, "client_uuid_conflict", message, differs=exc.fields, original=original)
    body = checkin_json(result.checkin)
    body["warnings"] = [warning_message(code, details) for code, details in result.warnings]
    db.session.commit()
    return jsonify(body), 201 if result.created else 200
