"""Widgets in real MkDocs builds: the shipped demo offline, a live source, failures, secrets.

A build reads the stored snapshots only; ``scschule fetch`` is the one step that asks the
data platform (issue 29).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from projecttools import engine, run_build

FIXTURES = Path(__file__).parent / "fixtures" / "dataplatform"
DEMO_URL = "url: http://127.0.0.1:9/"
PARKING = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_demo_widgets_render_from_shipped_snapshots(built_site):
    pages = {
        "leitfaeden/datenplattform-fiware-ngsi-ld/index.html": "entity",
        "massnahmenbuendel/m01/index.html": "query",
        "massnahmenbuendel/m02/index.html": "timeseries",
        "kommunen/olpe/index.html": "dataset",
    }
    for page, kind in pages.items():
        html = soup(built_site / page)
        figure = html.select_one(f"figure.scs-widget--{kind}")
        assert figure is not None, page
        text = figure.get_text(" ", strip=True)
        assert "Stand:" in text and "Beispieldaten" in text
        assert "Daten derzeit nicht verfügbar" not in text
        assert not html.select(".scs-widget-slot")
        assert html.find("link", href=lambda h: h and h.endswith("assets/scschule/widgets.css"))
    guide = soup(built_site / "leitfaeden/datenplattform-fiware-ngsi-ld/index.html")
    live = guide.select_one("figure[data-scs-refresh]")
    assert live["data-scs-url"].startswith("/datenplattform/broker/ngsi-ld/v1/entities/")
    assert guide.find("script", src="../../assets/scschule/widgets.js")
    assert (built_site / "assets/scschule/widgets.js").is_file()
    assert len(soup(built_site / "massnahmenbuendel/m01/index.html").select("figure.scs-widget")) == 2


def _serve_fixtures(httpserver) -> None:
    def payload(name):
        return json.loads((FIXTURES / name).read_text(encoding="utf-8"))

    httpserver.expect_request(f"/ngsi-ld/v1/entities/{PARKING}").respond_with_json(
        payload("ngsi-ld-entity-ParkingSpot-normalized.json"))
    httpserver.expect_request("/ngsi-ld/v1/entities").respond_with_json(
        payload("ngsi-ld-tutorial-query-entities-normalized-ldjson.json"), headers={"NGSILD-Results-Count": "4"})
    httpserver.expect_request("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:BeeHive:TESTC").respond_with_json(
        payload("ngsi-ld-temporal-normalized-stellio.json"))
    httpserver.expect_request("/api/3/action/package_search").respond_with_json(
        payload("ckan-package_search-demo-ckan-org-2017.json"))
    httpserver.expect_request("/api/3/action/package_show").respond_with_json(
        payload("ckan-package_show-demo-ckan-org-2017-with-org.json"))


def test_fetch_stores_fresh_data_the_build_shows_it_and_the_token_never_leaks(project, httpserver):
    secret = "geheimes-token-4711"
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(DEMO_URL, f"url: {httpserver.url_for('/')}"),
                      encoding="utf-8")
    _serve_fixtures(httpserver)
    env = {**os.environ, "SCSCHULE_BROKER_TOKEN": secret}
    fetched = subprocess.run([sys.executable, "-m", "scschule.cli", "fetch", "--root", str(project)],
                             capture_output=True, text=True, env=env, timeout=120)
    assert fetched.returncode == 0, fetched.stderr
    broker_requests = [r for r, _ in httpserver.log if r.path.startswith("/ngsi-ld/")]
    assert broker_requests and all(r.headers["Authorization"] == f"Bearer {secret}" for r in broker_requests)
    assert all(r.headers["NGSILD-Tenant"] == "suedwestfalen" for r in broker_requests)
    asked = len(httpserver.log)
    result = subprocess.run([*engine("build"), "--strict", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert len(httpserver.log) == asked  # the build asked nothing: it shows what the fetch stored
    html = soup(project / "site/massnahmenbuendel/m01/index.html")
    assert html.select_one("[data-scs-count]").get_text() == "4"
    assert "Veraltet" not in html.get_text() and "Stand:" in html.get_text()  # fresh, with its age
    stored = list((project / "snapshots/widgets").glob("*.json"))
    for path in [*(project / "site").rglob("*.*"), *stored]:
        if path.suffix in (".html", ".json", ".js", ".xml", ".txt"):
            assert secret not in path.read_text(encoding="utf-8", errors="replace"), path
    assert secret not in result.stderr + result.stdout + fetched.stderr + fetched.stdout


def test_the_build_never_connects_even_where_connects_hang(project):
    """A data source whose connects are accepted by the kernel but never answered: a build that
    asked it would wait for the source's timeout (120 s, with retries longer than this test allows)."""
    with socket.socket() as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(64)  # never accept(): a client's request is never read, let alone answered
        port = hanging.getsockname()[1]
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(DEMO_URL, f"url: http://127.0.0.1:{port}/")
                          .replace("timeout: 2", "timeout: 120").replace("data_budget: 10", "data_budget: 600"),
                          encoding="utf-8")
        _widget_page(project, 2)  # one widget without any snapshot
        result = subprocess.run([*engine("build"), "--strict", "--site-dir", str(project / "site")],
                                cwd=project, capture_output=True, text=True, timeout=240)
        hanging.setblocking(False)
        with pytest.raises(BlockingIOError):
            hanging.accept()  # nobody connected
    assert result.returncode == 0, result.stderr
    # The stored state is shown with its age, and its age is reported with the block's file and line.
    old = [line for line in result.stderr.splitlines() if "Stand älter als max_age" in line]
    assert old and all(line.startswith("INFO") and ".md:" in line and "wird gezeigt" in line for line in old)
    missing = [line for line in result.stderr.splitlines() if "Sensor 1" in line]
    assert missing and "docs/sensoren.md:11: Warnung: Widget „Sensor 1“" in missing[0]
    assert "noch nie abgerufen; 'scschule fetch' ruft die Daten ab" in missing[0]
    text = soup(project / "site/massnahmenbuendel/m01/index.html").select_one("figure.scs-widget--query").get_text()
    assert "Stand:" in text and "Veraltet" in text and "scschule fetch" in text


