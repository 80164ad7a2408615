"""Sample rounds step by step, the customer's answer and the next round. Services flush + audit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.media.services import store_photos
from webapp.models_base import utcnow
from webapp.samples.models import Sample, SampleMaker, SamplePhoto, SampleStatus, SampleType
from webapp.sync.idempotency import create_once

SAMPLE_FIELDS = (
    "order_id", "customer_id", "style", "type", "round_no", "previous_id", "quantity",
    "requested_date", "due_date", "maker", "spec",
)  # fmt: skip
COMPARE = ("order_id", "customer_id", "style", "type", "round_no", "previous_id")

S = SampleStatus
# The one step that follows each status before the customer answers.
NEXT_STEP: dict[SampleStatus, SampleStatus] = {
    S.REQUESTED: S.IN_MAKING,
    S.IN_MAKING: S.READY,
    S.READY: S.SENT,
}
RESULTS = (S.APPROVED, S.APPROVED_WITH_COMMENTS, S.REJECTED)


class SampleRefused(ValueError):
    """A sample rule was broken; `code` says which (views translate it)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _check(data: dict[str, Any]) -> None:
    if not isinstance(data.get("type"), SampleType):
        raise SampleRefused("bad_type")
    if not isinstance(data.get("maker"), SampleMaker):
        raise SampleRefused("bad_maker")
    qty = data.get("quantity")
    if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
        raise SampleRefused("quantity_positive")
    if not data.get("style"):
        raise SampleRefused("style_required")
    if data["due_date"] < data["requested_date"]:
        raise SampleRefused("due_before_request")


def create_sample(
    data: dict[str, Any], *, by: User, client_uuid: uuid.UUID, order=None
) -> tuple[Sample, bool]:
    """Request a sample (round 1) for an order, or for a customer's style; idempotent on UUID.

    With an order, the customer and the style are the order's."""
    data = dict(data)
    if order is not None:
        if not order.status.is_open:
            raise SampleRefused("order_closed")
        data.update(order_id=order.id, customer_id=order.customer_id, style=order.style)
    else:
        data.setdefault("order_id", None)
    data.setdefault("round_no", 1)
    data.setdefault("previous_id", None)
    data["spec"] = (data.get("spec") or "").strip()
    _check(data)
    sample, created = create_once(
        Sample, client_uuid, {**data, "status": S.REQUESTED, "created_by_id": by.id}, COMPARE
    )
    if created:
        audit.created(by, sample, (*SAMPLE_FIELDS, "status"))
    return sample, created


def next_step(sample: Sample) -> SampleStatus | None:
    """The step the big button offers now (None once sent: then the customer's answer)."""
    return NEXT_STEP.get(sample.status)


def _attach(sample: Sample, photos: list, kind: str) -> None:
    start = len(sample.photos)
    for i, photo in enumerate(photos):
        if all(p.photo_id != photo.id for p in sample.photos):
            sample.photos.append(SamplePhoto(photo_id=photo.id, kind=kind, position=start + i))


def advance(
    sample: Sample,
    to: SampleStatus,
    *,
    by: User,
    step_uuid: uuid.UUID | None = None,
    photos: Sequence[bytes] = (),
    sent_on: date | None = None,
    courier: str = "",
    tracking_no: str = "",
    today: date | None = None,
) -> Sample:
    """Move a round one step on: in making, ready (with photos), sent (courier and tracking).

    A replay of the step the round is already at (the phone's outbox sending again) answers
    with the round unchanged; a different courier or tracking number is refused."""
    if sample.status is to and to is not S.SENT:
        return sample
    if sample.status is to and (sample.courier, sample.tracking_no) == (
        courier.strip(),
        tracking_no.strip(),
    ):
        return sample
    if sample.status.is_final:
        raise SampleRefused("final")
    if NEXT_STEP.get(sample.status) is not to:
        raise SampleRefused("bad_step", frm=sample.status.value, to=to.value)
    fields = ["status"]
    before = audit.snapshot(sample, ("status", "sent_on", "courier", "tracking_no"))
    if to is S.SENT:
        courier, tracking_no = courier.strip(), tracking_no.strip()
        if not courier or not tracking_no:
            raise SampleRefused("courier_required")
        sent_on = sent_on or today or date.today()
        if today is not None and sent_on > today:
            raise SampleRefused("future_date")
        sample.sent_on, sample.courier, sample.tracking_no = sent_on, courier, tracking_no
        fields += ["sent_on", "courier", "tracking_no"]
    stored = store_photos(photos, parent=step_uuid or uuid.uuid4(), by=by) if photos else []
    if to is S.IN_MAKING:
        sample.making_at = utcnow()
    if to is S.READY:
        sample.ready_at = utcnow()
    sample.status = to
    _attach(sample, stored, "ready")
    db.session.flush()
    changes = audit.diff({k: before.get(k) for k in fields}, audit.snapshot(sample, fields))
    if stored:
        changes["photos"] = [None, [p.id for p in stored]]
    audit.record(by, "step", sample, changes)
    return sample


