"""Live refresh in a real browser: values via textContent, snapshot kept on failure."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from scschule.widgets.fetch import Snapshot, build_request
from scschule.widgets.render import WidgetRenderer
from scschule.widgets.spec import SourceConfig, scan_markdown, validate_block

FIXTURES = Path(__file__).parent.parent / "fixtures" / "dataplatform"
SPOT = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
HOSTILE = '<img src=x onerror="window.pwned=1">'


@pytest.fixture
def live_page():
    server = HTTPServer()
    server.start()
    source = SourceConfig(type="ngsi-ld", url="http://127.0.0.1:9/", tenant="olpe", browser_url="/proxy/broker/")
    body = f"source: b\nkind: entity\ntitle: Stellplatz\nid: '{SPOT}'\nattributes: [status, name]\nrefresh: 15\n"
    [block] = scan_markdown(f"```datenplattform\n{body}```\n", Path("p.md"))
    widget, problems = validate_block(block, {"b": source})
    assert not problems
    request = build_request(widget.spec, "b", source)
    snapshot = Snapshot(datetime.now(timezone.utc), request.url,
                        json.loads((FIXTURES / "ngsi-ld-entity-ParkingSpot-normalized.json").read_text()))
    figure = WidgetRenderer().render(dom_id="w", spec=widget.spec, request=request, snapshot=snapshot,
                                     stale_reason=None, now=datetime.now(timezone.utc))
    script = (resources.files("scschule.widgets") / "assets" / "widgets.js").read_text(encoding="utf-8")
    html = f'<!doctype html><html lang="de"><body>{figure}<script src="/widgets.js"></script></body></html>'
    server.expect_request("/").respond_with_data(html, content_type="text/html")
    server.expect_request("/widgets.js").respond_with_data(script, content_type="text/javascript")
    yield server, request.browser_url.split("?")[0]
    server.clear()
    server.stop()


def test_live_refresh_updates_text_only(live_page, tab):
    server, path = live_page
    server.expect_request(path, headers={"NGSILD-Tenant": "olpe"}).respond_with_json(
        {"id": SPOT, "type": "ParkingSpot", "status": {"type": "Property", "value": HOSTILE},
         "name": {"type": "Property", "value": "B-7"}})
    tab.goto(server.url_for("/"))
    tab.wait_for_function("document.querySelector('[data-scs-status]').textContent.startsWith('Live aktualisiert')")
    assert tab.text_content('[data-scs-attr="status"]') == HOSTILE
    assert tab.text_content('[data-scs-attr="name"]') == "B-7"
    assert tab.evaluate("window.pwned") is None
    assert tab.evaluate("document.querySelectorAll('figure img').length") == 0


def test_failed_refresh_keeps_the_snapshot(live_page, tab):
    server, path = live_page
    server.expect_request(path).respond_with_data("kaputt", status=502)
    tab.goto(server.url_for("/"))
    tab.wait_for_function("document.querySelector('[data-scs-status]').textContent.includes('fehlgeschlagen')")
    assert tab.text_content('[data-scs-attr="status"]') == "free"
    assert "angezeigt wird der letzte Stand" in tab.text_content("[data-scs-status]")
