"""Who may see a defect photo: whoever may see the inspection's order."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.extensions import db
from webapp.inspections.models import Defect, DefectPhoto, Inspection
from webapp.media import services as media
from webapp.orders.models import Order


def _defect_photo_visible(photo, user) -> bool:
    orders = db.session.scalars(
        sa.select(Order)
        .join(Inspection, Inspection.order_id == Order.id)
        .join(Defect, Defect.inspection_id == Inspection.id)
        .join(DefectPhoto, DefectPhoto.defect_id == Defect.id)
        .where(DefectPhoto.photo_id == photo.id)
    )
    return any(order.can_view(user) for order in orders)


def register() -> None:
    """Plug the rule into the media layer (once per process)."""
    if _defect_photo_visible not in media._visibility_checks:
        media.register_visibility(_defect_photo_visible)
