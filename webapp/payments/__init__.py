"""Payment milestones per order: follow-up of what the customer owes, not a ledger."""
