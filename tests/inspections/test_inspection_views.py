"""Running an inspection on the web: plan, defects with photos, live tallies, verdict, report."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
import sqlalchemy as sa

from tests.conftest import jpeg_bytes, new_uuid
from webapp.auth.models import Role
from webapp.inspections.models import (
    Defect,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from webapp.media.models import Photo
from webapp.orders.models import OrderStatus


def start(client, order, **fields):
    data = {"client_uuid": new_uuid(), "type": "fri", "lot_size": "1000", "level": "II",
            "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0", "severity": "normal"}  # fmt: skip
    data.update(fields)
    return client.post(f"/orders/{order.id}/inspections/new", data=data)


def started(client, db, order, **fields) -> Inspection:
    response = start(client, order, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(sa.select(Inspection).order_by(Inspection.id.desc()))


def add_defect(client, inspection, defect_type, count=1, cls="major", photos=(), **extra):
    data = {"client_uuid": extra.pop("client_uuid", new_uuid()), "defect_type_id": defect_type.id,
            "defect_class": cls, "count": str(count), "note": extra.pop("note", "")}  # fmt: skip
    if photos:
        data["photos"] = [(BytesIO(p), f"IMG_{i}.jpg") for i, p in enumerate(photos)]
    return client.post(
        f"/inspections/{inspection.id}/defects", data=data, content_type="multipart/form-data"
    )


@pytest.fixture
def inspector(login):
    return login(Role.INSPECTOR, language="en")


def test_new_inspection_shows_the_plan_with_customer_defaults(
    client, inspector, make_order, make_customer
):
    customer = make_customer(aql_major="1.5", aql_minor="4.0", inspection_level="II")
    order = make_order(customer=customer, quantity=1000, planned_qty=1000)
    page = client.get(f"/orders/{order.id}/inspections/new").get_data(as_text=True)
    assert '<option selected value="1.5">' in page
    # lot 1000, level II -> J, n=80; AQL 1.5 normal -> Ac 3 Re 4
    row = re.search(r'<tr data-class="major">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'<td class="r">(\d[^<]*)</td>', row) == ["1.5", "80", "3", "4"]
    assert "first lot from this factory: normal inspection" in page


def test_plan_preview_updates_over_htmx(hx, login, make_order):
    login(Role.INSPECTOR, on=hx, language="en")
    order = make_order()
    body = hx.get(f"/orders/{order.id}/inspections/new",
                  query_string={"lot_size": "500", "level": "II", "aql_critical": "0",
                                "aql_major": "4.0", "aql_minor": "6.5", "severity": "tightened"}).get_data(as_text=True)  # fmt: skip
    assert body.lstrip().startswith('<section class="card" id="plan-preview"')
    row = re.search(r'<tr data-class="major">(.*?)</tr>', body, re.S).group(1)
    # lot 500 -> H, n=50; tightened AQL 4.0 -> Ac 3 Re 4
    assert re.findall(r'<td class="r">(\d[^<]*)</td>', row) == ["4.0", "50", "3", "4"]


def test_bad_lot_size_keeps_input_and_creates_nothing(client, inspector, make_order, db):
    order = make_order()
    response = start(client, order, lot_size="0")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Enter a whole number of at least 1." in body
    assert db.session.scalar(sa.select(sa.func.count(Inspection.id))) == 0


def test_start_is_idempotent(client, inspector, make_order, db):
    order = make_order()
    uid = new_uuid()
    start(client, order, client_uuid=uid)
    start(client, order, client_uuid=uid)
    assert db.session.scalar(sa.select(sa.func.count(Inspection.id))) == 1


def test_defects_with_photos_tallies_and_verdict(
    client, inspector, make_order, make_defect_type, db
):
    order = make_order(quantity=1000, planned_qty=1000)
    inspection = started(client, db, order)
    stain = make_defect_type(name="污渍", name_en="Stain")
    response = add_defect(
        client, inspection, stain, count=3, photos=[jpeg_bytes(), jpeg_bytes(colour=(0, 90, 200))]
    )
    assert response.status_code == 302
    defect = db.session.scalar(sa.select(Defect))
    assert len(defect.photos) == 2
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    major = re.search(r'<div class="tally tally-(\w+)" data-class="major">(.*?)</div>', page, re.S)
    assert major.group(1) == "accept"
    assert '<strong class="num found">3</strong>' in major.group(2)
    assert "3 more reject the lot" in major.group(2)  # n=80, AQL 2.5 -> Ac 5 Re 6
    add_defect(client, inspection, stain, count=2)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "1 more rejects the lot" in page
    response = client.post(f"/inspections/{inspection.id}/submit", data={"notes": "Checked 80 pcs"})
    assert response.status_code == 302
    inspection = db.session.get(Inspection, inspection.id)
    assert inspection.status is InspectionStatus.SUBMITTED
    assert inspection.result is InspectionResult.ACCEPTED
    # after submission nothing changes
    assert add_defect(client, inspection, stain).status_code == 403


def test_a_critical_defect_rejects_at_aql_zero(client, inspector, make_order, make_defect_type, db):
    order = make_order()
    inspection = started(client, db, order)
    needle = make_defect_type(name="断针", name_en="Broken needle")
    add_defect(client, inspection, needle, cls="critical")
    client.post(f"/inspections/{inspection.id}/submit", data={})
    assert db.session.get(Inspection, inspection.id).result is InspectionResult.REJECTED


def test_htmx_defect_returns_the_recording_fragment(hx, login, make_order, make_defect_type, db):
    login(Role.INSPECTOR, on=hx, language="en")
    order = make_order()
    inspection = started(hx, db, order)
    body = add_defect(hx, inspection, make_defect_type(name_en="Open seam"), count=2).get_data(
        as_text=True
    )
    assert body.lstrip().startswith('<div id="recording">')
    assert "Recorded: 2 × Open seam." in body


def test_a_bad_photo_refuses_the_whole_defect(client, inspector, make_order, make_defect_type, db):
    order = make_order()
    inspection = started(client, db, order)
    response = add_defect(client, inspection, make_defect_type(), count=1,
                          photos=[jpeg_bytes(), b"<svg xmlns='http://www.w3.org/2000/svg'/>"], note="看这里")  # fmt: skip
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "not a photo" in body or "not accepted" in body
    assert "看这里" in body
    assert db.session.scalar(sa.select(sa.func.count(Defect.id))) == 0


def test_defect_retry_is_not_duplicated(client, inspector, make_order, make_defect_type, db):
    order = make_order()
    inspection = started(client, db, order)
    dt = make_defect_type()
    uid = new_uuid()
    add_defect(client, inspection, dt, count=2, photos=[jpeg_bytes()], client_uuid=uid)
    add_defect(client, inspection, dt, count=2, photos=[jpeg_bytes()], client_uuid=uid)
    assert db.session.scalar(sa.select(sa.func.count(Defect.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(Photo.id))) == 1
    response = add_defect(client, inspection, dt, count=3, client_uuid=uid)
    assert response.status_code == 409


def test_remove_defect_while_in_progress(client, inspector, make_order, make_defect_type, db):
    order = make_order()
    inspection = started(client, db, order)
    add_defect(client, inspection, make_defect_type(), count=4)
    defect = db.session.scalar(sa.select(Defect))
    client.post(f"/inspections/{inspection.id}/defects/{defect.id}/delete")
    assert db.session.scalar(sa.select(sa.func.count(Defect.id))) == 0


def test_checklist_pass_fail_with_comments(client, inspector, make_order, db):
    order = make_order()
    inspection = started(client, db, order)
    client.post(f"/inspections/{inspection.id}/checklist", data={
        "item-packaging": "pass", "item-barcode": "fail", "comment-barcode": "EAN unreadable",
        "item-carton_marks": "na",
    })  # fmt: skip
    inspection = db.session.get(Inspection, inspection.id)
    rows = {r.item: (r.result, r.comment) for r in inspection.checklist}
    assert rows == {
        "packaging": ("pass", ""),
        "barcode": ("fail", "EAN unreadable"),
        "carton_marks": ("na", ""),
    }


def test_follower_of_another_order_cannot_see_or_run_it(client, login, make_user, make_order, db):
    other = make_user(Role.FOLLOWER)
    order = make_order(follower=other)
    login(Role.INSPECTOR)
    inspection = started(client, db, order)
    login(Role.FOLLOWER)
    assert client.get(f"/inspections/{inspection.id}").status_code == 404
    assert client.get(f"/orders/{order.id}/inspections/new").status_code == 404
    login(user=other)
    assert client.get(f"/inspections/{inspection.id}").status_code == 200


def test_no_inspection_on_a_closed_order(client, inspector, make_order, db):
    order = make_order(status=OrderStatus.CLOSED)
    response = start(
        client,
        order,
    )
    assert db.session.scalar(sa.select(sa.func.count(Inspection.id))) == 0
    assert response.status_code == 422


def test_rejected_lot_is_reinspected_and_linked(
    client, inspector, make_order, make_defect_type, db
):
    order = make_order()
    inspection = started(client, db, order)
    add_defect(client, inspection, make_defect_type(), cls="critical")
    client.post(f"/inspections/{inspection.id}/submit", data={})
    response = client.post(
        f"/inspections/{inspection.id}/reinspect", data={"client_uuid": new_uuid()}
    )
    assert response.status_code == 302
    again = db.session.scalar(
        sa.select(Inspection).where(Inspection.reinspection_of_id == inspection.id)
    )
    assert again.lot_size == inspection.lot_size
    assert again.status is InspectionStatus.IN_PROGRESS


def test_switching_suggests_tightened_after_two_rejections(
    client, inspector, make_order, make_factory, make_defect_type, db
):
    factory = make_factory()
    needle = make_defect_type()
    for _ in range(2):
        order = make_order(factory=factory)
        inspection = started(client, db, order)
        add_defect(client, inspection, needle, cls="critical")
        client.post(f"/inspections/{inspection.id}/submit", data={})
    order = make_order(factory=factory)
    page = client.get(f"/orders/{order.id}/inspections/new").get_data(as_text=True)
    assert '<option selected value="tightened">' in page
    assert "2 of the last 5 lots were rejected" in page


def test_defect_photos_are_served_only_to_people_who_may_see_the_order(
    client, login, make_user, make_order, make_defect_type, db
):
    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower)
    login(Role.INSPECTOR)
    inspection = started(client, db, order)
    add_defect(client, inspection, make_defect_type(), photos=[jpeg_bytes()])
    photo_id = db.session.scalar(sa.select(Photo.id))
    assert client.get(f"/photos/{photo_id}").status_code == 200
    login(Role.FOLLOWER)
    assert client.get(f"/photos/{photo_id}").status_code == 404
    login(user=follower)
    assert client.get(f"/photos/{photo_id}/thumb").status_code == 200


@pytest.mark.skipif(
    not shutil.which("pdftotext") and not os.environ.get("CI"),
    reason="poppler-utils not installed (.ci/run installs it)",
)
def test_pdf_report_has_the_verdict_and_the_photos(
    client, inspector, make_order, make_customer, make_defect_type, db, tmp_path
):
    customer = make_customer(name="Hanseatic Apparel GmbH")
    order = make_order(customer=customer, style="HA-5521")
    inspection = started(client, db, order)
    add_defect(client, inspection, make_defect_type(name="污渍", name_en="Stain"), count=2,
               photos=[jpeg_bytes(), jpeg_bytes(colour=(10, 200, 10))])  # fmt: skip
    client.post(f"/inspections/{inspection.id}/submit", data={})
    for lang, words in (
        ("zh_Hans", ["最终随机检验报告", "污渍", "合格"]),
        ("en", ["Final Random Inspection Report", "Stain", "Accepted"]),
    ):
        response = client.get(
            f"/inspections/{inspection.id}/report.pdf", query_string={"lang": lang}
        )
        assert response.mimetype == "application/pdf"
        pdf = tmp_path / f"r-{lang}.pdf"
        pdf.write_bytes(response.data)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for word in [*words, "Hanseatic Apparel GmbH", "HA-5521"]:
            assert word in text, (lang, word)
        images = subprocess.run(
            ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert len([ln for ln in images.splitlines()[2:] if ln.strip()]) == 2


def test_html_report(client, inspector, make_order, make_defect_type, db):
    order = make_order()
    inspection = started(client, db, order)
    add_defect(
        client, inspection, make_defect_type(name_en="Open seam"), count=1, photos=[jpeg_bytes()]
    )
    page = client.get(f"/inspections/{inspection.id}/report").get_data(as_text=True)
    assert "Open seam" in page and "/photos/" in page


def test_admin_manages_the_defect_catalogue(client, login, db):
    from webapp.inspections.models import DefectClass, DefectType

    login(Role.ADMIN, language="en")
    response = client.post("/admin/defect-types/new", data={
        "code": "g-hole", "name": "破洞", "name_en": "Hole", "product_type": "Garment",
        "default_class": "major", "active": "y"})  # fmt: skip
    assert response.status_code == 302
    dt = db.session.scalar(sa.select(DefectType))
    assert (dt.code, dt.product_type, dt.default_class) == ("G-HOLE", "garment", DefectClass.MAJOR)
    page = client.post(
        "/admin/defect-types/new", data={"code": "G-HOLE", "name": "x", "default_class": "minor"}
    ).get_data(as_text=True)
    assert "This code is already used." in page


@pytest.mark.parametrize(("lang", "label"), [("en", "100% inspection"), ("zh_Hans", "全检")])
def test_a_tiny_lot_is_inspected_in_full(hx, login, make_order, lang, label):
    login(Role.INSPECTOR, on=hx, language=lang)
    order = make_order()
    body = hx.get(f"/orders/{order.id}/inspections/new",
                  query_string={"lot_size": "5", "level": "II", "aql_critical": "0", "aql_major": "0.65",
                                "aql_minor": "4.0", "severity": "normal"}).get_data(as_text=True)  # fmt: skip
    assert label in body
    row = re.search(r'<tr data-class="major">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r'<td class="r">(\d[^<]*)</td>', row)[1] == "5"


def _received_po(db, order, received=800):
    import uuid
    from decimal import Decimal

    from webapp.materials.models import MaterialPO, MaterialPOOrder, MaterialPOStatus, Supplier

    supplier = Supplier(code="FAB", name="绍兴面料 Shaoxing Fabrics")
    db.session.add(supplier)
    db.session.flush()
    po = MaterialPO(
        client_uuid=uuid.uuid4(), number="MP-9", supplier_id=supplier.id, item="fabric",
        quantity=1000, unit_price=Decimal("12.5"), promised_date=date.today(),
        status=MaterialPOStatus.RECEIVED, received_qty=received,
    )  # fmt: skip
    po.order_links.append(MaterialPOOrder(order_id=order.id))
    db.session.add(po)
    db.session.commit()
    return po


@pytest.mark.parametrize(("cls", "expected"), [("critical", "rejected"), ("minor", "accepted")])
def test_an_incoming_inspection_completes_the_material_po_step(
    client, inspector, make_order, make_defect_type, db, cls, expected
):
    from webapp.materials.models import MaterialPO, MaterialPOStatus

    order = make_order()
    po = _received_po(db, order)
    page = client.get(
        f"/orders/{order.id}/inspections/new", query_string={"material_po": po.id}
    ).get_data(as_text=True)
    assert 'id="iqc-po"' in page and 'value="800"' in page  # the lot is what was received
    inspection = started(client, db, order, material_po=str(po.id), lot_size="800")
    assert inspection.material_po_id == po.id and inspection.type.value == "iqc"
    add_defect(client, inspection, make_defect_type(), cls=cls)
    client.post(f"/inspections/{inspection.id}/submit", data={})
    po = db.session.get(MaterialPO, po.id)
    assert po.status is MaterialPOStatus.INSPECTED
    assert po.inspection_result.value == expected
    assert inspection.number in po.inspection_note


def test_a_po_not_yet_received_cannot_be_inspected(client, inspector, make_order, db):
    from webapp.materials.models import MaterialPOStatus

    order = make_order()
    po = _received_po(db, order)
    po.status = MaterialPOStatus.SHIPPED
    db.session.commit()
    response = start(client, order, material_po=str(po.id))
    assert response.status_code == 422
    assert "Record the receipt of this material PO first." in response.get_data(as_text=True)
