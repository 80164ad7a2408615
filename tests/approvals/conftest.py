"""Fixtures of the approvals tests: a registered test kind that records its effects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from webapp.approvals import registry
from webapp.approvals.registry import ApprovalKind


class Effects:
    """What a test kind's on_approve / on_reject did, to assert effects ran exactly once."""

    def __init__(self) -> None:
        self.approved: list[int] = []
        self.rejected: list[int] = []
        self.fail_with: Exception | None = None

    def approve(self, req, by) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.approved.append(req.id)

    def reject(self, req, by) -> None:
        self.rejected.append(req.id)


@pytest.fixture
def effects() -> Iterator[Effects]:
    """Registers the kinds "test_plain" (batchable) and "test_choice" (with decision options)."""
    fx = Effects()
    plain = ApprovalKind(
        name="test_plain", label="Test request", title=lambda req: f"Test {req.subject_id}",
        detail_template="approvals/_detail_generic.html", on_approve=fx.approve,
        on_reject=fx.reject, batchable=True,
        ready=lambda req: not (req.payload or {}).get("photos_pending"),
    )  # fmt: skip
    choice = ApprovalKind(
        name="test_choice", label="Test with options", title=lambda req: "Choice",
        detail_template="approvals/_detail_generic.html",
        decisions=(("accept_slip", "Accept the slip"), ("overtime", "Authorise overtime")),
        on_approve=fx.approve, on_reject=fx.reject,
    )  # fmt: skip
    registry.register(plain)
    registry.register(choice)
    yield fx
    registry._KINDS.pop("test_plain", None)
    registry._KINDS.pop("test_choice", None)


@pytest.fixture
def run_inspection(db, make_defect_type):
    """Start, record and submit an inspection through the services; returns it (attached)."""
    import uuid as _uuid

    from webapp.inspections import services as inspections
    from webapp.inspections.models import DefectClass, InspectionType

    def run(order, inspector, defects=(), submit=True, photos=()):
        from webapp.auth.models import User
        from webapp.orders.models import Order

        db.session.commit()  # the defect types are made on a connection of their own
        types = [make_defect_type() for _ in defects]
        order = db.session.get(Order, order.id)
        inspector = db.session.get(User, inspector.id)
        inspection, _ = inspections.start_inspection(
            order=order, by=inspector, client_uuid=_uuid.uuid4(),
            inspection_type=InspectionType.FRI, lot_size=1000, level="II",
            aqls={"critical": "0", "major": "2.5", "minor": "4.0"}, severity="normal",
        )  # fmt: skip
        for (cls, count), dt in zip(defects, types, strict=True):
            inspections.add_defect(
                inspection=inspection, by=inspector, client_uuid=_uuid.uuid4(),
                defect_type=db.session.get(type(dt), dt.id), defect_class=DefectClass(cls),
                count=count, photos=photos,
            )  # fmt: skip
        if submit:
            inspections.submit(inspection, by=inspector, notes="packed, cartons sealed")
        db.session.commit()
        return inspection

    return run
