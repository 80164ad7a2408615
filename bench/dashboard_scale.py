"""Time the KPI dashboard and the daily production report at two data sizes on PostgreSQL.

Run from the project root:

    .venv/bin/python bench/dashboard_scale.py [--sizes 100000 1000000] [--runs 7] [--keep]

For each size it creates a throw-away database on 127.0.0.1:5432 (user postgres, trust),
builds the schema with the migrations, and generates data with set-based
INSERT ... SELECT generate_series (no ORM loops):

- check-ins: the size; orders: one per 50 check-ins (20,000 at 1M), four stages each;
- the company takes about 27 orders a day, so more data means a longer history (74 days at
  100k, about two years at 1M): the rate of work per day is the same at both sizes, as in a
  company that keeps its records;
- 2 % of check-ins are corrections (new rows replacing one each), no check-in is dated after
  today; one final inspection per order, a re-inspection for one in
  ten; a delay per two orders (the eight causes, four in five resolved), a complaint per twenty,
  a material PO per two orders (20 suppliers), a shipment per shipped order (from three days
  early to two days late); the orders due in the last days still open.

Then it signs a supervisor in and renders, through the Flask test client (server-side render,
no network), the KPI dashboard for this month so far (`/kpi/`) and the daily production report
for today (`/reports/daily`), `--runs` times each after two warm-up renders, and prints the
median, the ratio 1M / 100k, and the verdict against the targets (at most 300 ms at 1M, at most
2x the time at 100k). The database is dropped at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
CHECKINS_PER_ORDER = 50
ORDERS_PER_DAY = 27
TARGET_MS = 300
TARGET_RATIO = 2.0

GENERATE = """
INSERT INTO users (username, full_name, role, active, password_hash, language, created_at,
                   updated_at)
SELECT 'u' || g, '用户 ' || g, CASE WHEN g = 1 THEN 'supervisor' WHEN g = 2 THEN 'inspector'
       ELSE 'follower' END, true, 'x', 'zh_Hans', now(), now()
FROM generate_series(1, 22) g;

INSERT INTO factories (code, name, kind, city, contact, timezone, reduced_inspection_allowed,
                       active, created_at, updated_at)
SELECT 'F' || g, '工厂 ' || g, 'own', '', '', 'Asia/Shanghai', false, true, now(), now()
FROM generate_series(1, 10) g;

INSERT INTO customers (code, name, country, contact, language, aql_critical, aql_major, aql_minor,
                       inspection_level, active, created_at, updated_at)
SELECT 'C' || g, 'Customer ' || g, '', '', 'en', '0', '2.5', '4.0', 'II', true, now(), now()
FROM generate_series(1, 30) g;

INSERT INTO suppliers (code, name, contact, active, created_at, updated_at)
SELECT 'S' || g, '供应商 ' || g, '', true, now(), now() FROM generate_series(1, 20) g;

-- order g starts :span - g / :per_day days ago; due 30 days after its start
INSERT INTO orders (customer_id, factory_id, follower_id, po_number, style, product_name, spec,
                    product_type, quantity, unit, packaging, due_date, priority, status, notes,
                    created_at, updated_at)
SELECT 1 + g % 30, 1 + g % 10, 3 + g % 20, 'PO-' || g, 'ST-' || g, '产品', '', '', 4000, 'pcs', '',
       s.start + 30, CASE WHEN g % 17 = 0 THEN 'rush' ELSE 'normal' END,
       CASE WHEN s.start + 30 < CURRENT_DATE - 3 THEN (CASE WHEN g % 2 = 0 THEN 'closed'
            ELSE 'shipped' END) ELSE 'in_production' END,
       '', s.start, s.start
FROM generate_series(1, :orders) g,
     LATERAL (SELECT (CURRENT_DATE - :span + (g / :per_day))::date AS start) s
ORDER BY g;

INSERT INTO stages (order_id, position, name, name_en, planned_qty, planned_start, planned_finish)
SELECT o.id, p, (ARRAY['裁剪','车缝','后整','包装'])[p + 1], (ARRAY['Cutting','Sewing',
       'Finishing','Packing'])[p + 1], 1000, o.created_at::date + p * 6,
       o.created_at::date + p * 6 + 8
FROM orders o, generate_series(0, 3) p
ORDER BY o.id, p;

-- check-in g: order 1 + (g - 1) % orders, round r = (g - 1) / orders; stage r % 4; nothing
-- is reported for a day that has not come yet (the youngest orders have fewer check-ins)
INSERT INTO checkins (client_uuid, order_id, stage_id, work_date, good_qty, rework_qty, scrap_qty,
                      note, created_by_id, created_at)
SELECT gen_random_uuid(), x.oid, x.sid, x.day, 20 + x.g % 40, x.g % 3, x.g % 2, '', x.follower,
       x.day + interval '10 hours' - interval '8 hours'
