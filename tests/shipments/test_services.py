"""Shipment rules: partial shipments, the step sequence, the final-inspection and loading
checks, cancelling, attachments, and the on-time outcome per order."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import jpeg_bytes
from webapp.audit.services import history
from webapp.auth.models import Role, User
from webapp.orders.models import Customer, OnTimeBasis, Order
from webapp.shipments import queries, services
from webapp.shipments.models import DocumentKind, Shipment, ShipmentStatus, ShipMode
from webapp.shipments.services import LineInput, ShipmentRefused

CHECK_OK = {"container_condition": "pass", "carton_count": "pass", "carton_marks": "pass",
            "seal": "na"}  # fmt: skip


@pytest.fixture
def setup(make_user, make_order, make_customer, pass_fri):
    follower = make_user(Role.FOLLOWER)
    inspector = make_user(Role.INSPECTOR)
    customer = make_customer()
    order = make_order(follower=follower, customer=customer, quantity=1000, planned_qty=1000)
    return follower, inspector, customer, order


def _get(db, model, ident):
    return db.session.get(model, ident)


def _plan(db, follower, order, qty, **fields):
    shipment, _created = services.create_shipment(
        by=_get(db, User, follower.id), client_uuid=uuid.uuid4(),
        customer=_get(db, Order, order.id).customer,
        lines=[LineInput(order=_get(db, Order, order.id), quantity=qty, cartons=qty // 20)],
        **fields,
    )  # fmt: skip
    db.session.commit()
    return shipment


def _to_packed(db, shipment, user, at=None):
    services.advance(
        shipment, ShipmentStatus.BOOKED, by=user, booking_ref="COSU6301", carrier="COSCO", at=at
    )
    services.update_details(
        shipment, by=user, gross_kg=520, net_kg=480, volume_cbm=4, packing_confirmed=True
    )
    services.advance(shipment, ShipmentStatus.PACKED, by=user, at=at)


def test_partial_shipments_add_up_to_the_ordered_quantity(db, setup):
    follower, _i, _c, order = setup
    first = _plan(db, follower, order, 600)
    second = _plan(db, follower, order, 400)
    assert first.id != second.id
    with pytest.raises(ShipmentRefused) as exc:
        _plan(db, follower, order, 1)
    assert exc.value.code == "over_ordered" and exc.value.details["left"] == 0
    qty = queries.shipped_quantities([_get(db, Order, order.id)])[order.id]
    assert (qty.ordered, qty.shipped, qty.planned, qty.left) == (1000, 0, 1000, 0)


def test_cancelled_shipment_frees_its_quantity(db, setup):
    follower, _i, _c, order = setup
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    with pytest.raises(ShipmentRefused, match="reason_required"):
        services.cancel(shipment, by=user, reason=" ")
    services.cancel(shipment, by=user, reason="客户改为空运")
    db.session.commit()
    assert _plan(db, follower, order, 1000).quantity == 1000


def test_orders_of_another_customer_or_follower_are_refused(db, setup, make_order, make_user):
    follower, _i, customer, order = setup
    other_customer_order = make_order(follower=follower)
    user = _get(db, User, follower.id)
    lines = [LineInput(order=_get(db, Order, order.id), quantity=10),
             LineInput(order=_get(db, Order, other_customer_order.id), quantity=10)]  # fmt: skip
    with pytest.raises(ShipmentRefused, match="other_customer"):
        services.create_shipment(by=user, client_uuid=uuid.uuid4(),
                                 customer=_get(db, Customer, customer.id), lines=lines)  # fmt: skip
    stranger = _get(db, User, make_user(Role.FOLLOWER).id)
    with pytest.raises(ShipmentRefused, match="not_allowed"):
        services.create_shipment(by=stranger, client_uuid=uuid.uuid4(),
                                 customer=_get(db, Customer, customer.id), lines=lines[:1])  # fmt: skip


def test_same_uuid_returns_the_original(db, setup):
    follower, _i, customer, order = setup
    key = uuid.uuid4()
    args = dict(by=_get(db, User, follower.id), client_uuid=key,
                customer=_get(db, Customer, customer.id))  # fmt: skip
    first, created = services.create_shipment(
        **args, lines=[LineInput(order=_get(db, Order, order.id), quantity=100)]
    )
    again, created_again = services.create_shipment(
        **args, lines=[LineInput(order=_get(db, Order, order.id), quantity=100)]
    )
    assert created and not created_again and first.id == again.id
    from webapp.sync.idempotency import ClientUUIDConflict

    with pytest.raises(ClientUUIDConflict):
        services.create_shipment(
            **args, lines=[LineInput(order=_get(db, Order, order.id), quantity=90)]
        )


def test_steps_go_in_order_dated_and_audited(db, setup, pass_fri):
    follower, inspector, _c, order = setup
    pass_fri(order, inspector, accepted=True)
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    with pytest.raises(ShipmentRefused, match="bad_step"):
        services.advance(shipment, ShipmentStatus.DEPARTED, by=user)
    with pytest.raises(ShipmentRefused, match="booking_required"):
        services.advance(shipment, ShipmentStatus.BOOKED, by=user, carrier="COSCO")
    booked = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    services.advance(shipment, ShipmentStatus.BOOKED, by=user, booking_ref="COSU6301",
                     carrier="COSCO", at=booked)  # fmt: skip
    with pytest.raises(ShipmentRefused, match="packing_incomplete"):
        services.advance(shipment, ShipmentStatus.PACKED, by=user)
    services.update_details(shipment, by=user, gross_kg=520, net_kg=480, volume_cbm=4)
    with pytest.raises(ShipmentRefused, match="packing_not_confirmed"):
        services.advance(shipment, ShipmentStatus.PACKED, by=user)
    services.update_details(shipment, by=user, packing_confirmed=True)
    with pytest.raises(ShipmentRefused, match="before_previous"):
        services.advance(shipment, ShipmentStatus.PACKED, by=user, at=booked - timedelta(days=1))
    services.advance(shipment, ShipmentStatus.PACKED, by=user)
    services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
    services.advance(shipment, ShipmentStatus.LOADED, by=user, container_no="CSNU1234567",
                     seal_no="S-88", checklist=CHECK_OK, photos=[jpeg_bytes()])  # fmt: skip
    with pytest.raises(ShipmentRefused, match="in_future"):
        services.advance(shipment, ShipmentStatus.DEPARTED, by=user,
                         at=datetime.now(UTC) + timedelta(days=1))  # fmt: skip
    services.advance(shipment, ShipmentStatus.DEPARTED, by=user)
    services.advance(shipment, ShipmentStatus.DELIVERED, by=user)
    db.session.commit()
    assert shipment.status is ShipmentStatus.DELIVERED
    assert shipment.booked_at == booked and shipment.departed_at and shipment.delivered_at
    actions = [e.action for e in history(shipment)]
    assert actions[0] == "create"
    assert [a for a in actions if a != "update"][1:] == [
        "booked", "packed", "inspected", "loaded", "departed", "delivered"
    ]  # fmt: skip
    assert shipment.lines[0].final_inspection_id is not None
    assert len(shipment.photos) == 1
    with pytest.raises(ShipmentRefused, match="closed"):
        services.update_details(shipment, by=user, carrier="MSC")


@pytest.mark.parametrize(
    ("fri", "code"),
    [(None, "fri_missing"), ("rejected", "fri_rejected"), ("in_progress", "fri_in_progress")],
)
def test_cannot_pass_inspection_or_load_without_an_accepted_final_inspection(
    db, setup, pass_fri, fri, code
):
    follower, inspector, _c, order = setup
    if fri == "rejected":
        pass_fri(order, inspector, accepted=False)
    elif fri == "in_progress":
        pass_fri(order, inspector, submitted=False)
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    _to_packed(db, shipment, user)
    with pytest.raises(ShipmentRefused) as exc:
        services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
    assert exc.value.code == code
    assert shipment.status is ShipmentStatus.PACKED


def test_a_later_accepted_reinspection_clears_the_order(db, setup, pass_fri):
    follower, inspector, _c, order = setup
    pass_fri(order, inspector, accepted=False)
    pass_fri(order, inspector, accepted=True)
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    _to_packed(db, shipment, user)
    services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
    assert shipment.status is ShipmentStatus.INSPECTED


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        (
            {"checklist": CHECK_OK, "photos": [jpeg_bytes()], "container_no": ""},
            "container_required",
        ),
        (
            {"checklist": {**CHECK_OK, "carton_marks": "fail"}, "photos": [jpeg_bytes()]},
            "checklist_failed",
        ),
        (
            {"checklist": {"container_condition": "pass"}, "photos": [jpeg_bytes()]},
            "checklist_incomplete",
        ),
        ({"checklist": CHECK_OK, "photos": []}, "photos_required"),
    ],
)
def test_loading_check_must_pass_with_photos(db, setup, pass_fri, kwargs, code):
    follower, inspector, _c, order = setup
    pass_fri(order, inspector)
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    _to_packed(db, shipment, user)
    services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
    kwargs = {"container_no": "CSNU1234567", "seal_no": "S-1", **kwargs}
    with pytest.raises(ShipmentRefused) as exc:
        services.advance(shipment, ShipmentStatus.LOADED, by=user, **kwargs)
    assert exc.value.code == code


def test_courier_books_with_a_tracking_number(db, setup):
    follower, _i, _c, order = setup
    shipment = _plan(db, follower, order, 5, mode=ShipMode.COURIER)
    services.advance(shipment, ShipmentStatus.BOOKED, by=_get(db, User, follower.id),
                     carrier="DHL", tracking_no="1234567890")  # fmt: skip
    assert shipment.status is ShipmentStatus.BOOKED


def test_attachments_are_stored_and_checked(db, setup):
    follower, _i, _c, order = setup
    shipment = _plan(db, follower, order, 10)
    user = _get(db, User, follower.id)
    pdf = b"%PDF-1.4\n% bill of lading\n"
    doc, created = services.attach_document(shipment, by=user, client_uuid=uuid.uuid4(),
                                            kind=DocumentKind.BILL_OF_LADING,
                                            filename="C:\\scans\\BL.pdf", data=pdf)  # fmt: skip
    assert created and doc.filename == "BL.pdf" and doc.mime_type == "application/pdf"
    from webapp.media.services import storage

    assert storage().open(doc.storage_key) == pdf
    with pytest.raises(ShipmentRefused, match="file_type"):
        services.attach_document(shipment, by=user, client_uuid=uuid.uuid4(),
                                 kind=DocumentKind.OTHER, filename="x.exe", data=b"MZ\x90")  # fmt: skip


def _ship(db, follower, order, qty, departed, delivered=None):
    shipment = _plan(db, follower, order, qty)
    shipment.status = ShipmentStatus.DELIVERED if delivered else ShipmentStatus.DEPARTED
    shipment.departed_at = departed
    shipment.delivered_at = delivered
    db.session.commit()
    return shipment


def test_ship_outcomes_follow_the_last_departure(db, setup, make_order):
    follower, _i, _customer, order = setup
    order_row = _get(db, Order, order.id)
    order_row.due_date = date(2026, 12, 1)
    db.session.commit()
    _ship(db, follower, order, 600, datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    outcome = queries.ship_outcomes([order.id])[0]
    # Only 600 of 1000 have left: not shipped yet, no verdict.
    assert outcome.reference is None and outcome.on_time is None and outcome.shipped_qty == 600
    last = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 December in Shanghai
    _ship(db, follower, order, 400, last)
    outcome = queries.ship_outcomes([order.id])[0]
    assert outcome.reference == last and outcome.on_time is False and outcome.days_late == 1
    assert outcome.due_date == date(2026, 12, 1) and outcome.ordered_qty == 1000


def test_ship_outcomes_by_delivery_for_customers_who_count_it(db, setup):
    follower, _i, customer, order = setup
    row = _get(db, Order, order.id)
    row.due_date = date(2026, 12, 10)
    _get(db, Customer, customer.id).on_time_basis = OnTimeBasis.DELIVERED
    db.session.commit()
    shipment = _ship(db, follower, order, 1000, datetime(2026, 12, 1, tzinfo=UTC))
    assert queries.ship_outcomes([order.id])[0].on_time is None  # departed, not yet delivered
    shipment.status = ShipmentStatus.DELIVERED
    shipment.delivered_at = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # same day: on time
    db.session.commit()
    outcome = queries.ship_outcomes([order.id])[0]
    assert outcome.on_time is True and outcome.basis is OnTimeBasis.DELIVERED


def test_ship_outcomes_lists_unshipped_orders_and_skips_cancelled(db, setup, make_order):
    from webapp.orders.models import OrderStatus

    follower, _i, _c, order = setup
    cancelled = make_order(follower=follower, status=OrderStatus.CANCELLED)
    ids = [o.order_id for o in queries.ship_outcomes()]
    assert order.id in ids and cancelled.id not in ids
    assert queries.ship_outcomes([]) == []
    assert db.session.get(Shipment, 1) is None


def _concession(db, order, inspection_id, requester, status):
    from webapp.approvals.models import ApprovalRequest, ApprovalStatus

    req = ApprovalRequest(client_uuid=uuid.uuid4(), kind="inspection_concession",
                          subject_id=inspection_id, order_id=order.id,
                          requested_by_id=requester.id, reason="色差轻微，客户同意",
                          status=ApprovalStatus(status),
                          decided_at=datetime.now(UTC) if status != "pending" else None)  # fmt: skip
    db.session.add(req)
    db.session.commit()


@pytest.mark.parametrize(("status", "passes"), [("approved", True), ("pending", False),
                                                ("rejected", False)])  # fmt: skip
def test_a_rejected_lot_ships_only_with_an_approved_concession(db, setup, pass_fri, status, passes):
    follower, inspector, _c, order = setup
    fri = pass_fri(order, inspector, accepted=False)
    _concession(db, order, fri, follower, status)
    shipment = _plan(db, follower, order, 1000)
    user = _get(db, User, follower.id)
    _to_packed(db, shipment, user)
    if passes:
        services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
        assert shipment.lines[0].final_inspection_id == fri
        assert services.final_inspection_check(_get(db, Order, order.id)).concession
    else:
        with pytest.raises(ShipmentRefused, match="fri_rejected"):
            services.advance(shipment, ShipmentStatus.INSPECTED, by=user)
