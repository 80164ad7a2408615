"""An inspector runs a final inspection on a phone with defect photos; the PDF has them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role
from webapp.inspections.models import DefectClass


def test_inspector_runs_a_final_inspection_with_photos(
    live, phone, make_user, make_order, make_customer, make_defect_type, tmp_path
):
    make_user(Role.INSPECTOR, username="chen", full_name="陈杰", language="zh_Hans")
    customer = make_customer(name="Hanseatic Apparel GmbH")
    order = make_order(
        customer=customer,
        style="HA-5521",
        product_name="男式Polo衫",
        quantity=1000,
        planned_qty=1000,
    )
    make_defect_type(name="污渍", name_en="Stain", default_class=DefectClass.MAJOR, product_type="")
    make_defect_type(
        name="线头未剪",
        name_en="Untrimmed threads",
        default_class=DefectClass.MINOR,
        product_type="",
    )
    photo_a = tmp_path / "stain1.jpg"
    photo_b = tmp_path / "stain2.jpg"
    photo_a.write_bytes(jpeg_bytes((3000, 2250), (180, 40, 40)))
    photo_b.write_bytes(jpeg_bytes((2250, 3000), (40, 40, 180)))

    page = phone("zh-CN")
    sign_in(page, live, "chen", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    page.click("#start-inspection")
    expect(page.locator('#plan-preview tr[data-class="major"]')).to_contain_text("80")
    page.fill("#lot_size", "500")  # the plan follows the lot size without a reload
    expect(page.locator('#plan-preview tr[data-class="major"] td').nth(2)).to_have_text("50")
    screenshot(page, "phone-inspection-start-zh")
    page.click("#start-form button[type=submit]")

    expect(page.locator('.tally[data-class="major"] .found')).to_have_text("0")
    page.select_option("#defect_type_id", label="污渍")
    page.fill("#count", "2")
    page.set_input_files("#photos", [str(photo_a), str(photo_b)])
    page.click("#defect-form button[type=submit]")
    expect(page.locator('.tally[data-class="major"] .found')).to_have_text("2")
    expect(page.locator(".defect-row .photo-strip img")).to_have_count(2)
    # n=50, AQL 2.5 -> Ac 3 Re 4: two more majors reject the lot
    expect(page.locator('.tally[data-class="major"] .tally-hint')).to_contain_text(
        "再有 2 个即判不合格"
    )
    page.select_option("#defect_type_id", label="线头未剪")
    expect(page.locator("#defect_class")).to_have_value("minor")
    page.click("#defect-form button[type=submit]")
    expect(page.locator('.tally[data-class="minor"] .found')).to_have_text("1")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-inspection-recording-zh")

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#submit-form button[type=submit]")
    expect(page.locator("#verdict")).to_have_text("合格")
    screenshot(page, "phone-inspection-submitted-zh")
    assert page.js_errors == []

    with page.expect_download() as info:
        page.click("#pdf-zh")
    pdf = Path(info.value.path())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "最终随机检验报告" in text and "污渍" in text and "Hanseatic Apparel GmbH" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len([ln for ln in images.splitlines()[2:] if ln.strip()]) == 2
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(next(ln.split()[-1] for ln in pages.splitlines() if ln.startswith("Pages:"))) >= 1
    shots = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(shots / "pdf-inspection-zh"),
        ],
        check=True,
    )
