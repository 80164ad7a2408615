"""The order story page and the signed, expiring, read-only share link."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from webapp.auth.models import Role, User
from webapp.orders.models import Order
from webapp.shipments import services
from webapp.shipments.models import ShipmentStatus


@pytest.fixture
def story(client, db, login, make_order, make_user, make_customer, pass_fri):
    """An order with check-ins on two days, an accepted final inspection, a departed shipment."""
    from webapp.progress.models import CheckIn

    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower, customer=make_customer(language="en"), quantity=100,
                       po_number="PO-STORY-1", style="ST-STORY")  # fmt: skip
    row = db.session.get(Order, order.id)
    t0 = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    for i, day in enumerate((date(2026, 11, 10), date(2026, 11, 11))):
        for n in range(2):
            db.session.add(CheckIn(client_uuid=uuid.uuid4(), order_id=order.id,
                                   stage_id=row.stages[0].id, work_date=day, good_qty=20 + n,
                                   created_by_id=follower.id,
                                   created_at=t0 + timedelta(days=i, hours=n)))  # fmt: skip
    db.session.commit()
    fri = pass_fri(order, make_user(Role.INSPECTOR))
    from webapp.inspections.models import Inspection

    db.session.get(Inspection, fri).submitted_at = datetime(2026, 11, 12, 3, 0, tzinfo=UTC)
    user = db.session.get(User, follower.id)
    shipment, _ = services.create_shipment(
        by=user, client_uuid=uuid.uuid4(), customer=row.customer,
        lines=[services.LineInput(order=row, quantity=100)], carrier="COSCO",
    )  # fmt: skip
    shipment.status = ShipmentStatus.DEPARTED
    shipment.booked_at = datetime(2026, 11, 12, 6, tzinfo=UTC)
    shipment.departed_at = datetime(2026, 11, 13, 6, tzinfo=UTC)
    db.session.commit()
    return follower, order, shipment.id


def test_timeline_shows_checkins_per_day_inspection_and_shipment_newest_first(client, story):
    _follower, order, _sid = story
    html = client.get(f"/orders/{order.id}/story").get_data(as_text=True)
    assert html.count("Cutting: 2 check-ins") == 2  # one entry per work day and stage
    departed = html.index("Departed")
    inspection = html.index("INS")
    day2 = html.index("Nov 11, 2026")
    day1 = html.index("Nov 10, 2026")
    assert departed < inspection < day2 < day1
    assert 'id="story-risk"' in html and 'id="story-shipped"' in html


def test_timeline_filter_returns_only_that_kind(hx, login, story):
    follower, order, _sid = story
    login(user=follower, on=hx)
    fragment = hx.get(f"/orders/{order.id}/story?kind=shipments").get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="timeline"')
    assert 'data-kind="shipments"' in fragment
    assert 'data-kind="checkins"' not in fragment and "INS" not in fragment


def _share(client, order, **fields):
    data = {"progress": "y", "inspections": "y", "shipments": "y", "days": "7", **fields}
    response = client.post(f"/orders/{order.id}/share", data=data)
    html = response.get_data(as_text=True)
    start = html.index('id="share-url"')
    link = html[start:].split('value="', 1)[1].split('"', 1)[0]
    return link.split("://", 1)[1].split("/", 1)[1]


def test_share_link_shows_only_what_was_chosen_without_login(app, client, story):
    _follower, order, _sid = story
    path = _share(client, order, progress="y", inspections="", shipments="y")
    anonymous = app.test_client()
    page = anonymous.get("/" + path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert 'id="shared-progress"' in html and 'id="shared-shipments"' in html
    assert 'id="shared-inspections"' not in html and "INS" not in html
    assert "PO-STORY-1" in html
    # Nothing internal: no follower, no risk, no prices.
    assert "Test follower" not in html and "At risk" not in html
    token = path.split("/", 1)[1]
    assert anonymous.get(f"/share/{token}/inspections/1.pdf").status_code == 404


def test_share_link_gives_the_inspection_report_when_chosen(app, client, db, story):
    _follower, order, _sid = story
    path = _share(client, order, progress="", inspections="y", shipments="")
    html = app.test_client().get("/" + path).get_data(as_text=True)
    assert 'id="shared-inspections"' in html and 'id="shared-progress"' not in html
    report = html.split('href="/share/', 1)[1].split('"', 1)[0]
    pdf = app.test_client().get("/share/" + report)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_tampered_and_expired_links_are_refused(app, client, story, monkeypatch):
    _follower, order, _sid = story
    path = _share(client, order)
    token = path.split("/", 1)[1]
    anonymous = app.test_client()
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    # Change one character of the payload: the signature no longer matches.
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    refused = anonymous.get(f"/share/{flipped}")
    assert refused.status_code == 404 and b"not valid" in refused.data
    # A token for the same order with more sections, signed with another key.
    from itsdangerous import URLSafeSerializer

    forged = URLSafeSerializer("not-our-key", salt="gendan.order-share.v1").dumps(
        {"o": order.id, "s": ["progress", "inspections", "shipments"], "x": 4102444800}
    )
    assert anonymous.get(f"/share/{forged}").status_code == 404
    from webapp.story import share

    with app.test_request_context():
        expired, _ = share.make_token(order.id, ["progress"], 1,
                                      now=datetime.now(UTC) - timedelta(days=2))  # fmt: skip
    gone = anonymous.get(f"/share/{expired}")
    assert gone.status_code == 410 and b"expired" in gone.data
    assert b"PO-STORY-1" not in gone.data


def test_share_needs_a_section_and_is_for_the_orders_people(client, login, story):
    _follower, order, _sid = story
    response = client.post(f"/orders/{order.id}/share",
                           data={"progress": "", "inspections": "", "shipments": "", "days": "7"})  # fmt: skip
    assert response.status_code == 422 and b"Choose at least one" in response.data
    login(Role.INSPECTOR)
    assert (
        client.post(f"/orders/{order.id}/share", data={"progress": "y", "days": "7"}).status_code
        == 403
    )


def test_timeline_lists_approval_requests_and_decisions(client, db, story):
    from webapp.approvals.models import ApprovalRequest, ApprovalStatus

    follower, order, _sid = story
    db.session.add(ApprovalRequest(
        client_uuid=uuid.uuid4(), kind="due_date_change", order_id=order.id,
        requested_by_id=follower.id, reason="面料晚到五天", status=ApprovalStatus.APPROVED,
        decided_at=datetime(2026, 11, 14, 2, tzinfo=UTC), decision_comment="同意延期",
        created_at=datetime(2026, 11, 13, 9, tzinfo=UTC),
    ))  # fmt: skip
    db.session.commit()
    html = client.get(f"/orders/{order.id}/story?kind=approvals").get_data(as_text=True)
    assert "面料晚到五天" in html and "同意延期" in html and "Approved" in html
