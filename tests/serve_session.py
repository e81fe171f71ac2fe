"""Serve's rebuilds in one process, driven by a test: ``python tests/serve_session.py PROJECT SITE_DIR``.

It does what ``properdocs serve`` does per save, without the HTTP server and the watcher:
``on_startup(command="serve")`` once, then per rebuild a new ``load_config`` (with the serve
address as ``site_url``) and ``build``, so plugins that define ``on_startup`` keep their
instances and their session across rebuilds, and the others are made anew. Each line
``build`` on stdin runs one rebuild (and waits for the search index that serve writes after the
reload) and answers with one JSON line: whether it ended without error and what was logged. ``stop`` runs ``on_shutdown`` (background work is joined) and ends.
"""

from __future__ import annotations

import json
import logging
import sys

import properdocs.replacement  # noqa: F401  (mkdocs.* is properdocs.*, as under `properdocs serve`)
from properdocs.commands.build import build
from properdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def main(project: str, site_dir: str) -> None:
    recorder = Recorder()
    logging.getLogger("mkdocs").addHandler(recorder)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    config = None
    for command in sys.stdin:
        command = command.strip()
        if command == "stop":
            if config is not None:
                config.plugins.on_shutdown()
            break
        first = config is None
        config = load_config(config_file=f"{project}/mkdocs.yml", site_dir=site_dir)
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        recorder.lines.clear()
        try:
            build(config, serve_url=SERVE_URL)
            search = config.plugins.get("scschule-search")
            if search is not None:  # serve writes the search index after the reload; the test compares it too
                search.wait_for_index()
            ok = True
        except Exception as exc:  # serve logs it and waits for the next save; so does the test's driver
            recorder.lines.append(f"EXCEPTION: {type(exc).__name__}: {exc}")
            ok = False
        print(json.dumps({"ok": ok, "log": recorder.lines}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
