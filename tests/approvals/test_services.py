"""The approval state machine: request, supersede, decide, hold, ask and answer, withdraw."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from webapp.approvals import queries, services
from webapp.approvals.models import ApprovalRequest, ApprovalStatus
from webapp.approvals.services import AlreadyDecided, ApprovalRefused
from webapp.audit.models import AuditEntry
from webapp.auth.models import Role, User
from webapp.sync.idempotency import ClientUUIDConflict


@pytest.fixture
def people(make_user, db):
    """A follower, two supervisors and an admin, attached to the test's session."""
    users = {
        "follower": make_user(Role.FOLLOWER),
        "other_follower": make_user(Role.FOLLOWER),
        "inspector": make_user(Role.INSPECTOR),
        "sup": make_user(Role.SUPERVISOR),
        "sup2": make_user(Role.SUPERVISOR),
        "admin": make_user(Role.ADMIN),
    }
    return {k: db.session.get(User, u.id) for k, u in users.items()}


def raise_request(people, subject_id=1, kind="test_plain", **kw):
    return services.request_approval(
        kind=kind, by=kw.pop("by", people["follower"]), subject_id=subject_id,
        reason=kw.pop("reason", "please"), **kw,
    )  # fmt: skip


def audit_actions(req) -> list[str]:
    from webapp.audit.services import history

    return [e.action for e in history(req)]


def test_a_request_enters_the_queue_pending_and_audited(effects, people, db):
    req = raise_request(people, payload={"new_due": "2026-12-03"})
    db.session.commit()
    assert req.status is ApprovalStatus.PENDING and req.is_open
    assert req.payload == {"new_due": "2026-12-03"}
    assert queries.queue(people["sup"]) == [req]
    assert queries.pending_count(people["sup"]) == 1
    assert queries.queue(people["follower"]) == []  # followers do not decide
    assert queries.mine(people["follower"]) == [req]
    assert queries.mine(people["other_follower"]) == []
    assert audit_actions(req) == ["create"]


def test_unknown_kind_is_refused(effects, people, db):
    with pytest.raises(KeyError):
        raise_request(people, kind="no_such_kind")


def test_a_new_request_for_the_same_subject_supersedes_the_open_one(effects, people, db):
    first = raise_request(people, reason="first")
    second = raise_request(people, reason="second")
    other_subject = raise_request(people, subject_id=2)
    db.session.commit()
    assert first.status is ApprovalStatus.SUPERSEDED and not first.is_open
    assert second.supersedes_id == first.id and second.status is ApprovalStatus.PENDING
    assert other_subject.supersedes_id is None
    assert services.open_request("test_plain", 1) == second
    assert services.latest("test_plain", 1) == second
    assert queries.queue(people["sup"]) == [second, other_subject]
    assert "superseded" in audit_actions(first)
    with pytest.raises(AlreadyDecided):
        services.decide(first, by=people["sup"], approve=True)


def test_a_decided_request_stays_as_it_was_when_a_new_one_comes(effects, people, db):
    first = raise_request(people)
    services.decide(first, by=people["sup"], approve=False, comment="rework first")
    second = raise_request(people, reason="again")
    db.session.commit()
    assert first.status is ApprovalStatus.REJECTED  # final, not superseded
    assert second.supersedes_id == first.id
    assert not services.is_approved("test_plain", 1)
    services.decide(second, by=people["sup"], approve=True)
    assert services.is_approved("test_plain", 1)


def test_the_same_client_uuid_returns_the_original(effects, people, db):
    uid = uuid.uuid4()
    first = raise_request(people, client_uuid=uid)
    again = raise_request(people, client_uuid=str(uid))
    db.session.commit()
    assert again.id == first.id
    assert first.status is ApprovalStatus.PENDING  # not superseded by its own repeat
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 1
    with pytest.raises(ClientUUIDConflict):
        raise_request(people, client_uuid=uid, reason="something else")


def test_approve_records_who_when_and_runs_the_effect_once(effects, people, db):
    req = raise_request(people)
    services.decide(req, by=people["sup"], approve=True, comment="ok")
    db.session.commit()
    assert req.status is ApprovalStatus.APPROVED
    assert (req.decided_by_id, req.decision_comment) == (people["sup"].id, "ok")
    assert req.decided_at is not None
    assert effects.approved == [req.id] and effects.rejected == []
    assert audit_actions(req) == ["create", "approved"]
    assert queries.queue(people["sup"]) == []
    assert services.is_approved("test_plain", 1)


def test_reject_needs_a_comment(effects, people, db):
    req = raise_request(people)
    with pytest.raises(ApprovalRefused) as refused:
        services.decide(req, by=people["sup"], approve=False, comment="   ")
    assert refused.value.code == "comment_required"
    assert req.status is ApprovalStatus.PENDING and effects.rejected == []
    services.decide(req, by=people["sup"], approve=False, comment="Photos are blurred")
    db.session.commit()
    assert req.status is ApprovalStatus.REJECTED
    assert req.decision_comment == "Photos are blurred"
    assert effects.rejected == [req.id]


