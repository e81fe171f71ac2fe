"""Widget data in ``mkdocs serve`` (issue 21, point 2): a save never waits for the data platform.

A real ``mkdocs serve`` of a small site with two sources: one that never answers
(its timeout and the data budget are far longer than this test waits) and a healthy
one. The test waits for the served page's state, never for a fixed time.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from hostile_platform import HostileServer, json_response, never_answers, send

DEADLINE = 90  # seconds to wait for a state; the never-answering source would hold a build 120 s (timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, server: subprocess.Popen, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve ended early ({what}): {server.stdout.read()}")
        value = predicate()
        if value:
            return value
        time.sleep(0.3)  # polling interval, not a wait for the result
    pytest.fail(f"not within {DEADLINE} s: {what}")


def _site(root: Path, base: str) -> None:
    sources = {"langsam": {"type": "ngsi-ld", "url": f"{base}/never/", "timeout": 120, "retries": 0},
               "gesund": {"type": "ngsi-ld", "url": f"{base}/healthy/", "timeout": 5, "retries": 0}}
    config = {"site_name": "Widget-Test", "plugins": ["scschule", {"scschule-widgets": {
        "data_budget": 600, "on_error": "warn", "cache_dir": "snapshots/widgets", "max_age": 0, "sources": sources}}]}
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config) + textwrap.dedent("""
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: datenplattform
                  class: datenplattform
                  format: !!python/name:scschule.widgets.fence.format_widget
        """), encoding="utf-8")
    blocks = "".join(f"```datenplattform\nsource: {name}\nkind: entity\ntitle: W {name}\nid: urn:x:1\nattributes: [a]\n```\n\n"
                     for name in sources)
    (root / "docs" / "index.md").write_text(f"# Seite\n\n{blocks}", encoding="utf-8")


def test_serve_fetches_in_the_background_once_per_interval(tmp_path):
    root = tmp_path / "p"
    behaviours = {"never": never_answers,
                  "healthy": send(json_response({"id": "urn:x:1", "a": {"type": "Property", "value": "frisch"}}))}
    with HostileServer(behaviours) as platform:
        _site(root, platform.url)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            first = _wait_for(lambda: _get(url), server, "first build served")
            # Served while the slow source is still being asked: the build did not wait for it.
            assert "Abruf läuft im Hintergrund (mkdocs serve)" in first
            _wait_for(lambda: list((root / "snapshots" / "widgets").glob("*.json")), server, "healthy data stored")
            page = root / "docs" / "index.md"
            for n in (1, 2):  # two saves in a row, well within the 60 s interval
                page.write_text(page.read_text(encoding="utf-8") + f"\nÄnderung {n}.\n", encoding="utf-8")
                served = _wait_for(lambda: (text := _get(url)) and f"Änderung {n}." in text and text, server,
                                   f"save {n} served")
                assert "frisch" in served  # the background's result, without a new request
                assert "Abruf läuft im Hintergrund (mkdocs serve)" in served  # the slow one still is
            assert platform.requests == {"never": 1, "healthy": 1}
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
