"""Login, logout and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import services
from webapp.auth.forms import LanguageForm, LoginForm
from webapp.extensions import db, limiter
from webapp.i18n import SESSION_KEY

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    return "login-account:" + request.form.get("username", "").strip().lower()


def _failed(response) -> bool:  # only failed attempts count against the limits
    return response.status_code != 302


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed,
    scope="login-address",
)
def login():
    """Sign in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
        error = _("Wrong username or password, or the account is deactivated.")
    form.password.data = ""
    return render_template("auth/login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    """Sign out (POST, so a link cannot sign somebody out)."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    """Switch the UI language; saved on the account when signed in."""
    form = LanguageForm()
    if form.validate_on_submit():
        lang = form.language.data
        session[SESSION_KEY] = lang
        if current_user.is_authenticated:
            services.set_language(current_user, lang)
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")) or url_for("home.index"))


@bp.errorhandler(429)
def too_many_attempts(exc):
    """The login form again, with the reason, instead of a bare error page."""
    form = LoginForm()
    form.password.data = ""
    error = _("Too many failed sign-in attempts. Wait 15 minutes, or ask an administrator.")
    return render_template("auth/login.html", form=form, error=error), 429


@bp.get("/account")
@login_required
def account():
    """Who I am, my language, sign out."""
    return render_template("auth/account.html")
