"""The kinds of approval request: each domain registers its own in `<domain>/approval_kinds.py`.

A kind says how its requests look in the queue (title, detail template, evidence), which
approve options it offers, and what approving or rejecting does to its subject.

Adding a kind takes one module and one line in KIND_MODULES below, e.g.
webapp/shipments/approval_kinds.py:

    registry.register(ApprovalKind(
        name="shipment_release", label=_l("Shipment release"),
        title=lambda req: db.session.get(Shipment, req.subject_id).number,
        detail_template="shipments/_approval.html",          # gets `req` and `ev` (= context)
        context=lambda req: {"shipment": db.session.get(Shipment, req.subject_id)},
        on_approve=release,                                   # (req, by) -> None; flush only
    ))

and the domain's service asks with approvals.services.request_approval(kind="shipment_release",
by=user, order=order, subject_id=shipment.id, reason=..., client_uuid=...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from webapp.approvals.models import ApprovalRequest
    from webapp.auth.models import User

# create_app imports each of these modules; a domain adds one line here and one module.
KIND_MODULES: list[str] = [
    "webapp.inspections.approval_kinds",
    "webapp.materials.approval_kinds",
    "webapp.delays.approval_kinds",
    "webapp.orders.approval_kinds",
    "webapp.samples.approval_kinds",
    "webapp.payments.approval_kinds",
]


def _no_context(req: ApprovalRequest) -> dict[str, Any]:
    return {}


def _no_effect(req: ApprovalRequest, by: User) -> None:
    return None


def _always_ready(req: ApprovalRequest) -> bool:
    return True


@dataclass(frozen=True)
class ApprovalKind:
    """How one kind of request is shown, decided and carried out."""

    name: str
    label: Any  # LazyString
    title: Callable[[ApprovalRequest], str]
    detail_template: str
    context: Callable[[ApprovalRequest], dict[str, Any]] = _no_context
    # Extra approve options, e.g. a delay: accept the slip / change the due date / overtime.
    decisions: tuple[tuple[str, Any], ...] = ()
    on_approve: Callable[[ApprovalRequest, User], None] = _no_effect
    on_reject: Callable[[ApprovalRequest, User], None] = _no_effect
    ready: Callable[[ApprovalRequest], bool] = _always_ready  # False keeps it out of the queue
    batchable: bool = False  # routine: may be approved in a batch
    # Added after the first contract (all optional): per-request batchability, button wording.
    can_batch: Callable[[ApprovalRequest], bool] = _always_ready  # with batchable: this one?
    approve_label: Any = None  # e.g. "Sign off the verdict"; None: "Approve"
    reject_label: Any = None  # e.g. "Rework and re-inspect"; None: "Reject"
    # Extra inputs of the decide form (a template fragment) and how to read them into the
    # `data` given to decide(); read_data raises ApprovalRefused on bad input.
    decide_template: str = ""
    read_data: Callable[[Any, str], dict[str, Any]] = lambda form, decision: {}

    def is_batchable(self, req: ApprovalRequest) -> bool:
        """True when this request may be approved together with others."""
        return self.batchable and self.can_batch(req)

    def decision_label(self, name: str) -> Any:
        """The label of one approve option ('' when there is none)."""
        return dict(self.decisions).get(name, "")


_KINDS: dict[str, ApprovalKind] = {}


def register(kind: ApprovalKind) -> ApprovalKind:
    """Make `kind` known to the queue (registering the same name again replaces it)."""
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> ApprovalKind:
    """The kind called `name`; KeyError when no domain registered it."""
    return _KINDS[name]


def find(name: str) -> ApprovalKind | None:
    """The kind called `name`, or None."""
    return _KINDS.get(name)


def all_kinds() -> list[ApprovalKind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())


def load_kind_modules() -> None:
    """Import every module of KIND_MODULES (each registers its kinds)."""
    import importlib

    for module in KIND_MODULES:
        importlib.import_module(module)
