"""Small helpers shared by the forms of every domain."""

from __future__ import annotations

import enum


def enum_value(value: object) -> object:
    """SelectField coerce: accept an Enum member (from obj=...) or its stored string value."""
    if isinstance(value, enum.Enum):
        return value.value
    return value
