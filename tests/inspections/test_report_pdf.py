"""Tests for the inspection report PDF renderer (webapp/inspections/report_pdf.py).

Reports are built in memory (JPEGs drawn with Pillow), rendered, and read back with poppler's
command-line tools: pdftotext (text, also Chinese: STSong-Light's UniGB-UCS2-H encoding maps
back to Unicode), pdfinfo (page count), pdfimages (embedded images with their pages), pdftoppm
(pixels). .ci/run installs poppler-utils.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest
import reportlab.rl_config
from PIL import Image, ImageDraw

from webapp.inspections import report_pdf
from webapp.inspections.report_pdf import (
    LABEL_KEYS,
    InspectionReport,
    ReportChecklistRow,
    ReportClassRow,
    ReportDefectRow,
    ReportPhoto,
    render_pdf,
)

# Skipped only on a developer machine without poppler-utils; in CI a missing tool fails.
pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdfimages", "pdftoppm"))
    and not os.environ.get("CI"),
    reason="poppler-utils not installed (.ci/run installs it)",
)

ZH_LABELS = {
    "summary": "检验概要",
    "verdict": "检验结论",
    "standard": "抽样标准",
    "results": "抽样结果",
    "class": "缺陷类别",
    "aql": "AQL",
    "sample_size": "样本量",
    "accept": "Ac",
    "reject": "Re",
    "found": "发现数",
    "result": "判定",
    "defects": "缺陷明细",
    "defect_type": "缺陷类型",
    "count": "数量",
    "note": "说明",
    "checklist": "检查清单",
    "item": "检查项",
    "comment": "评语",
    "photos": "现场照片",
    "notes": "检验备注",
    "page": "页",
    "of": "/",
    "generated": "生成时间",
    "no_defects": "未发现任何缺陷",
}
EN_LABELS = {
    "summary": "Summary",
    "verdict": "Verdict",
    "standard": "Sampling standard",
    "results": "Results",
    "class": "Class",
    "aql": "AQL",
    "sample_size": "Sample size",
    "accept": "Ac",
    "reject": "Re",
    "found": "Found",
    "result": "Result",
    "defects": "Defects",
    "defect_type": "Defect type",
    "count": "Count",
    "note": "Note",
    "checklist": "Checklist",
    "item": "Item",
    "comment": "Comment",
    "photos": "Photos",
    "notes": "Remarks",
    "page": "Page",
    "of": "of",
    "generated": "Generated",
    "no_defects": "No defects found",
}

CUSTOMER_ZH = "深圳市宏达服装进出口有限公司"
TITLE_ZH = "最终随机检验报告"
REPORT_NO = "INS-00042"
GENERATED = "2024-08-15 17:42"
DEFECT_TYPES_ZH = ("断线", "污渍", "线头")

# Distinct colours: identical image bytes would be embedded once (ReportLab dedupes by digest).
PALETTE = [(200, 40, 40), (40, 160, 60), (40, 80, 200), (220, 180, 30), (120, 60, 160)]


def jpeg(width: int, height: int, seed: int) -> bytes:
    colour = PALETTE[seed % len(PALETTE)]
    im = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(im)
    draw.rectangle([width // 4, height // 4, 3 * width // 4, 3 * height // 4], fill="white")
    draw.text((8, 8), str(seed), fill="black")  # makes every photo's bytes different
    buf = BytesIO()
    im.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def photos(n: int, size: tuple[int, int] = (640, 480)) -> list[ReportPhoto]:
    out = []
    for i in range(n):
        # Every third photo is portrait, as phone photos come.
        w, h = size if i % 3 else size[::-1]
        out.append(ReportPhoto(f"照片说明{i + 1:02d} collar", jpeg(w, h, i), w, h))
    return out


def zh_report(**changes) -> InspectionReport:
    report = InspectionReport(
        lang="zh_Hans",
        title=TITLE_ZH,
        report_number=REPORT_NO,
        labels=ZH_LABELS,
        header=[
            ("客户", CUSTOMER_ZH),
            ("订单号", "PO-2024-0815"),
            ("款号", "HD-TS-2201"),
            ("产品", "男式圆领T恤"),
            ("工厂", "东莞永盛制衣厂"),
            ("检验日期", "2024-08-15"),
            ("检验员", "王小明"),
            ("检验类型", "最终随机检验 FRI"),
            ("批量", "3200"),
            ("样本量", "125"),
        ],
        standard="ANSI/ASQ Z1.4 单次抽样, 一般检验水平 II, 正常检验",
        classes=[
            ReportClassRow("严重 Critical", "0", 125, 0, 1, 0, "合格", True),
            ReportClassRow("主要 Major", "2.5", 125, 7, 8, 9, "不合格", False),
            ReportClassRow("次要 Minor", "4.0", 125, 10, 11, 4, "合格", True),
        ],
        verdict_label="不合格 FAIL",
        accepted=False,
        defects=[
            ReportDefectRow("断线", "主要", 5, "领口处"),
            ReportDefectRow("污渍", "主要", 4, "前片油污"),
            ReportDefectRow("线头", "次要", 4, ""),
        ],
        checklist=[
            ReportChecklistRow("包装与唛头", "通过", True, ""),
            ReportChecklistRow("尺寸测量", "不通过", False, "胸围超差 +1.5 cm"),
            ReportChecklistRow("条码扫描", "不适用", None, "客户未要求"),
        ],
        photos=photos(4),
        notes="主要缺陷超出允收水准, 建议返工后重新检验。",
        generated_at=GENERATED,
        verdict_note="待主管审批",
    )
    return dataclasses.replace(report, **changes)


def en_report(**changes) -> InspectionReport:
    report = InspectionReport(
        lang="en",
        title="Final Random Inspection Report",
        report_number=REPORT_NO,
        labels=EN_LABELS,
        header=[
            ("Customer", CUSTOMER_ZH),  # a Chinese name in an English report
            ("PO", "PO-2024-0815"),
            ("Product", "Men's crew-neck T-shirt"),
            ("Inspector", "Wang Xiaoming"),
        ],
        standard="ANSI/ASQ Z1.4 single sampling, general level II, normal inspection",
        classes=[
            ReportClassRow("Critical", "0", 125, 0, 1, 0, "Accepted", True),
            ReportClassRow("Major", "2.5", 125, 7, 8, 2, "Accepted", True),
            ReportClassRow("Minor", "4.0", 125, 10, 11, 3, "Accepted", True),
        ],
        verdict_label="Accepted",
        accepted=True,
        defects=[ReportDefectRow("Broken stitch", "Major", 2, "at collar")],
        checklist=[ReportChecklistRow("Carton marks", "Pass", True, "")],
        photos=photos(2),
        notes="Lot released for shipment.",
        generated_at=GENERATED,
    )
    return dataclasses.replace(report, **changes)


# ------------------------------------------------------------------------------------------
# poppler helpers
# ------------------------------------------------------------------------------------------


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def save(pdf: bytes, tmp_path: Path, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def page_texts(path: Path, layout: bool = True) -> list[str]:
    """Text of each page (pdftotext ends every page with a form feed)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return run(*args).split("\f")[:-1]


