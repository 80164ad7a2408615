"""Shipment pages: plan from an order, step it on over htmx, papers, schedule, permissions."""

from __future__ import annotations

import io
import subprocess
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import jpeg_bytes
from webapp.auth.models import Role
from webapp.shipments.models import Shipment, ShipmentStatus

CHECKS = {"check-container_condition": "pass", "check-carton_count": "pass",
          "check-carton_marks": "pass", "check-seal": "pass"}  # fmt: skip


@pytest.fixture
def ready(login, make_order, make_customer, make_user, pass_fri):
    follower = login(Role.FOLLOWER)
    customer = make_customer(name="Nordhem Home AB", language="en")
    order = make_order(follower=follower, customer=customer, quantity=1200, planned_qty=1200,
                       po_number="NH-2026-114", style="PL-220")  # fmt: skip
    pass_fri(order, make_user(Role.INSPECTOR))
    return follower, customer, order


def _plan(client, order, qty, **extra):
    data = {"client_uuid": str(uuid.uuid4()), "mode": "sea", "currency": "USD",
            "carrier": "COSCO", f"qty-{order.id}-0": str(qty), f"ctn-{order.id}-0": "60",
            f"price-{order.id}-0": "4.75", **extra}  # fmt: skip
    return client.post(f"/orders/{order.id}/shipments/new", data=data)


def test_plan_a_partial_shipment_and_see_shipped_vs_ordered(client, db, ready):
    _follower, _customer, order = ready
    page = client.get(f"/orders/{order.id}/shipments/new")
    assert page.status_code == 200 and b'value="1200"' in page.data
    response = _plan(client, order, 700)
    assert response.status_code == 302
    shipment = db.session.query(Shipment).one()
    assert shipment.quantity == 700 and shipment.lines[0].unit_price == Decimal("4.75")
    too_much = _plan(client, order, 600)
    assert too_much.status_code == 422
    assert b"Only 500 left to ship." in too_much.data
    assert b'value="600"' in too_much.data  # what was typed is kept
    assert db.session.query(Shipment).count() == 1
    order_page = client.get(f"/orders/{order.id}")
    assert b'id="order-shipped"' in order_page.data and b"+700" in order_page.data


