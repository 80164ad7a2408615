"""The rule that protects an order: no bulk production before the PP sample (产前样) is approved.

What counts as "bulk started" (what a factory expects):
- moving the order to "in production" (the explicit start), and
- the first check-in on a stage while the order is still received or confirmed (output on the
  floor is bulk production, whatever the status says).
Once the order is in production, check-ins are never refused for this rule: a PP sample added
later must not hide the output that is really there.

The rule applies to orders that have a pre-production sample request (for the order itself, or
for its customer's style without an order); an order without one has nothing to wait for. A
supervisor may let bulk start anyway by approving a "pp_sample_exception" request in the
approval queue (subject: the order)."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.extensions import db
from webapp.samples.models import Sample, SampleStatus, SampleType

EXCEPTION_KIND = "pp_sample_exception"


def pp_samples(order) -> list[Sample]:
    """The order's PP sample rounds (and its style's, without an order), oldest first."""
    query = (
        sa.select(Sample)
        .where(
            Sample.type == SampleType.PRE_PRODUCTION,
            sa.or_(
                Sample.order_id == order.id,
                sa.and_(
                    Sample.order_id.is_(None),
                    Sample.customer_id == order.customer_id,
                    Sample.style == order.style,
                ),
            ),
        )
        .order_by(Sample.round_no, Sample.id)
    )
    return list(db.session.scalars(query))


def pp_state(order) -> str:
    """ "none" (no PP sample asked for), "approved", "exception" (a supervisor let bulk start),
    or "waiting"."""
    samples = [s for s in pp_samples(order) if s.status is not SampleStatus.CANCELLED]
    if not samples:
        return "none"
    if any(s.status.is_approved for s in samples):
        return "approved"
    if exception_approved(order):
        return "exception"
    return "waiting"


def exception_approved(order) -> bool:
    """True when a supervisor approved starting bulk before the PP sample approval."""
    from webapp.approvals.services import is_approved

    return is_approved(EXCEPTION_KIND, order.id)


def bulk_start_blocked(order) -> bool:
    """True while bulk production of the order may not start."""
    return pp_state(order) == "waiting"


def checkin_blocked(order) -> bool:
    """A check-in starts bulk only while the order is not yet in production."""
    return order.status.value in ("received", "confirmed") and bulk_start_blocked(order)
