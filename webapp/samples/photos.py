"""Who may see sample photos: whoever may see the sample."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.extensions import db
from webapp.media import services as media
from webapp.samples.models import Sample, SamplePhoto


def _visible(photo, user) -> bool:
    samples = db.session.scalars(
        sa.select(Sample).join(SamplePhoto, SamplePhoto.sample_id == Sample.id)
        .where(SamplePhoto.photo_id == photo.id)
    )  # fmt: skip
    return any(sample.can_view(user) for sample in samples)


def register() -> None:
    if _visible not in media._visibility_checks:
        media.register_visibility(_visible)