def test_a_decided_request_never_changes(effects, people, db):
    req = raise_request(people)
    services.decide(req, by=people["sup"], approve=True, comment="fine")
    db.session.commit()
    for attempt in (
        lambda: services.decide(req, by=people["sup2"], approve=False, comment="no"),
        lambda: services.decide(req, by=people["sup"], approve=True),
        lambda: services.hold(req, by=people["sup2"]),
        lambda: services.ask_info(req, by=people["sup2"], question="why?"),
        lambda: services.withdraw(req, by=people["follower"]),
    ):
        with pytest.raises(AlreadyDecided) as exc:
            attempt()
        assert exc.value.code == "already_decided"
        assert exc.value.request.decided_by_id == people["sup"].id
        assert exc.value.request.status is ApprovalStatus.APPROVED
    db.session.commit()
    db.session.refresh(req)
    assert (req.status, req.decided_by_id, req.decision_comment) == (
        ApprovalStatus.APPROVED,
        people["sup"].id,
        "fine",
    )
    assert effects.approved == [req.id]


def test_a_stale_version_from_the_form_is_refused(effects, people, db):
    req = raise_request(people)
    db.session.commit()
    seen = req.version
    services.hold(req, by=people["sup2"], comment="checking with the factory")
    db.session.commit()
    with pytest.raises(AlreadyDecided) as exc:
        services.decide(req, by=people["sup"], approve=True, version=seen)
    assert exc.value.code == "changed"  # still open, but not what the supervisor saw
    assert req.status is ApprovalStatus.ON_HOLD
    services.decide(req, by=people["sup"], approve=True, version=req.version)
    assert req.status is ApprovalStatus.APPROVED


def test_options_are_required_when_the_kind_has_them(effects, people, db):
    req = raise_request(people, kind="test_choice")
    with pytest.raises(ApprovalRefused) as refused:
        services.decide(req, by=people["sup"], approve=True)
    assert refused.value.code == "decision_required"
    with pytest.raises(ApprovalRefused):
        services.decide(req, by=people["sup"], approve=True, decision="bribe")
    services.decide(req, by=people["sup"], approve=True, decision="overtime", data={"hours": 20})
    db.session.commit()
    assert (req.decision, req.payload["hours"]) == ("overtime", 20)


def test_an_effect_that_fails_leaves_the_request_open(effects, people, db):
    req = raise_request(people)
    db.session.commit()
    effects.fail_with = ApprovalRefused("subject_gone")
    with pytest.raises(ApprovalRefused):
        services.decide(req, by=people["sup"], approve=True)
    db.session.commit()
    db.session.refresh(req)
    assert req.status is ApprovalStatus.PENDING and req.decided_by_id is None


def test_only_supervisors_and_admins_decide(effects, people, db):
    req = raise_request(people)
    for who in ("follower", "other_follower", "inspector"):
        user = people[who]
        for attempt in (
            lambda u=user: services.decide(req, by=u, approve=True),
            lambda u=user: services.hold(req, by=u),
            lambda u=user: services.ask_info(req, by=u, question="?"),
            lambda u=user: services.decide_batch([req], by=u),
        ):
            with pytest.raises(ApprovalRefused) as refused:
                attempt()
            assert refused.value.code == "not_allowed"
    assert req.status is ApprovalStatus.PENDING
    services.decide(req, by=people["admin"], approve=True)
    assert req.status is ApprovalStatus.APPROVED


def test_hold_keeps_it_in_the_queue_shown_as_held(effects, people, db):
    req = raise_request(people)
    services.hold(req, by=people["sup"], comment="waiting for the lab report")
    db.session.commit()
    assert req.status is ApprovalStatus.ON_HOLD and req.is_open
    assert queries.queue(people["sup"]) == [req]
    assert queries.pending_count(people["sup"]) == 0
    assert [m.body for m in req.messages] == ["waiting for the lab report"]
    services.decide(req, by=people["sup"], approve=True)
    assert req.status is ApprovalStatus.APPROVED


def test_ask_and_answer_returns_the_request_to_the_queue(effects, people, db):
    req = raise_request(people)
    with pytest.raises(ApprovalRefused) as refused:
        services.ask_info(req, by=people["sup"], question="  ")
    assert refused.value.code == "question_required"
    services.ask_info(req, by=people["sup"], question="Which carton size?")
    db.session.commit()
    assert req.status is ApprovalStatus.NEEDS_INFO
    assert req.open_question.body == "Which carton size?"
    assert queries.pending_count(people["sup"]) == 0
    with pytest.raises(ApprovalRefused) as refused:
        services.answer(req, by=people["other_follower"], text="60x40")
    assert refused.value.code == "not_allowed"
    with pytest.raises(ApprovalRefused) as refused:
        services.answer(req, by=people["follower"], text="")
    assert refused.value.code == "answer_required"
    uid = uuid.uuid4()
    services.answer(req, by=people["follower"], text="60x40x35 cm", client_uuid=uid)
    services.answer(req, by=people["follower"], text="60x40x35 cm", client_uuid=uid)  # retry
    db.session.commit()
    assert req.status is ApprovalStatus.PENDING and req.open_question is None
    assert [(m.body, m.is_question) for m in req.messages] == [
        ("Which carton size?", True),
        ("60x40x35 cm", False),
    ]
    assert queries.pending_count(people["sup"]) == 1
    assert audit_actions(req) == ["create", "asked", "answered"]
    with pytest.raises(ApprovalRefused) as refused:
        services.answer(req, by=people["follower"], text="again")
    assert refused.value.code == "no_question"


