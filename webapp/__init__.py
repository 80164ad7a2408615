"""Gendan (跟单): order following on the factory floor."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import database  # noqa: F401  (registers the SQLite pragmas)
from webapp.config import Config
from webapp.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides the environment-derived settings (tests use it)."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_mapping(Config().as_dict())
    if config:
        app.config.from_mapping(config)
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Long-running SQLite writers must not block each other's connections in the pool.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}

    _init_extensions(app)
    _register_blueprints(app)

    from webapp import cli, errors, i18n, navigation, security

    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    from webapp.orders import labels

    labels.init_app(app)
    from webapp.audit import labels as audit_labels
    from webapp.delays import labels as delay_labels
    from webapp.inspections import labels as inspection_labels

    inspection_labels.init_app(app)
    delay_labels.init_app(app)
    from webapp.materials import labels as material_labels

    for name, value in material_labels.template_globals().items():
        app.add_template_global(value, name)
    audit_labels.init_app(app)
    from webapp.kpi import labels as kpi_labels

    kpi_labels.init_app(app)
    from webapp.approvals import labels as approval_labels

    approval_labels.init_app(app)
    _approval_globals(app)
    from webapp.shipments import labels as shipment_labels

    shipment_labels.init_app(app)
    from webapp.story import labels as story_labels

    story_labels.init_app(app)
    from webapp.samples import labels as sample_labels

    sample_labels.init_app(app)
    from webapp.payments import labels as payment_labels

    payment_labels.init_app(app)
    from webapp.team import labels as team_labels

    team_labels.init_app(app)
    app.add_template_global(lambda: str(uuid.uuid4()), "new_uuid")
    from webapp.pwa import views as pwa

    pwa.init_app(app)
    cli.init_app(app)
    return app


def _approval_globals(app: Flask) -> None:
    """What the domain pages need to show and raise approval requests."""
    from webapp.approvals import services as approvals
    from webapp.inspections import approval_kinds as inspection_kinds
    from webapp.materials import approval_kinds as material_kinds
    from webapp.orders import approval_kinds as order_kinds

    app.add_template_global(approvals.latest, "latest_approval")
    app.add_template_global(inspection_kinds.may_request_concession, "may_ask_lot_concession")
    app.add_template_global(material_kinds.may_request, "may_ask_material_concession")
    app.add_template_global(order_kinds.may_request, "may_ask_due_date_change")


def _init_extensions(app: Flask) -> None:
    from webapp.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.session_protection = "basic"

    from webapp import models  # noqa: F401  (every model registered on the metadata)
    from webapp.auth.models import User

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None


def _register_blueprints(app: Flask) -> None:
    from webapp.admin.views import bp as admin_bp
    from webapp.api import bp as api_bp
    from webapp.approvals.views import bp as approvals_bp
    from webapp.auth.views import bp as auth_bp
    from webapp.delays.views import bp as delays_bp
    from webapp.home.views import bp as home_bp
    from webapp.inspections.views import bp as inspections_bp
    from webapp.kpi.views import bp as kpi_bp
    from webapp.materials.views import bp as materials_bp
    from webapp.media.views import bp as media_bp
    from webapp.orders.views import bp as orders_bp
    from webapp.payments.views import bp as payments_bp
    from webapp.progress.views import bp as progress_bp
    from webapp.pwa.views import bp as pwa_bp
    from webapp.samples.views import bp as samples_bp
    from webapp.shipments.views import bp as shipments_bp
    from webapp.story.views import bp as story_bp
    from webapp.team.views import bp as team_bp

    blueprints = (auth_bp, home_bp, admin_bp, orders_bp, progress_bp, inspections_bp, delays_bp,
                  materials_bp, media_bp, pwa_bp, shipments_bp, story_bp, samples_bp,
                  payments_bp, team_bp, kpi_bp, api_bp, approvals_bp)  # fmt: skip
    for bp in blueprints:
        app.register_blueprint(bp)
    # Each domain that attaches photos says who may see them.
    from webapp.delays import photos as delay_photos
    from webapp.inspections import photos as inspection_photos
    from webapp.progress import photos as checkin_photos
    from webapp.samples import photos as sample_photos
    from webapp.shipments import photos as shipment_photos

    for domain in (checkin_photos, inspection_photos, delay_photos, shipment_photos,
                   sample_photos):  # fmt: skip
        domain.register()
    # Each domain that raises approval requests registers its kinds (registry.KIND_MODULES).
    from webapp.approvals import registry as approval_registry

    approval_registry.load_kind_modules()
