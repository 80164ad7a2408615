"""Sample pages: request, steps with photos and tracking, the answer, the next round, permissions."""

from __future__ import annotations

import io
from datetime import date, timedelta

from tests.conftest import jpeg_bytes, new_uuid
from webapp.auth.models import Role
from webapp.orders.models import OrderStatus
from webapp.samples.models import Sample, SampleStatus

S = SampleStatus
TODAY = date.today()


def request_form(order, **overrides):
    form = {
        "client_uuid": new_uuid(), "order_id": order.id, "customer_id": 0, "style": "",
        "type": "pre_production", "quantity": "2", "requested_date": TODAY.isoformat(),
        "due_date": (TODAY + timedelta(days=5)).isoformat(), "maker": "factory",
        "spec": "按客户确认的色卡",
    }  # fmt: skip
    form.update(overrides)
    return form


def test_follower_requests_steps_and_answers_a_sample(client, db, login, make_order):
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    response = client.post("/samples/new", data=request_form(order))
    assert response.status_code == 302
    sample = db.session.query(Sample).one()
    url = f"/samples/{sample.id}"
    assert client.post(f"{url}/step", data={"to": "in_making"}).status_code == 302
    photo = (io.BytesIO(jpeg_bytes()), "ready.jpg")
    response = client.post(f"{url}/step", data={"to": "ready", "client_uuid": new_uuid(),
                                                "photos": [photo]})  # fmt: skip
    assert response.status_code == 302
    # sent without a tracking number: 422, the courier typed is kept
    response = client.post(f"{url}/step", data={"to": "sent", "courier": "顺丰 SF Express"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="tracking_no-error"' in page
    assert 'value="顺丰 SF Express"' in page
    response = client.post(f"{url}/step", data={"to": "sent", "courier": "顺丰 SF Express",
                                                "tracking_no": "SF1402 8866 0231"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "SF1402 8866 0231" in page
    # rejected without comments: 422, nothing saved
    response = client.post(f"{url}/result", data={"result": "rejected", "comment": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Sample, sample.id).status is S.SENT
    markup = (io.BytesIO(jpeg_bytes(colour=(10, 10, 200))), "markup.jpg")
    response = client.post(f"{url}/result", data={"result": "rejected", "client_uuid": new_uuid(),
                                                  "comment": "袖长短了 2 cm", "photos": [markup]})  # fmt: skip
    assert response.status_code == 302
    response = client.post(f"{url}/next-round", data={
        "client_uuid": new_uuid(), "due_date": (TODAY + timedelta(days=6)).isoformat()})  # fmt: skip
    assert response.status_code == 302
    second = db.session.query(Sample).filter_by(round_no=2).one()
    assert second.previous_id == sample.id
    page = client.get(f"/samples/{second.id}").get_data(as_text=True)
    assert "袖长短了 2 cm" in page  # the rounds list shows the comment of round 1


def test_bad_request_keeps_what_was_typed(client, db, login, make_order):
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower)
    form = request_form(order, due_date=(TODAY - timedelta(days=30)).isoformat(),
                        spec="颜色按 Pantone 19-4052")  # fmt: skip
    response = client.post("/samples/new", data=form)
    assert response.status_code == 422
    assert "颜色按 Pantone 19-4052" in response.get_data(as_text=True)
    assert db.session.query(Sample).count() == 0


def test_another_followers_sample_is_not_found(
    client, db, login, make_user, make_order, add_sample
):
    owner = make_user(Role.FOLLOWER)
    from webapp.auth.models import User

    sample = add_sample(make_order(follower=owner), db.session.get(User, owner.id))
    db.session.commit()
    login(Role.FOLLOWER)
    assert client.get(f"/samples/{sample.id}").status_code == 404
    assert client.post(f"/samples/{sample.id}/step", data={"to": "in_making"}).status_code == 404
    assert f"/samples/{sample.id}" not in client.get("/samples/").get_data(as_text=True)


def test_follower_home_lists_due_waiting_and_rejected_samples(
    client, db, login, make_order, add_sample, app
):
    from webapp.auth.models import User
    from webapp.samples import services

    follower = login(Role.FOLLOWER)
    me = db.session.get(User, follower.id)
    order = make_order(follower=follower)
    add_sample(order, me, due=TODAY + timedelta(days=2))
    waiting = add_sample(order, me, type=services.SampleType.FIT)
    for to in (S.IN_MAKING, S.READY):
        services.advance(waiting, to, by=me)
    services.advance(waiting, S.SENT, by=me, courier="DHL", tracking_no="55",
                     sent_on=TODAY - timedelta(days=8), today=TODAY)  # fmt: skip
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert 'id="samples-due"' in page and 'id="samples-waiting"' in page
    assert 'id="samples-rejected"' not in page
    app.config["SAMPLE_ANSWER_CHASE_DAYS"] = 10
    try:
        assert 'id="samples-waiting"' not in client.get("/").get_data(as_text=True)
    finally:
        app.config["SAMPLE_ANSWER_CHASE_DAYS"] = 5


def test_start_production_refused_with_the_reason_on_the_order_page(
    client, db, login, make_order, add_sample
):
    from webapp.auth.models import User

    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower, status=OrderStatus.CONFIRMED)
    add_sample(order, db.session.get(User, follower.id))
    db.session.commit()
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert 'id="pp-waiting"' in page
    response = client.post(f"/orders/{order.id}/status", data={"to": "in_production"},
                           follow_redirects=True)  # fmt: skip
    assert "pre-production sample" in response.get_data(as_text=True) or "产前样" in (
        response.get_data(as_text=True)
    )
    from webapp.orders.models import Order

    db.session.expire_all()
    assert db.session.get(Order, order.id).status is OrderStatus.CONFIRMED
