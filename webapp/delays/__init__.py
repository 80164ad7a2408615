"""Delays and exceptions (异常): cause, impact, owner, escalation, resolution."""