def record_result(
    sample: Sample,
    result: SampleStatus,
    *,
    by: User,
    comment: str = "",
    answered_on: date | None = None,
    photos: Sequence[bytes] = (),
    step_uuid: uuid.UUID | None = None,
    today: date | None = None,
) -> Sample:
    """Record the customer's answer to a sent round; comments are required unless approved."""
    if result not in RESULTS:
        raise SampleRefused("bad_result")
    if sample.status is result and sample.customer_comment == (comment or "").strip():
        return sample  # the same answer sent again (the phone's outbox replaying it)
    if sample.status is not S.SENT:
        raise SampleRefused("not_sent")
    comment = (comment or "").strip()
    if result is not S.APPROVED and not comment:
        raise SampleRefused("comment_required")
    answered_on = answered_on or today or date.today()
    if today is not None and answered_on > today:
        raise SampleRefused("future_date")
    if sample.sent_on and answered_on < sample.sent_on:
        raise SampleRefused("answer_before_sent")
    stored = store_photos(photos, parent=step_uuid or uuid.uuid4(), by=by) if photos else []
    fields = ("status", "answered_on", "customer_comment")
    before = audit.snapshot(sample, fields)
    sample.status = result
    sample.answered_on = answered_on
    sample.customer_comment = comment
    _attach(sample, stored, "markup")
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(sample, fields))
    if stored:
        changes["photos"] = [None, [p.id for p in stored]]
    audit.record(by, "result", sample, changes)
    return sample


def open_next_round(
    sample: Sample,
    *,
    by: User,
    client_uuid: uuid.UUID,
    due_date: date,
    requested_date: date,
    spec: str | None = None,
    quantity: int | None = None,
) -> tuple[Sample, bool]:
    """After a rejection, the next round: same request, round number + 1, linked back."""
    if sample.next_round is not None and sample.next_round.client_uuid == client_uuid:
        return sample.next_round, False
    if sample.status is not S.REJECTED:
        raise SampleRefused("not_rejected")
    if sample.next_round is not None:
        raise SampleRefused("round_exists", number=sample.next_round.number)
    data = {
        "order_id": sample.order_id, "customer_id": sample.customer_id, "style": sample.style,
        "type": sample.type, "round_no": sample.round_no + 1, "previous_id": sample.id,
        "quantity": quantity or sample.quantity, "requested_date": requested_date,
        "due_date": due_date, "maker": sample.maker,
        "spec": sample.spec if spec is None else spec,
    }  # fmt: skip
    new, created = create_sample(data, by=by, client_uuid=client_uuid)
    if created:
        db.session.refresh(sample)
    return new, created


def cancel(sample: Sample, *, by: User, reason: str) -> Sample:
    """Withdraw a round that is no longer needed (the reason is kept in the audit log)."""
    if sample.status.is_final:
        raise SampleRefused("final")
    if not (reason or "").strip():
        raise SampleRefused("reason_required")
    before = sample.status.value
    sample.status = S.CANCELLED
    sample.cancelled_at = utcnow()
    audit.record(by, "cancelled", sample, {"status": [before, S.CANCELLED.value],
                                           "reason": [None, reason.strip()]})  # fmt: skip
    return sample
