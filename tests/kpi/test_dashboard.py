"""The dashboard's numbers against the hand-computed values of tests/kpi/conftest.py."""

from __future__ import annotations

import re

import pytest

from webapp.auth.models import Role

OCT = {"start": "2026-10-01", "end": "2026-10-31"}


def card(html: str, key: str) -> tuple[str, str]:
    """(data-value, counts text) of one figure card."""
    block = re.search(rf'id="kpi-{key}".*?</a>', html, re.S).group(0)
    value = re.search(r'data-value="([^"]*)"', block).group(1)
    counts = re.search(r'class="kpi-counts">([^<]*)<', block).group(1)
    return value, counts.strip()


def table_rows(html: str, table_id: str) -> list[list[str]]:
    block = re.search(rf'id="{table_id}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
        if "<td" in r
    ]


def test_every_figure_matches_the_hand_computed_values(client, login, kpi_data):
    login(user=kpi_data.supervisor)
    html = client.get("/kpi/", query_string=OCT).get_data(as_text=True)
    assert card(html, "first_pass") == ("0.75", "3 / 4")
    assert card(html, "corrections") == ("0.375", "3 / 8")
    assert card(html, "supplier_on_time")[1] == "2 / 3"
    assert float(card(html, "supplier_on_time")[0]) == pytest.approx(2 / 3)
    assert card(html, "supplier_rejection")[1] == "2 / 3"
    assert card(html, "resolution")[0] == "20.0"
    assert "P90 268.0 h · 5 resolved" in card(html, "resolution")[1]
    assert card(html, "at_risk") == ("1", "of 2 open orders")
    assert card(html, "on_time") == ("0.5", "1 / 2")
    assert card(html, "complaints") == ("1.0", "2 / 2")
    # Pareto: material 3 (60 %), equipment 1 (80 %), people 1 (100 %); cancelled left out.
    pareto = re.search(r'id="kpi-pareto".*?</section>', html, re.S).group(0)
    assert re.findall(r'data-cause="(\w+)"><td>.*?</td><td class="r">(\d+)</td>'
                      r'<td class="r">([^<]+)</td>', pareto, re.S) == [
        ("material", "3", "60%"), ("equipment", "1", "80%"), ("people", "1", "100%"),
    ]  # fmt: skip
    # Time to resolve: equipment 5 and 268 h; material 10, 20, 40 h; all five.
    resolution = re.search(r'id="kpi-resolution-causes".*?</section>', html, re.S).group(0)
    rows = re.findall(r'data-cause="(\w*)">.*?</td><td class="r">(\d+)</td><td class="r">([^<]+)'
                      r'</td><td class="r">([^<]+)</td>', resolution, re.S)  # fmt: skip
    assert rows == [
        ("equipment", "2", "136.5 h", "268.0 h"),
        ("material", "3", "20.0 h", "40.0 h"),
        ("", "5", "20.0 h", "268.0 h"),
    ]
    suppliers = re.search(r'id="kpi-suppliers".*?</section>', html, re.S).group(0)
    assert re.findall(r'data-supplier="(\w+)">.*?</a></td><td class="r">([^<]+)</td>'
                      r'<td class="r">(\d+)</td><td class="r">([^<]+)</td><td class="r">(\d+)',
                      suppliers, re.S) == [
        ("S1", "50.0%", "2", "50.0%", "2"), ("S2", "100.0%", "1", "100.0%", "1"),
    ]  # fmt: skip
    assert "O4" in re.search(r'id="kpi-at-risk-list".*?</section>', html, re.S).group(0)
    # the charts are inline SVG, each bar linking to its records
    assert html.count('<svg class="chart chart-pareto"') == 1
    assert "/kpi/records/delays?cause=material" in html.replace("&amp;", "&") or (
        "cause=material" in html
    )


@pytest.mark.parametrize(
    ("scope", "first_pass", "corrections", "on_time", "pareto"),
    [
        # factory A: o1, o3 (and o4 open)
        ("factory_a", ("1.0", "3 / 3"), ("0.2", "1 / 5"), "1 / 2", "material:2,people:1"),
        ("factory_b", ("0.0", "0 / 1"), ("0.6666666666666666", "2 / 3"), "1 / 1",
         "equipment:1,material:1"),
        ("customer_y", ("0.6666666666666666", "2 / 3"), ("0.6666666666666666", "2 / 3"), "1 / 1",
         "equipment:1,material:1,people:1"),
        ("follower2", ("0.0", "0 / 1"), ("0.6666666666666666", "2 / 3"), "1 / 1",
         "equipment:1,material:1"),
    ],
)  # fmt: skip
def test_filters_narrow_every_figure(client, login, kpi_data, scope, first_pass, corrections,
                                     on_time, pareto):  # fmt: skip
    ids = {
        "factory_a": {"factory": kpi_data.factory_a.id},
        "factory_b": {"factory": kpi_data.factory_b.id},
        "customer_y": {"customer": kpi_data.customer_y.id},
        "follower2": {"follower": kpi_data.follower2.id},
    }[scope]
    login(user=kpi_data.supervisor)
    html = client.get("/kpi/", query_string={**OCT, **ids}).get_data(as_text=True)
    assert card(html, "first_pass") == first_pass
    assert card(html, "corrections") == corrections
    assert card(html, "supplier_on_time")[1] == on_time
    assert (
        card(html, "on_time")[1]
        == {
            "factory_a": "1 / 1",
            "factory_b": "0 / 1",
            "customer_y": "0 / 1",
            "follower2": "0 / 1",
        }[scope]
    )
    found = re.findall(
        r'data-cause="(\w+)"><td>.*?</td><td class="r">(\d+)</td>',
        re.search(r'id="kpi-pareto".*?</section>', html, re.S).group(0),
        re.S,
    )
    assert ",".join(f"{c}:{n}" for c, n in found) == pareto


