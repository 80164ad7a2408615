"""The bare baseline for bench/checkin_load.py: one POST route that does one INSERT.

Served by gunicorn from the project root as `'bench.baseline_app:create_app()'` with
DATABASE_URL set; the table `bench_rows` must already exist (checkin_load.py creates it).
"""

from __future__ import annotations

import os
import uuid

import sqlalchemy as sa
from flask import Flask, request

INSERT = sa.text("INSERT INTO bench_rows (client_uuid, qty) VALUES (:client_uuid, :qty)")


def create_app() -> Flask:
    """A Flask app whose POST /checkins stores the form's client_uuid and good_qty."""
    app = Flask(__name__)
    # Same pool option as Gendan (webapp/config.py), so both pay the same pre-ping round trip.
    engine = sa.create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)

    @app.post("/checkins")
    def checkin() -> str:
        """Insert one row and answer with a short text."""
        values = {
            "client_uuid": uuid.UUID(request.form["client_uuid"]),
            "qty": int(request.form["good_qty"]),
        }
        with engine.begin() as conn:
            conn.execute(INSERT, values)
        return "ok\n"

    return app