def test_follower_steps_through_over_htmx(client, hx, db, ready, login):
    follower, _customer, order = ready
    login(user=follower, on=hx)
    _plan(client, order, 1200)
    shipment = db.session.query(Shipment).one()
    url = f"/shipments/{shipment.id}/advance"
    response = hx.post(url, data={"to": "booked", "at": "2026-11-02T09:30",
                                  "carrier": "COSCO", "booking_ref": ""})  # fmt: skip
    assert response.status_code == 422
    assert b"Enter the booking reference" in response.data
    response = hx.post(url, data={"to": "booked", "at": "2026-11-02T09:30", "carrier": "COSCO",
                                  "booking_ref": "COSU6301"})  # fmt: skip
    assert response.status_code == 200 and b'hx-swap-oob="true"' in response.data
    db.session.refresh(shipment)
    assert shipment.status is ShipmentStatus.BOOKED
    # 09:30 in Shanghai is 01:30 UTC.
    assert shipment.booked_at.hour == 1 and shipment.booked_at.minute == 30
    client.post(f"/shipments/{shipment.id}/details", data={
        "mode": "sea", "cartons": "120", "gross_kg": "980.5", "net_kg": "900", "volume_cbm": "7.2",
        "packing_confirmed": "y", "carrier": "COSCO", "booking_ref": "COSU6301"})  # fmt: skip
    for step in ("packed", "inspected"):
        r = hx.post(url, data={"to": step, "at": "2026-11-03T10:00"})
        assert r.status_code == 200, r.data.decode().split("step-error")[1][:300]
    response = hx.post(url, data={"to": "loaded", "at": "2026-11-04T10:00",
                                  "container_no": "CSNU1234567", "seal_no": "S-1", **CHECKS,
                                  "photos": (io.BytesIO(jpeg_bytes()), "load.jpg")},
                       content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 200, response.data
    assert hx.post(url, data={"to": "departed", "at": "2026-11-05T18:00"}).status_code == 200
    db.session.refresh(shipment)
    assert shipment.status is ShipmentStatus.DEPARTED and len(shipment.photos) == 1
    stale = hx.post(url, data={"to": "departed", "at": "2026-11-05T18:00"})
    assert stale.status_code == 422 and b"not at this step" in stale.data
    photo = client.get(f"/photos/{shipment.photos[0].photo_id}/thumb")
    assert photo.status_code == 200


def test_packing_list_and_invoice_hold_the_totals(client, db, ready):
    _follower, _customer, order = ready
    _plan(client, order, 700)
    shipment = db.session.query(Shipment).one()
    shipment.gross_kg, shipment.net_kg, shipment.volume_cbm = Decimal("980.5"), 900, 7
    db.session.commit()
    xlsx = client.get(f"/shipments/{shipment.id}/invoice.xlsx")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    total = next(r for r in rows if r[0] == "Total")
    assert total[4] == 700 and total[7] == pytest.approx(3325.0)
    line = next(r for r in rows if r[0] == "NH-2026-114")
    assert line[6] == pytest.approx(4.75)
    amount_cell = ws.cell(rows.index(line) + 1, 8)
    assert amount_cell.number_format == "#,##0.00"
    pl = load_workbook(
        io.BytesIO(client.get(f"/shipments/{shipment.id}/packing-list.xlsx").data)
    ).active
    pl_rows = [[c.value for c in r] for r in pl.iter_rows()]
    assert next(r for r in pl_rows if r[0] == "Total")[4:6] == [60, 700]
    assert ["Gross weight (kg)", "980.50"] in [r[:2] for r in pl_rows]


@pytest.mark.parametrize(("lang", "words"), [("en", ["Commercial invoice", "3,325.00", "Total"]),
                                             ("zh_Hans", ["商业发票", "3,325.00", "合计"])])  # fmt: skip
def test_invoice_pdf_text_in_the_customers_language(client, db, ready, tmp_path, lang, words):
    _follower, _customer, order = ready
    _plan(client, order, 700)
    shipment = db.session.query(Shipment).one()
    pdf = client.get(f"/shipments/{shipment.id}/invoice.pdf?lang={lang}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    for word in words:
        assert word in text
    assert "700" in text and "NH-2026-114" in text


def test_packing_list_pdf_totals(client, db, ready, tmp_path):
    _follower, _customer, order = ready
    _plan(client, order, 700)
    shipment = db.session.query(Shipment).one()
    shipment.gross_kg, shipment.net_kg, shipment.volume_cbm = Decimal("980.5"), 900, Decimal("7.2")
    db.session.commit()
    path = tmp_path / "pl.pdf"
    path.write_bytes(client.get(f"/shipments/{shipment.id}/packing-list.pdf").data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Packing list" in text and "980.50" in text and "7.200" in text and "60" in text


def test_schedule_by_week_with_readiness_and_excel(client, db, ready):
    from datetime import date, timedelta

    _follower, _customer, order = ready
    etd = date.today() + timedelta(days=9)
    _plan(client, order, 700, etd=etd.isoformat())
    page = client.get("/shipments/schedule")
    assert page.status_code == 200
    assert f"Week {etd.isocalendar()[1]}".encode() in page.data
    assert b"Final inspection passed" in page.data and b"Not booked" in page.data
    xlsx = client.get("/shipments/schedule?format=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["Quantity"] == 700 and row["Final inspection passed"] == "yes"
    assert row["Booked"] == "no" and row["Planned departure (ETD)"].date() == etd


def test_attach_and_download_a_bill_of_lading(client, db, ready):
    _follower, _customer, order = ready
    _plan(client, order, 10)
    shipment = db.session.query(Shipment).one()
    pdf = b"%PDF-1.4\n% B/L COSU6301\n"
    response = client.post(f"/shipments/{shipment.id}/documents", data={
        "client_uuid": str(uuid.uuid4()), "kind": "bill_of_lading",
        "file": (io.BytesIO(pdf), "BL COSU6301.pdf")}, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    doc = shipment.documents[0] if db.session.refresh(shipment) is None else None
    got = client.get(f"/shipments/{shipment.id}/documents/{doc.id}")
    assert got.data == pdf and got.mimetype == "application/pdf"


def test_other_followers_get_404(client, db, ready, login, make_user):
    _follower, _customer, order = ready
    _plan(client, order, 10)
    shipment = db.session.query(Shipment).one()
    login(Role.FOLLOWER)
    assert client.get(f"/shipments/{shipment.id}").status_code == 404
    assert client.get(f"/shipments/{shipment.id}/invoice.pdf").status_code == 404
    assert client.get(f"/orders/{order.id}/story").status_code == 404
    assert b"SH0" not in client.get("/shipments/").data


def test_admin_sets_the_customers_on_time_basis(client, db, login, make_customer):
    from webapp.orders.models import Customer, OnTimeBasis

    login(Role.ADMIN)
    customer = make_customer(code="DDPC", name="DDP Customer")
    response = client.post(f"/admin/customers/{customer.id}", data={
        "code": "DDPC", "name": "DDP Customer", "language": "en", "aql_critical": "0",
        "aql_major": "2.5", "aql_minor": "4.0", "inspection_level": "II",
        "on_time_basis": "delivered", "active": "y"})  # fmt: skip
    assert response.status_code == 302
    assert db.session.get(Customer, customer.id).on_time_basis is OnTimeBasis.DELIVERED


def test_demo_has_shipments_in_every_state_and_late_ones(app, db):
    from webapp import demo
    from webapp.shipments.queries import ship_outcomes

    demo.load()
    states = {s.status for s in db.session.query(Shipment)}
    assert states == set(ShipmentStatus)
    outcomes = [o for o in ship_outcomes() if o.on_time is not None]
    assert any(o.on_time for o in outcomes) and any(o.on_time is False for o in outcomes)
