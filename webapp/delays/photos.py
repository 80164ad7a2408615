"""Who may see delay and complaint photos: whoever may see the order."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.delays.models import Complaint, ComplaintPhoto, Delay, DelayPhoto
from webapp.extensions import db
from webapp.media import services as media
from webapp.orders.models import Order


def _visible(photo, user) -> bool:
    via_delay = (
        sa.select(Order).join(Delay, Delay.order_id == Order.id)
        .join(DelayPhoto, DelayPhoto.delay_id == Delay.id).where(DelayPhoto.photo_id == photo.id)
    )  # fmt: skip
    via_complaint = (
        sa.select(Order).join(Complaint, Complaint.order_id == Order.id)
        .join(ComplaintPhoto, ComplaintPhoto.complaint_id == Complaint.id)
        .where(ComplaintPhoto.photo_id == photo.id)
    )  # fmt: skip
    orders = [*db.session.scalars(via_delay), *db.session.scalars(via_complaint)]
    return any(order.can_view(user) for order in orders)


def register() -> None:
    if _visible not in media._visibility_checks:
        media.register_visibility(_visible)
