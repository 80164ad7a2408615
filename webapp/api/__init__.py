"""The versioned JSON API the phones' offline outbox replays into (`/api/v1/...`).

Authentication is the session cookie of the normal sign-in: the outbox runs in the same
browser as the pages. Cross-site request forgery is stopped twice over, without anything that
needs a second kind of credential:

- every state-changing request must carry the session's CSRF token in the `X-CSRFToken`
  header (Flask-WTF's CSRFProtect checks it before any view runs). A page on another site
  cannot read the token, and cannot set a custom header on a cross-site request without a CORS
  preflight, which this app never grants;
- the body must be `application/json` (415 otherwise): an HTML form on another site can
  only send urlencoded, multipart or text/plain bodies, and a script on another site cannot
  send JSON here without that same preflight.

Errors are JSON too (`{"code": ..., "message": ...}`), never the HTML error pages, and a
missing sign-in answers 401 instead of redirecting to the login page.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("api", __name__, url_prefix="/api/v1")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def error(status: int, code: str, message: str, **extra: object):
    """A JSON error answer: a stable machine code, a translated message, optional details."""
    return jsonify(code=code, message=message, **extra), status


@bp.before_request
def _signed_in_json_only():
    if not current_user.is_authenticated:
        return error(401, "unauthenticated", _("Please sign in to open this page."))
    if request.method in UNSAFE_METHODS and not request.is_json:
        return error(415, "json_required", _("Send the data as JSON."))
    return None


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError):
    text = _("The form's security token is missing or expired. Reload the page and submit again.")
    return error(400, "csrf", text)


@bp.errorhandler(InternalServerError)
def _server_error(exc: InternalServerError):
    from webapp.extensions import db

    db.session.rollback()
    return error(500, "server_error", _("Something went wrong"))


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    from webapp.errors import MESSAGES

    if exc.code is None or exc.code < 400:
        return exc
    text = MESSAGES.get(exc.code, (None, exc.description))[1]
    return error(exc.code, exc.name.lower().replace(" ", "_"), str(text))


from webapp.api import checkins  # noqa: E402,F401  (registers the routes on bp)
