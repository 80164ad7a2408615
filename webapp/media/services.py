"""Storing uploaded photos: pipeline, content-addressed storage, one Photo row per client UUID."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from flask import current_app

from webapp.auth.models import User
from webapp.media.images import ImageRejected, process
from webapp.media.models import Photo
from webapp.media.storage import PhotoStorage, content_key, storage_from_config
from webapp.sync.idempotency import create_once, find

PHOTO_NAMESPACE = uuid.UUID("6f1c9a52-3d0e-4c35-9a7b-2f4e8d1b7c10")

# Each domain that attaches photos registers a question "may this user see this photo?";
# a photo is visible when any answers True.
_visibility_checks: list[Callable[[Photo, User], bool]] = []


def register_visibility(check: Callable[[Photo, User], bool]) -> None:
    """Add a domain's rule for who may see photos attached to its records."""
    _visibility_checks.append(check)


def can_view(photo: Photo, user: User) -> bool:
    """True when one of the owning records may be seen by the user."""
    return any(check(photo, user) for check in _visibility_checks)


def storage() -> PhotoStorage:
    """The configured photo storage (filesystem by default)."""
    ext = current_app.extensions
    if "gendan_photo_storage" not in ext:
        ext["gendan_photo_storage"] = storage_from_config(current_app.config)
    return ext["gendan_photo_storage"]


def derived_uuid(parent: uuid.UUID, name: str = "photo") -> uuid.UUID:
    """A stable UUID for a photo sent together with its record: a retry finds the same photo."""
    return uuid.uuid5(PHOTO_NAMESPACE, f"{parent}:{name}")


def store_photo(data: bytes, *, client_uuid: uuid.UUID, by: User) -> Photo:
    """Process and store an upload; raises ImageRejected. Idempotent on client_uuid."""
    if (existing := find(Photo, client_uuid)) is not None:
        return existing
    image = process(data)
    display_key = content_key(image.sha256, image.suffix)
    thumb_key = content_key(image.sha256, "thumb." + image.suffix)
    store = storage()
    # Files first, row second: a crash in between leaves an unreferenced file, never a
    # row that points at nothing.
    store.save(display_key, image.display, image.mime_type)
    store.save(thumb_key, image.thumbnail, image.mime_type)
    values = {
        "sha256": image.sha256,
        "display_key": display_key,
        "thumb_key": thumb_key,
        "mime_type": image.mime_type,
        "width": image.width,
        "height": image.height,
        "thumb_width": image.thumb_width,
        "thumb_height": image.thumb_height,
        "size_bytes": len(image.display),
        "uploaded_by_id": by.id,
    }
    photo, _created = create_once(Photo, client_uuid, values, ("sha256",), checked=True)
    return photo


def store_photos(photos: Sequence[bytes], *, parent: uuid.UUID, by: User) -> list[Photo]:
    """Store the photos sent with a record (all before the record is written, so one bad photo
    refuses the whole entry); their UUIDs derive from the record's, so a retry finds them."""
    return [
        store_photo(data, client_uuid=derived_uuid(parent, f"photo-{i}"), by=by)
        for i, data in enumerate(photos)
    ]


__all__ = [
    "ImageRejected",
    "can_view",
    "derived_uuid",
    "register_visibility",
    "store_photo",
    "store_photos",
]
