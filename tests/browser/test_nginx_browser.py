"""Every page type through the project's nginx configuration in chromium: zero CSP violations,
zero failed requests; a data widget's live refresh works through the proxy against a local broker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pytest_httpserver import HTTPServer

from nginxserver import BROKER_TOKEN, running_nginx
from quality.page_types import PAGE_TYPES, example_url_or_skip

ENTITY = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
WIDGET_PAGE = "/leitfaeden/datenplattform-fiware-ngsi-ld/"
# Runs before the page's own scripts; Playwright injects it outside the page's CSP.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


def live_entity() -> dict:
    return {"id": ENTITY, "type": "ParkingSpot",
            "name": {"type": "Property", "value": "Live-Stellplatz"},
            "status": {"type": "Property", "value": "occupied"},
            "category": {"type": "Property", "value": ["onStreet"]}}


@pytest.fixture(scope="module")
def broker() -> HTTPServer:
    server = HTTPServer(host="127.0.0.1")
    server.start()
    server.expect_request(f"/ngsi-ld/v1/entities/{ENTITY}", method="GET").respond_with_json(live_entity())
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def nginx_url(site_root, broker, tmp_path_factory) -> str:
    with running_nginx(site_root, tmp_path_factory.mktemp("nginx-browser"), f"http://127.0.0.1:{broker.port}") as server:
        yield server.url


# Waits go through locators: Playwright's wait_for_function evaluates its text in the page, which
# the policy forbids ('unsafe-eval'). The generous bound is for a loaded machine, not a sleep.
WAIT = 60_000


def bundle_ran(tab) -> None:
    """Material's bundle ran: it removes the no-js class."""
    tab.locator("html:not(.no-js)").wait_for(state="attached", timeout=WAIT)


class Watch:
    """CSP violations, failed requests and error responses of one tab."""

    def __init__(self, tab, expected_status: dict[str, int] | None = None):
        self.tab = tab
        self.failed: list[str] = []
        self.expected = expected_status or {}
        tab.add_init_script(WATCH_CSP)
        # ERR_ABORTED: the browser cancelled the request itself (a video's metadata when the test moves on).
        tab.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
               and self.failed.append(f"{request.url}: {request.failure}"))
        tab.on("response", self._response)
        self.console: list[str] = []
        tab.on("console", lambda message: self.console.append(message.text)
               if "Content Security Policy" in message.text else None)

    def _response(self, response) -> None:
        if response.status >= 400 and self.expected.get(response.url) != response.status:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def assert_clean(self, where: str) -> None:
        violations = self.tab.evaluate("window.__cspViolations")
        assert not violations and not self.console, f"{where}: CSP-Verstöße {violations} {self.console}"
        assert not self.failed, f"{where}: fehlgeschlagene Anfragen {self.failed}"


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_every_page_type_works_under_the_policy(tab, nginx_url, site_root, page_type):
    url = example_url_or_skip(page_type, site_root)
    watch = Watch(tab)
    response = tab.goto(nginx_url + url, wait_until="load")
    assert response.ok, f"{url}: HTTP {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Material's bundle ran (it sets up the header search and removes the no-js class).
    bundle_ran(tab)
    if tab.locator("figure[data-scs-refresh]").count():
        expect(tab.locator("[data-scs-status]:not(:text-matches('^Live aktualisiert'))")).to_have_count(0, timeout=WAIT)
    watch.assert_clean(url)


def test_search_works_under_the_policy(tab, nginx_url):
    watch = Watch(tab)
    tab.goto(f"{nginx_url}/suche/?q=Datenplattform", wait_until="load")
    tab.locator('main a[href*="datenplattform"]').first.wait_for(timeout=WAIT)
    watch.assert_clean("/suche/?q=Datenplattform")


def test_the_german_404_page_works_under_the_policy(tab, nginx_url):
    missing = f"{nginx_url}/gibt-es-nicht/"
    watch = Watch(tab, {missing: 404})
    response = tab.goto(missing, wait_until="load")
    assert response.status == 404
    assert tab.title() == "Seite nicht gefunden - Smart Cities: Schule"
    bundle_ran(tab)
    watch.assert_clean("404")


def test_live_refresh_goes_through_the_proxy_with_tenant_and_token(tab, nginx_url, broker):
    before = len(broker.log)
    watch = Watch(tab)
    tab.goto(nginx_url + WIDGET_PAGE, wait_until="load")
    expect(tab.locator("figure[data-scs-refresh] [data-scs-status]").first).to_have_text(
        re.compile(r"^Live aktualisiert"), timeout=WAIT)
    figure = tab.locator("figure[data-scs-refresh]").first
    assert figure.locator('[data-scs-attr="status"]').text_content() == "occupied"
    assert figure.locator('[data-scs-attr="name"]').text_content() == "Live-Stellplatz"
    request, _ = broker.log[before]
    assert request.headers["NGSILD-Tenant"] == "suedwestfalen"
    assert "ngsi-ld-core-context.jsonld" in request.headers["Link"]
    assert request.headers["Authorization"] == BROKER_TOKEN
    assert "Cookie" not in request.headers and "Referer" not in request.headers
    assert BROKER_TOKEN.split()[1] not in tab.content()
    watch.assert_clean(WIDGET_PAGE)
