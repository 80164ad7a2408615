"""Sample rounds: steps in order, the customer's answer, the next round linked to the last."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.conftest import jpeg_bytes
from webapp.audit.services import history
from webapp.samples import services
from webapp.samples.models import Sample, SampleMaker, SampleStatus, SampleType
from webapp.samples.services import SampleRefused
from webapp.sync.idempotency import ClientUUIDConflict

S = SampleStatus
TODAY = date.today()


def send(sample, by, **kw):
    services.advance(sample, S.IN_MAKING, by=by)
    services.advance(sample, S.READY, by=by, photos=[jpeg_bytes()], step_uuid=uuid.uuid4())
    services.advance(sample, S.SENT, by=by, courier="顺丰 SF Express", tracking_no="SF1234567890",
                     today=TODAY, **kw)  # fmt: skip
    return sample


def test_request_is_idempotent_and_takes_the_orders_customer_and_style(db, make_order, follower):
    order = make_order(follower=follower, style="NH-2231")
    data = {"type": SampleType.FIT, "quantity": 3, "requested_date": TODAY,
            "due_date": TODAY + timedelta(days=4), "maker": SampleMaker.SAMPLE_ROOM}  # fmt: skip
    key = uuid.uuid4()
    from webapp.orders.models import Order

    o = db.session.get(Order, order.id)
    first, created = services.create_sample(data, by=follower, order=o, client_uuid=key)
    again, created_again = services.create_sample(data, by=follower, order=o, client_uuid=key)
    assert created and not created_again and again.id == first.id
    assert (first.style, first.customer_id, first.round_no) == ("NH-2231", o.customer_id, 1)
    with pytest.raises(ClientUUIDConflict):
        services.create_sample({**data, "type": SampleType.LAB_DIP}, by=follower, order=o,
                               client_uuid=key)  # fmt: skip


def test_steps_go_in_order_and_sent_needs_courier_and_tracking(
    db, make_order, follower, add_sample
):
    sample = add_sample(make_order(follower=follower), follower)
    with pytest.raises(SampleRefused) as exc:
        services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no="1")
    assert exc.value.code == "bad_step"
    services.advance(sample, S.IN_MAKING, by=follower)
    services.advance(sample, S.READY, by=follower, photos=[jpeg_bytes()], step_uuid=uuid.uuid4())
    assert len(sample.ready_photos) == 1
    with pytest.raises(SampleRefused) as exc:
        services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no=" ")
    assert exc.value.code == "courier_required"
    with pytest.raises(SampleRefused) as exc:
        services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no="77",
                         sent_on=TODAY + timedelta(days=1), today=TODAY)  # fmt: skip
    assert exc.value.code == "future_date"
    services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no="JD0146 2231",
                     today=TODAY)  # fmt: skip
    assert (sample.status, sample.tracking_no, sample.sent_on) == (S.SENT, "JD0146 2231", TODAY)
    actions = [(e.action, e.changes.get("status", [None, None])[1]) for e in history(sample)]
    assert actions == [("create", "requested"), ("step", "in_making"), ("step", "ready"),
                       ("step", "sent")]  # fmt: skip


def test_rejection_needs_comments_and_opens_a_linked_next_round(
    db, make_order, follower, add_sample
):
    sample = send(add_sample(make_order(follower=follower), follower), follower)
    with pytest.raises(SampleRefused) as exc:
        services.record_result(sample, S.REJECTED, by=follower, comment="  ")
    assert exc.value.code == "comment_required"
    services.record_result(sample, S.REJECTED, by=follower, comment="领口偏大 collar 1 cm too wide",
                           photos=[jpeg_bytes(colour=(0, 0, 200))], today=TODAY)  # fmt: skip
    assert sample.status is S.REJECTED and len(sample.markup_photos) == 1
    key = uuid.uuid4()
    due = TODAY + timedelta(days=7)
    second, created = services.open_next_round(
        sample, by=follower, client_uuid=key, due_date=due, requested_date=TODAY
    )
    again, created_again = services.open_next_round(
        sample, by=follower, client_uuid=key, due_date=due, requested_date=TODAY
    )
    assert created and not created_again and again.id == second.id
    assert (second.round_no, second.previous_id, second.status) == (2, sample.id, S.REQUESTED)
    assert sample.next_round.id == second.id and second.type is SampleType.PRE_PRODUCTION
    with pytest.raises(SampleRefused) as exc:
        services.open_next_round(sample, by=follower, client_uuid=uuid.uuid4(), due_date=due,
                                 requested_date=TODAY)  # fmt: skip
    assert exc.value.code == "round_exists"


def test_next_round_only_after_a_rejection_and_answers_are_final(
    db, make_order, follower, add_sample
):
    sample = send(add_sample(make_order(follower=follower), follower), follower)
    services.record_result(sample, S.APPROVED_WITH_COMMENTS, by=follower,
                           comment="大货注意线色 thread colour in bulk", today=TODAY)  # fmt: skip
    with pytest.raises(SampleRefused) as exc:
        services.open_next_round(sample, by=follower, client_uuid=uuid.uuid4(),
                                 due_date=TODAY, requested_date=TODAY)  # fmt: skip
    assert exc.value.code == "not_rejected"
    with pytest.raises(SampleRefused) as exc:
        services.record_result(sample, S.REJECTED, by=follower, comment="changed our mind")
    assert exc.value.code == "not_sent"
    with pytest.raises(SampleRefused):
        services.cancel(sample, by=follower, reason="no longer needed")


def test_answer_cannot_be_dated_before_the_sample_was_sent(db, make_order, follower, add_sample):
    sample = send(add_sample(make_order(follower=follower), follower), follower)
    with pytest.raises(SampleRefused) as exc:
        services.record_result(sample, S.APPROVED, by=follower,
                               answered_on=TODAY - timedelta(days=3), today=TODAY)  # fmt: skip
    assert exc.value.code == "answer_before_sent"
    assert db.session.get(Sample, sample.id).status is S.SENT


def test_a_replayed_step_or_answer_changes_nothing(db, make_order, follower, add_sample):
    sample = send(add_sample(make_order(follower=follower), follower), follower)
    steps = len(history(sample))
    services.advance(sample, S.SENT, by=follower, courier="顺丰 SF Express",
                     tracking_no="SF1234567890", today=TODAY)  # fmt: skip
    assert len(history(sample)) == steps
    with pytest.raises(SampleRefused) as exc:
        services.advance(sample, S.SENT, by=follower, courier="DHL", tracking_no="999",
                         today=TODAY)  # fmt: skip
    assert exc.value.code == "bad_step"
    services.record_result(sample, S.REJECTED, by=follower, comment="颜色偏深", today=TODAY)
    services.record_result(sample, S.REJECTED, by=follower, comment="颜色偏深", today=TODAY)
    assert [e.action for e in history(sample)].count("result") == 1
    with pytest.raises(SampleRefused):
        services.record_result(sample, S.APPROVED, by=follower, today=TODAY)
