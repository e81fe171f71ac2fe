"""Widget data in ``mkdocs serve`` (issue 21, point 2): a save never waits for the data platform.

A real ``mkdocs serve`` of a small site with two sources: one that never answers
(its timeout and the data budget are far longer than this test waits) and a healthy
one. The test waits for the served page's state, never for a fixed time. The first page
must say the slow source is still being asked: a build that waited for it could not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hostile_platform import HostileServer, json_response, never_answers, send, write_site
from test_serve import fetch, free_port, stop, wait_for



def _site(root: Path, base: str) -> None:
    sources = {"langsam": {"type": "ngsi-ld", "url": f"{base}/never/", "timeout": 120, "retries": 0},
               "gesund": {"type": "ngsi-ld", "url": f"{base}/healthy/", "timeout": 5, "retries": 0}}
    blocks = "".join(f"```datenplattform\nsource: {name}\nkind: entity\ntitle: W {name}\nid: urn:x:1\nattributes: [a]\n```\n\n"
                     for name in sources)
    write_site(root, {"data_budget": 600, "on_error": "warn", "max_age": 0, "sources": sources}, f"# Seite\n\n{blocks}")


def test_serve_fetches_in_the_background_once_per_interval(tmp_path):
    root = tmp_path / "p"
    behaviours = {"never": never_answers,
                  "healthy": send(json_response({"id": "urn:x:1", "a": {"type": "Property", "value": "frisch"}}))}
    with HostileServer(behaviours) as platform:
        _site(root, platform.url)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            first = wait_for(lambda: (fetch(url) or ""), server, "first build served")
            # Served while the slow source is still being asked: the build did not wait for it.
            assert "Abruf läuft im Hintergrund (mkdocs serve)" in first
            wait_for(lambda: list((root / "snapshots" / "widgets").glob("*.json")), server, "healthy data stored")
            page = root / "docs" / "index.md"
            for n in (1, 2):  # two saves in a row, well within the 60 s interval
                page.write_text(page.read_text(encoding="utf-8") + f"\nÄnderung {n}.\n", encoding="utf-8")
                served = wait_for(lambda: (text := (fetch(url) or "")) and f"Änderung {n}." in text and text, server,
                                   f"save {n} served")
                assert "frisch" in served  # the background's result, without a new request
                assert "Abruf läuft im Hintergrund (mkdocs serve)" in served  # the slow one still is
            assert platform.requests == {"never": 1, "healthy": 1}
        finally:
            stop(server)
