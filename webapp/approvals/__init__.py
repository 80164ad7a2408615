"""Approval requests a supervisor decides: the queue, its state machine and the kinds."""
