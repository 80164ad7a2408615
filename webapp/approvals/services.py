"""The approval state machine. Services flush and audit; the view commits once.

Deciding is final: an approved or rejected request is never changed again, only superseded by
a new request for the same subject. Every change checks the version the caller read, so of two
supervisors deciding the same request at once exactly one decision is recorded."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from webapp.approvals import registry
from webapp.approvals.models import (
    OPEN_STATUSES,
    ApprovalMessage,
    ApprovalRequest,
    ApprovalStatus,
)
from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.models_base import utcnow
from webapp.sync.idempotency import create_once, find

REQUEST_FIELDS = (
    "kind", "subject_id", "order_id", "requested_by_id", "reason", "payload", "status",
    "supersedes_id",
)  # fmt: skip


class ApprovalRefused(Exception):
    """A rule was broken; `code` says which (the view translates it)."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class AlreadyDecided(ApprovalRefused):
    """Someone else changed the request first; `request` is its current state (who, what, when).

    `code` is "already_decided" when that change was final, "changed" when the request is still
    open but was held, questioned or answered since the caller looked at it."""

    def __init__(self, request: ApprovalRequest) -> None:
        super().__init__("changed" if request.status.is_open else "already_decided")
        self.request = request


def request_approval(
    *,
    kind: str,
    by: User,
    order: Any | None = None,
    subject_id: int | None = None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
    client_uuid: uuid.UUID | str | None = None,
) -> ApprovalRequest:
    """Put a request in the queue; idempotent on client_uuid; supersedes an open request for the
    same kind and subject (the older one stays in the history as superseded)."""
    registry.get(kind)  # KeyError for a kind no domain registered
    values = {
        "kind": kind,
        "subject_id": subject_id,
        "order_id": order.id if order is not None else None,
        "requested_by_id": by.id,
        "reason": (reason or "").strip(),
        "payload": dict(payload or {}),
    }
    uid = client_uuid if isinstance(client_uuid, uuid.UUID) else None
    if uid is None and client_uuid:
        uid = uuid.UUID(str(client_uuid))
    if uid is None:
        uid = uuid.uuid4()
    elif (existing := find(ApprovalRequest, uid)) is not None:
        return _same_or_conflict(existing, values)

    def build() -> ApprovalRequest:
        previous = latest(kind, subject_id) if subject_id is not None else None
        req = ApprovalRequest(**values, status=ApprovalStatus.PENDING)
        if previous is not None:
            req.supersedes_id = previous.id
            if previous.status.is_open:
                before = previous.status.value
                previous.status = ApprovalStatus.SUPERSEDED
                previous.decided_at = utcnow()
                previous.decided_by_id = by.id
                db.session.flush()
                audit.record(by, "superseded", previous, {"status": [before, "superseded"]})
        return req

    req, created = create_once(
        ApprovalRequest, uid, values, ("kind", "subject_id", "reason"), build=build, checked=True
    )
    if created:
        audit.created(by, req, REQUEST_FIELDS)
    return req


def _same_or_conflict(existing: ApprovalRequest, values: dict[str, Any]) -> ApprovalRequest:
    from webapp.sync.idempotency import ClientUUIDConflict

    fields = [f for f in ("kind", "subject_id", "reason") if getattr(existing, f) != values[f]]
    if fields:
        raise ClientUUIDConflict(existing, fields)
    return existing


def _check_version(req: ApprovalRequest, version: int | None) -> None:
    if version is not None and version != req.version:
        db.session.refresh(req)
        raise AlreadyDecided(req)


def _change(req: ApprovalRequest, change: Callable[[], None]) -> None:
    """Apply `change` (which flushes) in a savepoint; a concurrent change wins and is reported."""
    try:
        with db.session.begin_nested():
            change()
            db.session.flush()
    except StaleDataError:
        db.session.expire(req)
        db.session.refresh(req)
        raise AlreadyDecided(req) from None


def _check_decider(req: ApprovalRequest, by: User) -> None:
    if not by.can_decide_approvals():
        raise ApprovalRefused("not_allowed")


def decide(
    req: ApprovalRequest,
    *,
    by: User,
    approve: bool,
    comment: str = "",
    decision: str = "",
    version: int | None = None,
    data: dict[str, Any] | None = None,
) -> ApprovalRequest:
    """Approve or reject, final. Comment required on reject; `decision` must be one of the kind's
    options when it has any; `data` (e.g. {"new_due": "2026-12-03"}) is merged into the payload
    before the kind's on_approve / on_reject runs, inside the same transaction."""
    _check_decider(req, by)
    _check_version(req, version)
    if not req.status.is_open:
        raise AlreadyDecided(req)
    kind = registry.get(req.kind)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ApprovalRefused("comment_required")
    options = [name for name, _label in kind.decisions]
    if approve and options and decision not in options:
        raise ApprovalRefused("decision_required")
    if not approve or not options:
        decision = ""
    before = req.status.value

    def change() -> None:
        req.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        req.decided_by_id = by.id
        req.decided_at = utcnow()
        req.decision = decision
        req.decision_comment = comment
        if data:
            req.payload = {**(req.payload or {}), **data}
        # The version check happens here: whoever flushes second finds no row to update.
        db.session.flush()
        (kind.on_approve if approve else kind.on_reject)(req, by)

    _change(req, change)
    audit.record(
        by, "approved" if approve else "rejected", req,
        {"status": [before, req.status.value], "decision": ["", decision],
         "decision_comment": ["", comment], **({"payload": [None, data]} if data else {})},
    )  # fmt: skip
    return req