def test_the_period_bounds_are_local_days(client, login, kpi_data):
    """30 Sep 23:30 in Shanghai is September; 1 Oct 00:30 is October."""
    login(user=kpi_data.supervisor)
    html = client.get("/kpi/", query_string={"start": "2026-09-30", "end": "2026-09-30"})
    assert card(html.get_data(as_text=True), "first_pass") == ("1.0", "1 / 1")
    html = client.get("/kpi/", query_string={"start": "2026-10-01", "end": "2026-10-01"})
    assert card(html.get_data(as_text=True), "first_pass") == ("1.0", "1 / 1")


@pytest.mark.parametrize(
    ("figure", "args", "rows", "summary"),
    [
        ("first_pass", {}, 4, "3 of 4 = 75.0%"),
        ("corrections", {}, 3, "3 of 8 = 37.5%"),
        ("delays", {}, 5, "Delays recorded: 5 of 5"),
        ("delays", {"cause": "material"}, 3, "Delays recorded: 3 of 5"),
        ("resolution", {}, 5, "median 20.0 h; 90th percentile 268.0 h"),
        ("resolution", {"cause": "equipment"}, 2, "median 136.5 h; 90th percentile 268.0 h"),
        ("complaints", {}, 2, "2 of 2 = 100.0%"),
        ("on_time", {}, 2, "1 of 2 = 50.0%"),
        ("suppliers", {}, 4, "On time: 2 of 3 = 66.7%. Rejected: 2 of 3 = 66.7%."),
        ("at_risk", {}, 1, "1 of 2 = 50.0%"),
    ],
)
def test_each_figure_lists_the_records_behind_it(client, login, kpi_data, figure, args, rows,
                                                 summary):  # fmt: skip
    login(user=kpi_data.supervisor)
    response = client.get(f"/kpi/records/{figure}", query_string={**OCT, **args})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert summary in re.search(r'id="records-summary">(.*?)</p>', html, re.S).group(1)
    assert len(table_rows(html, "records")) == rows


def test_supplier_records_of_one_supplier(client, login, kpi_data):
    from webapp.extensions import db
    from webapp.materials.models import Supplier

    login(user=kpi_data.supervisor)
    with client.application.app_context():
        s1 = db.session.scalar(db.select(Supplier).where(Supplier.code == "S1"))
    html = client.get("/kpi/records/suppliers", query_string={**OCT, "supplier": s1.id})
    text = html.get_data(as_text=True)
    assert "On time: 1 of 2 = 50.0%" in text
    rows = table_rows(text, "records")
    assert [(r[0], r[4]) for r in rows] == [("P1", "yes"), ("P2", "no")]


def test_unknown_figure_is_404(client, login, kpi_data):
    login(user=kpi_data.supervisor)
    assert client.get("/kpi/records/nonsense").status_code == 404


@pytest.mark.parametrize("role", [Role.FOLLOWER, Role.INSPECTOR])
def test_only_supervisors_and_admins_see_kpis(client, login, role):
    login(role)
    for url in ("/kpi/", "/kpi/records/first_pass", "/kpi/review", "/kpi/review?format=xlsx"):
        assert client.get(url).status_code == 403
    assert "/kpi/" not in client.get("/orders/").get_data(as_text=True)


def test_admins_see_the_dashboard_and_the_reports_entry(client, login):
    login(Role.ADMIN)
    response = client.get("/kpi/")
    assert response.status_code == 200
    assert 'href="/kpi/"' in response.get_data(as_text=True)


def test_bad_filter_values_fall_back_to_defaults(client, login, kpi_data):
    login(user=kpi_data.supervisor)
    response = client.get("/kpi/", query_string={"start": "yesterday", "factory": "x"})
    assert response.status_code == 200
    # a reversed range is read the right way round
    html = client.get("/kpi/", query_string={"start": "2026-10-31", "end": "2026-10-01"})
    assert card(html.get_data(as_text=True), "first_pass") == ("0.75", "3 / 4")