FROM (
    SELECT g, c.oid, (c.oid - 1) * 4 + 1 + c.r % 4 AS sid, o.follower_id AS follower,
           o.created_at::date + (c.r % 4) * 6 + c.r / 4 AS day
    FROM generate_series(1, :candidates) g,
         LATERAL (SELECT 1 + (g - 1) % :orders AS oid, (g - 1) / :orders AS r) c
    JOIN orders o ON o.id = c.oid
) x
WHERE x.day <= CURRENT_DATE
ORDER BY x.g
LIMIT :originals;

-- one check-in in fifty is corrected later: a new row that replaces it
INSERT INTO checkins (client_uuid, order_id, stage_id, work_date, good_qty, rework_qty, scrap_qty,
                      note, corrects_id, created_by_id, created_at)
SELECT gen_random_uuid(), c.order_id, c.stage_id, c.work_date, c.good_qty + 1, c.rework_qty,
       c.scrap_qty, '', c.id, c.created_by_id, c.created_at + interval '1 hour'
FROM checkins c WHERE c.id % 49 = 0 ORDER BY c.id LIMIT :corrections;

INSERT INTO inspections (client_uuid, order_id, type, lot_size, level, severity, suggested_severity,
                         sample_size, status, result, reinstate_normal, notes, inspector_id,
                         submitted_at, created_at, updated_at)
SELECT gen_random_uuid(), o.id, 'fri', 4000, 'II', 'normal', 'normal', 200,
       'submitted', CASE WHEN o.id % 7 = 0 THEN 'rejected' ELSE 'accepted' END, false, '', 2,
       o.created_at + interval '27 days', o.created_at + interval '27 days', o.created_at
FROM orders o WHERE o.created_at + interval '27 days' < now()
ORDER BY o.id;

INSERT INTO inspections (client_uuid, order_id, type, lot_size, level, severity, suggested_severity,
                         sample_size, status, result, reinstate_normal, notes, inspector_id,
                         submitted_at, reinspection_of_id, created_at, updated_at)
SELECT gen_random_uuid(), i.order_id, 'fri', 4000, 'II', 'tightened', 'tightened', 315,
       'submitted', 'accepted', false, '', 2, i.submitted_at + interval '2 days', i.id,
       i.submitted_at, i.submitted_at
FROM inspections i WHERE i.result = 'rejected' AND i.submitted_at + interval '2 days' < now();

INSERT INTO delays (client_uuid, order_id, cause, note, department, responsible, status,
                    escalation_note, root_cause, action_taken, created_by_id, resolved_at,
                    created_at, updated_at)
SELECT gen_random_uuid(), o.id,
       (ARRAY['material','material','material','equipment','quality','plan_error','upstream',
              'people','rush_order','other'])[1 + o.id % 10],
       '', 'production', '', CASE WHEN o.id % 5 = 0 THEN 'open' ELSE 'resolved' END, '', '', '',
       o.follower_id,
       CASE WHEN o.id % 5 <> 0 THEN o.created_at + interval '8 days'
            + (o.id * 37 % 300) * interval '1 hour' END,
       o.created_at + interval '8 days', o.created_at
FROM orders o WHERE o.id % 2 = 0 AND o.created_at + interval '8 days' < now();
UPDATE delays SET resolved_at = NULL, status = 'open' WHERE resolved_at > now();

INSERT INTO complaints (client_uuid, order_id, category, severity, description, department, status,
                        action_taken, created_by_id, created_at, updated_at)
SELECT gen_random_uuid(), o.id, 'quality', 'medium', '色差', 'qc', 'open', '', 1,
       o.created_at + interval '40 days', o.created_at
FROM orders o WHERE o.id % 20 = 0 AND o.created_at + interval '40 days' < now();

INSERT INTO material_pos (client_uuid, number, supplier_id, item, spec, quantity, unit, unit_price,
                          currency, promised_date, status, received_at, received_qty,
                          inspected_at, inspection_result, inspection_note, note,
                          created_at, updated_at)
SELECT gen_random_uuid(), 'MP-' || o.id, 1 + o.id % 20, '面料', '', 1000, 'm', 12.5, 'CNY',
       o.created_at::date + 5,
       CASE WHEN o.created_at + interval '9 days' < now() THEN 'inspected' ELSE 'ordered' END,
       CASE WHEN o.created_at + interval '9 days' < now()
            THEN o.created_at + (3 + o.id % 5) * interval '1 day' END,
       CASE WHEN o.created_at + interval '9 days' < now() THEN 1000 - (o.id % 3) * 10 END,
       CASE WHEN o.created_at + interval '9 days' < now() THEN o.created_at + interval '8 days' END,
       CASE WHEN o.created_at + interval '9 days' < now()
            THEN (CASE WHEN o.id % 9 = 0 THEN 'rejected' ELSE 'accepted' END) END,
       '', '', o.created_at, o.created_at
FROM orders o WHERE o.id % 2 = 1;

INSERT INTO material_po_orders (material_po_id, order_id)
SELECT p.id, CAST(substr(p.number, 4) AS integer) FROM material_pos p;