def _widget_page(project: Path, count: int, source: str = "beispiel-broker") -> None:
    blocks = "\n".join(
        f"```datenplattform\nsource: {source}\nkind: entity\ntitle: Sensor {n}\nid: urn:x:{n}\nattributes: [a]\n```\n"
        for n in range(count))
    (project / "docs" / "sensoren.md").write_text(f"# Sensoren\n\n{blocks}", encoding="utf-8")


def _not_strict(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"), encoding="utf-8")


def test_dead_host_without_snapshots_gives_placeholders_and_one_warning_each(project):
    _widget_page(project, 6)
    result = run_build(project)  # strict, on_error: warn
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "kein gespeicherter Stand, Platzhalter" in line]
    assert len(warnings) == 6, result.stderr
    # on_error: warn reports a warning problem at log level INFO, so --strict builds with the placeholder.
    assert all(line.startswith("INFO") and "docs/sensoren.md:" in line and ": Warnung: Widget „Sensor" in line
               for line in warnings)
    html = soup(project / "site/sensoren/index.html")
    assert len(html.select(".scs-widget--missing")) == 6
    assert "Daten derzeit nicht verfügbar." in html.get_text()


def test_on_error_fail_fails_the_strict_build_on_missing_data(project):
    _widget_page(project, 1)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("on_error: warn", "on_error: fail"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    line = next(line for line in result.stderr.splitlines() if "Sensor 0" in line)
    assert line.startswith("ERROR") and "docs/sensoren.md:3: Widget „Sensor 0“" in line and "Platzhalter" in line
    assert "Traceback" not in result.stderr


def test_on_error_warn_builds_without_strict_too(project):
    _widget_page(project, 1)
    _not_strict(project)
    result = subprocess.run([*engine("build"), "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Daten derzeit nicht verfügbar." in soup(project / "site/sensoren/index.html").get_text()


def test_on_error_fail_fails_even_with_a_snapshot(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("on_error: warn", "on_error: fail"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "Daten-Widgets ohne aktuelle Daten (on_error: fail)" in result.stderr


def test_offline_switch_skips_fetching(project):
    result = subprocess.run([*engine("build"), "--strict", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True,
                            env={**__import__("os").environ, "SCSCHULE_WIDGETS_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    assert "Daten-Widgets:" not in result.stderr and "ConnectError" not in result.stderr  # no fetch phase at all
    text = soup(project / "site/massnahmenbuendel/m01/index.html").select_one("figure.scs-widget--query").get_text()
    assert "Stand:" in text and "keine neuen Daten (offline gebaut, kein Abruf)" in text


def test_build_reports_wrong_widget_options(project):
    (project / "docs" / "kaputt.md").write_text(
        "# Kaputt\n\n```datenplattform\nsource: beispiel-broker\nkind: entity\ntitle: X\nid: a\n```\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "docs/kaputt.md:4: Widget 'datenplattform': attributes: Pflichtfeld fehlt" in result.stderr
    assert "Traceback" not in result.stderr
