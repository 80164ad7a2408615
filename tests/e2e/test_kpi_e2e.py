"""Issue #6, KPI half, in Chromium: a supervisor on a tablet opens the dashboard for October
and reads the figures of the hand-built data set (tests/kpi/conftest.py), follows a figure to
the records behind it, and opens the monthly review; the same dashboard on a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from tests.kpi.conftest import kpi_data  # noqa: F401  (the fixture)

OCT = "start=2026-10-01&end=2026-10-31"


def test_supervisor_reads_the_kpis_on_a_tablet(live, tablet, phone, kpi_data):  # noqa: F811
    page = tablet("zh-CN")
    sign_in(page, live, "boss", TEST_PASSWORD)
    page.goto(f"{live}/")
    page.get_by_role("link", name="Reports").first.click()
    expect(page).to_have_url(f"{live}/kpi/")
    page.goto(f"{live}/kpi/?{OCT}")
    expect(page.locator("#kpi-on_time .kpi-counts")).to_have_text("1 / 2")
    expect(page.locator("#kpi-on_time .kpi-value")).to_have_text("50.0%")
    expect(page.locator("#kpi-first_pass .kpi-value")).to_have_text("75.0%")
    expect(page.locator("#kpi-first_pass .kpi-counts")).to_have_text("3 / 4")
    expect(page.locator("#kpi-complaints .kpi-counts")).to_have_text("2 / 2")
    expect(page.locator("#kpi-corrections .kpi-value")).to_have_text("37.5%")
    expect(page.locator("#kpi-resolution .kpi-value")).to_have_text("20.0 h")
    expect(page.locator("#kpi-supplier_on_time .kpi-counts")).to_have_text("2 / 3")
    expect(page.locator("#kpi-supplier_rejection .kpi-value")).to_have_text("66.7%")
    expect(page.locator("#kpi-at_risk .kpi-value")).to_have_text("1")
    expect(page.locator("#kpi-pareto svg.chart-pareto rect.chart-bar")).to_have_count(3)
    expect(page.locator("#kpi-at-risk-list")).to_contain_text("O4")
    assert no_horizontal_scroll(page)
    screenshot(page, "tablet-kpi-dashboard")

    # the tallest bar of the Pareto chart leads to the three material delays behind it
    page.locator("#kpi-pareto svg a rect.chart-bar").first.click()
    expect(page.locator("#records tbody tr")).to_have_count(3)
    expect(page.locator("#records-summary")).to_contain_text("3 of 5")
    screenshot(page, "tablet-kpi-records-delays")

    # narrowing to one factory keeps the filter on the records page
    page.goto(f"{live}/kpi/?{OCT}")
    page.select_option("#factory", label="盛泰 A")
    page.click("#kpi-filters button[type=submit]")
    expect(page.locator("#kpi-first_pass .kpi-counts")).to_have_text("3 / 3")
    page.click("#kpi-first_pass")
    expect(page.locator("#records tbody tr")).to_have_count(3)

    page.goto(f"{live}/kpi/review?period=month&date=2026-10-14")
    row = page.locator("#review-summary tr[data-key=first_pass]")
    expect(row.locator(".cur")).to_contain_text("75.0%")
    expect(row.locator(".prev")).to_contain_text("100.0%")
    screenshot(page, "tablet-kpi-review")

    small = phone("zh-CN")
    sign_in(small, live, "boss", TEST_PASSWORD)
    small.goto(f"{live}/kpi/?{OCT}")
    expect(small.locator("#kpi-first_pass .kpi-value")).to_have_text("75.0%")
    assert no_horizontal_scroll(small)
    screenshot(small, "phone-kpi-dashboard")
    assert not small.js_errors
