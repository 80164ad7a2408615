"""The role-dependent home page."""