def body_text(pages: list[str]) -> str:
    """The pages' text without the header band and the footer, whitespace removed."""
    chrome = re.compile(
        rf"^({TITLE_ZH}|Gendan 跟单|{REPORT_NO}|生成时间 .*|Gendan \| .*|页\s*\d+\s*/\s*\d+)$"
    )
    lines = (line.strip() for page in pages for line in page.splitlines())
    return flat("".join(line for line in lines if not chrome.match(line)))


def flat(text: str) -> str:
    """Text without any whitespace: robust against line wrapping and column spacing."""
    return re.sub(r"\s+", "", text)


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), re.MULTILINE)
    assert match, "pdfinfo printed no page count"
    return int(match.group(1))


def images(path: Path) -> list[dict[str, str]]:
    """pdfimages -list: one row per image drawn, with page, size and encoding."""
    lines = run("pdfimages", "-list", str(path)).splitlines()
    head = lines[0].split()
    return [dict(zip(head, line.split(), strict=False)) for line in lines[2:] if line.strip()]


# ------------------------------------------------------------------------------------------
# Tests
# ------------------------------------------------------------------------------------------


def test_chinese_report_text(tmp_path):
    pdf = render_pdf(zh_report())
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    path = save(pdf, tmp_path)
    text = "\n".join(page_texts(path))
    total = page_count(path)
    for expected in (
        TITLE_ZH,
        REPORT_NO,
        CUSTOMER_ZH,
        "不合格 FAIL",
        "待主管审批",
        "ANSI/ASQ Z1.4 单次抽样",
        "东莞永盛制衣厂",
        *DEFECT_TYPES_ZH,
        "胸围超差 +1.5 cm",
        "建议返工后重新检验",
        GENERATED,
    ):
        assert expected in text, expected
    for i in range(1, 5):
        assert f"照片说明{i:02d} collar" in text
    for key in ("summary", "results", "defects", "checklist", "photos", "notes"):
        assert ZH_LABELS[key] in text, key
    assert re.search(rf"页\s*1\s*/\s*{total}\b", text)


