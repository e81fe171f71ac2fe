"""Data-platform widgets against a real local HTTP server serving recorded platform payloads.

The payloads in tests/fixtures/dataplatform are copied from public FIWARE, Smart Data
Models, Orion-LD, Stellio, Scorpio and CKAN sources (see SOURCES.md there).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from werkzeug import Response

from scschule.cli import main
from scschule.widgets.fetch import Job, Snapshot, SnapshotStore, build_request, fetch_all_sync
from scschule.widgets.render import WidgetRenderer, check_of
from scschule.widgets.spec import SourceConfig, scan_markdown, validate_block

FIXTURES = Path(__file__).parent / "fixtures" / "dataplatform"
CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"
LINK = f'<{CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
NOW = datetime.now(timezone.utc)


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def sources(base: str, **overrides) -> dict[str, SourceConfig]:
    broker = {"type": "ngsi-ld", "url": base, "tenant": "olpe", "context": CONTEXT, "timeout": 2, "retries": 0,
              "browser_url": "/proxy/broker/"}
    ckan = {"type": "ckan", "url": base, "timeout": 2, "retries": 0}
    broker.update(overrides)
    ckan.update({k: v for k, v in overrides.items() if k not in ("tenant", "context", "browser_url")})
    return {"broker": SourceConfig(**broker), "ckan": SourceConfig(**ckan)}


def widget(body: str, srcs: dict[str, SourceConfig]):
    [block] = scan_markdown(f"```datenplattform\n{body.strip()}\n```\n", Path("seite.md"))
    found, problems = validate_block(block, srcs)
    assert problems == [], problems
    return found


def fetch(w, budget: float = 10):
    request = build_request(w.spec, w.source_name, w.source)
    return request, fetch_all_sync([Job(request, check_of(w))], budget=budget)[request.key]


def render(w, request, snapshot, stale_reason=None) -> BeautifulSoup:
    html = WidgetRenderer().render(dom_id="w1", spec=w.spec, request=request, snapshot=snapshot,
                                   stale_reason=stale_reason, now=NOW)
    return BeautifulSoup(html, "html.parser")


PARKING_ID = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
ENTITY = f"""
source: broker
kind: entity
title: Stellplatz
id: {PARKING_ID}
attributes:
  - {{name: status, label: Zustand}}
  - {{name: name, label: Bezeichnung}}
  - location
