"""Customers, factories, orders, order lines and stage plans."""