def test_footer_and_header_on_every_page(tmp_path):
    path = save(render_pdf(zh_report(photos=photos(14))), tmp_path)
    pages = page_texts(path)
    assert len(pages) == page_count(path) >= 3
    for number, text in enumerate(pages, 1):
        assert re.search(rf"页\s*{number}\s*/\s*{len(pages)}\b", text), number
        assert GENERATED in text
        assert TITLE_ZH in text
        assert text.count(REPORT_NO) >= 2  # header band and footer


def test_sections_in_order(tmp_path):
    text = "\n".join(page_texts(save(render_pdf(zh_report()), tmp_path)))
    keys = ("summary", "results", "defects", "checklist", "photos", "notes")
    positions = [text.index(ZH_LABELS[key]) for key in keys]
    assert positions == sorted(positions)
    # The verdict sits in the summary, before the results table.
    assert text.index(ZH_LABELS["summary"]) < text.index("不合格 FAIL") < positions[1]


def test_english_report_with_chinese_name(tmp_path):
    path = save(render_pdf(en_report()), tmp_path)
    text = "\n".join(page_texts(path))
    total = page_count(path)
    for expected in (
        "Final Random Inspection Report",
        CUSTOMER_ZH,
        "Accepted",
        "Broken stitch",
        "Men's crew-neck T-shirt",
        "Lot released for shipment.",
        "照片说明01 collar",
        f"Page 1 of {total}",
    ):
        assert expected in text, expected
    fonts = run("pdffonts", str(path)) if shutil.which("pdffonts") else ""
    if fonts:
        assert "STSong-Light" in fonts and "Helvetica" in fonts


def test_page_count_grows_with_photos(tmp_path):
    counts = {
        n: page_count(save(render_pdf(zh_report(photos=photos(n))), tmp_path, f"p{n}.pdf"))
        for n in (0, 4, 30)
    }
    assert counts[0] == 1
    assert counts[0] < counts[4] < counts[30]
    # Six photos fit on a page (three rows of two): 30 photos need at least five more pages.
    assert counts[30] - counts[0] >= 5
    assert counts[30] <= counts[0] + 7


@pytest.mark.parametrize("n", [0, 1, 4, 30])
def test_one_embedded_jpeg_per_photo(tmp_path, n):
    listed = images(save(render_pdf(zh_report(photos=photos(n))), tmp_path))
    assert len(listed) == n
    # The JPEGs are passed through, not re-encoded, at their own pixel size.
    assert all(row["enc"] == "jpeg" for row in listed)
    assert sorted((int(r["width"]), int(r["height"])) for r in listed) == sorted(
        (p.width, p.height) for p in photos(n)
    )


def test_each_photo_on_the_page_of_its_caption(tmp_path):
    path = save(render_pdf(zh_report(photos=photos(30))), tmp_path)
    pages = [flat(text) for text in page_texts(path)]
    image_pages = [int(row["page"]) for row in images(path)]
    assert len(image_pages) == 30
    # Images are listed in drawing order, which is photo order.
    for number, page in enumerate(image_pages, 1):
        assert f"照片说明{number:02d}collar" in pages[page - 1], number
    assert max(image_pages.count(p) for p in set(image_pages)) <= 6


