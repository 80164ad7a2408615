"""Imports every domain's models so the metadata (and Alembic) sees all tables."""

from webapp.audit.models import AuditEntry
from webapp.auth.models import User
from webapp.orders.models import Customer, Factory

__all__ = ["AuditEntry", "Customer", "Factory", "User"]
