"""``mkdocs serve`` rebuilds when any collection file changes, the bundles' extra texts included.

A real ``mkdocs serve`` on a free loopback port; the test waits for the page's state
(polling the served page until the edit shows, within a generous deadline), never
for a fixed time, and always stops the server.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from projecttools import engine

DEADLINE = 240  # seconds; a loaded CI machine builds the site in well under a minute


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, server: subprocess.Popen, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve ended early ({what}): {server.stdout.read()}")
        value = predicate()
        if value:
            return value
        time.sleep(0.5)  # polling interval, not a wait for the result
    pytest.fail(f"not within {DEADLINE} s: {what}")


def stop(server: subprocess.Popen) -> None:
    """End the server, by force if it does not stop within 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def test_editing_a_bundle_text_while_serving_reloads_the_page(project):
    text = project / "taxonomy" / "bundles" / "m01.md"
    port = free_port()
    url = f"http://127.0.0.1:{port}/massnahmenbuendel/m01/"
    server = subprocess.Popen([*engine("serve"), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = wait_for(lambda: fetch(url), server, "first build served")
        assert "Zwischenstand aus dem Testlauf" not in first
        text.write_text(text.read_text(encoding="utf-8") + "\nZwischenstand aus dem Testlauf.\n", encoding="utf-8")
        wait_for(lambda: "Zwischenstand aus dem Testlauf" in (fetch(url) or ""), server, "rebuild after the edit")
    finally:
        stop(server)
