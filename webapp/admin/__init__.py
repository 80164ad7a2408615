"""Administration: users, factories, customers."""
