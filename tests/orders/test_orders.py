"""Orders: create, edit, lines, lifecycle, plans, visibility, search, traveler and scan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from webapp.audit.models import AuditEntry
from webapp.auth.models import Role
from webapp.orders.models import Order, OrderStatus, Stage, StageTemplate, StageTemplateStep


def order_form(customer, factory, follower=None, **overrides):
    data = {
        "customer_id": customer.id, "factory_id": factory.id,
        "follower_id": follower.id if follower else 0, "po_number": "PO-7788", "style": "HA-5521",
        "product_name": "男式Polo衫 Men's polo", "spec": "CVC 220g", "product_type": "",
        "quantity": "1000", "unit": "pcs", "packaging": "24 pcs/ctn",
        "due_date": (date.today() + timedelta(days=30)).isoformat(), "priority": "rush", "notes": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_supervisor_creates_an_order_with_lines(
    client, login, make_customer, make_factory, make_user, db
):
    supervisor = login(Role.SUPERVISOR, language="en")
    customer, factory, follower = make_customer(), make_factory(), make_user(Role.FOLLOWER)
    data = order_form(customer, factory, follower, **{
        "lines-0-colour": "Navy", "lines-0-size": "M", "lines-0-quantity": "600",
        "lines-1-colour": "Navy", "lines-1-size": "L", "lines-1-quantity": "400",
    })  # fmt: skip
    response = client.post("/orders/new", data=data)
    assert response.status_code == 302
    order = db.session.scalar(sa.select(Order))
    assert order.status is OrderStatus.RECEIVED
    assert order.priority.value == "rush"
    assert [(ln.size, ln.quantity) for ln in order.lines] == [("M", 600), ("L", 400)]
    assert order.follower_id == follower.id
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity_type == "orders"))
    assert entry.actor_id == supervisor.id
    assert entry.changes["quantity"] == [None, 1000]


def test_lines_that_do_not_add_up_are_refused_and_input_kept(
    client, login, make_customer, make_factory, db
):
    login(Role.SUPERVISOR, language="en")
    data = order_form(make_customer(), make_factory(), **{
        "lines-0-colour": "Black", "lines-0-quantity": "300", "lines-1-colour": "White", "lines-1-quantity": "300",
    })  # fmt: skip
    response = client.post("/orders/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The lines add up to 600 but the order quantity is 1000." in body
    assert 'value="HA-5521"' in body and 'value="White"' in body
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "0", "Enter a whole number of at least 1."),
        ("quantity", "12.5", "Not a valid integer value."),
        ("due_date", "31/12", "Not a valid date value."),
        ("po_number", "", "Enter the customer's PO number."),
    ],
)
def test_order_form_errors_are_next_to_the_field(
    client, login, make_customer, make_factory, db, field, value, message
):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/orders/new", data=order_form(make_customer(), make_factory(), **{field: value})
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


def test_a_line_without_quantity_is_an_error(client, login, make_customer, make_factory, db):
    login(Role.SUPERVISOR, language="en")
    response = client.post(
        "/orders/new", data=order_form(make_customer(), make_factory(), **{"lines-0-colour": "Red"})
    )
    assert "Enter the quantity of this line." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


@pytest.mark.parametrize("role", [Role.FOLLOWER, Role.INSPECTOR])
def test_only_supervisors_and_admins_create_and_edit(client, login, make_order, role):
    login(role)
    order = make_order()
    assert client.get("/orders/new").status_code == 403
    assert client.get(f"/orders/{order.id}/edit").status_code == 403
    assert client.get(f"/orders/{order.id}/plan").status_code == 403
    assert client.get("/orders/import").status_code == 403


def test_edit_is_audited_field_by_field(client, login, make_order, db):
    login(Role.ADMIN, language="en")
    order = make_order(quantity=100)
    page = client.get(f"/orders/{order.id}/edit").get_data(as_text=True)
    assert f'value="{order.style}"' in page
    with db.session.no_autoflush:
        o = db.session.get(Order, order.id)
        data = order_form(o.customer, o.factory, style=o.style, po_number="PO-NEW", quantity="100",
                          due_date=o.due_date.isoformat(), priority="normal")  # fmt: skip
    assert client.post(f"/orders/{order.id}/edit", data=data).status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "update"))
    assert entry.changes["po_number"] == [order.po_number, "PO-NEW"]
    assert "style" not in entry.changes


def test_follower_sees_only_own_orders(client, login, make_user, make_order):
    me = login(Role.FOLLOWER, language="en")
    mine = make_order(follower=me, style="MINE-1")
    theirs = make_order(follower=make_user(Role.FOLLOWER), style="THEIRS-1")
    listing = client.get("/orders/").get_data(as_text=True)
    assert "MINE-1" in listing and "THEIRS-1" not in listing
    assert client.get(f"/orders/{mine.id}").status_code == 200
    assert client.get(f"/orders/{theirs.id}").status_code == 404
    assert client.get(f"/orders/{theirs.id}/traveler").status_code == 404


def test_my_orders_puts_at_risk_first_then_due_date(client, login, make_order):
    me = login(Role.FOLLOWER, language="en")
    today = date.today()
    calm_soon = make_order(
        follower=me,
        style="CALM-SOON",
        start=today + timedelta(days=5),
        due_date=today + timedelta(days=20),
    )
    calm_late = make_order(
        follower=me,
        style="CALM-LATE",
        start=today + timedelta(days=5),
        due_date=today + timedelta(days=40),
    )
    # planned to start 10 days ago and nothing done: at risk
    risky = make_order(
        follower=me,
        style="RISKY",
        start=today - timedelta(days=10),
        days=12,
        due_date=today + timedelta(days=60),
    )
    page = client.get("/").get_data(as_text=True)
    positions = [page.index(s) for s in ("RISKY", "CALM-SOON", "CALM-LATE")]
    assert positions == sorted(positions), (calm_soon, calm_late, risky)
    assert "At risk" in page


@pytest.mark.parametrize("text", ["HA-55", "ha-55", "Polo", "男式", "Hanseatic", "PO-9911"])
def test_search_by_po_style_product_or_customer(client, login, make_order, make_customer, text):
    login(Role.SUPERVISOR, language="en")
    customer = make_customer(name="Hanseatic Apparel GmbH")
    make_order(
        customer=customer,
        style="HA-5521",
        po_number="PO-9911",
        product_name="男式Polo衫 Men's polo",
    )
    make_order(style="OTHER-1", po_number="X-1", product_name="Chair 椅子")
    page = client.get("/orders/", query_string={"q": text, "status": "all"}).get_data(as_text=True)
    assert "HA-5521" in page
    assert "OTHER-1" not in page


def test_search_with_htmx_returns_only_the_list(hx, login, make_order):
    login(Role.SUPERVISOR, on=hx)
    make_order(style="HA-1")
    body = hx.get("/orders/?q=HA").get_data(as_text=True)
    assert body.lstrip().startswith('<div id="order-list">')


# --- lifecycle ---------------------------------------------------------------------------


def test_lifecycle_transitions_by_role(client, login, make_user, make_order, db):
    follower = make_user(Role.FOLLOWER)
    order = make_order(follower=follower, status=OrderStatus.RECEIVED)
    login(user=follower)
    client.post(f"/orders/{order.id}/status", data={"to": "confirmed"})
    assert db.session.get(Order, order.id).status is OrderStatus.RECEIVED, (
        "order review is the supervisor's"
    )
    supervisor = login(Role.SUPERVISOR)
    client.post(f"/orders/{order.id}/status", data={"to": "confirmed"})
    assert db.session.get(Order, order.id).status is OrderStatus.CONFIRMED
    login(user=follower)
    client.post(f"/orders/{order.id}/status", data={"to": "in_production"})
    assert db.session.get(Order, order.id).status is OrderStatus.IN_PRODUCTION
    client.post(f"/orders/{order.id}/status", data={"to": "closed"})
    assert db.session.get(Order, order.id).status is OrderStatus.IN_PRODUCTION, "cannot skip steps"
    login(user=supervisor)
    client.post(
        f"/orders/{order.id}/status", data={"to": "cancelled", "comment": "customer withdrew"}
    )
    assert db.session.get(Order, order.id).status is OrderStatus.CANCELLED
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "status").order_by(AuditEntry.id)
    ).all()
    assert [e.changes["status"] for e in entries] == [
        ["received", "confirmed"],
        ["confirmed", "in_production"],
        ["in_production", "cancelled"],
    ]
    assert entries[-1].changes["comment"] == [None, "customer withdrew"]


def test_detail_offers_only_allowed_transitions(client, login, make_order):
    me = login(Role.FOLLOWER, language="en")
    order = make_order(follower=me, status=OrderStatus.CONFIRMED)
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert 'value="in_production"' in page
    assert 'value="cancelled"' not in page


# --- stage plans --------------------------------------------------------------------------


def _template(db):
    template = StageTemplate(product_type="garment", name="服装", name_en="Garments")
    template.steps = [StageTemplateStep(position=i, name=n, name_en=e, weight=w)
                      for i, (n, e, w) in enumerate([("裁剪", "Cutting", 2), ("车缝", "Sewing", 5), ("包装", "Packing", 1)])]  # fmt: skip
    db.session.add(template)
    db.session.commit()
    return template


def test_plan_from_template_spreads_the_dates(client, login, make_order, db):
    login(Role.SUPERVISOR, language="en")
    template = _template(db)
    order = make_order(stages=(), planned_qty=500, quantity=500)
    start = date.today()
    finish = start + timedelta(days=39)
    response = client.post(
        f"/orders/{order.id}/plan/template",
        data={
            "tpl-template_id": template.id,
            "tpl-start": start.isoformat(),
            "tpl-finish": finish.isoformat(),
        },
    )
    assert response.status_code == 302
    stages = db.session.scalars(
        sa.select(Stage).where(Stage.order_id == order.id).order_by(Stage.position)
    ).all()
    assert [s.name_en for s in stages] == ["Cutting", "Sewing", "Packing"]
    assert all(s.planned_qty == 500 for s in stages)
    assert stages[0].planned_start == start
    assert stages[-1].planned_finish == finish
    assert all(s.planned_start <= s.planned_finish for s in stages)
    sewing = (stages[1].planned_finish - stages[1].planned_start).days
    cutting = (stages[0].planned_finish - stages[0].planned_start).days
    assert sewing > cutting, "weights share out the lead time"


def test_plan_edit_validates_dates(client, login, make_order, db):
    login(Role.SUPERVISOR, language="en")
    order = make_order(stages=(("裁剪", "Cutting"),))
    today = date.today()
    response = client.post(
        f"/orders/{order.id}/plan",
        data={"stages-0-name": "裁剪", "stages-0-name_en": "Cutting", "stages-0-planned_qty": "80",
              "stages-0-planned_start": today.isoformat(),
              "stages-0-planned_finish": (today - timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 422
    assert "The finish cannot be before the start." in response.get_data(as_text=True)
    response = client.post(
        f"/orders/{order.id}/plan",
        data={"stages-0-name": "裁剪", "stages-0-name_en": "Cutting", "stages-0-planned_qty": "80",
              "stages-0-planned_start": today.isoformat(),
              "stages-0-planned_finish": (today + timedelta(days=4)).isoformat(),
              "stages-1-name": "后整", "stages-1-name_en": "Finishing", "stages-1-planned_qty": "80",
              "stages-1-planned_start": today.isoformat(),
              "stages-1-planned_finish": (today + timedelta(days=8)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    stages = db.session.scalars(
        sa.select(Stage).where(Stage.order_id == order.id).order_by(Stage.position)
    ).all()
    assert [(s.name, s.planned_qty) for s in stages] == [("裁剪", 80), ("后整", 80)]


def test_plan_with_checkins_is_replanned_in_place(client, login, make_order, db):
    from tests.conftest import new_uuid

    login(Role.SUPERVISOR, language="en")
    order = make_order(stages=(("裁剪", "Cutting"),), planned_qty=100)
    client.post(f"/orders/{order.id}/stages/{order.stages[0].id}/checkins",
                data={"client_uuid": new_uuid(), "good_qty": "10"})  # fmt: skip
    today = date.today()
    row = {"stages-0-name": "裁剪", "stages-0-name_en": "Cutting", "stages-0-planned_qty": "120",
           "stages-0-planned_start": today.isoformat(), "stages-0-planned_finish": (today + timedelta(days=3)).isoformat()}  # fmt: skip
    assert client.post(f"/orders/{order.id}/plan", data=row).status_code == 302
    stage = db.session.get(Stage, order.stages[0].id)
    assert stage.planned_qty == 120, "same stage row kept, so its check-ins stay attached"
    extra = {**row, "stages-1-name": "车缝", "stages-1-planned_qty": "120",
             "stages-1-planned_start": today.isoformat(), "stages-1-planned_finish": today.isoformat()}  # fmt: skip
    response = client.post(f"/orders/{order.id}/plan", data=extra, follow_redirects=True)
    assert "Check-ins exist for this plan" in response.get_data(as_text=True)


def test_admin_manages_stage_templates(client, login, db):
    login(Role.ADMIN, language="en")
    response = client.post("/admin/templates/new", data={
        "product_type": "Furniture", "name": "家具", "name_en": "Furniture",
        "steps-0-name": "白茬", "steps-0-name_en": "White body", "steps-0-weight": "4",
        "steps-1-name": "组装", "steps-1-name_en": "Assembly", "steps-1-weight": "2",
        "steps-2-name": "", "steps-2-weight": "",
    })  # fmt: skip
    assert response.status_code == 302
    template = db.session.scalar(sa.select(StageTemplate))
    assert template.product_type == "furniture"
    assert [s.name for s in template.steps] == ["白茬", "组装"]
    response = client.post(
        "/admin/templates/new", data={"product_type": "furniture", "name": "x", "steps-0-name": "a"}
    )
    assert "This code is already used." in response.get_data(as_text=True)
    response = client.post("/admin/templates/new", data={"product_type": "toys", "name": "玩具"})
    assert "Enter at least one stage." in response.get_data(as_text=True)


# --- traveler and scan ---------------------------------------------------------------------


def test_traveler_has_a_qr_code_to_the_order(client, login, make_order):
    login(Role.SUPERVISOR, language="en")
    order = make_order()
    page = client.get(f"/orders/{order.id}/traveler").get_data(as_text=True)
    assert "<svg" in page
    assert f"http://localhost/orders/{order.id}" in page
    assert f"GD{order.id:05d}" in page


def test_qr_code_decodes_to_the_order_url(client, login, make_order):
    import segno

    login(Role.SUPERVISOR)
    order = make_order()
    page = client.get(f"/orders/{order.id}/traveler").get_data(as_text=True)
    expected = segno.make(f"http://localhost/orders/{order.id}", error="m").svg_inline(
        scale=5, border=2, dark="#000", omitsize=False
    )
    assert expected in page


def test_scan_by_typed_number(client, login, make_order):
    me = login(Role.FOLLOWER, language="en")
    order = make_order(follower=me)
    response = client.get("/orders/scan", query_string={"number": f"gd{order.id:05d}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/orders/{order.id}")
    response = client.get("/orders/scan", query_string={"number": "GD99999"})
    assert response.status_code == 404
    assert "No order GD99999 that you follow." in response.get_data(as_text=True)


def test_scan_of_someone_elses_order_is_refused(client, login, make_user, make_order):
    login(Role.FOLLOWER)
    order = make_order(follower=make_user(Role.FOLLOWER))
    assert client.get("/orders/scan", query_string={"number": str(order.id)}).status_code == 404
