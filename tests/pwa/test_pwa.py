"""Installability and the service worker's contract: manifest, icons, worker script, sync token."""

from __future__ import annotations

import json
import re
from io import BytesIO

from PIL import Image

from webapp.auth.models import Role


def test_manifest_has_what_an_install_needs_in_the_users_language(client):
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["name"] == "Gendan order following"
    assert manifest["short_name"] == "Gendan"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])

    zh = client.get("/manifest.webmanifest", headers={"Accept-Language": "zh-CN"}).get_json()
    assert zh["lang"] == "zh-Hans"
    assert zh["short_name"] == "跟单"
    assert zh["name"] != manifest["name"]


def test_every_manifest_icon_exists_at_its_declared_size(client):
    for icon in client.get("/manifest.webmanifest").get_json()["icons"]:
        with client.get(icon["src"]) as response:
            assert response.status_code == 200, icon["src"]
            width, height = Image.open(BytesIO(response.data)).size
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest_and_the_offline_script(client, login):
    login(Role.FOLLOWER)
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "/static/js/outbox.js" in html
    messages = re.search(r"data-outbox-msgs='(.*?)'", html)
    assert "{n}" in json.loads(messages.group(1))["pending_many"]


def test_service_worker_is_served_from_the_root_with_a_version_and_the_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]{12})"', script).group(1)
    shell = json.loads(re.search(r"const SHELL_URLS = (\[.*?\]);", script).group(1))
    assert "/offline" in shell
    for url in shell:
        with client.get(url) as shell_file:
            assert shell_file.status_code == 200, url
    assert client.get("/sw.js").get_data(as_text=True).count(version) >= 1


def test_a_changed_shell_file_gives_a_new_worker_version(app, client, tmp_path):
    first = client.get("/sw.js").get_data(as_text=True)
    app.extensions.pop("gendan_shell_version")
    css = app.static_folder + "/css/app.css"
    with open(css, "rb") as f:
        original = f.read()
    try:
        with open(css, "ab") as f:
            f.write(b"\n/* deployment */\n")
        second = client.get("/sw.js").get_data(as_text=True)
    finally:
        with open(css, "wb") as f:
            f.write(original)
        app.extensions.pop("gendan_shell_version")
    pattern = r'const VERSION = "(\w+)"'
    assert re.search(pattern, first).group(1) != re.search(pattern, second).group(1)


def test_offline_page_needs_no_login_and_the_sync_page_does(client):
    assert client.get("/offline").status_code == 200
    response = client.get("/sync")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_sync_token_says_who_is_signed_in_and_never_redirects(client, login):
    response = client.get("/sync/token")
    assert response.status_code == 401
    assert response.get_json()["user"] is None
    user = login(Role.FOLLOWER)
    data = client.get("/sync/token").get_json()
    assert data["user"] == user.id
    assert data["csrf"]
    assert data["login"] == "/login"


def test_logout_form_warns_through_the_outbox(client, login):
    login(Role.FOLLOWER)
    html = client.get("/account").get_data(as_text=True)
    assert "data-logout" in html
    assert 'href="/sync"' in html
