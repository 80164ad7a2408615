"""Serving photos to the people allowed to see their records."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.media import services
from webapp.media.models import Photo
from webapp.media.storage import StorageKeyError

bp = Blueprint("media", __name__, url_prefix="/photos")


def _serve(photo_id: int, thumb: bool) -> Response:
    photo = db.get_or_404(Photo, photo_id)
    if not services.can_view(photo, current_user):
        abort(404)
    try:
        data = services.storage().open(photo.thumb_key if thumb else photo.display_key)
    except StorageKeyError:
        abort(404)
    response = Response(data, mimetype=photo.mime_type)
    # Content never changes under a given id: let the phone keep it, but only privately.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["ETag"] = photo.sha256 + ("-t" if thumb else "")
    return response


@bp.get("/<int:photo_id>")
@login_required
def display(photo_id: int):
    """The display copy (long edge at most 2048 px)."""
    return _serve(photo_id, thumb=False)


@bp.get("/<int:photo_id>/thumb")
@login_required
def thumb(photo_id: int):
    """The thumbnail (about 360 px)."""
    return _serve(photo_id, thumb=True)
