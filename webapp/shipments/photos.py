"""Who may see a loading-check photo: whoever may see one of the shipment's orders."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.extensions import db
from webapp.media import services as media
from webapp.shipments.models import Shipment, ShipmentPhoto


def _visible(photo, user) -> bool:
    shipments = db.session.scalars(
        sa.select(Shipment)
        .join(ShipmentPhoto, ShipmentPhoto.shipment_id == Shipment.id)
        .where(ShipmentPhoto.photo_id == photo.id)
    )
    return any(s.can_view(user) for s in shipments)


def register() -> None:
    """Plug the rule into the media layer (once per process)."""
    if _visible not in media._visibility_checks:
        media.register_visibility(_visible)