def test_section_heading_never_alone_at_page_bottom(tmp_path):
    # Growing the checklist moves the photo heading down the page until it has to move on.
    for rows in range(14, 34, 2):
        checklist = [ReportChecklistRow(f"检查项{i}", "通过", True, "") for i in range(rows)]
        path = save(render_pdf(zh_report(checklist=checklist)), tmp_path, f"c{rows}.pdf")
        pages = page_texts(path)
        heading_page = next(i for i, t in enumerate(pages) if ZH_LABELS["photos"] in t)
        assert "照片说明01 collar" in pages[heading_page], rows
        first_image_page = int(images(path)[0]["page"])
        assert first_image_page == heading_page + 1, rows


def test_no_defects_no_photos_no_checklist_no_notes(tmp_path):
    report = zh_report(defects=[], photos=[], checklist=[], notes="  \n ")
    path = save(render_pdf(report), tmp_path)
    text = "\n".join(page_texts(path))
    assert ZH_LABELS["no_defects"] in text
    assert ZH_LABELS["defects"] in text
    # Empty sections are left out rather than shown with nothing under them.
    for key in ("checklist", "photos", "notes"):
        assert ZH_LABELS[key] not in text, key
    assert images(path) == []
    assert page_count(path) == 1


def test_defects_present_hide_no_defects_label(tmp_path):
    text = "\n".join(page_texts(save(render_pdf(zh_report()), tmp_path)))
    assert ZH_LABELS["no_defects"] not in text


def test_markup_characters_come_out_literally(tmp_path):
    hostile = '<script>alert("x")</script> & <b>bold?</b> &amp; </para> ]]>'
    report = zh_report(
        notes=hostile,
        header=[("客户 <i>", "A & B <Co>")],
        defects=[ReportDefectRow("<断线>", "&主要", 1, "<br/> a<b")],
        verdict_label="<FAIL & 不合格>",
        photos=[ReportPhoto("<img src=x> & 照片", jpeg(320, 240, 1), 320, 240)],
    )
    text = "\n".join(page_texts(save(render_pdf(report), tmp_path)))
    for expected in (
        hostile,
        "客户 <i>",
        "A & B <Co>",
        "<断线>",
        "&主要",
        "<br/> a<b",
        "<FAIL & 不合格>",
        "<img src=x> & 照片",
    ):
        assert expected in text, expected


def test_very_long_notes_flow_over_pages(tmp_path):
    sentence = "本批货物在包装前需逐件复检, 并由工厂品质部签字确认。Rework before packing. "
    notes = "\n\n".join(sentence * 12 for _ in range(40)) + "\n\n结束标记END"
    path = save(render_pdf(zh_report(notes=notes, photos=[])), tmp_path)
    pages = page_texts(path, layout=False)
    assert len(pages) >= 4
    assert "结束标记END" in pages[-1]
    # All of it, in order, nothing lost at the page breaks.
    assert flat(notes) in body_text(pages)


def test_long_and_mixed_text_stays_inside_the_margins(tmp_path):
    long_name = "深圳市宏达服装进出口有限公司 Shenzhen Hongda Garments Import & Export " * 6
    report = en_report(
        header=[
            ("Customer", long_name),
            ("Style", "HD-" + "X" * 300),  # one unbreakable token
            ("工厂", "东莞永盛制衣厂" * 30),
            ("PO", "PO-1"),
            ("Empty", ""),
        ],
        defects=[ReportDefectRow("污渍 stain " * 20, "Major", 3, "note " * 400)],
        checklist=[ReportChecklistRow("包装" * 80, "Fail", False, "长评语" * 300)],
        title="Final Random Inspection Report for a Very Long Customer Name " * 4,
        photos=[ReportPhoto("说明 caption " * 80, jpeg(400, 300, 2), 400, 300)],
    )
    path = save(render_pdf(report), tmp_path)
    html = run("pdftotext", "-bbox", str(path), "-")
    page_w, page_h = report_pdf.A4
    margin = report_pdf.MARGIN_X
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
    )
    assert len(words) > 200
    for x0, y0, x1, y1 in ((float(v) for v in w) for w in words):
        assert margin - 1 <= x0 and x1 <= page_w - margin + 1, (x0, x1)
        assert y0 >= 0 and y1 <= page_h - 5, (y0, y1)
    text = flat("".join(page_texts(path, layout=False)))
    assert flat("东莞永盛制衣厂" * 30) in text


