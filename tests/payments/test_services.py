"""Payment milestones: states from the dates and the money, audited receipts, the release rule."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from webapp.audit.services import history
from webapp.auth.models import Role, User
from webapp.orders.models import Order
from webapp.payments import queries, rules, services
from webapp.payments.models import MilestoneKind
from webapp.payments.services import PaymentRefused

TODAY = date(2026, 11, 20)
K = MilestoneKind


@pytest.fixture
def follower(db, make_user):
    return db.session.get(User, make_user(Role.FOLLOWER).id)


def add(order, by, kind, amount, **fields):
    data = {"kind": kind, "amount": Decimal(amount), "currency": fields.pop("currency", "USD"),
            **fields}  # fmt: skip
    milestone, _ = services.add_milestone(order, data, by=by, client_uuid=uuid.uuid4())
    return milestone


def test_milestone_states_follow_the_dates_and_the_money(db, make_order, follower):
    order = db.session.get(Order, make_order(follower=follower, due_date=TODAY).id)
    deposit = add(order, follower, K.DEPOSIT, "3000.00", due_date=TODAY - timedelta(days=20))
    balance = add(order, follower, K.BALANCE_BEFORE_SHIPMENT, "7000.00",
                  due_date=TODAY + timedelta(days=3))  # fmt: skip
    docs = add(order, follower, K.AGAINST_DOCUMENTS, "1000.00", condition="copy B/L")
    open_account = add(order, follower, K.OPEN_ACCOUNT, "500.00", due_days=30)
    assert [m.state(TODAY) for m in (deposit, balance, docs, open_account)] == [
        "overdue", "open", "on_condition", "open"]  # fmt: skip
    assert open_account.effective_due() == TODAY + timedelta(days=30)
    services.record_receipt(deposit, amount=Decimal("1000.00"), received_on=TODAY, by=follower,
                            today=TODAY)  # fmt: skip
    assert deposit.state(TODAY) == "overdue" and deposit.outstanding == Decimal("2000.00")
    services.record_receipt(deposit, amount=Decimal("3000.00"), received_on=TODAY, by=follower,
                            today=TODAY, note="TT from Nordhem")  # fmt: skip
    assert deposit.state(TODAY) == "received"
    entries = [e for e in history(deposit) if e.action == "received"]
    assert [e.changes["received_amount"] for e in entries] == [[None, "1000.00"],
                                                              ["1000.00", "3000.00"]]  # fmt: skip
    assert balance.state(TODAY + timedelta(days=3)) == "due"
    assert balance.state(TODAY + timedelta(days=4)) == "overdue"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"amount": Decimal("0")}, "bad_amount"),
        ({"amount": Decimal("10.005")}, "too_many_decimals"),
        ({"currency": "usd"}, "bad_currency"),
        ({"currency": "RMB1"}, "bad_currency"),
        ({"kind": K.OPEN_ACCOUNT}, "due_required"),
    ],
)
def test_bad_milestones_are_refused(db, make_order, follower, fields, code):
    order = db.session.get(Order, make_order(follower=follower).id)
    data = {"kind": K.DEPOSIT, "amount": Decimal("100.00"), "currency": "USD", **fields}
    with pytest.raises(PaymentRefused) as exc:
        services.add_milestone(order, data, by=follower, client_uuid=uuid.uuid4())
    assert exc.value.code == code


def test_receipts_cannot_be_in_the_future_or_negative(db, make_order, follower):
    order = db.session.get(Order, make_order(follower=follower).id)
    m = add(order, follower, K.DEPOSIT, "100.00", due_date=TODAY)
    for amount, on, code in ((Decimal("-1.00"), TODAY, "bad_amount"),
                             (Decimal("1.00"), TODAY + timedelta(days=1), "future_date")):  # fmt: skip
        with pytest.raises(PaymentRefused) as exc:
            services.record_receipt(m, amount=amount, received_on=on, by=follower, today=TODAY)
        assert exc.value.code == code
    assert m.received_amount is None


def test_release_needed_while_the_balance_required_before_shipment_is_missing(
    db, make_order, follower
):
    order = db.session.get(Order, make_order(follower=follower).id)
    add(order, follower, K.OPEN_ACCOUNT, "900.00", due_days=60)
    assert not services.balance_required_before_shipment(order)
    assert not rules.release_needed(order)  # open account: the goods go, the money follows
    balance = add(order, follower, K.BALANCE_BEFORE_SHIPMENT, "7000.00", due_date=TODAY)
    deposit = add(order, follower, K.DEPOSIT, "3000.00", due_date=TODAY)
    services.record_receipt(deposit, amount=Decimal("3000.00"), received_on=TODAY, by=follower,
                            today=TODAY)  # fmt: skip
    assert services.balance_outstanding(order) == Decimal("7000.00")
    assert rules.balance_missing(order) and rules.release_needed(order)
    services.record_receipt(balance, amount=Decimal("6999.99"), received_on=TODAY, by=follower,
                            today=TODAY)  # fmt: skip
    assert services.balance_outstanding(order) == Decimal("0.01") and rules.release_needed(order)
    services.record_receipt(balance, amount=Decimal("7000.00"), received_on=TODAY, by=follower,
                            today=TODAY)  # fmt: skip
    assert services.balance_outstanding(order) == Decimal("0.00")
    assert not rules.release_needed(order)


def test_overdue_receivables_per_customer(db, make_order, make_customer, follower, make_user):
    boss = db.session.get(User, make_user(Role.SUPERVISOR).id)
    nordhem, hansa = make_customer(name="Nordhem Home AB"), make_customer(name="Hanseatic")
    a = db.session.get(Order, make_order(follower=follower, customer=nordhem).id)
    b = db.session.get(Order, make_order(follower=follower, customer=nordhem).id)
    c = db.session.get(Order, make_order(customer=hansa).id)  # not followed by this follower
    add(a, follower, K.DEPOSIT, "1200.00", due_date=TODAY - timedelta(days=5))
    add(b, follower, K.AGAINST_DOCUMENTS, "800.50", due_date=TODAY - timedelta(days=1))
    add(b, follower, K.DEPOSIT, "99.00", due_date=TODAY + timedelta(days=1))  # not due yet
    add(c, follower, K.DEPOSIT, "5000.00", currency="EUR", due_date=TODAY - timedelta(days=9))
    mine = queries.overdue_by_customer(follower, TODAY)
    assert [(g.customer.name, g.totals) for g in mine] == [
        ("Nordhem Home AB", {"USD": Decimal("2000.50")})]  # fmt: skip
    assert [g.customer.name for g in queries.overdue_by_customer(boss, TODAY)] == [
        "Hanseatic", "Nordhem Home AB"]  # fmt: skip


def test_a_supervisors_release_lets_the_goods_go_without_the_balance(
    db, make_order, follower, make_user
):
    from webapp.approvals import services as approvals

    boss = db.session.get(User, make_user(Role.SUPERVISOR).id)
    order = db.session.get(Order, make_order(follower=follower).id)
    add(order, follower, K.BALANCE_BEFORE_SHIPMENT, "7000.00", due_date=TODAY)
    req = approvals.request_approval(
        kind=rules.RELEASE_KIND, by=follower, order=order, subject_id=order.id,
        reason="客户水单已发, 款项在途 customer sent the TT copy",
    )  # fmt: skip
    assert rules.release_needed(order)
    approvals.decide(req, by=boss, approve=True, comment="凭水单放行")
    assert rules.balance_missing(order) and not rules.release_needed(order)
