"""Live refresh in a real browser: values via textContent, snapshot kept on failure, rows capped at
the widget's own limit, the "Stand" line updated, bidirectional text isolated."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from urllib.request import urlopen

import pytest
from pytest_httpserver import HTTPServer

from scschule.widgets.fetch import Snapshot, build_request
from scschule.widgets.render import WidgetRenderer
from scschule.widgets.spec import SourceConfig, scan_markdown, validate_block

FIXTURES = Path(__file__).parent.parent / "fixtures" / "dataplatform"
SPOT = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
HOSTILE = '<img src=x onerror="window.pwned=1">'


@pytest.fixture
def live_server():
    server = HTTPServer()
    server.start()
    yield server
    server.clear()
    server.stop()


def serve_widget(server, body: str, payload, *, stale: bool = False, count=None) -> str:
    """Serve a page with one widget rendered from ``payload``; returns the live path it refreshes from."""
    source = SourceConfig(type="ngsi-ld", url="http://127.0.0.1:9/", tenant="olpe", browser_url="/proxy/broker/")
    [block] = scan_markdown(f"```datenplattform\nsource: b\n{body}refresh: 15\n```\n", Path("p.md"))
    widget, problems = validate_block(block, {"b": source})
    assert not problems
    request = build_request(widget.spec, "b", source)
    now = datetime.now(timezone.utc)
    snapshot = Snapshot(now - timedelta(days=2) if stale else now, request.url, payload, count)
    figure = WidgetRenderer().render(dom_id="w", spec=widget.spec, request=request, snapshot=snapshot,
                                     stale_reason="nicht erreichbar (ConnectError)" if stale else None, now=now)
    script = (resources.files("scschule.widgets") / "assets" / "widgets.js").read_text(encoding="utf-8")
    html = f'<!doctype html><html lang="de"><body>{figure}<script src="/widgets.js"></script></body></html>'
    server.expect_request("/").respond_with_data(html, content_type="text/html")
    server.expect_request("/widgets.js").respond_with_data(script, content_type="text/javascript")
    return request.browser_url.split("?")[0]


@pytest.fixture
def live_page(live_server):
    body = f"kind: entity\ntitle: Stellplatz\nid: '{SPOT}'\nattributes: [status, name]\n"
    payload = json.loads((FIXTURES / "ngsi-ld-entity-ParkingSpot-normalized.json").read_text())
    return live_server, serve_widget(live_server, body, payload)


LIVE = "document.querySelector('[data-scs-status]').textContent.startsWith('Live aktualisiert')"


def test_live_refresh_updates_text_only(live_page, tab):
    server, path = live_page
    server.expect_request(path, headers={"NGSILD-Tenant": "olpe"}).respond_with_json(
        {"id": SPOT, "type": "ParkingSpot", "status": {"type": "Property", "value": HOSTILE},
         "name": {"type": "Property", "value": "B-7"}})
    tab.goto(server.url_for("/"))
    tab.wait_for_function(LIVE)
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


def test_live_query_draws_at_most_its_limit_and_clears_the_stale_notice(live_server, tab):
    body = "kind: query\ntitle: Stellplätze\ntype: ParkingSpot\nattributes: [name]\nlimit: 3\n"
    path = serve_widget(live_server, body, [{"id": "urn:alt", "name": "alt"}], stale=True, count=1)
    rows = [{"id": f"urn:x:{n}", "name": f"\u202eN{n}"} for n in range(100_000)]
    live_server.expect_request(path).respond_with_json(rows, headers={"NGSILD-Results-Count": "100000"})
    assert "Veraltet:" in urlopen(live_server.url_for("/")).read().decode()  # as built: two days old
    tab.goto(live_server.url_for("/"))
    tab.wait_for_function(LIVE)
    assert tab.evaluate("document.querySelectorAll('[data-scs-rows] tr').length") == 3
    assert tab.text_content("[data-scs-count]") == "100000"
    text = tab.text_content("figure")
    assert "Veraltet" not in text and "keine neuen Daten" not in text
    assert tab.evaluate("document.querySelector('figure').classList.contains('scs-widget--stale')") is False
    stand = datetime.fromisoformat(tab.get_attribute("[data-scs-stand]", "datetime").replace("Z", "+00:00"))
    assert stand > datetime.now(timezone.utc) - timedelta(days=1)  # the refresh's time, not the snapshot's
    # Every value sits in its own <bdi>, which the browser isolates: the override cannot reorder the row.
    assert tab.evaluate("""Array.from(document.querySelectorAll('[data-scs-rows] td')).every(
        td => td.firstElementChild && td.firstElementChild.tagName === 'BDI'
              && getComputedStyle(td.firstElementChild).unicodeBidi === 'isolate')""")


def test_live_timeseries_keeps_the_last_n_points(live_server, tab):
    body = "kind: timeseries\ntitle: Temperatur\nid: urn:t:1\nattribute: t\nlast_n: 4\n"
    stored = {"id": "urn:t:1", "t": {"values": [[1, "2026-01-01T00:00:00Z"], [2, "2026-01-01T01:00:00Z"]]}}
    path = serve_widget(live_server, body, stored, stale=True)
    assert "Veraltet:" in urlopen(live_server.url_for("/")).read().decode()
    start = datetime(2026, 1, 2, tzinfo=timezone.utc)
    values = [[n, (start + timedelta(minutes=n)).isoformat()] for n in range(5000)]
    live_server.expect_request(path).respond_with_json({"id": "urn:t:1", "t": {"values": values}})
    tab.goto(live_server.url_for("/"))
    tab.wait_for_function(LIVE)
    assert tab.evaluate("document.querySelectorAll('[data-scs-rows] tr').length") == 4
    assert tab.evaluate("document.querySelectorAll('svg circle').length") == 4
    assert tab.text_content("[data-scs-max]") == "4.999"  # the last four of 0 … 4999
    assert "Veraltet" not in tab.text_content("figure")
