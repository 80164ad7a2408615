"""The navigation each role sees; domains add their entries here in one place."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.auth.models import Role

ALL = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    icon: str
    roles: frozenset[Role]
    # Other endpoints (prefixes) under which this item shows as current.
    section: str | tuple[str, ...] = ""


NAV = (
    NavItem("home.index", _l("Home"), "home", ALL - {Role.ADMIN}, "home."),
    NavItem("orders.index", _l("Orders"), "orders", ALL, "orders."),
    NavItem("orders.scan", _l("Scan"), "qr", frozenset({Role.FOLLOWER}), "orders.scan"),
    NavItem(
        "inspections.index",
        _l("QC"),
        "approve",
        frozenset({Role.INSPECTOR, Role.SUPERVISOR}),
        "inspections.",
    ),
    NavItem(
        "delays.index",
        _l("Delays"),
        "alert",
        frozenset({Role.FOLLOWER, Role.SUPERVISOR}),
        "delays.",
    ),
    NavItem(
        "materials.index",
        _l("Materials"),
        "box",
        frozenset({Role.FOLLOWER, Role.SUPERVISOR}),
        "materials.",
    ),
    NavItem(
        "shipments.index",
        _l("Shipments"),
        "truck",
        frozenset({Role.FOLLOWER, Role.SUPERVISOR}),
        "shipments.",
    ),
    NavItem("team.index", _l("Team"), "users", frozenset({Role.SUPERVISOR}), "team."),
    # Followers reach their figures from the order pages; six entries is what a phone bar holds.
    # The KPI dashboard opens the reports; its tabs lead to the daily report and the tracking.
    NavItem(
        "kpi.dashboard",
        _l("Reports"),
        "report",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        ("kpi.", "progress.daily", "progress.tracking"),
    ),
    # Supervisors decide here; followers find "My requests" on Home and Me (their bar is full).
    NavItem(
        "approvals.index",
        _l("Approvals"),
        "inbox",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        "approvals.",
    ),
    NavItem("admin.index", _l("Admin"), "settings", frozenset({Role.ADMIN}), "admin."),
    NavItem("auth.account", _l("Me"), "user", ALL, "auth."),
)


def items_for(role: Role) -> list[NavItem]:
    """The entries a role sees, in order."""
    return [item for item in NAV if role in item.roles]


def init_app(app: Flask) -> None:
    """Expose `nav_items` and `nav_current` to templates."""

    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        endpoint = request.endpoint or ""

        def is_current(item: NavItem) -> bool:
            return endpoint == item.endpoint or bool(
                item.section and endpoint.startswith(item.section)
            )

        badges = {}
        if current_user.can_decide_approvals():
            from webapp.approvals.queries import pending_count

            badges["approvals.index"] = pending_count(current_user)
        return {
            "nav_items": items_for(current_user.role),
            "nav_current": is_current,
            "nav_badges": badges,
        }
