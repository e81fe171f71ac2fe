"""Rebuild the demo snapshots in snapshots/widgets/ from the recorded public payloads.

The demo sources in mkdocs.yml point at a closed port, so builds always show these
snapshots. This script serves the recorded payloads (tests/fixtures/dataplatform,
see SOURCES.md there) on a local port and runs the normal fetch against it:

    .venv/bin/python snapshots/make_demo_snapshots.py
"""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from scschule.widgets.fetch import Job, SnapshotStore, build_request, fetch_all_sync
from scschule.widgets.render import check_of
from scschule.widgets.spec import load_settings, scan_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "dataplatform"
PAYLOADS = {  # request path -> recorded payload
    "/ngsi-ld/v1/entities/urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3": "ngsi-ld-entity-ParkingSpot-normalized.json",
    "/ngsi-ld/v1/entities": "ngsi-ld-tutorial-query-entities-normalized-ldjson.json",
    "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:BeeHive:TESTC": "ngsi-ld-temporal-temporalValues-stellio.json",
    "/api/3/action/package_search": "ckan-package_search-demo-ckan-org-2017.json",
    "/api/3/action/package_show": "ckan-package_show-demo-ckan-org-2017-no-org.json",
}


def main() -> None:
    settings, _ = load_settings(ROOT)
    widgets, problems = scan_project(ROOT)
    assert not problems, problems
    server = HTTPServer()
    server.start()
    try:
        for path, name in PAYLOADS.items():
            server.expect_request(path).respond_with_json(json.loads((FIXTURES / name).read_text(encoding="utf-8")))
        jobs = []
        for widget in widgets:
            local = widget.source.model_copy(update={"url": server.url_for("/")})
            request = build_request(widget.spec, widget.source_name, local)
            jobs.append(Job(request, check_of(widget)))
        store = SnapshotStore(ROOT / settings.cache_dir)
        for key, result in fetch_all_sync(jobs, budget=10).items():
            assert result.snapshot is not None, result.error
            store.save(key, result.snapshot)
            print("gespeichert:", key)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
