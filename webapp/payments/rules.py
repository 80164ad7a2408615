"""The shipment release rule: goods whose terms ask for the balance first wait for the money,
or for a supervisor's release through the approval queue (kind "shipment_release", subject: the
order, since the balance is owed per order whichever shipment carries the goods)."""

from __future__ import annotations

from webapp.payments.services import balance_outstanding, balance_required_before_shipment

RELEASE_KIND = "shipment_release"


def release_approved(order) -> bool:
    """True when a supervisor released the order's goods although the balance is not in."""
    from webapp.approvals.services import is_approved

    return is_approved(RELEASE_KIND, order.id)


def balance_missing(order) -> bool:
    """ "Balance not received": the terms require it before shipment and some is still owed."""
    return balance_required_before_shipment(order) and balance_outstanding(order) > 0


def release_needed(order) -> bool:
    """True while the goods may not ship: balance missing and no supervisor's release."""
    return balance_missing(order) and not release_approved(order)
