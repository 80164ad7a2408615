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
