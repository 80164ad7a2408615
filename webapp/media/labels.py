"""Translated reasons for refused uploads."""

from flask_babel import lazy_gettext as _l

from webapp.media.images import RejectReason

REJECT_MESSAGES = {
    RejectReason.EMPTY: _l("The photo file is empty. Take the photo again."),
    RejectReason.NOT_AN_IMAGE: _l(
        "This file is not a photo. Use a JPEG, PNG, WebP or HEIC picture."
    ),
    RejectReason.TRUNCATED: _l("The photo arrived incomplete or damaged. Send it again."),
    RejectReason.TOO_MANY_PIXELS: _l(
        "The picture is too large (too many pixels). Use a normal camera photo."
    ),
    RejectReason.UNSUPPORTED_FORMAT: _l(
        "This picture format is not accepted. Use JPEG, PNG, WebP or HEIC."
    ),
}


def reject_message(exc) -> str:
    """The translated message for an ImageRejected."""
    return str(REJECT_MESSAGES.get(exc.reason, REJECT_MESSAGES[RejectReason.NOT_AN_IMAGE]))
