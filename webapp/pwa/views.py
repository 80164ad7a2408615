"""Manifest, service worker and the pages the service worker falls back on.

The service worker is served from the site root so that its scope covers every page; its
version is a hash of the files it precaches, so a deployment that changes any of them
installs a new worker, and the page tells the user a new version is ready.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from webapp.i18n import html_lang

bp = Blueprint("pwa", __name__)

THEME = "#0f5c4d"
BACKGROUND = "#f4f6f5"

# Files every page needs: cached when the worker installs, served from the cache first.
SHELL_FILES = (
    "css/app.css",
    "js/app.js",
    "js/outbox.js",
    "vendor/htmx-2.0.11/htmx.min.js",
    "icons/icon.svg",
    "icons/icon-192.png",
)


def shell_version() -> str:
    """A short hash of the service worker template and the shell files: changes on deployment."""
    cached = current_app.extensions.get("gendan_shell_version")
    if cached:
        return cached
    digest = hashlib.sha256()
    static = Path(current_app.static_folder)
    templates = Path(current_app.root_path, current_app.template_folder)
    for path in [templates / "pwa" / "sw.js", *(static / name for name in SHELL_FILES)]:
        digest.update(path.read_bytes())
    version = digest.hexdigest()[:12]
    current_app.extensions["gendan_shell_version"] = version
    return version


def offline_messages() -> dict[str, str]:
    """The outbox's words for static/js/outbox.js, as JSON; it fills in {n}, {time}, {status}."""
    return {
        "queued": _(
            "No connection: saved on this phone. It will be sent by itself when the connection"
            " returns."
        ),
        "pending_one": _("1 waiting to send"),
        "pending_many": _("{n} waiting to send"),
        "state_pending": _("Waiting"),
        "state_rejected": _("Refused by the server"),
        "photos": _("{n} photo(s)"),
        "attempts": _("{n} attempt(s)"),
        "http_error": _("The server answered with error {status}."),
        "network_error": _("The server could not be reached."),
        "discard_confirm": _(
            "Discard this record? It has not reached the server and will be lost."
        ),
        "logout_confirm": _(
            "{n} record(s) on this phone have not been sent yet. They stay on the phone and are"
            " sent when you sign in again. Sign out anyway?"
        ),
        "cached": _("No connection: this is the copy saved on {time}."),
        "update_ready": _("A new version of Gendan is ready."),
        "update_button": _("Reload"),
    }


def init_app(app) -> None:
    """Template global for base.html."""
    app.add_template_global(offline_messages, "offline_messages")


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest, in the user's language (name, short name, description)."""
    icon = lambda name, size, purpose="any": {  # noqa: E731
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": size,
        "type": "image/png",
        "purpose": purpose,
    }
    response = jsonify(
        {
            "id": "/",
            "name": _("Gendan order following"),
            "short_name": _("Gendan"),
            "description": _("Follow factory orders on the floor: progress, inspections, delays."),
            "lang": html_lang(),
            "start_url": url_for("home.index"),
            "scope": "/",
            "display": "standalone",
            "orientation": "any",
            "theme_color": THEME,
            "background_color": BACKGROUND,
            "icons": [
                icon("icon-192.png", "192x192"),
                icon("icon-512.png", "512x512"),
                icon("icon-maskable-512.png", "512x512", "maskable"),
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker script, with its version and the shell's URLs filled in."""
    body = render_template(
        "pwa/sw.js",
        version=shell_version(),
        shell=[url_for("static", filename=name) for name in SHELL_FILES],
        offline_url=url_for("pwa.offline"),
        login_url=url_for("auth.login"),
    )
    return (
        body,
        200,
        {
            "Content-Type": "application/javascript; charset=utf-8",
            "Cache-Control": "no-cache",
            "Service-Worker-Allowed": "/",
        },
    )


@bp.get("/offline")
def offline():
    """Shown for a page that was never opened on this phone while there is no connection."""
    return render_template("pwa/offline.html")


@bp.get("/sync")
@login_required
def sync():
    """The outbox: what this phone still has to send, each item with its state and last error."""
    return render_template("pwa/sync.html")


@bp.get("/sync/token")
def sync_token():
    """Who is signed in and a fresh CSRF token, for the outbox before it sends.

    JSON (never a redirect to the login page), so a phone whose session ended keeps its outbox
    and waits for the login instead of posting records into the login form.
    """
    if not current_user.is_authenticated:
        return jsonify({"user": None, "login": url_for("auth.login")}), 401
    return jsonify(
        {"user": current_user.id, "csrf": generate_csrf(), "login": url_for("auth.login")}
    )
