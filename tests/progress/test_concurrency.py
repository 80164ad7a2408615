"""Concurrent check-ins on one stage lose nothing: progress is a sum of rows, not a counter."""

from __future__ import annotations

import threading
import uuid

from webapp.auth.models import Role


def test_twenty_threads_checking_in_at_once_lose_no_update(app, make_user, make_order, db):
    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower, planned_qty=100_000)
    stage = order.stages[0]
    quantities = [i + 1 for i in range(20)]  # 1..20, all different so a lost one shows
    barrier = threading.Barrier(len(quantities))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker(qty: int) -> None:
        try:
            client = app.test_client()
            with client.session_transaction() as sess:
                sess["_user_id"] = str(follower.id)
            barrier.wait(timeout=10)
            response = client.post(
                f"/orders/{order.id}/stages/{stage.id}/checkins",
                data={"client_uuid": str(uuid.uuid4()), "good_qty": str(qty)},
            )
            statuses.append(response.status_code)
        except BaseException as exc:  # reported below, with the thread's context
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(q,)) for q in quantities]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert statuses == [302] * len(quantities)

    from webapp.progress.queries import stage_totals

    assert stage_totals([stage.id])[stage.id].good == sum(quantities)


def test_the_same_uuid_sent_by_twenty_threads_is_stored_once(app, make_user, make_order, db):
    import sqlalchemy as sa

    from webapp.progress.models import CheckIn

    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower)
    stage = order.stages[0]
    uid = str(uuid.uuid4())
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def worker() -> None:
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = str(follower.id)
        barrier.wait(timeout=10)
        response = client.post(
            f"/orders/{order.id}/stages/{stage.id}/checkins",
            data={"client_uuid": uid, "good_qty": "7"},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [302] * 20
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1
