"""The demo data fills the dashboard and the monthly review."""

from __future__ import annotations

import re

import sqlalchemy as sa


def test_demo_data_shows_on_the_dashboard(app, client, login, db):
    from webapp import demo
    from webapp.auth.models import User

    with app.app_context():
        demo.load()
        supervisor = db.session.scalar(sa.select(User).where(User.username == "wangmin"))
    login(user=supervisor)
    for url in ("/kpi/?start=2000-01-01", "/kpi/review?period=month",
                "/kpi/records/corrections?start=2000-01-01"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/kpi/", query_string={"start": "2000-01-01"}).get_data(as_text=True)
    counts = re.search(r'id="kpi-corrections".*?class="kpi-counts">(\d+) / (\d+)', html, re.S)
    assert int(counts.group(1)) > 0
    assert "每月复盘" in html