def test_absurd_lengths_do_not_crash(tmp_path):
    # Nothing here may raise ReportLab's LayoutError ("too large on page").
    report = zh_report(
        verdict_label="不合格" * 1000,
        verdict_note="待审批" * 2000,
        standard="标准" * 2000,
        header=[("客户" * 200, "名称" * 3000)],
        classes=[ReportClassRow("严重" * 300, "0", 1, 0, 1, 1, "不合格" * 300, False)],
        defects=[ReportDefectRow("断线" * 800, "主要" * 300, 1, "领口处" * 2000)],
        checklist=[ReportChecklistRow("包装" * 800, "通过" * 300, True, "评" * 5000)],
        photos=[ReportPhoto("说明" * 5000, jpeg(100, 2000, 0), 100, 2000)],
        title="报告" * 500,
        report_number="INS-" * 300,
    )
    path = save(render_pdf(report), tmp_path)
    pages = page_texts(path)
    assert len(pages) > 3
    assert len(images(path)) == 1
    assert "不合格不合格" in pages[0]
    assert "…" in "".join(pages)  # the badge label, the caption and the band text are cut


def test_summary_verdict_badge_is_coloured(tmp_path):
    def badge_pixels(report: InspectionReport, name: str) -> tuple[int, int]:
        path = save(render_pdf(report), tmp_path, f"{name}.pdf")
        prefix = tmp_path / name
        run(
            "pdftoppm",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(path),
            str(prefix),
        )
        im = Image.open(f"{prefix}.png").convert("RGB")
        top = im.crop((0, 0, im.width, im.height // 3))  # "near the top"

        raw = top.tobytes()
        pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))

        def near(rgb: tuple[int, int, int]) -> int:
            return sum(
                1 for px in pixels if sum(abs(a - b) for a, b in zip(px, rgb, strict=True)) < 40
            )

        return near((0x1E, 0x7B, 0x34)), near((0xC6, 0x28, 0x28))

    green, red = badge_pixels(zh_report(accepted=True, verdict_label="合格 PASS"), "pass")
    assert green > 600 and red < 100, (green, red)
    green, red = badge_pixels(zh_report(accepted=False), "fail")
    assert red > 600 and green < 100, (green, red)


def test_result_colours_follow_the_flags(monkeypatch):
    # A rejected class shows its found count (summary box and results table) and its result
    # in red; when every class is accepted there is no red on the page at all.
    monkeypatch.setattr(reportlab.rl_config, "pageCompression", 0)
    red = b".776471 .156863 .156863 rg"  # report_pdf.RED as a PDF fill colour

    all_ok = zh_report(
        classes=[ReportClassRow("严重", "0", 125, 0, 1, 0, "合格", True)],
        checklist=[],
        accepted=True,
        verdict_label="合格",
    )
    one_bad = dataclasses.replace(
        all_ok, classes=[ReportClassRow("严重", "0", 125, 0, 1, 7, "不合格", False)]
    )
    ok_pdf, bad_pdf = render_pdf(all_ok), render_pdf(one_bad)
    assert b"FlateDecode" not in ok_pdf  # the page streams are readable
    assert ok_pdf.count(red) == 0
    assert bad_pdf.count(red) >= 4
    # The count 7 drawn in red: "<red> rg ... (7) Tj" with no other colour set in between.
    red_sevens = re.findall(re.escape(red) + rb"(?:(?!rg)[^Q])*?\( ?7\) Tj", bad_pdf)
    assert len(red_sevens) == 2, red_sevens


