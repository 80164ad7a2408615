"""Who sees which POs, the follow-up sections, problems per order, supplier metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.materials import queries
from webapp.materials.models import InspectionOutcome, MaterialPOStatus

S = MaterialPOStatus
TODAY = date.today()


def test_followers_see_pos_of_their_orders_or_their_own(db, make_user, make_order, make_po):
    lina, zhang = make_user(Role.FOLLOWER), make_user(Role.FOLLOWER)
    supervisor, inspector = make_user(Role.SUPERVISOR), make_user(Role.INSPECTOR)
    mine = make_po(orders=[make_order(follower=lina)])
    shared = make_po(orders=[make_order(follower=lina), make_order(follower=zhang)])
    created = make_po(created_by_id=lina.id)
    theirs = make_po(orders=[make_order(follower=zhang)])

    def ids(user):
        return {
            po.id
            for po in db.session.scalars(queries.visible(db.session.get(User, user.id))).unique()
        }

    assert ids(lina) == {mine.id, shared.id, created.id}
    assert ids(zhang) == {shared.id, theirs.id}
    assert ids(supervisor) == ids(inspector) == {mine.id, shared.id, created.id, theirs.id}


def test_search_by_number_item_and_supplier(db, make_user, make_po, make_supplier):
    boss = db.session.get(User, make_user(Role.SUPERVISOR).id)
    a = make_po(
        number="JX-2026-001",
        item="Cotton twill 斜纹布",
        supplier=make_supplier(name="锦绣纺织 Jinxiu Textiles"),
    )
    b = make_po(number="HX-77", item="Buttons 纽扣")
    assert [p.id for p in queries.search(boss, "jx-2026")] == [a.id]
    assert [p.id for p in queries.search(boss, "纽扣")] == [b.id]
    assert [p.id for p in queries.search(boss, "jinxiu")] == [a.id]
    assert {p.id for p in queries.search(boss, status=S.ORDERED)} == {a.id, b.id}
    assert queries.search(boss, status=S.SHIPPED) == []


def test_problem_pos_for_order(db, make_order, make_po):
    order, other = make_order(), make_order()
    late = make_po(orders=[order], status=S.CONFIRMED, promised_date=TODAY - timedelta(days=2))
    short = make_po(
        orders=[order],
        status=S.RECEIVED,
        quantity=100,
        received_qty=90,
        promised_date=TODAY - timedelta(days=5),
    )
    rejected = make_po(
        orders=[order],
        status=S.INSPECTED,
        received_qty=100,
        quantity=100,
        inspection_result=InspectionOutcome.REJECTED,
        inspection_note="霉点",
    )
    make_po(orders=[order], status=S.CONFIRMED, promised_date=TODAY)  # due today: not late
    make_po(
        orders=[order],
        status=S.IN_WAREHOUSE,
        received_qty=100,
        quantity=100,
        promised_date=TODAY - timedelta(days=9),
    )
    make_po(orders=[order], status=S.RECEIVED, received_qty=120, quantity=100)  # over, not short
    make_po(orders=[order], status=S.CANCELLED, promised_date=TODAY - timedelta(days=9))
    make_po(orders=[other], status=S.ORDERED, promised_date=TODAY - timedelta(days=9))
    result = queries.problem_pos_for_order(order.id, TODAY)
    assert {p.id for p in result} == {late.id, short.id, rejected.id}
    assert [p.id for p in result] == [short.id, late.id, rejected.id]  # by promised date
    assert result[0].supplier.name  # loaded for the caller
    assert {p.id for p in queries.for_order(order.id)} >= {late.id, short.id, rejected.id}
    assert len(queries.for_order(order.id)) == 7


def test_follow_up_sections(db, make_po):
    now = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
    soon = make_po(status=S.CONFIRMED, promised_date=TODAY + timedelta(days=1))
    late = make_po(status=S.SHIPPED, promised_date=TODAY - timedelta(days=1))
    short = make_po(status=S.RECEIVED, quantity=100, received_qty=60)
    rest = make_po(status=S.ORDERED, promised_date=TODAY + timedelta(days=20))
    done = make_po(status=S.IN_WAREHOUSE, quantity=100, received_qty=60)
    pos = queries.search(_boss(db))
    sections = queries.follow_up(pos, now)
    assert [p.id for p in sections.due_soon] == [soon.id]
    assert [p.id for p in sections.overdue] == [late.id]
    assert [p.id for p in sections.problems] == [short.id]
    assert {p.id for p in sections.rest} == {rest.id, done.id}


def _boss(db):
    user = User(username="boss", full_name="Boss", role=Role.SUPERVISOR, password_hash="x")
    db.session.add(user)
    db.session.commit()
    return user


def test_supplier_metrics_use_the_local_receipt_date(db, make_po, make_supplier):
    supplier = make_supplier()
    promised = date(2026, 5, 10)
    # 23:00 UTC on the 9th is the 10th in Shanghai: still on time there
    make_po(
        supplier=supplier,
        status=S.RECEIVED,
        promised_date=promised,
        received_qty=1000,
        received_at=datetime(2026, 5, 9, 23, 0, tzinfo=UTC),
    )
    # 17:00 UTC on the 10th is the 11th in Shanghai: late
    make_po(
        supplier=supplier,
        status=S.INSPECTED,
        promised_date=promised,
        received_qty=900,
        received_at=datetime(2026, 5, 10, 17, 0, tzinfo=UTC),
        inspection_result=InspectionOutcome.REJECTED,
    )
    m = queries.supplier_metrics("Asia/Shanghai")[supplier.id]
    assert (m.on_time_rate, m.right_quantity_rate, m.rejection_rate) == (0.5, 0.5, 1.0)


def test_demo_data_has_every_state_and_the_follow_up_cases(app, db):
    from webapp.demo import load

    load()
    today = date.today()
    pos = queries.search(db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR)))
    assert {po.status for po in pos} == set(S)
    assert all(po.order_ids for po in pos)
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    sections = queries.follow_up(pos, now)
    assert sections.due_soon and sections.overdue and sections.problems
    assert any(po.inspection_result is InspectionOutcome.REJECTED for po in pos)