def decide_batch(
    requests: list[ApprovalRequest], *, by: User, comment: str = ""
) -> tuple[list[ApprovalRequest], list[AlreadyDecided]]:
    """Approve several routine (batchable) requests; returns (approved, already decided).

    A request decided by someone else meanwhile is skipped and reported, the others go through."""
    _check_decider_any(by)
    for req in requests:
        if not registry.get(req.kind).is_batchable(req):
            raise ApprovalRefused("not_batchable", request=req)
    approved, conflicts = [], []
    for req in requests:
        try:
            approved.append(decide(req, by=by, approve=True, comment=comment))
        except AlreadyDecided as exc:
            conflicts.append(exc)
    return approved, conflicts


def _check_decider_any(by: User) -> None:
    if not by.can_decide_approvals():
        raise ApprovalRefused("not_allowed")


def _add_message(
    req: ApprovalRequest,
    by: User,
    body: str,
    *,
    is_question: bool = False,
    client_uuid: uuid.UUID | None = None,
) -> ApprovalMessage:
    message = ApprovalMessage(
        author_id=by.id, body=body, is_question=is_question, client_uuid=client_uuid
    )
    req.messages.append(message)
    return message


def hold(
    req: ApprovalRequest, *, by: User, comment: str = "", version: int | None = None
) -> ApprovalRequest:
    """Park an open request (it stays in the queue, shown as held)."""
    _check_decider(req, by)
    _check_version(req, version)
    if not req.status.is_open:
        raise AlreadyDecided(req)
    comment = (comment or "").strip()
    before = req.status.value

    def change() -> None:
        req.status = ApprovalStatus.ON_HOLD
        if comment:
            _add_message(req, by, comment)

    _change(req, change)
    audit.record(by, "held", req, {"status": [before, "on_hold"], "comment": [None, comment]})
    return req


def ask_info(
    req: ApprovalRequest, *, by: User, question: str, version: int | None = None
) -> ApprovalRequest:
    """Send the request back to the requester with a question."""
    _check_decider(req, by)
    _check_version(req, version)
    if not req.status.is_open:
        raise AlreadyDecided(req)
    question = (question or "").strip()
    if not question:
        raise ApprovalRefused("question_required")
    before = req.status.value

    def change() -> None:
        req.status = ApprovalStatus.NEEDS_INFO
        _add_message(req, by, question, is_question=True)

    _change(req, change)
    audit.record(by, "asked", req, {"status": [before, "needs_info"], "question": [None, question]})
    return req


def answer(
    req: ApprovalRequest, *, by: User, text: str, client_uuid: uuid.UUID | None = None
) -> ApprovalRequest:
    """The requester answers the question; the request returns to the queue (PENDING).

    With `client_uuid`, a repeated post of the same answer returns without a second message."""
    if client_uuid is not None and db.session.scalar(
        sa.select(ApprovalMessage.id).where(ApprovalMessage.client_uuid == client_uuid)
    ):
        return req
    if req.requested_by_id != by.id:
        raise ApprovalRefused("not_allowed")
    if req.status is not ApprovalStatus.NEEDS_INFO:
        if not req.status.is_open:
            raise AlreadyDecided(req)
        raise ApprovalRefused("no_question")
    text = (text or "").strip()
    if not text:
        raise ApprovalRefused("answer_required")

    def change() -> None:
        req.status = ApprovalStatus.PENDING
        _add_message(req, by, text, client_uuid=client_uuid)

    _change(req, change)
    audit.record(by, "answered", req, {"status": ["needs_info", "pending"], "answer": [None, text]})
    return req


def withdraw(req: ApprovalRequest, *, by: User) -> ApprovalRequest:
    """The requester takes the request back before a decision (final)."""
    if req.requested_by_id != by.id:
        raise ApprovalRefused("not_allowed")
    if not req.status.is_open:
        raise AlreadyDecided(req)
    before = req.status.value

    def change() -> None:
        req.status = ApprovalStatus.WITHDRAWN
        req.decided_by_id = by.id
        req.decided_at = utcnow()

    _change(req, change)
    audit.record(by, "withdrawn", req, {"status": [before, "withdrawn"]})
    return req


def open_request(kind: str, subject_id: int) -> ApprovalRequest | None:
    """The open request for this subject, if any."""
    return db.session.scalar(
        sa.select(ApprovalRequest)
        .where(
            ApprovalRequest.kind == kind,
            ApprovalRequest.subject_id == subject_id,
            ApprovalRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
    )


def latest(kind: str, subject_id: int) -> ApprovalRequest | None:
    """The newest request for this subject, whatever its status."""
    return db.session.scalar(
        sa.select(ApprovalRequest)
        .where(ApprovalRequest.kind == kind, ApprovalRequest.subject_id == subject_id)
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
    )


def is_approved(kind: str, subject_id: int) -> bool:
    """True when the newest request for this subject was approved."""
    req = latest(kind, subject_id)
    return req is not None and req.status is ApprovalStatus.APPROVED
