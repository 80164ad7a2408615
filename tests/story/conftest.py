"""The story tests reuse the shipment fixtures."""

from tests.shipments.conftest import make_shipment, pass_fri  # noqa: F401
