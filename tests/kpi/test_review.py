"""The monthly and weekly reviews: the same figures for the period and the one before, and the
Excel and PDF exports holding the same numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest


def summary_rows(html: str) -> dict[str, tuple[str, str, str]]:
    block = re.search(r'id="review-summary".*?</table>', html, re.S).group(0)
    rows = {}
    for key, cur, prev, delta in re.findall(
        r'data-key="(\w+)">.*?<td class="r cur">(.*?)</td>\s*<td class="r prev">(.*?)</td>'
        r'\s*<td class="r delta[^"]*">(.*?)</td>', block, re.S,
    ):  # fmt: skip
        rows[key] = tuple(re.sub(r"<[^>]+>", " ", x).split()[0] for x in (cur, prev, delta))
    return rows


def test_monthly_review_compares_october_with_september(client, login, kpi_data):
    login(user=kpi_data.supervisor)
    html = client.get("/kpi/review", query_string={"period": "month", "date": "2026-10-14"})
    text = html.get_data(as_text=True)
    rows = summary_rows(text)
    # October 3/4; September: one first inspection (30 Sep 23:30 local), accepted: 1/1.
    assert rows["first_pass"] == ("75.0%", "100.0%", "-25.0")
    # October 3 corrections / 8; September 0 / 1.
    assert rows["corrections"] == ("37.5%", "0.0%", "+37.5")
    # October delays 5; September 1 (the equipment breakdown of 20 Sep).
    assert rows["delays"] == ("5", "1", "+4")
    assert rows["complaint_count"] == ("2", "1", "+1")
    # On time: October 1 / 2; September 1 / 1 (o3). Complaints per shipped order: 2/2, 1/1.
    assert rows["on_time"] == ("50.0%", "100.0%", "-50.0")
    assert rows["complaints"] == ("100.0%", "100.0%", "+0.0")
    # Resolved in October: median 20 h; nothing resolved in September.
    assert rows["resolution"] == ("20.0", "–", "–")
    assert rows["supplier_rejection"] == ("66.7%", "–", "–")
    assert 'class="r delta kpi-worse"' in text  # more corrections is bad news


def test_weekly_review(client, login, kpi_data):
    login(user=kpi_data.supervisor)
    # the week of Monday 5 October: i1 (5 Oct), i2 (6 Oct), i4 (7 Oct) = 2 / 3
    html = client.get("/kpi/review", query_string={"period": "week", "date": "2026-10-07"})
    rows = summary_rows(html.get_data(as_text=True))
    assert rows["first_pass"][0] == "66.7%"
    # the week before (28 Sep - 4 Oct): i7 on 1 Oct local, accepted; and 30 Sep 23:30, too
    assert rows["first_pass"][1] == "100.0%"


def test_excel_export_has_one_sheet_per_section_with_the_same_numbers(client, login, kpi_data):
    from openpyxl import load_workbook

    login(user=kpi_data.supervisor)
    response = client.get(
        "/kpi/review", query_string={"period": "month", "date": "2026-10-14", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "kpi-month-2026-10-01.xlsx" in response.headers["Content-Disposition"]
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames == ["Summary", "Delays by cause", "Time to resolve", "Suppliers",
                             "Orders at risk"]  # fmt: skip
    summary = {row[0].value: row for row in wb["Summary"].iter_rows(min_row=3)}
    first_pass = summary["First-pass inspection rate"]
    assert first_pass[1].value == 0.75 and first_pass[1].number_format == "0.0%"
    assert first_pass[2].value == 1.0
    assert first_pass[3].value == pytest.approx(-0.25)
    assert summary["Time to resolve delays (median)"][1].value == 20.0
    assert summary["Time to resolve delays (90th percentile)"][1].value == 268.0
    pareto = [[c.value for c in row] for row in wb["Delays by cause"].iter_rows(min_row=3)]
    assert pareto == [["Material short or late", 3, 0.6, 0],
                      ["Equipment breakdown", 1, 0.8, 1],
                      ["Absence, turnover or morale", 1, 1.0, 0]]  # fmt: skip
    suppliers = [[c.value for c in row] for row in wb["Suppliers"].iter_rows(min_row=3)]
    assert suppliers[0][:3] == ["All suppliers", 3, 2]
    assert wb["Suppliers"].cell(3, 4).number_format == "0.0%"
    risky = [[c.value for c in row] for row in wb["Orders at risk"].iter_rows(min_row=3)]
    assert [r[0] for r in risky] == [kpi_data.orders["o4"].number]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_pdf_export_holds_the_figures_in_chinese(client, login, make_user, kpi_data):
    from webapp.auth.models import Role

    login(user=make_user(Role.SUPERVISOR, language="zh_Hans"))
    response = client.get(
        "/kpi/review", query_string={"period": "month", "date": "2026-10-14", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data,
                          capture_output=True, check=True).stdout.decode()  # fmt: skip
    assert "Gendan" in text
    assert "75.0%" in text and "37.5%" in text and "268.0" in text
    assert "材料" in text  # the cause names in Chinese
