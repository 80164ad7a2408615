"""User accounts and roles."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import orm as so
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models_base import TimestampMixin, enum_type


class Role(enum.Enum):
    """What a user does in the product (see DOMAIN.md)."""

    FOLLOWER = "follower"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class User(UserMixin, TimestampMixin, db.Model):
    """A person who logs in."""

    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    role: so.Mapped[Role] = so.mapped_column(enum_type(Role))
    language: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))

    def set_password(self, password: str) -> None:
        """Hash and store a new password (scrypt, Werkzeug's default)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, *roles: Role) -> bool:
        """True when the user has one of the roles."""
        return self.role in roles

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR

    def can_manage_users(self) -> bool:
        """Admins manage users, factories, customers and catalogues."""
        return self.role is Role.ADMIN

    def can_manage_catalogues(self) -> bool:
        """Admins edit factories, customers, stage and defect catalogues."""
        return self.role is Role.ADMIN

    def can_see_all_orders(self) -> bool:
        """Supervisors, admins and inspectors see every order; followers see their own."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN, Role.INSPECTOR)

    def can_manage_orders(self) -> bool:
        """Supervisors and admins create and edit orders."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    def can_decide_approvals(self) -> bool:
        """Supervisors (and admins standing in) decide approval requests."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"
