"""Exactly-once creation of records made on phones (the offline outbox replays into this)."""
