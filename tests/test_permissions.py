"""Routes that read one order's records refuse people who may not see that order, and the
admin catalogues refuse everyone but admins."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import new_uuid
from webapp.auth.models import Role


@pytest.mark.parametrize("role", [Role.FOLLOWER, Role.INSPECTOR, Role.SUPERVISOR])
@pytest.mark.parametrize(
    "url",
    ["/admin/templates", "/admin/templates/new", "/admin/defect-types", "/admin/defect-types/new"],
)
def test_catalogues_are_for_admins_only(client, login, role, url):
    login(role)
    assert client.get(url).status_code == 403


def test_another_followers_order_fragments_and_records_are_hidden(
    client, login, make_user, make_order, make_defect_type, db
):
    owner = make_user(Role.FOLLOWER)
    order = make_order(follower=owner)
    login(user=owner)
    client.post(
        f"/orders/{order.id}/stages/{order.stages[0].id}/checkins",
        data={"client_uuid": new_uuid(), "good_qty": "5"},
    )
    client.post(
        f"/orders/{order.id}/complaints/new",
        data={
            "client_uuid": new_uuid(),
            "category": "quality",
            "severity": "low",
            "department": "qc",
            "description": "x",
        },
    )
    login(Role.INSPECTOR)
    client.post(
        f"/orders/{order.id}/inspections/new",
        data={"client_uuid": new_uuid(), "type": "fri", "lot_size": "100", "level": "II",
              "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0", "severity": "normal"},
    )  # fmt: skip
    from webapp.delays.models import Complaint
    from webapp.inspections.models import Inspection
    from webapp.progress.models import CheckIn

    checkin = db.session.scalar(sa.select(CheckIn))
    complaint = db.session.scalar(sa.select(Complaint))
    inspection = db.session.scalar(sa.select(Inspection))
    login(Role.FOLLOWER)  # somebody else's order
    for url in (
        f"/orders/{order.id}/head",
        f"/orders/{order.id}/checkins",
        f"/checkins/{checkin.id}/correct",
        f"/complaints/{complaint.id}",
        f"/inspections/{inspection.id}",
        f"/inspections/{inspection.id}/report",
        f"/inspections/{inspection.id}/report.pdf",
        f"/orders/{order.id}/complaints/new",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/complaints/{complaint.id}/close", f"/inspections/{inspection.id}/submit"):
        assert client.post(url, data={"action_taken": "x"}).status_code == 404, url
    login(user=owner)
    assert client.get(f"/orders/{order.id}/head").status_code == 200
    assert client.get(f"/complaints/{complaint.id}").status_code == 200


def test_inspectors_cannot_log_complaints_or_move_orders(client, login, make_order, db):
    from webapp.orders.models import Order, OrderStatus

    order = make_order(status=OrderStatus.CONFIRMED)
    login(Role.INSPECTOR)
    assert client.get(f"/orders/{order.id}/complaints/new").status_code == 403
    client.post(f"/orders/{order.id}/status", data={"to": "in_production"})
    assert db.session.get(Order, order.id).status is OrderStatus.CONFIRMED
