"""The demo shows samples in every step, payment milestones with some overdue, and days."""

from __future__ import annotations

import sqlalchemy as sa

from webapp import demo
from webapp.auth.models import Role, User
from webapp.orders.models import Order
from webapp.payments.models import PaymentMilestone
from webapp.payments.queries import overdue_by_customer
from webapp.samples import rules
from webapp.samples.models import Sample, SampleStatus
from webapp.team.models import FollowerDay
from webapp.timeutil import app_today


def test_demo_has_samples_in_every_step_and_overdue_milestones(app, db):
    demo.load()
    statuses = set(db.session.scalars(sa.select(Sample.status)))
    assert statuses == set(SampleStatus)
    assert db.session.scalar(sa.select(sa.func.max(Sample.round_no))) == 2
    nh2415 = db.session.scalar(sa.select(Order).where(Order.style == "NH-2415"))
    assert rules.bulk_start_blocked(nh2415)
    boss = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    today = app_today()
    assert len(overdue_by_customer(boss, today)) >= 2
    states = {m.state(today) for m in db.session.scalars(sa.select(PaymentMilestone))}
    assert {"received", "overdue", "open", "on_condition"} <= states
    assert db.session.scalar(sa.select(sa.func.count(FollowerDay.id))) == 2
