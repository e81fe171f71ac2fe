"""The registry map in a real browser: keyboard reachable, named links, nothing from third parties."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_map_points_are_named_links_reachable_by_keyboard(site_url):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        hosts = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.goto(f"{site_url}/kommunen/")
        points = page.locator("svg.scs-map a")
        assert points.count() == 59
        olpe = page.get_by_role("link", name="Olpe: Pionierkommune")
        assert olpe.count() == 1
        olpe.focus()
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Olpe: Pionierkommune"
        page.keyboard.press("Enter")
        page.wait_for_url(f"{site_url}/kommunen/olpe/")
        assert page.locator("h1").inner_text().startswith("Olpe")
        browser.close()
    assert hosts == {site_url.split("/")[2]}
