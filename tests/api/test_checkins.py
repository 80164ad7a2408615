"""POST /api/v1/checkins: the outbox's way in, with the same rules as the check-in form."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa

from tests.conftest import new_uuid
from webapp.audit.models import AuditEntry
from webapp.auth.models import Role
from webapp.orders.models import OrderStatus
from webapp.progress.models import CheckIn

URL = "/api/v1/checkins"


def body(stage, **fields):
    data = {
        "client_uuid": new_uuid(),
        "stage_id": stage.id,
        "good_qty": 10,
        "rework_qty": 0,
        "scrap_qty": 0,
        "note": "",
        "confirm_over_plan": False,
    }
    data.update(fields)
    return data


def rows(db):
    return db.session.scalar(sa.select(sa.func.count(CheckIn.id)))


def good_total(db, stage):
    from webapp.progress.queries import stage_totals

    return stage_totals([stage.id]).get(stage.id).good


@pytest.fixture
def follower(login):
    return login(Role.FOLLOWER, language="en")


def test_a_new_checkin_answers_201_with_the_record(client, follower, make_order, db):
    order = make_order(follower=follower)
    stage = order.stages[0]
    sent = body(stage, good_qty=30, rework_qty=2, scrap_qty=1, note=" 二号线 ")
    response = client.post(URL, json=sent)
    assert response.status_code == 201
    record = response.get_json()
    assert record["client_uuid"] == sent["client_uuid"]
    assert (record["order_id"], record["stage_id"]) == (order.id, stage.id)
    assert (record["good_qty"], record["rework_qty"], record["scrap_qty"]) == (30, 2, 1)
    assert record["note"] == "二号线"
    assert record["created_by_id"] == follower.id
    assert record["warnings"] == []
    assert good_total(db, stage) == 30
    audit = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "create")).all()
    assert [(a.entity_type, a.entity_id) for a in audit] == [("checkins", str(record["id"]))]


def test_an_identical_replay_answers_200_with_the_original(client, follower, make_order, db):
    order = make_order(follower=follower)
    sent = body(order.stages[0], good_qty=12)
    first = client.post(URL, json=sent)
    second = client.post(URL, json=sent)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["id"] == first.get_json()["id"]
    assert second.get_json()["created_at"] == first.get_json()["created_at"]
    assert rows(db) == 1


def test_a_replay_after_the_order_closed_still_gets_the_original(client, follower, make_order, db):
    order = make_order(follower=follower)
    sent = body(order.stages[0], good_qty=12)
    assert client.post(URL, json=sent).status_code == 201
    from webapp.orders.models import Order

    db.session.get(Order, order.id).status = OrderStatus.CLOSED
    db.session.commit()
    assert client.post(URL, json=sent).status_code == 200
    assert rows(db) == 1


def test_the_same_uuid_with_other_numbers_is_a_409_and_changes_nothing(
    client, follower, make_order, db
):
    order = make_order(follower=follower)
    stage = order.stages[0]
    sent = body(stage, good_qty=12)
    client.post(URL, json=sent)
    response = client.post(URL, json={**sent, "good_qty": 13, "note": "again"})
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["code"] == "client_uuid_conflict"
    assert "already sent with other numbers" in answer["message"]
    assert sorted(answer["differs"]) == ["good_qty", "note"]
    assert answer["original"]["good_qty"] == 12
    assert rows(db) == 1
    assert good_total(db, stage) == 12
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 1


def test_invalid_fields_get_a_message_each_and_nothing_is_stored(client, follower, make_order, db):
    order = make_order(follower=follower)
    sent = body(
        order.stages[0], client_uuid="not-a-uuid", good_qty=-1, rework_qty="3", scrap_qty=1.5,
        note=7, confirm_over_plan="yes", work_date="yesterday",
    )  # fmt: skip
    del sent["stage_id"]
    response = client.post(URL, json=sent)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {
        "client_uuid", "stage_id", "good_qty", "rework_qty", "scrap_qty", "note",
        "confirm_over_plan", "work_date",
    }  # fmt: skip
    assert errors["good_qty"] == ["Enter a whole number of 0 or more."]
    assert rows(db) == 0


def test_messages_are_in_the_users_language(client, login, make_order, db):
    user = login(Role.FOLLOWER, language="zh_Hans")
    order = make_order(follower=user)
    response = client.post(URL, json=body(order.stages[0], good_qty=-1))
    assert response.status_code == 422
    assert response.get_json()["errors"]["good_qty"] == ["请输入 0 或更大的整数。"]


def test_all_zero_is_refused(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = client.post(URL, json=body(order.stages[0], good_qty=0))
    assert response.status_code == 422
    assert response.get_json()["errors"]["good_qty"] == ["Enter at least one quantity above 0."]
    assert rows(db) == 0


def test_above_110_percent_needs_confirmation_with_the_figures(client, follower, make_order, db):
    order = make_order(follower=follower, planned_qty=100)
    sent = body(order.stages[0], good_qty=111)
    response = client.post(URL, json=sent)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["code"] == "needs_confirmation"
    assert (answer["total"], answer["planned"]) == (111, 100)
    assert "more than 110%" in answer["errors"]["confirm_over_plan"][0]
    assert rows(db) == 0
    response = client.post(URL, json={**sent, "confirm_over_plan": True})
    assert response.status_code == 201
    assert good_total(db, order.stages[0]) == 111


@pytest.mark.parametrize("status", [OrderStatus.CLOSED, OrderStatus.CANCELLED])
def test_closed_and_cancelled_orders_refuse(client, follower, make_order, db, status):
    order = make_order(follower=follower, status=status)
    response = client.post(URL, json=body(order.stages[0]))
    assert response.status_code == 422
    assert response.get_json()["code"] == "order_closed"
    assert "no more check-ins" in response.get_json()["message"]
    assert rows(db) == 0


def test_another_followers_stage_is_not_found(client, follower, make_user, make_order, db):
    other = make_order(follower=make_user(Role.FOLLOWER))
    response = client.post(URL, json=body(other.stages[0]))
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"
    assert rows(db) == 0


def test_an_unknown_stage_is_not_found(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = client.post(URL, json=body(order.stages[0], stage_id=order.stages[0].id + 999))
    assert response.status_code == 404


def test_an_inspector_may_see_but_not_check_in(client, login, make_order, db):
    login(Role.INSPECTOR)
    order = make_order()
    assert client.post(URL, json=body(order.stages[0])).status_code == 403
    assert rows(db) == 0


def test_supervisors_check_in_on_any_order(client, login, make_order, db):
    login(Role.SUPERVISOR)
    order = make_order()
    assert client.post(URL, json=body(order.stages[0])).status_code == 201


def test_a_later_stage_ahead_of_the_earlier_one_is_a_warning(client, follower, make_order, db):
    order = make_order(follower=follower)
    response = client.post(URL, json=body(order.stages[1], good_qty=5))
    assert response.status_code == 201
    assert response.get_json()["warnings"] == ["Note: this stage (5) is now ahead of Cutting (0)."]


def test_a_work_date_can_be_sent_and_is_checked(client, follower, make_order, db):
    from datetime import date, timedelta

    order = make_order(follower=follower)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(URL, json=body(order.stages[0], work_date=yesterday))
    assert response.status_code == 201
    assert response.get_json()["work_date"] == yesterday
    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(URL, json=body(order.stages[0], work_date=future))
    assert response.status_code == 422
    assert "work_date" in response.get_json()["errors"]


def test_signed_out_requests_get_401_json(client, make_order):
    order = make_order()
    response = client.post(URL, json=body(order.stages[0]))
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthenticated"


def test_a_form_post_is_refused_even_with_the_token(client, follower, make_order, db, csrf):
    order = make_order(follower=follower)
    token = _token(client, order)
    data = {k: str(v) for k, v in body(order.stages[0]).items()}
    response = client.post(URL, data=data, headers={"X-CSRFToken": token})
    assert response.status_code == 415
    assert response.get_json()["code"] == "json_required"
    assert rows(db) == 0


def test_json_without_the_csrf_header_is_refused(client, follower, make_order, db, csrf):
    order = make_order(follower=follower)
    response = client.post(URL, json=body(order.stages[0]))
    assert response.status_code == 400
    assert response.get_json()["code"] == "csrf"
    assert rows(db) == 0
    token = _token(client, order)
    response = client.post(URL, json=body(order.stages[0]), headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_the_form_and_the_api_share_one_uuid_space(client, follower, make_order, db):
    order = make_order(follower=follower)
    stage = order.stages[0]
    sent = body(stage, good_qty=12)
    assert client.post(URL, json=sent).status_code == 201
    form = {"client_uuid": sent["client_uuid"], "good_qty": "12", "rework_qty": "0"}
    url = f"/orders/{order.id}/stages/{stage.id}/checkins"
    assert client.post(url, data=form, headers={"HX-Request": "true"}).status_code == 200
    form["good_qty"] = "13"
    assert client.post(url, data=form, headers={"HX-Request": "true"}).status_code == 409
    assert rows(db) == 1


def test_two_copies_arriving_at_once_make_one_row(app, make_user, make_order, db):
    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower)
    sent = body(order.stages[0], good_qty=7)
    copies = 2
    barrier = threading.Barrier(copies)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            client = app.test_client()
            with client.session_transaction() as sess:
                sess["_user_id"] = str(follower.id)
            barrier.wait(timeout=10)
            statuses.append(client.post(URL, json=sent).status_code)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(statuses) == [200, 201]
    assert rows(db) == 1
    assert good_total(db, order.stages[0]) == 7


def _token(client, order) -> str:
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    return re.search(r'"X-CSRFToken":\s*"([^"]+)"', page).group(1)


def test_a_conflict_on_somebody_elses_uuid_shows_nothing_of_it(
    app, client, follower, login, make_order, db
):
    from flask.testing import FlaskClient

    mine = make_order(follower=follower)
    other = make_order()
    supervisor_client: FlaskClient = app.test_client()
    login(Role.SUPERVISOR, on=supervisor_client)
    sent = body(other.stages[0], good_qty=4, note="theirs")
    assert supervisor_client.post(URL, json=sent).status_code == 201
    response = client.post(URL, json={**sent, "stage_id": mine.stages[0].id})
    assert response.status_code == 409
    assert response.get_json()["original"] is None
    assert rows(db) == 1
