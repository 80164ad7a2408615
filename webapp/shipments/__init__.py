"""Shipments (出货): packing, booking, inspection, loading, departure and delivery of orders."""