-- one shipment per shipped or closed order, leaving between 3 days early and 2 days late
INSERT INTO shipments (client_uuid, customer_id, status, mode, carrier, booking_ref, container_no,
                       seal_no, tracking_no, port_of_loading, destination, cartons, gross_kg,
                       net_kg, volume_cbm, packing_confirmed, currency, cancel_reason,
                       loading_checklist, loading_note, notes, created_by_id, departed_at,
                       created_at, updated_at, booked_at)
SELECT gen_random_uuid(), o.customer_id, 'departed', 'sea', '', 'BK-' || o.id, '', '', '', '', '',
       40, 0, 0, 0, true, 'USD', '', '{}', '', '', 1,
       o.due_date + (o.id % 6 - 3) * interval '1 day' + interval '2 hours',
       o.due_date - 10, o.due_date - 10, NULL
FROM orders o WHERE o.status IN ('shipped', 'closed') ORDER BY o.id;

INSERT INTO shipment_lines (shipment_id, order_id, position, quantity, cartons, unit_price)
SELECT s.id, CAST(substr(s.booking_ref, 4) AS integer), 0, 4000, 40, 0 FROM shipments s;
"""


def _server_engine():
    return sa.create_engine(sa.make_url(SERVER), isolation_level="AUTOCOMMIT")


def build(size: int) -> tuple[str, str]:
    """A fresh database with `size` check-ins; returns (url, name)."""
    name = f"gendan_kpi_bench_{size}_{secrets.token_hex(3)}"
    admin = _server_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = sa.make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    return url, name


def drop(name: str) -> None:
    admin = _server_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def generate(app, size: int) -> dict[str, int]:
    from webapp.extensions import db

    orders = size // CHECKINS_PER_ORDER
    span = orders // ORDERS_PER_DAY + 1
    corrections = size // 50
    params = {
        "orders": orders, "span": span, "per_day": ORDERS_PER_DAY, "originals": size - corrections,
        "corrections": corrections, "candidates": int(size * 1.4),
    }  # fmt: skip
    started = time.perf_counter()
    with app.app_context(), db.engine.begin() as conn:
        for statement in GENERATE.split(";\n"):
            if statement.strip():
                conn.execute(sa.text(statement), {k: v for k, v in params.items()
                                                  if f":{k}" in statement})  # fmt: skip
    with (
        app.app_context(),
        db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn,
    ):
        conn.execute(sa.text("VACUUM ANALYZE"))
        counts = {
            t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in (
                "orders",
                "checkins",
                "inspections",
                "delays",
                "complaints",
                "material_pos",
                "shipments",
            )
        }
    counts["days"] = span
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def timed(client, url: str, runs: int) -> float:
    """Median milliseconds of `runs` renders after two warm-ups; every render must be a 200."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def measure(size: int, runs: int, keep: bool) -> dict:
    from flask_migrate import upgrade

    from webapp import create_app

    url, name = build(size)
    try:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": f"/tmp/{name}",
        })  # fmt: skip
        with app.app_context():
            upgrade()
        counts = generate(app, size)
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = "1"  # the supervisor
            sess["_fresh"] = True
        result = {
            "counts": counts,
            "dashboard": timed(client, "/kpi/", runs),
            "daily": timed(client, "/reports/daily", runs),
            "review": timed(client, "/kpi/review?period=month", runs),
        }
        with app.app_context():
            from webapp.extensions import db

            db.engine.dispose()
        return result
    finally:
        if keep:
            print(f"kept database {name}")
        else:
            drop(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the databases for EXPLAIN")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        results[size] = r = measure(size, args.runs, args.keep)
        c = r["counts"]
        print(
            f"{size:>9,} check-ins: {c['orders']:,} orders over {c['days']} days, "
            f"{c['inspections']:,} inspections, {c['delays']:,} delays, "
            f"{c['complaints']:,} complaints, {c['material_pos']:,} material POs, "
            f"{c['shipments']:,} shipments "
            f"(generated in {c['seconds']} s)"
        )
        print(
            f"{'':>9}  dashboard {r['dashboard']:7.1f} ms   daily report {r['daily']:7.1f} ms"
            f"   monthly review {r['review']:7.1f} ms   (median of {args.runs})"
        )
    small, large = args.sizes
    print()
    for key, label in (("dashboard", "KPI dashboard"), ("daily", "daily report"),
                       ("review", "monthly review")):  # fmt: skip
        a, b = results[small][key], results[large][key]
        ratio = b / a
        ok = b <= TARGET_MS and ratio <= TARGET_RATIO
        print(
            f"{label:<15} {a:7.1f} ms at {small:,}  {b:7.1f} ms at {large:,}  ratio {ratio:4.2f}"
            f"  {'meets' if ok else 'MISSES'} the targets (<= {TARGET_MS} ms, ratio <= "
            f"{TARGET_RATIO:g})"
        )


if __name__ == "__main__":
    main()
