"""Material PO pages: the follow-up list, forms, permissions, steps over htmx, suppliers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.conftest import new_uuid
from webapp.audit.models import AuditEntry
from webapp.auth.models import Role
from webapp.materials.models import InspectionOutcome, MaterialPO, MaterialPOStatus, Supplier

S = MaterialPOStatus
TODAY = date.today()


def po_form(supplier, orders=(), **overrides):
    values = {
        "client_uuid": new_uuid(), "number": "MPO-100", "supplier_id": str(supplier.id),
        "item": "Cotton jersey 精梳棉汗布", "spec": "180 g, 170 cm", "quantity": "1200", "unit": "m",
        "unit_price": "18.5", "currency": "CNY", "promised_date": (TODAY + timedelta(days=7)).isoformat(),
        "order_ids": [str(o.id) for o in orders], "note": "",
    }  # fmt: skip
    values.update(overrides)
    return values


def count(db):
    return db.session.scalar(sa.select(sa.func.count(MaterialPO.id)))


def test_follower_creates_a_po_for_their_order(client, login, db, make_order, make_supplier):
    lina = login(Role.FOLLOWER)
    order = make_order(follower=lina)
    supplier = make_supplier()
    page = client.get("/materials/new").get_data(as_text=True)
    assert order.number in page and 'inputmode="numeric"' in page
    response = client.post("/materials/new", data=po_form(supplier, [order]))
    assert response.status_code == 302
    po = db.session.scalar(sa.select(MaterialPO))
    assert (
        po.order_ids == [order.id]
        and po.unit_price == Decimal("18.5")
        and po.created_by_id == lina.id
    )
    assert response.headers["Location"].endswith(f"/materials/{po.id}")


def test_same_uuid_twice_is_one_po_and_other_content_is_a_conflict(
    client, login, db, make_supplier
):
    login(Role.SUPERVISOR)
    supplier = make_supplier()
    form = po_form(supplier)
    assert client.post("/materials/new", data=form).status_code == 302
    assert client.post("/materials/new", data=form).status_code == 302
    assert count(db) == 1
    response = client.post("/materials/new", data={**form, "quantity": "999"})
    assert response.status_code == 409
    assert 'value="999"' in response.get_data(as_text=True)
    assert count(db) == 1


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("quantity", "0", "Enter a whole number of at least 1."),
        ("quantity", "abc", "Not a valid integer value."),
        ("unit_price", "-1", "Enter a price of 0 or more."),
        ("promised_date", "2026-13-45", "Not a valid date value."),
        ("number", "", "Enter the PO number."),
        ("item", "", "Enter the material or part."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, login, db, make_supplier, field, value, message
):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/materials/new", data=po_form(make_supplier(), **{field: value, "spec": "keep-me-180g"})
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert error and message in error.group(1)
    assert 'value="keep-me-180g"' in page
    assert count(db) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_a_follower_cannot_link_an_order_of_someone_else(
    client, login, db, make_user, make_order, make_supplier
):
    login(Role.FOLLOWER, language="en")
    other = make_order(follower=make_user(Role.FOLLOWER))
    response = client.post("/materials/new", data=po_form(make_supplier(), [other]))
    assert response.status_code == 422 and count(db) == 0


def test_inspectors_may_not_create(client, login):
    login(Role.INSPECTOR)
    assert client.get("/materials/new").status_code == 403


def test_permissions_on_detail_edit_and_steps(client, login, make_user, make_order, make_po, db):
    lina, zhang = make_user(Role.FOLLOWER), make_user(Role.FOLLOWER)
    po = make_po(orders=[make_order(follower=lina)])
    login(user=lina)
    assert client.get(f"/materials/{po.id}").status_code == 200
    assert client.get(f"/materials/{po.id}/edit").status_code == 200
    login(user=zhang)
    assert client.get(f"/materials/{po.id}").status_code == 404
    assert client.get(f"/materials/{po.id}/edit").status_code == 404
    assert client.post(f"/materials/{po.id}/advance", data={"to": "confirmed"}).status_code == 404
    assert po.number not in client.get("/materials/?status=all").get_data(as_text=True)
    login(Role.SUPERVISOR)
    assert client.get(f"/materials/{po.id}/edit").status_code == 200
    login(Role.INSPECTOR)
    assert client.get(f"/materials/{po.id}").status_code == 200
    assert client.get(f"/materials/{po.id}/edit").status_code == 403
    assert client.post(f"/materials/{po.id}/advance", data={"to": "confirmed"}).status_code == 403
    assert db.session.get(MaterialPO, po.id).status is S.ORDERED


def test_edit_saves_and_keeps_links(client, login, db, make_order, make_po):
    lina = login(Role.FOLLOWER)
    order = make_order(follower=lina)
    po = make_po(orders=[order])
    page = client.get(f"/materials/{po.id}/edit").get_data(as_text=True)
    assert f'value="{po.number}"' in page
    supplier = db.session.get(Supplier, po.supplier_id)
    response = client.post(
        f"/materials/{po.id}/edit",
        data=po_form(supplier, [order], number="MPO-NEW", quantity="800"),
    )
    assert response.status_code == 302
    po = db.session.get(MaterialPO, po.id)
    assert (po.number, po.quantity, po.order_ids) == ("MPO-NEW", 800, [order.id])


def test_steps_over_htmx_with_received_short_and_rejection(hx, login, db, make_order, make_po):
    lina = login(Role.FOLLOWER, on=hx, language="en")
    po = make_po(orders=[make_order(follower=lina)], quantity=1000)
    url = f"/materials/{po.id}/advance"
    for step in ("confirmed", "shipped"):
        response = hx.post(url, data={"to": step})
        assert response.status_code == 200 and 'id="po-steps"' in response.get_data(as_text=True)
    missing = hx.post(url, data={"to": "received", "received_qty": ""})
    assert missing.status_code == 422 and "Enter the quantity received." in missing.get_data(
        as_text=True
    )
    page = hx.post(url, data={"to": "received", "received_qty": "940"}).get_data(as_text=True)
    assert "Short by 60" in page and "Record incoming inspection" in page
    no_note = hx.post(
        url, data={"to": "inspected", "inspection_result": "rejected", "inspection_note": ""}
    )
    assert no_note.status_code == 422 and "Say why the material was rejected." in no_note.get_data(
        as_text=True
    )
    page = hx.post(
        url, data={"to": "inspected", "inspection_result": "rejected", "inspection_note": "色差"}
    ).get_data(as_text=True)
    assert 'id="inspection-result"' in page
    refused = hx.post(url, data={"to": "in_warehouse"})
    assert refused.status_code == 409 and "concession" in refused.get_data(as_text=True)
    skipped = hx.post(url, data={"to": "confirmed"})
    assert skipped.status_code == 409
    po = db.session.get(MaterialPO, po.id)
    assert (
        po.status is S.INSPECTED
        and po.received_qty == 940
        and po.inspection_result is InspectionOutcome.REJECTED
    )
    steps = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.entity_type == "material_pos", AuditEntry.action == "step"
        )
    ).all()
    assert len(steps) == 4


def test_cancel_without_htmx_redirects(client, login, db, make_po):
    login(Role.SUPERVISOR)
    po = make_po()
    response = client.post(
        f"/materials/{po.id}/advance", data={"to": "cancelled", "note": "no longer needed"}
    )
    assert response.status_code == 302
    assert db.session.get(MaterialPO, po.id).status is S.CANCELLED
    assert client.get(f"/materials/{po.id}/edit").status_code == 403


def test_index_shows_the_three_follow_up_lists_first(client, login, make_order, make_po):
    lina = login(Role.FOLLOWER, language="en")
    order = make_order(follower=lina)
    soon = make_po(orders=[order], number="SOON-1", status=S.CONFIRMED, promised_date=TODAY)
    late = make_po(
        orders=[order], number="LATE-1", status=S.SHIPPED, promised_date=TODAY - timedelta(days=3)
    )
    short = make_po(
        orders=[order], number="SHORT-1", status=S.RECEIVED, quantity=100, received_qty=70
    )
    make_po(orders=[order], number="FINE-1", promised_date=TODAY + timedelta(days=30))
    page = client.get("/materials/").get_data(as_text=True)

    def section(key):
        return re.search(
            rf'<section class="card" id="section-{key}">(.*?)</section>', page, re.S
        ).group(1)

    assert soon.number in section("due-soon") and "Due in the next 24 hours" in page
    assert late.number in section("overdue") and "3 days overdue" in section("overdue")
    assert short.number in section("problems") and "Short by 30" in section("problems")
    assert "FINE-1" in section("rest")
    assert (
        page.index("section-due-soon")
        < page.index("section-overdue")
        < page.index("section-problems")
        < page.index("section-rest")
    )


def test_index_search_and_status_chips(client, hx, login, make_user, make_po, make_supplier):
    boss = make_user(Role.SUPERVISOR)
    login(user=boss, on=hx)
    login(user=boss)
    make_po(number="AAA-1", supplier=make_supplier(name="宏信辅料 Hongxin Trims"))
    make_po(number="BBB-2", status=S.SHIPPED)
    fragment = hx.get("/materials/?q=hongxin", headers={"HX-Target": "po-list"}).get_data(
        as_text=True
    )
    assert (
        fragment.lstrip().startswith('<div id="po-list">')
        and "AAA-1" in fragment
        and "BBB-2" not in fragment
    )
    page = client.get("/materials/?status=shipped").get_data(as_text=True)
    assert "BBB-2" in page and "AAA-1" not in page


def test_suppliers_page_shows_the_metrics_as_percentages(client, login, make_supplier, make_po):
    login(Role.SUPERVISOR, language="en")
    supplier = make_supplier(code="JX")
    make_po(
        supplier=supplier,
        status=S.INSPECTED,
        quantity=100,
        received_qty=100,
        promised_date=TODAY,
        inspection_result=InspectionOutcome.ACCEPTED,
    )
    make_po(
        supplier=supplier,
        status=S.IN_WAREHOUSE,
        quantity=100,
        received_qty=90,
        promised_date=TODAY,
        inspection_result=InspectionOutcome.REJECTED,
    )
    page = client.get("/materials/suppliers").get_data(as_text=True)
    row = re.search(r'<tr data-supplier="JX">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'class="num r right-qty">50%<', row)
    assert re.search(r'class="num r rejected">50%<', row)
    # no received_at recorded on these rows: the on-time rate has no data yet
    assert re.search(r'class="num r on-time">–<', row)


def test_supplier_create_edit_and_roles(client, login, db):
    login(Role.FOLLOWER)
    assert client.get("/materials/suppliers/new").status_code == 403
    assert client.get("/materials/suppliers").status_code == 200
    login(Role.ADMIN, language="en")
    bad = client.post("/materials/suppliers/new", data={"code": "", "name": "锦绣纺织"})
    assert (
        bad.status_code == 422
        and "Enter a short code." in bad.get_data(as_text=True)
        and "锦绣纺织" in bad.get_data(as_text=True)
    )
    assert (
        client.post(
            "/materials/suppliers/new", data={"code": "jx", "name": "锦绣纺织", "active": "y"}
        ).status_code
        == 302
    )
    again = client.post("/materials/suppliers/new", data={"code": "JX", "name": "x"})
    assert again.status_code == 422 and "Another supplier already has this code." in again.get_data(
        as_text=True
    )
    supplier = db.session.scalar(sa.select(Supplier))
    assert supplier.code == "JX"
    assert (
        client.post(
            f"/materials/suppliers/{supplier.id}/edit",
            data={"code": "JX", "name": "锦绣纺织有限公司"},
        ).status_code
        == 302
    )
    db.session.refresh(supplier)
    assert supplier.name == "锦绣纺织有限公司" and supplier.active is False


def test_nav_shows_materials_to_followers_and_supervisors(client, login):
    login(Role.FOLLOWER, language="en")
    assert 'href="/materials/"' in client.get("/materials/").get_data(as_text=True)