"""


# ---------------------------------------------------------------- kinds, both forms


@pytest.mark.parametrize("fmt, name, options", [
    ("normalized", "ngsi-ld-entity-ParkingSpot-normalized.json", None),
    ("keyValues", "ngsi-ld-entity-ParkingSpot-keyValues.json", "keyValues"),
])
def test_entity_in_both_forms_sends_tenant_and_link(httpserver, fmt, name, options):
    query = {"attrs": "status,name,location", **({"options": options} if options else {})}
    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}", query_string=query,
                              headers={"NGSILD-Tenant": "olpe", "Link": LINK}).respond_with_json(fixture(name))
    w = widget(ENTITY + f"format: {fmt}\n", sources(httpserver.url_for("/")))
    request, result = fetch(w)
    assert result.error is None and result.attempts == 1
    page = render(w, request, result.snapshot)
    cells = {row.th.get_text(): row.td.get_text(" ", strip=True) for row in page.select("tbody tr")}
    assert cells["Zustand"] == "free"
    assert cells["Bezeichnung"] == "A-13"
    assert cells["location"].startswith("Punkt (43,46297° N, 3,80356° W)")
    assert page.find("time").get_text().endswith("Uhr")
    assert "Stand:" in page.get_text()
    if fmt == "normalized":  # observedAt is only in the normalized form
        assert page.select_one('[data-scs-observed="status"]').get_text() == "21.09.2018, 14:00 Uhr"


@pytest.mark.parametrize("fmt, name", [
    ("normalized", "ngsi-ld-orionld-query-entities-normalized.json"),
    ("keyValues", "ngsi-ld-orionld-query-entities-keyValues.json"),
])
def test_query_table_with_count_header(httpserver, fmt, name):
    entities = fixture(name)
    attr = "P1" if fmt == "keyValues" else next(k for k in entities[0] if k not in ("id", "type", "@context"))
    httpserver.expect_request("/ngsi-ld/v1/entities", query_string={"type": "T", "attrs": attr, "limit": "5",
                                                                    "count": "true",
                                                                    **({"options": "keyValues"} if fmt == "keyValues" else {})},
                              headers={"NGSILD-Tenant": "olpe"}).respond_with_json(
        entities, headers={"NGSILD-Results-Count": "42"})
    w = widget(f"source: broker\nkind: query\ntitle: Liste\ntype: T\nlimit: 5\nformat: {fmt}\nattributes: [{attr}]\n",
               sources(httpserver.url_for("/")))
    request, result = fetch(w)
    assert result.error is None and result.snapshot.count == 42
    page = render(w, request, result.snapshot)
    assert page.select_one("[data-scs-count]").get_text() == "42"
    assert f"davon die ersten {len(entities)} angezeigt" in page.get_text()
    row = page.select_one("tbody tr")
    assert row.th.get_text() == entities[0]["id"]
    expected = {"keyValues": "1"}.get(fmt, entities[0][attr].get("value") if isinstance(entities[0][attr], dict) else None)
    assert row.td.get_text() == str(expected)


def test_query_count_from_orion_limit1_fixture(httpserver):
    httpserver.expect_request("/ngsi-ld/v1/entities").respond_with_json(
        fixture("ngsi-ld-orionld-query-count-limit1.json"), headers={"NGSILD-Results-Count": "2"})
    w = widget("source: broker\nkind: query\ntitle: T1\ntype: T1\nlimit: 1\nattributes: [A1]\n",
               sources(httpserver.url_for("/")))
    request, result = fetch(w)
    page = render(w, request, result.snapshot)
    assert page.select_one("[data-scs-count]").get_text() == "2"
    assert page.select_one("tbody td").get_text() == "E2:A1"


@pytest.mark.parametrize("name, fmt, attribute, values", [
    ("ngsi-ld-temporal-normalized-stellio.json", "normalized", "incoming", ["1.550", "1.543", "1.600"]),
    ("ngsi-ld-temporal-normalized-lastN.json", "normalized", "heartRate", ["51", "50", "51"][::-1]),
    ("ngsi-ld-temporal-temporalValues-stellio.json", "temporalValues", "incoming", ["1.550", "1.543", "1.600"]),
    ("ngsi-ld-temporal-temporalValues.json", "temporalValues", "heartRate", ["50", "51", "52"]),
    # the Stellio test file carries numbers as strings: shown verbatim, still charted
    ("ngsi-ld-temporal-aggregated-stellio.json", "aggregated", "incoming", ["1200", "1500"]),
])
def test_timeseries_shapes_render_chart_and_table(httpserver, name, fmt, attribute, values):
    payload = fixture(name)
    entity_id = payload["id"]
    query = {"attrs": attribute, "lastN": "3"}
    query |= {"options": "temporalValues"} if fmt == "temporalValues" else {}
    query |= {"options": "aggregatedValues", "aggrMethods": "max"} if fmt == "aggregated" else {}
    httpserver.expect_request(f"/ngsi-ld/v1/temporal/entities/{entity_id}", query_string=query,
                              headers={"NGSILD-Tenant": "olpe"}).respond_with_json(payload)
    extra = "aggregation: max\n" if fmt == "aggregated" else ""
    w = widget(f"source: broker\nkind: timeseries\ntitle: Verlauf\nid: '{entity_id}'\nattribute: {attribute}\n"
               f"last_n: 3\nformat: {fmt}\nunit: Stück\n{extra}", sources(httpserver.url_for("/")))
    request, result = fetch(w)
    assert result.error is None, result.error
    page = render(w, request, result.snapshot)
    assert [row.select("td")[1].get_text() for row in page.select("tbody tr")] == values  # oldest first
    svg = page.select_one("svg[role=img]")
    assert svg["aria-labelledby"] == svg.title["id"]
    assert len(svg.select("circle")) == len(values)
    assert page.select_one("table caption").get_text() == f"{attribute} in Stück"


def test_timeseries_aggregated_scorpio_query_list(httpserver):
    httpserver.expect_request("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Vehicle:B9211").respond_with_json(
        fixture("ngsi-ld-temporal-aggregated-scorpio.json"))
    w = widget("source: broker\nkind: timeseries\ntitle: Tempo\nid: 'urn:ngsi-ld:Vehicle:B9211'\nattribute: speed\n"
               "format: aggregated\naggregation: avg\nperiod: PT1H\n", sources(httpserver.url_for("/")))
    request, result = fetch(w)
    assert ("aggrPeriodDuration", "PT1H") in request.params
    page = render(w, request, result.snapshot)
    assert page.select_one("tbody td + td").get_text() == "94,44"


def test_ckan_datasets_and_dataset(httpserver):
    httpserver.expect_request("/api/3/action/package_search", query_string={"q": "plants", "rows": "3",
                                                                            "sort": "metadata_modified desc"}
                              ).respond_with_json(fixture("ckan-package_search-demo-ckan-org-2017.json"))
    httpserver.expect_request("/api/3/action/package_show", query_string={"id": "with-org"}).respond_with_json(
        fixture("ckan-package_show-demo-ckan-org-2017-with-org.json"))
    srcs = sources(httpserver.url_for("/"))
    listing = widget("source: ckan\nkind: datasets\ntitle: Offene Daten\nq: plants\nrows: 3\n", srcs)
    request, result = fetch(listing)
    page = render(listing, request, result.snapshot)
    items = page.select("ul li")
    assert len(items) == 3 and "3 Datensätze gefunden" in page.get_text()
    assert items[0].a["href"] == httpserver.url_for("/dataset/100-validated-species-of-plants")
    assert "Formate: CSV" in items[0].get_text()

    single = widget("source: ckan\nkind: dataset\ntitle: Ein Datensatz\nid: with-org\n", srcs)
    request, result = fetch(single)
    page = render(single, request, result.snapshot)
    show = fixture("ckan-package_show-demo-ckan-org-2017-with-org.json")["result"]
    assert show["title"] in page.get_text()
    assert show["organization"]["title"] in page.get_text()
    links = [a["href"] for a in page.select("tbody a")]
    assert links == [r["url"] for r in show["resources"] if r["url"].startswith("http")]


def test_ckan_modern_result_key_set(httpserver):
    httpserver.expect_request("/api/3/action/package_show").respond_with_json(
        {"success": True, "result": fixture("ckan-package_show-result-only-ckan-docs-2022.json")})
    w = widget("source: ckan\nkind: dataset\ntitle: Neu\nid: x\n", sources(httpserver.url_for("/")))
    request, result = fetch(w)
    assert result.error is None, result.error


# ---------------------------------------------------------------- errors from the platform


@pytest.mark.parametrize("status, name, message", [
    (404, "ngsi-ld-orionld-error-404-entity-not-found.json", "HTTP 404: Entity Not Found (http://a.b.c/entity/E3)"),
    (406, "ngsi-ld-orionld-error-406-accept.json", "HTTP 406: Invalid Accept mime-type"),
    (404, "ngsi-ld-orionld-error-404-nonexisting-tenant.json", "Mandant 'olpe' gibt es auf dem Broker nicht"),
    (400, "ngsi-ld-orionld-error-400-limit0-without-count.json", "HTTP 400"),
])
def test_problem_details_become_clear_messages_without_retry(httpserver, status, name, message):
    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}").respond_with_json(fixture(name), status=status)
    w = widget(ENTITY, sources(httpserver.url_for("/"), retries=3))
    _, result = fetch(w)
    assert result.snapshot is None
    assert message in result.error
    assert result.attempts == 1  # a 4xx answer is final


def test_ckan_success_false(httpserver):
    httpserver.expect_request("/api/3/action/package_show").respond_with_json(
        fixture("ckan-error-404-package_show-not-found.DERIVED.json"), status=404)
    w = widget("source: ckan\nkind: dataset\ntitle: Weg\nid: gibt-es-nicht\n", sources(httpserver.url_for("/")))
    _, result = fetch(w)
    assert result.error == "CKAN meldet einen Fehler (HTTP 404): Not found"


@pytest.mark.parametrize("body, content_type, message", [
    ("<html><body>Bad Gateway page</body></html>", "text/html", "HTTP 200, aber Inhaltstyp 'text/html' statt JSON"),
    ("<html><body>Bad Gateway page</body></html>", "application/json", "Antwort ist kein JSON (HTTP 200)"),
    ('{"unexpected": true}', "application/json", "keine NGSI-LD-Entität"),
    ("[" * 100_000 + "]" * 100_000, "application/json", "zu tief verschachtelt"),
])
def test_garbage_is_rejected_and_keeps_the_snapshot(httpserver, tmp_path, body, content_type, message):
    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}").respond_with_data(body, content_type=content_type)
    w = widget(ENTITY, sources(httpserver.url_for("/"), max_bytes=1_000_000))
    _, result = fetch(w)
    assert result.snapshot is None and message in result.error


def test_response_size_is_capped_while_streaming(httpserver):
    def huge(_request):
        chunks = (b'{"id": "x", "pad": "' + b"a" * 10_000 for _ in range(1000))
        return Response(chunks, content_type="application/json")  # no Content-Length

    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}").respond_with_handler(huge)
    w = widget(ENTITY, sources(httpserver.url_for("/"), max_bytes=50_000))
    _, result = fetch(w)
    assert result.snapshot is None and "Antwort ist zu groß (mehr als 50000 Bytes)" in result.error


def test_timeout_is_retried_within_bounds(httpserver):
    def slow(_request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}").respond_with_handler(slow)
    w = widget(ENTITY, sources(httpserver.url_for("/"), timeout=0.2, retries=1))
    _, result = fetch(w)
    assert result.snapshot is None
    assert "keine vollständige Antwort innerhalb von 0.2 s" in result.error
    assert result.attempts == 2


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_dead_port_with_many_widgets_is_bounded_by_retries():
    srcs = sources(f"http://127.0.0.1:{_closed_port()}/", retries=2)
    widgets = [widget(ENTITY.replace(PARKING_ID, f"urn:ngsi-ld:ParkingSpot:{n}"), srcs) for n in range(12)]
    jobs = [Job(build_request(w.spec, w.source_name, w.source), check_of(w)) for w in widgets]
    results = fetch_all_sync(jobs, budget=30, concurrency=4)
    assert len(results) == 12
    assert all(r.snapshot is None and "nicht erreichbar" in r.error for r in results.values())
    assert all(1 <= r.attempts <= 3 for r in results.values())


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: the worst case for a build."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_data_budget_caps_the_whole_fetch(silent_server):
    srcs = sources(silent_server, timeout=60, retries=5)
    widgets = [widget(ENTITY.replace(PARKING_ID, f"urn:ngsi-ld:ParkingSpot:{n}"), srcs) for n in range(20)]
    jobs = [Job(build_request(w.spec, w.source_name, w.source), check_of(w)) for w in widgets]
    started = time.monotonic()
    results = fetch_all_sync(jobs, budget=1, concurrency=4)
    elapsed = time.monotonic() - started
    # 20 widgets x 6 attempts x 60 s would be two hours; the budget is 1 s (slack for slow CI).
    assert elapsed < 15
    assert all(r.snapshot is None for r in results.values())
    assert sum("Zeitbudget von 1 s" in r.error for r in results.values()) >= 16  # those never started
    assert all(r.attempts <= 1 for r in results.values())


# ---------------------------------------------------------------- snapshots and staleness


def test_stale_snapshot_is_marked_with_its_age(tmp_path):
    srcs = sources(f"http://127.0.0.1:{_closed_port()}/")
    w = widget(ENTITY, srcs)
    request = build_request(w.spec, w.source_name, w.source)
    store = SnapshotStore(tmp_path)
    store.save(request.key, Snapshot(NOW - timedelta(days=3), request.url, fixture("ngsi-ld-entity-ParkingSpot-normalized.json")))
    result = fetch_all_sync([Job(request, check_of(w))], budget=5)[request.key]
    assert result.snapshot is None
    page = render(w, request, store.load(request.key), stale_reason=result.error)
    text = " ".join(page.get_text().split())
    assert "Veraltet:" in text and "vor 3 Tagen abgerufen" in text and "keine neuen Daten (nicht erreichbar" in text
    assert "scs-widget--stale" in page.figure["class"]
    assert page.select_one("[data-scs-attr=status]").get_text() == "free"


def test_no_snapshot_gives_a_german_placeholder():
    srcs = sources("http://127.0.0.1:9/")
    w = widget(ENTITY, srcs)
    request = build_request(w.spec, w.source_name, w.source)
    page = render(w, request, None, stale_reason="nicht erreichbar (ConnectError)")
    text = page.get_text(" ", strip=True)
    assert "Daten derzeit nicht verfügbar." in text and "noch keinen gespeicherten Stand" in text
    assert not page.select("table")


def test_damaged_snapshot_file_counts_as_none(tmp_path):
    (tmp_path / "abc.json").write_text("{kaputt", encoding="utf-8")
    assert SnapshotStore(tmp_path).load("abc") is None


# ---------------------------------------------------------------- hostile payloads


HOSTILE = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


def test_hostile_ngsi_values_are_escaped(httpserver):
    entity = {"id": f"urn:x:{HOSTILE}", "type": "T",
              "status": {"type": "Property", "value": HOSTILE, "observedAt": HOSTILE},
              "name": {"type": "Property", "value": {"nested": [[[[[{"deep": HOSTILE}]]]]]}},
              "location": {"type": "Property", "value": "x" * 100_000}}
    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING_ID}").respond_with_json(entity)
    w = widget(ENTITY, sources(httpserver.url_for("/")))
    request, result = fetch(w)
    html = str(render(w, request, result.snapshot))
    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(["script", "img"])
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert HOSTILE in page.select_one("[data-scs-attr=status]").get_text()
    assert len(page.select_one("[data-scs-attr=location]").get_text()) <= 300


def test_hostile_ckan_links_are_dropped(httpserver):
    package = fixture("ckan-package_show-demo-ckan-org-2017-with-org.json")
    package["result"]["title"] = HOSTILE
    package["result"]["notes"] = "<script>alert(2)</script>"
    package["result"]["resources"] = [
        {"name": "js", "format": "HTML", "url": "javascript:alert(1)"},
        {"name": "data", "format": "<b>CSV</b>", "url": "data:text/html,<script>alert(1)</script>"},
        {"name": "quote", "format": "CSV", "url": 'https://example.org/a"onmouseover="alert(1)'},
    ]
    httpserver.expect_request("/api/3/action/package_show").respond_with_json(package)
    w = widget("source: ckan\nkind: dataset\ntitle: Böse\nid: x\n", sources(httpserver.url_for("/")))
    request, result = fetch(w)
    page = render(w, request, result.snapshot)
    hrefs = [a["href"] for a in page.select("tbody a")]
    assert hrefs == ['https://example.org/a"onmouseover="alert(1)']  # one attribute value, quoted
    assert not page.find_all(["script", "b", "img"])
    assert not any(a.startswith("on") for tag in page.find_all(True) for a in tag.attrs)
    assert HOSTILE in page.get_text()


# ---------------------------------------------------------------- options and check


SRCS = sources("http://127.0.0.1:9/")


@pytest.mark.parametrize("body, line, message", [
    ("source: broker\nkind: entity\ntitle: X\nid: a\nattributes: [a]\nattribtes: [b]\n", 7, "attribtes: unbekanntes Feld"),
    ("source: broker\nkind: entity\ntitle: X\nattributes: [a]\n", 2, "id: Pflichtfeld fehlt"),
    ("source: broker\nkind: karte\ntitle: X\n", 3, "kind 'karte' gibt es nicht"),
    ("source: nirgends\nkind: dataset\ntitle: X\nid: a\n", 2, "unbekannte Datenquelle 'nirgends'"),
    ("source: ckan\nkind: entity\ntitle: X\nid: a\nattributes: [a]\n", 3, "braucht eine Quelle vom Typ ngsi-ld"),
    ("source: ckan\nkind: dataset\ntitle: X\nid: a\nrefresh: 60\n", 6, "refresh: nur für NGSI-LD-Widgets möglich"),
    ("source: broker\nkind: query\ntitle: X\ntype: T\nattributes: [a]\nlimit: 1000\n", 7, "limit: "),
    ("source: broker\nkind: timeseries\ntitle: X\nid: a\nattribute: b\nformat: roh\n", 7, "format: unzulässiger Wert"),
    ("source: broker\nkind: entity\n  title: [\n", 4, "YAML-Syntaxfehler"),
])
def test_wrong_options_are_reported_at_their_line(body, line, message):
    text = f"# Seite\n```datenplattform\n{body}```\n"
    [block] = scan_markdown(text, Path("seite.md"))
    found, problems = validate_block(block, SRCS)
    assert found is None
    assert len(problems) == 1
    assert problems[0].line == line + 1  # the fence opens on line 2, so body line n is line n + 2
    assert message in problems[0].message


def test_fences_inside_admonitions_are_found():
    text = '!!! note "Live"\n    ```datenplattform\n    source: ckan\n    kind: dataset\n    title: X\n    id: a\n    ```\n'
    [block] = scan_markdown(text, Path("p.md"))
    assert block.line == 2
    found, problems = validate_block(block, SRCS)
    assert problems == [] and found.spec.id == "a"


def _add_page(project: Path, body: str, name: str = "widget-test.md") -> Path:
    page = project / "docs" / name
    page.write_text(f"# Testseite\n\n```datenplattform\n{body}```\n", encoding="utf-8")
    return page


def test_check_reports_wrong_widget_options_with_path_and_line(project):
    _add_page(project, "source: beispiel-broker\nkind: entity\ntitle: X\nid: a\nattributes: [a]\nfarbe: rot\n")
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1
    assert "docs/widget-test.md:9: Widget 'datenplattform': farbe: unbekanntes Feld (Tippfehler?)" in result.output
    assert "Traceback" not in result.output


def test_check_reports_bad_source_settings_in_mkdocs_yml(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("type: ckan", "type: ckän"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(project)])
    line = text.splitlines().index(next(x for x in text.splitlines() if "type: ckan" in x)) + 1
    assert result.exit_code == 1
    assert f"mkdocs.yml:{line}: sources.beispiel-ckan.type: unzulässiger Wert" in result.output


def test_widgets_list_shows_every_widget(project):
    _add_page(project, "source: beispiel-ckan\nkind: dataset\ntitle: Liste-Test\nid: a\n")
    result = CliRunner().invoke(main, ["widgets", "list", "--root", str(project)])
    assert "docs/widget-test.md:3: dataset aus 'beispiel-ckan' (ckan): Liste-Test [kein gespeicherter Stand]" in result.output
