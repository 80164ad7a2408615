"""A follower records check-ins with no connection; they reach the server once each."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.inspections.models import Defect, DefectClass, DefectPhoto
from webapp.orders.models import Order, OrderStatus
from webapp.progress.models import CheckIn


def _controlled(page) -> None:
    """Wait until the service worker controls the page (it claims pages when it activates)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def _saved(page, path: str = "") -> None:
    """Wait until the worker has stored its copy of a page (it does so after answering)."""
    page.wait_for_function(
        "path => caches.open('gendan-pages')"
        ".then(c => c.match(new URL(path || location.href, location.href).href)).then(Boolean)",
        arg=path,
    )


def _cut_off(context) -> None:
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def _reconnect(context) -> None:
    context.unroute("**/*")
    context.set_offline(False)


def _stored(app, stage_id: int) -> list[int]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(CheckIn.good_qty).where(CheckIn.stage_id == stage_id).order_by(CheckIn.id)
        )
        return list(rows)


def _defects(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [
            (d.count, db.session.scalar(
                sa.select(sa.func.count()).select_from(DefectPhoto).where(DefectPhoto.defect_id == d.id)
            ))
            for d in db.session.scalars(sa.select(Defect))
        ]  # fmt: skip


def test_check_ins_and_a_defect_with_photos_made_offline_survive_a_reload_and_arrive_once(
    app, live, phone, make_user, make_order, make_defect_type, tmp_path
):
    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    order = make_order(follower=follower, style="HA-5521", planned_qty=600, quantity=600,
                       stages=(("裁剪", "Cutting"), ("车缝", "Sewing")))  # fmt: skip
    cutting = order.stages[0]
    make_defect_type(name="污渍", name_en="Stain", default_class=DefectClass.MAJOR, product_type="")
    photos = [tmp_path / "a.jpg", tmp_path / "b.jpg"]
    photos[0].write_bytes(jpeg_bytes((3000, 2250), (180, 40, 40)))
    photos[1].write_bytes(jpeg_bytes((2250, 3000), (40, 40, 180)))

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    _controlled(page)
    page.reload()  # now through the worker, which keeps a copy of the page
    expect(page.locator("h1")).to_contain_text("HA-5521")
    _saved(page)
    _saved(page, "/sync")
    page.click("#start-inspection")
    page.click("#start-form button[type=submit]")
    expect(page.locator("#defect-form")).to_be_visible()
    inspection_url = page.url

    # The Wi-Fi drops in the middle of the inspection: a defect with two photos.
    _cut_off(page.context)
    page.select_option("#defect_type_id", label="污渍")
    page.fill("#count", "2")
    page.set_input_files("#photos", [str(p) for p in photos])
    page.click("#defect-form button[type=submit]")
    expect(page.locator("[data-outbox-badge]")).to_contain_text("1 条待发送")
    assert _defects(app) == []

    page.goto(f"{live}/orders/{order.id}")  # the saved copy of the order page
    card = page.locator(f"#stage-{cutting.id}")
    for qty in (10, 20, 30, 40, 50):
        card.locator("input[name=good_qty]").fill(str(qty))
        card.locator("button[type=submit]").click()
        expect(page.locator("[data-outbox-badge]")).to_contain_text(f"{qty // 10 + 1} 条待发送")
    expect(card.locator("[data-outbox-note]")).to_contain_text("已保存在本机")
    assert card.locator("input[name=good_qty]").input_value() == ""  # ready for the next one
    assert _stored(app, cutting.id) == []
    screenshot(page, "phone-offline-queued-zh")

    page.reload()  # still offline: the saved copy of the page, and the outbox, are still there
    expect(page.locator("h1")).to_contain_text("HA-5521")
    expect(page.locator(".notice-offline")).to_contain_text("没有网络")
    expect(page.locator("[data-outbox-badge]")).to_contain_text("6 条待发送")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-offline-reloaded-zh")

    page.locator("[data-outbox-badge]").click()  # the outbox page opens offline too
    expect(page.locator("#outbox-list li")).to_have_count(6)
    expect(page.locator("#outbox-list li").first).to_contain_text("2 张照片")
    expect(page.locator("#outbox-list li").nth(1)).to_contain_text("良品 10")
    screenshot(page, "phone-sync-pending-zh")
    page.goto(f"{live}/delays")  # never opened on this phone: the offline page says so
    expect(page.locator("h1")).to_contain_text("没有网络")
    page.go_back()

    _reconnect(page.context)
    page.click("[data-outbox-action=send]")
    expect(page.locator("#outbox-list li")).to_have_count(0)
    expect(page.locator("[data-outbox-badge]")).to_be_hidden()
    assert _stored(app, cutting.id) == [10, 20, 30, 40, 50]
    assert _defects(app) == [(2, 2)]
    page.goto(inspection_url)
    expect(page.locator(".defect-row .photo-strip img")).to_have_count(2)
    # Only the expected noise of a lost connection (the browser's and htmx's own log lines);
    # no script error.
    expected = ("net::ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    assert [e for e in page.js_errors if not any(x in e for x in expected)] == []


def test_a_check_in_whose_answer_is_lost_is_retried_without_a_duplicate(
    app, live, phone, make_user, make_order
):
    follower = make_user(Role.FOLLOWER, username="lina", language="zh_Hans")
    order = make_order(follower=follower, planned_qty=600, stages=(("裁剪", "Cutting"),))
    stage = order.stages[0]
    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")

    def commit_then_drop(route):
        route.fetch()  # the server stores the check-in ...
        route.abort("connectionreset")  # ... and the phone never hears back

    page.route("**/checkins", commit_then_drop)
    card = page.locator(f"#stage-{stage.id}")
    card.locator("input[name=good_qty]").fill("77")
    card.locator("button[type=submit]").click()
    expect(page.locator("[data-outbox-badge]")).to_contain_text("1 条待发送")
    assert _stored(app, stage.id) == [77]

    page.unroute("**/checkins")
    page.evaluate("window.gendanOutbox.drain()")
    expect(page.locator("[data-outbox-badge]")).to_be_hidden()
    assert _stored(app, stage.id) == [77]  # the replay was answered with the original


def test_a_refused_record_stays_with_its_reason_until_the_user_decides(
    app, live, phone, make_user, make_order
):
    follower = make_user(Role.FOLLOWER, username="lina", language="zh_Hans")
    order = make_order(follower=follower, planned_qty=600, stages=(("裁剪", "Cutting"),))
    stage = order.stages[0]
    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    _controlled(page)

    _cut_off(page.context)
    card = page.locator(f"#stage-{stage.id}")
    card.locator("input[name=good_qty]").fill("15")
    card.locator("button[type=submit]").click()
    expect(page.locator("[data-outbox-badge]")).to_contain_text("1 条待发送")

    # Meanwhile the supervisor closes the order: the server refuses the late check-in.
    with app.app_context():
        db.session.get(Order, order.id).status = OrderStatus.CANCELLED
        db.session.commit()

    _reconnect(page.context)
    page.goto(f"{live}/sync")
    page.click("[data-outbox-action=send]")
    item = page.locator("#outbox-list li")
    expect(item).to_have_attribute("data-state", "rejected")
    expect(item.locator("[data-error]")).to_be_visible()
    expect(page.locator("[data-outbox-badge]")).to_have_class("outbox-badge has-rejected")
    screenshot(page, "phone-sync-rejected-zh")
    assert _stored(app, stage.id) == []

    page.on("dialog", lambda dialog: dialog.accept())
    item.locator("[data-outbox-action=discard]").click()
    expect(page.locator("#outbox-list li")).to_have_count(0)


def test_a_delay_recorded_offline_arrives_once_with_its_photo(
    app, live, phone, make_user, make_order, tmp_path
):
    from webapp.delays.models import Delay, DelayPhoto

    follower = make_user(Role.FOLLOWER, username="lina", language="zh_Hans")
    order = make_order(follower=follower, planned_qty=600, stages=(("车缝", "Sewing"),))
    photo = tmp_path / "line.jpg"
    photo.write_bytes(jpeg_bytes((1600, 1200), (90, 90, 90)))
    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}/delays/new")
    _controlled(page)
    page.reload()
    _saved(page)

    _cut_off(page.context)
    page.check("input[name=cause][value=equipment]")
    page.fill("#hours_lost", "3")
    page.fill("#note", "平车坏了")
    page.set_input_files("#photos", [str(photo)])
    page.click("#delay-form button[type=submit]")
    expect(page.locator("[data-outbox-badge]")).to_contain_text("1 条待发送")
    expect(page.locator("#delay-form [data-outbox-note]")).to_be_visible()

    _reconnect(page.context)
    page.evaluate("window.gendanOutbox.drain()")
    expect(page.locator("[data-outbox-badge]")).to_be_hidden()
    page.evaluate("window.gendanOutbox.drain()")  # a second drain finds nothing to send
    with app.app_context():
        delays = db.session.scalars(sa.select(Delay)).all()
        assert [(d.hours_lost, d.note) for d in delays] == [(3, "平车坏了")]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DelayPhoto)) == 1
