"""Check-ins from the floor: every rule of the check-in form, over htmx and plain posts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from tests.conftest import jpeg_bytes, new_uuid
from webapp.audit.models import AuditEntry
from webapp.auth.models import Role
from webapp.orders.models import OrderStatus
from webapp.progress.models import CheckIn


def url(order, stage=None):
    stage = stage or order.stages[0]
    return f"/orders/{order.id}/stages/{stage.id}/checkins"


def post(client, order, stage=None, **fields):
    data = {"client_uuid": new_uuid(), "good_qty": "10", "rework_qty": "0", "scrap_qty": "0"}
    data.update({k: str(v) for k, v in fields.items()})
    return client.post(url(order, stage), data=data)


def totals(db, stage_id):
    from webapp.progress.queries import stage_totals

    return stage_totals([stage_id]).get(stage_id)


@pytest.fixture
def follower(login, hx):
    return login(Role.FOLLOWER, on=hx, language="en")


def test_htmx_checkin_returns_the_stage_card_with_the_bar_moved(hx, follower, make_order, db):
    order = make_order(follower=follower)
    response = post(hx, order, good_qty=30, rework_qty=2, scrap_qty=1)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith("<section")
    assert f'id="stage-{order.stages[0].id}"' in body
    assert re.search(r'<progress class="bar[^"]*" max="100" value="30"', body)
    assert "Saved: 30 good, 2 rework, 1 scrap." in body
    assert response.headers["HX-Trigger"] == "checkins-changed"
    t = totals(db, order.stages[0].id)
    assert (t.good, t.rework, t.scrap) == (30, 2, 1)
    # a fresh UUID for the next entry
    uuids = re.findall(r'name="client_uuid" type="hidden" value="([^"]+)"', body)
    assert len(uuids) == 1


def test_progress_is_the_sum_of_rows(hx, follower, make_order, db):
    order = make_order(follower=follower)
    for qty in (10, 20, 5):
        assert post(hx, order, good_qty=qty).status_code == 200
    assert totals(db, order.stages[0].id).good == 35
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 3


def test_a_retry_with_the_same_uuid_creates_nothing_new(hx, follower, make_order, db):
    order = make_order(follower=follower)
    uid = new_uuid()
    first = post(hx, order, client_uuid=uid, good_qty=12)
    second = post(hx, order, client_uuid=uid, good_qty=12)
    assert first.status_code == second.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1
    assert totals(db, order.stages[0].id).good == 12


def test_same_uuid_with_other_numbers_is_a_conflict(hx, follower, make_order, db):
    order = make_order(follower=follower)
    uid = new_uuid()
    post(hx, order, client_uuid=uid, good_qty=12)
    response = post(hx, order, client_uuid=uid, good_qty=13)
    assert response.status_code == 409
    assert "already sent with other numbers" in response.get_data(as_text=True)
    assert totals(db, order.stages[0].id).good == 12


def test_bad_numbers_keep_the_input_and_write_nothing(hx, follower, make_order, db):
    order = make_order(follower=follower)
    response = post(hx, order, good_qty="-5", rework_qty="abc", note="第二条线")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number of 0 or more." in body
    assert 'value="-5"' in body
    assert "第二条线" in body
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_all_zero_is_refused(hx, follower, make_order, db):
    order = make_order(follower=follower)
    response = post(hx, order, good_qty=0)
    assert response.status_code == 422
    assert "Enter at least one quantity above 0." in response.get_data(as_text=True)


def test_missing_uuid_is_refused(hx, follower, make_order, db):
    order = make_order(follower=follower)
    response = post(hx, order, client_uuid="not-a-uuid")
    assert response.status_code == 422
    assert "out of date" in response.get_data(as_text=True)
    assert "not-a-uuid" not in response.get_data(as_text=True)


def test_above_110_percent_asks_for_confirmation(hx, follower, make_order, db):
    order = make_order(follower=follower, planned_qty=100)
    uid = new_uuid()
    response = post(hx, order, client_uuid=uid, good_qty=111)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "more than 110%" in body
    assert 'name="confirm_over_plan"' in body
    assert f'value="{uid}"' in body, "the same UUID is kept for the confirmed retry"
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    response = post(hx, order, client_uuid=uid, good_qty=111, confirm_over_plan="y")
    assert response.status_code == 200
    assert totals(db, order.stages[0].id).good == 111
    # exactly 110 % needs no confirmation
    order2 = make_order(follower=follower, planned_qty=100)
    assert post(hx, order2, good_qty=110).status_code == 200


@pytest.mark.parametrize("status", [OrderStatus.CLOSED, OrderStatus.CANCELLED])
def test_closed_and_cancelled_orders_refuse_checkins(hx, follower, make_order, db, status):
    order = make_order(follower=follower, status=status)
    response = post(hx, order)
    assert response.status_code == 422
    assert "no more check-ins" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_closed_order_message_via_service(db, make_user, make_order):
    from webapp.progress import services

    user = make_user(Role.SUPERVISOR)
    order = make_order(status=OrderStatus.CLOSED)
    from webapp.auth.models import User
    from webapp.orders.models import Stage

    with pytest.raises(services.CheckInRefused) as exc:
        services.record_checkin(
            stage=db.session.get(Stage, order.stages[0].id), by=db.session.get(User, user.id),
            client_uuid=__import__("uuid").uuid4(), good_qty=5,
        )  # fmt: skip
    assert exc.value.code == "order_closed"


def test_follower_cannot_check_in_on_someone_elses_order(hx, follower, make_user, make_order, db):
    other = make_user(Role.FOLLOWER)
    order = make_order(follower=other)
    assert post(hx, order).status_code == 404  # not even visible
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_inspector_sees_but_cannot_check_in(client, login, make_order, db):
    login(Role.INSPECTOR)
    order = make_order()
    assert client.get(f"/orders/{order.id}").status_code == 200
    assert post(client, order).status_code == 403


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_check_in_on_all_orders(
    client, login, make_user, make_order, db, role
):
    login(role)
    order = make_order(follower=make_user(Role.FOLLOWER))
    assert post(client, order).status_code == 302


def test_future_and_old_work_dates_are_refused(hx, follower, make_order, db):
    order = make_order(follower=follower)
    future = (date.today() + timedelta(days=2)).isoformat()
    assert "cannot be in the future" in post(hx, order, work_date=future).get_data(as_text=True)
    old = (date.today() - timedelta(days=30)).isoformat()
    assert "more than 14 days ago" in post(hx, order, work_date=old).get_data(as_text=True)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert post(hx, order, work_date=yesterday).status_code == 200
    assert db.session.scalar(sa.select(CheckIn.work_date)) == date.today() - timedelta(days=1)


def test_later_stage_ahead_of_earlier_one_is_a_warning_not_a_refusal(hx, follower, make_order, db):
    order = make_order(follower=follower)
    post(hx, order, order.stages[0], good_qty=10)
    response = post(hx, order, order.stages[1], good_qty=25)
    assert response.status_code == 200
    assert "is now ahead of 裁剪" in response.get_data(
        as_text=True
    ) or "is now ahead of Cutting" in response.get_data(as_text=True)
    assert totals(db, order.stages[1].id).good == 25


def test_plain_post_without_htmx_redirects_to_the_order(client, login, make_order):
    user = login(Role.FOLLOWER)
    order = make_order(follower=user)
    response = post(client, order)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/orders/{order.id}#stage-{order.stages[0].id}")


def test_checkin_is_audited(hx, follower, make_order, db):
    order = make_order(follower=follower)
    post(hx, order, good_qty=7)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity_type == "checkins"))
    assert entry.actor_id == follower.id
    assert entry.changes["good_qty"] == [None, 7]


# --- corrections -------------------------------------------------------------------------


def test_correction_replaces_the_old_entry_in_the_sums(client, login, make_order, db):
    user = login(Role.FOLLOWER, language="en")
    order = make_order(follower=user)
    post(client, order, good_qty=50)
    post(client, order, good_qty=20)
    wrong = db.session.scalar(sa.select(CheckIn).where(CheckIn.good_qty == 50))
    page = client.get(f"/checkins/{wrong.id}/correct").get_data(as_text=True)
    assert 'value="50"' in page
    response = client.post(
        f"/checkins/{wrong.id}/correct",
        data={
            "client_uuid": new_uuid(),
            "good_qty": "40",
            "rework_qty": "0",
            "scrap_qty": "0",
            "note": "counted twice",
        },
    )
    assert response.status_code == 302
    assert totals(db, order.stages[0].id).good == 60
    rows = db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)).all()
    assert [r.good_qty for r in rows] == [50, 20, 40], "the original row is kept unchanged"
    assert rows[2].corrects_id == rows[0].id
    # a corrected row cannot be corrected again; the correction can
    again = client.post(
        f"/checkins/{wrong.id}/correct",
        data={"client_uuid": new_uuid(), "good_qty": "45", "rework_qty": "0", "scrap_qty": "0"},
    )
    assert again.status_code == 422
    assert "already corrected" in again.get_data(as_text=True)
    client.post(
        f"/checkins/{rows[2].id}/correct",
        data={"client_uuid": new_uuid(), "good_qty": "45", "rework_qty": "0", "scrap_qty": "0"},
    )
    assert totals(db, order.stages[0].id).good == 65


def test_correction_rate_for_the_data_accuracy_kpi(db, client, login, make_order):
    from webapp.progress.queries import correction_rate

    user = login(Role.FOLLOWER)
    order = make_order(follower=user)
    for qty in (10, 20, 30, 40):
        post(client, order, good_qty=qty)
    first = db.session.scalar(sa.select(CheckIn).where(CheckIn.good_qty == 10))
    client.post(
        f"/checkins/{first.id}/correct",
        data={"client_uuid": new_uuid(), "good_qty": "11", "rework_qty": "0", "scrap_qty": "0"},
    )
    assert correction_rate() == (1, 4)


def test_correction_to_zero_is_allowed(client, login, make_order, db):
    user = login(Role.FOLLOWER)
    order = make_order(follower=user)
    post(client, order, good_qty=10)
    row = db.session.scalar(sa.select(CheckIn))
    response = client.post(
        f"/checkins/{row.id}/correct",
        data={"client_uuid": new_uuid(), "good_qty": "0", "rework_qty": "0", "scrap_qty": "0"},
    )
    assert response.status_code == 302
    assert totals(db, order.stages[0].id).good == 0


def test_other_follower_cannot_correct(client, login, make_user, make_order, db):
    owner = make_user(Role.FOLLOWER)
    order = make_order(follower=owner)
    login(Role.SUPERVISOR)
    post(client, order, good_qty=10)
    row = db.session.scalar(sa.select(CheckIn))
    login(Role.FOLLOWER)
    assert client.get(f"/checkins/{row.id}/correct").status_code == 404


# --- photos --------------------------------------------------------------------------------


def test_checkin_with_photo_is_stored_and_served_to_allowed_users_only(
    client, login, make_user, make_order, db
):
    user = login(Role.FOLLOWER)
    order = make_order(follower=user)
    data = {"client_uuid": new_uuid(), "good_qty": "5", "rework_qty": "0", "scrap_qty": "0",
            "photo": (BytesIO(jpeg_bytes((3000, 2000))), "IMG_0001.jpg")}  # fmt: skip
    response = client.post(url(order), data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    checkin = db.session.scalar(sa.select(CheckIn))
    assert checkin.photo_id is not None
    photo = client.get(f"/photos/{checkin.photo_id}")
    assert photo.status_code == 200
    assert photo.mimetype == "image/jpeg"
    assert "immutable" in photo.headers["Cache-Control"]
    from PIL import Image

    assert max(Image.open(BytesIO(photo.data)).size) == 2048
    thumb = client.get(f"/photos/{checkin.photo_id}/thumb")
    assert max(Image.open(BytesIO(thumb.data)).size) <= 400
    login(Role.FOLLOWER)  # another follower
    assert client.get(f"/photos/{checkin.photo_id}").status_code == 404
    login(Role.SUPERVISOR)
    assert client.get(f"/photos/{checkin.photo_id}").status_code == 200


def test_a_bad_photo_is_refused_and_nothing_is_saved(hx, follower, make_order, db):
    from webapp.media.models import Photo

    order = make_order(follower=follower)
    data = {"client_uuid": new_uuid(), "good_qty": "5", "rework_qty": "0", "scrap_qty": "0",
            "photo": (BytesIO(b"this is not a picture"), "photo.jpg")}  # fmt: skip
    response = hx.post(url(order), data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not a photo" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Photo.id))) == 0
