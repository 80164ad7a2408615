"""Fixtures of the sample tests: users in the session and a sample maker."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from webapp.auth.models import Role, User
from webapp.orders.models import Order
from webapp.samples import services
from webapp.samples.models import SampleMaker, SampleType


@pytest.fixture
def follower(db, make_user):
    return db.session.get(User, make_user(Role.FOLLOWER).id)


@pytest.fixture
def supervisor(db, make_user):
    return db.session.get(User, make_user(Role.SUPERVISOR).id)


@pytest.fixture
def add_sample(db):
    """Request a sample for an order (in the test's session) and flush."""

    def add(order, by, type=SampleType.PRE_PRODUCTION, due=None, **fields):
        order = db.session.get(Order, order.id)
        data = {
            "type": type, "quantity": fields.pop("quantity", 2),
            "requested_date": fields.pop("requested", date.today() - timedelta(days=10)),
            "due_date": due or date.today() + timedelta(days=5), "maker": SampleMaker.FACTORY,
            "spec": fields.pop("spec", "Pantone 19-4052 TCX, 按确认样尺寸"),
        }  # fmt: skip
        sample, _ = services.create_sample(data, by=by, order=order, client_uuid=uuid.uuid4())
        db.session.flush()
        return sample

    return add