def test_the_requester_withdraws_before_a_decision(effects, people, db):
    req = raise_request(people)
    with pytest.raises(ApprovalRefused):
        services.withdraw(req, by=people["other_follower"])
    services.withdraw(req, by=people["follower"])
    db.session.commit()
    assert req.status is ApprovalStatus.WITHDRAWN
    assert queries.queue(people["sup"]) == []
    with pytest.raises(AlreadyDecided):
        services.decide(req, by=people["sup"], approve=True)
    assert effects.approved == []


def test_requests_not_ready_stay_out_of_the_queue(effects, people, db):
    waiting = raise_request(people, payload={"photos_pending": True})
    ready = raise_request(people, subject_id=2)
    db.session.commit()
    assert queries.queue(people["sup"]) == [ready]
    assert queries.pending_count(people["sup"]) == 1
    assert queries.mine(people["follower"]) == [ready, waiting]


def test_queue_filters_by_kind(effects, people, db):
    plain = raise_request(people)
    choice = raise_request(people, kind="test_choice")
    db.session.commit()
    assert queries.queue(people["sup"], kind="test_choice") == [choice]
    assert queries.queue(people["sup"], kind="test_plain") == [plain]


def test_batch_approves_routine_items_and_reports_the_ones_decided_meanwhile(effects, people, db):
    a = raise_request(people, subject_id=1)
    b = raise_request(people, subject_id=2)
    c = raise_request(people, subject_id=3)
    services.decide(b, by=people["sup2"], approve=False, comment="no")
    db.session.commit()
    approved, conflicts = services.decide_batch([a, b, c], by=people["sup"], comment="routine")
    db.session.commit()
    assert approved == [a, c]
    assert [e.request for e in conflicts] == [b]
    assert (a.status, b.status, c.status) == (
        ApprovalStatus.APPROVED,
        ApprovalStatus.REJECTED,
        ApprovalStatus.APPROVED,
    )
    choice = raise_request(people, kind="test_choice")
    with pytest.raises(ApprovalRefused) as refused:
        services.decide_batch([choice], by=people["sup"])
    assert refused.value.code == "not_batchable"


def test_for_order_lists_the_requests_of_one_order(effects, people, make_order, db):
    order = make_order(follower=people["follower"])
    on_order = raise_request(people, order=order)
    raise_request(people, subject_id=2)
    db.session.commit()
    assert queries.for_order(order.id) == [on_order]


def test_two_supervisors_deciding_at_once_record_exactly_one_decision(app, effects, people, db):
    """Each supervisor in their own thread, session and connection, both having read the
    request before either writes: one decision wins, the other learns who decided what."""
    req = raise_request(people)
    db.session.commit()
    req_id = req.id
    sup_ids = (people["sup"].id, people["sup2"].id)
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes: dict[int, object] = {}

    def supervisor(user_id: int, approve: bool) -> None:
        from webapp.extensions import db as _db

        with app.app_context():
            try:
                user = _db.session.get(User, user_id)
                mine = _db.session.get(ApprovalRequest, req_id)
                assert mine.status is ApprovalStatus.PENDING
                barrier.wait(timeout=10)  # both have read version 1
                try:
                    services.decide(mine, by=user, approve=approve, comment=f"by {user_id}")
                    _db.session.commit()
                    outcomes[user_id] = "decided"
                except AlreadyDecided as exc:
                    outcomes[user_id] = (exc.request.decided_by_id, exc.request.status)
                    _db.session.rollback()
            except BaseException as exc:  # reported by the main thread
                outcomes[user_id] = exc
            finally:
                _db.session.remove()

    threads = [
        threading.Thread(target=supervisor, args=(sup_ids[0], True)),
        threading.Thread(target=supervisor, args=(sup_ids[1], False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == sorted(sup_ids), outcomes
    winners = [uid for uid, outcome in outcomes.items() if outcome == "decided"]
    assert len(winners) == 1, outcomes
    winner = winners[0]
    loser = next(uid for uid in sup_ids if uid != winner)
    final = db.session.get(ApprovalRequest, req_id)
    expected = ApprovalStatus.APPROVED if winner == sup_ids[0] else ApprovalStatus.REJECTED
    assert final.status is expected and final.decided_by_id == winner
    assert final.decision_comment == f"by {winner}"
    assert outcomes[loser] == (winner, expected)  # the loser is told who decided what
    decisions = db.session.scalars(
        sa.select(AuditEntry.action).where(
            AuditEntry.entity_type == "approval_requests",
            AuditEntry.action.in_(["approved", "rejected"]),
        )
    ).all()
    assert len(decisions) == 1
    assert len(effects.approved) + len(effects.rejected) == 1
