"""Who may see a check-in's photo: whoever may see its order."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.extensions import db
from webapp.media import services as media
from webapp.orders.models import Order
from webapp.progress.models import CheckIn


def _checkin_photo_visible(photo, user) -> bool:
    orders = db.session.scalars(
        sa.select(Order)
        .join(CheckIn, CheckIn.order_id == Order.id)
        .where(CheckIn.photo_id == photo.id)
    )
    return any(order.can_view(user) for order in orders)


def register() -> None:
    """Plug the rule into the media layer (once per process)."""
    if _checkin_photo_visible not in media._visibility_checks:
        media.register_visibility(_checkin_photo_visible)
