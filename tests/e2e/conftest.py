"""End-to-end fixtures: the app served on a loopback port, Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium (or $CHROMIUM)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
PHONE = {
    "viewport": {"width": 412, "height": 915},
    "device_scale_factor": 2.625,
    "is_mobile": True,
    "has_touch": True,
}  # Pixel 7
TABLET = {
    "viewport": {"width": 1024, "height": 1366},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium; without it they are skipped, except in CI, where they fail."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium); CI runs these"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


class InFlight:
    """WSGI middleware counting requests being served, so a test can wait for quiet."""

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.count += 1
        try:
            # Consume the body here so the count covers the whole request.
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            with self.lock:
                self.count -= 1

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[tuple[str, InFlight]]:
    """The test app on a free loopback port, threaded like a real server."""
    counted = InFlight(app)
    server = make_server("127.0.0.1", 0, counted, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", counted
    server.shutdown()


@pytest.fixture
def live(app, live_server, browser) -> Iterator[str]:
    """The live server with CSRF on, as in production. Afterwards it waits until the server
    has finished the requests the browser sent last (htmx refreshes), so the tables can be
    emptied without racing them."""
    base, in_flight = live_server
    app.config["WTF_CSRF_ENABLED"] = True
    yield base
    for context in list(browser.contexts):
        context.close()
    in_flight.wait_until_idle()
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    # Let context.route() see the service worker's own requests too (microsoft/playwright#2311),
    # so a test can cut a phone off completely; set_offline() alone does not cover them.
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, device: dict, locale: str):
    context = browser.new_context(**device, locale=locale)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(browser) -> Iterator[Callable[..., object]]:
    """A new phone-sized page; call with locale= to pick the browser's language."""
    contexts = []

    def open_page(locale: str = "zh-CN"):
        context = _context(browser, PHONE, locale)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.js_errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def tablet(browser) -> Iterator[Callable[..., object]]:
    contexts = []

    def open_page(locale: str = "zh-CN"):
        context = _context(browser, TABLET, locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for a human to look at (test-artifacts/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base: str, username: str, password: str) -> None:
    """Fill the login form and wait for the home page."""
    from tests.conftest import TEST_PASSWORD

    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password or TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
