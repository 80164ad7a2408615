"""Payment pages: set up terms, record money received, balance not received, overdue per customer."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import new_uuid
from webapp.auth.models import Role
from webapp.payments.models import PaymentMilestone

TODAY = date.today()


def milestone_form(**overrides):
    form = {"client_uuid": new_uuid(), "kind": "balance_before_shipment", "amount": "7000.00",
            "currency": "USD", "due_date": (TODAY - timedelta(days=2)).isoformat(),
            "due_days": "", "condition": ""}  # fmt: skip
    form.update(overrides)
    return form


def test_follower_sets_up_terms_and_records_the_balance(client, db, login, make_order):
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower)
    url = f"/payments/orders/{order.id}"
    assert client.post(f"{url}/milestones", data=milestone_form()).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'id="balance-missing"' in page and 'data-state="overdue"' in page
    assert "7,000.00" in page
    assert 'id="order-balance-missing"' in client.get(f"/orders/{order.id}").get_data(as_text=True)
    m = db.session.query(PaymentMilestone).one()
    response = client.post(f"/payments/{m.id}/receipt",
                           data={"amount": "7000.00", "received_on": TODAY.isoformat()})  # fmt: skip
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'id="balance-missing"' not in page and 'data-state="received"' in page
    assert 'class="card receivables"' not in client.get("/payments/overdue").get_data(as_text=True)


def test_bad_amount_is_refused_with_what_was_typed_kept(client, db, login, make_order):
    follower = login(Role.FOLLOWER)
    order = make_order(follower=follower)
    response = client.post(f"/payments/orders/{order.id}/milestones",
                           data=milestone_form(amount="12.345", condition="copy of B/L 提单副本"))  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "copy of B/L 提单副本" in page and 'id="form-error"' in page
    assert db.session.query(PaymentMilestone).count() == 0
    response = client.post(f"/payments/orders/{order.id}/milestones",
                           data=milestone_form(amount="abc"))  # fmt: skip
    assert response.status_code == 422


def test_overdue_receivables_page_and_permissions(
    client, db, login, make_order, make_user, make_customer
):
    other = make_user(Role.FOLLOWER)
    order = make_order(follower=other, customer=make_customer(name="Hanseatic Apparel GmbH"))
    login(Role.FOLLOWER)
    assert client.get(f"/payments/orders/{order.id}").status_code == 404
    response = client.post(f"/payments/orders/{order.id}/milestones", data=milestone_form())
    assert response.status_code == 404
    login(Role.SUPERVISOR)
    client.post(f"/payments/orders/{order.id}/milestones", data=milestone_form())
    page = client.get("/payments/overdue").get_data(as_text=True)
    assert 'class="card receivables"' in page and "Hanseatic Apparel GmbH" in page