def test_chinese_lines_break_between_characters(tmp_path):
    # Chinese is broken between any two characters, so lines run to the full measure; word
    # wrapping would only break at the spaces between these seven-character chunks.
    chunk = "抽检箱号核对无"
    notes = " ".join([chunk] * 120)
    path = save(render_pdf(zh_report(notes=notes, photos=[], checklist=[])), tmp_path)
    pages = page_texts(path, layout=False)
    lines = [line.strip() for page in pages for line in page.splitlines() if "箱号" in line]
    assert len(lines) >= 5
    assert any(not line.endswith(chunk) for line in lines[:-1]), lines
    assert flat(notes) in body_text(pages)


def test_photos_are_not_decoded(monkeypatch):
    # The JPEG bytes go into the PDF as they are; decoding 2048 px photos only to name them
    # would cost time and 9 MB of memory each.
    from PIL import JpegImagePlugin

    loads = []
    original = JpegImagePlugin.JpegImageFile.load

    def counting_load(self):
        loads.append(self.size)
        return original(self)

    report = zh_report(photos=photos(3))
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", counting_load)
    render_pdf(report)
    assert loads == []


def test_odd_text_does_not_break_rendering(tmp_path):
    notes = "emoji 😀 tab\tcontrol\x00\x07 zero\u200bwidth line\u2028sep 𠮷 ß ç Ω end"
    path = save(render_pdf(zh_report(notes=notes)), tmp_path)
    text = "\n".join(page_texts(path))
    assert "emoji 〓 tab" in text  # a character outside the BMP becomes the geta mark
    assert "controlzerowidth" in flat(text)
    assert "ß ç Ω end" in text


def test_unreadable_photo_gets_a_placeholder(tmp_path):
    bad = [ReportPhoto("坏图", b"not a jpeg", 800, 600), ReportPhoto("空图", b"", 0, 0)]
    path = save(render_pdf(zh_report(photos=[*bad, *photos(1)])), tmp_path)
    assert len(images(path)) == 1
    text = "\n".join(page_texts(path))
    assert "坏图" in text and "空图" in text


def test_missing_label_is_an_error():
    labels = {k: v for k, v in ZH_LABELS.items() if k != "no_defects"}
    with pytest.raises(ValueError, match="no_defects"):
        render_pdf(zh_report(labels=labels))


def test_label_keys_are_the_documented_ones():
    assert set(LABEL_KEYS) == set(ZH_LABELS) == set(EN_LABELS)
    assert len(LABEL_KEYS) == 24


def test_rendering_is_deterministic():
    assert render_pdf(zh_report()) == render_pdf(zh_report())
    assert render_pdf(zh_report()) != render_pdf(zh_report(report_number="INS-00043"))


def test_ten_photo_report_is_fast():
    # Phone-like display copies: 2048 px, full of detail, about 2 MB each as JPEG.
    noise = Image.merge("RGB", [Image.effect_noise((2048, 1536), 40 + c) for c in range(3)])

    def noisy_jpeg(seed: int) -> bytes:
        im = noise.copy()
        ImageDraw.Draw(im).rectangle([0, 0, 64, 64], fill=PALETTE[seed % len(PALETTE)])
        im.putpixel((100, 100 + seed), (0, 0, 0))
        buf = BytesIO()
        im.save(buf, "JPEG", quality=90)
        return buf.getvalue()

    shots = [ReportPhoto(f"细节{i}", noisy_jpeg(i), 2048, 1536) for i in range(10)]
    assert sum(len(p.data) for p in shots) > 10_000_000
    assert len({p.data for p in shots}) == 10
    report = zh_report(photos=shots)
    render_pdf(zh_report(photos=[]))  # warm up: font registration, imports
    start = time.perf_counter()
    pdf = render_pdf(report)
    elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF-")
    # The photos go in as they are: no decoding, no re-encoding, no ASCII85 inflation.
    assert len(pdf) < sum(len(p.data) for p in shots) * 1.05
    assert elapsed < 1.0, elapsed
