"""Translated names of roles, shown in the UI."""

from flask_babel import lazy_gettext as _l

from webapp.auth.models import Role

ROLE_LABELS = {
    Role.FOLLOWER: _l("Follower"),
    Role.INSPECTOR: _l("QC inspector"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMIN: _l("Administrator"),
}


def role_label(role: Role) -> str:
    """The translated name of a role."""
    return str(ROLE_LABELS[role])
