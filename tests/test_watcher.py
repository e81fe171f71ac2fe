"""``serve`` watches with the platform's native observer (issue 29, point 4).

The unit tests take a real live-reload server (MkDocs' and ProperDocs'), let the core
plugin's ``on_serve`` move its watches, and check the observer and what it reports. The
end-to-end test runs a real ``properdocs serve`` on a copy of the project, saves a collection
file, a page and mkdocs.yml (the last two as editors do: a new file renamed over the old one)
and waits for each change to be served (polling the page, never a fixed time).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from projecttools import engine
from test_serve import fetch, free_port, stop, wait_for

from scschule.plugin import PortalPlugin
from scschule.portal import watched_folders
from scschule.site.watcher import POLLING_ENV, ChangeObserver, native_watcher_available, use_native_observer

SERVERS = ["mkdocs.livereload", "properdocs.livereload"]
EVENT_DEADLINE = 30  # seconds for an observer to report a write (it takes milliseconds)


def served_with_plugin(module: str, root: Path):
    """A live-reload server as ``serve`` hands it to ``on_serve``: docs_dir and mkdocs.yml
    watched (mkdocs.yml twice, as a plugin might), then the core plugin's ``on_serve``."""
    import importlib

    from mkdocs.config import load_config

    server_class = importlib.import_module(module).LiveReloadServer
    config = load_config(str(root / "mkdocs.yml"))
    server = server_class(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server.watch(config.config_file_path)
    return PortalPlugin().on_serve(server, config=config, builder=None), config


def watched(observer) -> list[str]:
    return sorted(emitter.watch.raw_path for emitter in observer.emitters)


@pytest.mark.parametrize("module", SERVERS)
def test_on_serve_moves_every_watch_to_the_native_observer(project, module):
    assert native_watcher_available()  # Linux: inotify, bound by watchdog itself (no system package)
    server, config = served_with_plugin(module, project)
    assert isinstance(server.observer, Observer) and not isinstance(server.observer, PollingObserver)
    collections = [str(folder) for folder in watched_folders(project) if folder.is_dir()]
    assert collections
    assert watched(server.observer) == sorted([config.docs_dir, config.config_file_path, *collections])
    server.unwatch(config.config_file_path)  # watched twice: one unwatch leaves the watch
    assert config.config_file_path in watched(server.observer)
    server.unwatch(config.config_file_path)
    assert config.config_file_path not in watched(server.observer)
    server.watch(str(project / "overrides"))  # a later watch (config.watch, another plugin) goes to it too
    assert str(project / "overrides") in watched(server.observer)


def test_a_second_call_changes_nothing(project):
    server, config = served_with_plugin("properdocs.livereload", project)
    observer, before = server.observer, watched(server.observer)
    assert use_native_observer(server) is False
    assert server.observer is observer and watched(server.observer) == before


@pytest.mark.parametrize("module", SERVERS)
def test_the_polling_watcher_stays_when_asked(project, module, monkeypatch):
    monkeypatch.setenv(POLLING_ENV, "1")
    server, config = served_with_plugin(module, project)
    assert type(server.observer) is PollingObserver
    assert config.docs_dir in watched(server.observer)


def test_the_observer_reports_saves_but_not_reads(tmp_path):
    """inotify reports every read; the build reads every watched file, and the server rebuilds on
    any event, so reads reported would start one build after the other."""
    read, written = tmp_path / "gelesen.md", tmp_path / "gespeichert.md"
    read.write_text("alt\n", encoding="utf-8")
    events, arrived = [], threading.Event()

    def record(event):
        events.append((event.event_type, Path(event.src_path).name))
        if Path(event.src_path) == written:
            arrived.set()

    handler = FileSystemEventHandler()
    handler.on_any_event = record
    observer = ChangeObserver()
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        read.read_text(encoding="utf-8")
        written.write_text("neu\n", encoding="utf-8")  # reported after the read, if the read were
        assert arrived.wait(EVENT_DEADLINE), events
    finally:
        observer.stop()
        observer.join()
    assert [name for _, name in events if name == read.name] == []
    assert ("created", written.name) in events


def replace_atomically(path: Path, text: str) -> None:
    """Save as many editors do: write a new file and rename it over the old one."""
    new = path.with_name(f".{path.name}.neu")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)


class ServerLog:
    """The server's output, read as it comes (a full pipe would stop the server)."""

    def __init__(self, server: subprocess.Popen):
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(server.stdout), daemon=True)
        self.reader.start()

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))


def test_serve_rebuilds_once_per_save_with_the_native_watcher(project):
    port = free_port()
    bundle_url = f"http://127.0.0.1:{port}/massnahmenbuendel/m01/"
    server = subprocess.Popen([*engine("serve"), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = ServerLog(server)
    saves = [
        (project / "taxonomy" / "bundles" / "m01.md", "Zwischenstand aus dem Testlauf", False),  # a collection
        (project / "docs" / "index.md", "Neuigkeit aus dem Testlauf", True),  # docs_dir
        (project / "mkdocs.yml", "Testlauf-Lizenzhinweis", True),  # the config file
    ]
    try:
        assert "Zwischenstand" not in wait_for(lambda: fetch(bundle_url), server, "first build served")
        for number, (path, marker, atomic) in enumerate(saves, start=1):
            text = path.read_text(encoding="utf-8")
            if path.name == "mkdocs.yml":
                text = text.replace('copyright: "Inhalte:', f'copyright: "{marker}. Inhalte:', 1)
                url = bundle_url  # the footer of every page
            else:
                text += f"\n{marker}.\n"
                url = bundle_url if path.parent.name == "bundles" else f"http://127.0.0.1:{port}/"
            assert marker in text
            replace_atomically(path, text) if atomic else path.write_text(text, encoding="utf-8")
            wait_for(lambda: marker in (fetch(url) or ""), server, f"save {number} served")
            wait_for(lambda: log.count("Reloading browsers") >= number, server, f"save {number}: reload logged")
            # One rebuild per save: a watcher that reported the build's own reads would start
            # the next build at once, and its "Detected file changes" would already be here.
            assert log.count("Detected file changes") == number, "".join(log.lines)
    finally:
        stop(server)
    assert "Traceback" not in "".join(log.lines)
