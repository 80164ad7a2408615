"""Account operations: they flush and audit; the caller commits."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import Role, User
from webapp.extensions import db

USER_FIELDS = ("username", "full_name", "role", "language", "active")


class UsernameTaken(ValueError):
    """Another account already has this username."""


def generate_password() -> str:
    """A random password that is easy to read out and type on a phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def find_by_username(username: str) -> User | None:
    """The user with this username, case-insensitively."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.username) == username.lower())
    )


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None."""
    user = find_by_username(username.strip())
    if user is None:
        # Hash anyway so a missing account costs the same time as a wrong password.
        User(password_hash="").set_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    language: str | None = None,
    active: bool = True,
    by: User | None = None,
) -> User:
    """Create an account; raises UsernameTaken."""
    if find_by_username(username):
        raise UsernameTaken(username)
    user = User(username=username, full_name=full_name, role=role, language=language, active=active)
    user.set_password(password)
    db.session.add(user)
    audit.created(by, user, USER_FIELDS)
    return user


def update_user(user: User, *, by: User, **fields: object) -> User:
    """Change an account's fields (not its password); raises UsernameTaken."""
    new_name = fields.get("username")
    renamed = isinstance(new_name, str) and new_name.lower() != user.username.lower()
    if renamed and find_by_username(new_name):
        raise UsernameTaken(new_name)
    before = audit.snapshot(user, USER_FIELDS)
    for key, value in fields.items():
        if key not in USER_FIELDS:
            raise TypeError(f"not an editable user field: {key}")
        setattr(user, key, value)
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        audit.record(by, "update", user, changes)
    return user


def set_password(user: User, password: str, *, by: User | None) -> None:
    """Replace the password; the audit log records that it changed, never the value."""
    user.set_password(password)
    audit.record(by, "password_reset", user, {"password": ["***", "***"]})


def set_language(user: User, language: str) -> None:
    """Save the user's preferred UI language."""
    if user.language != language:
        before = user.language
        user.language = language
        audit.record(user, "update", user, {"language": [before, language]})
