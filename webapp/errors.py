"""Error pages in both languages; htmx requests get a small fragment instead of a page."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import htmx

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (
        _l("Not allowed"),
        _l("Your account may not open this page. Ask your supervisor if you need it."),
    ),
    404: (_l("Not found"), _l("This page or record does not exist, or it was removed.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    409: (
        _l("Conflict"),
        _l("Somebody changed this record at the same time. Reload and try again."),
    ),
    413: (
        _l("File too large"),
        _l("The upload is larger than the server accepts. Take a smaller photo and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Wait a few minutes, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("The server had a problem. Reload the page to see what was saved, then try again."),
    ),
}


def _render(code: int):
    title, text = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_error.html" if htmx else "errors/error.html"
    return render_template(template, code=code, title=title, text=text), code


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        title = _l("Form expired")
        text = _l(
            "The form's security token is missing or expired. Reload the page and submit again."
        )
        template = "errors/_error.html" if htmx else "errors/error.html"
        return render_template(template, code=400, title=title, text=text), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        return _render(exc.code)

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError):
        from webapp.extensions import db

        db.session.rollback()
        return _render(500)
