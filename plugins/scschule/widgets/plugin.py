"""MkDocs adapter: collects the widgets of all pages and fills their slots from the stored snapshots.

A build never touches the network: it renders every widget from the snapshot that
``scschule fetch`` stored, shows its age and warns (``path:line``) when it is older
than ``max_age``. Only ``mkdocs serve`` fetches, in the background, so a save never
waits for the data platform either.

Order within one build: every page's Markdown is read (``on_page_markdown``: collect),
then ``on_env`` runs once before any page is written (render), then ``on_post_page``
replaces each page's slots.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..content.problems import Problem, error, warning
from ..site.build import (add_asset, link_script, link_stylesheet, plugin_config, plugin_settings, project_root,
                          state_of, template_bytecode)
from .fetch import FetchResult, Job, PayloadError, Request, SnapshotStore, build_request
from .serve import MIN_INTERVAL, BackgroundFetcher
from .render import WidgetRenderer, check_of, public_base, view_of
from .spec import WIDGET_FENCE, WIDGETS, Widget, WidgetSettings, scan_markdown, validate_block

log = logging.getLogger("mkdocs.plugins.scschule.widgets")

JS_URI, CSS_URI = "assets/scschule/widgets.js", "assets/scschule/widgets.css"
OFFLINE_ENV = "SCSCHULE_WIDGETS_OFFLINE"


# Declared once, by the settings schema (types, defaults, German path:line problems).
WidgetsConfig = plugin_config(WIDGETS)


@dataclass(frozen=True)
class Collected:
    widget: Widget
    request: Request
    origins: tuple[Path, ...]  # the editor's files the page's text comes from


class WidgetsPlugin(BasePlugin[WidgetsConfig]):
    background: BackgroundFetcher | None = None  # only while mkdocs serve runs

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this instance across serve's rebuilds, and with it the fetcher.
        self.background = BackgroundFetcher() if command == "serve" else None

    def on_config(self, config):
        root = project_root(config)
        self.settings: WidgetSettings = plugin_settings(WIDGETS, config, self.config, log)
        self.offline = self.settings.offline or os.environ.get(OFFLINE_ENV, "") not in ("", "0")
        self.store = SnapshotStore(root / self.settings.cache_dir)
        self.root = root
        return config

    def on_pre_build(self, *, config) -> None:
        self.collected: dict[str, Collected] = {}
        self.problems: list[Problem] = []
        self.html: dict[str, str] = {}
        self.live_keys: set[str] = set()

    def on_files(self, files: Files, *, config) -> Files:
        add_asset(files, config, __package__, "widgets.js", JS_URI)
        add_asset(files, config, __package__, "widgets.css", CSS_URI)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        page_problems: list[Problem] = []
        origins = state_of(config).origins_of(page.file)
        for block in scan_markdown(markdown, Path(page.file.src_uri)):
            widget, problems = validate_block(block, self.settings.sources)
            page_problems += problems
            if widget is not None:
                request = build_request(widget.spec, widget.source_name, widget.source)
                self.collected[block.key] = Collected(widget, request, origins)
                if widget.spec.refresh:
                    self.live_keys.add(block.key)
        if page_problems:
            self.problems += _exact(origins, page_problems, self.settings.sources)
        return markdown

    def on_env(self, env, *, config, files):
        state = state_of(config)
        if self.problems:
            for problem in sorted(set(self.problems)):
                state.report(log, problem, logging.ERROR)
            raise PluginError(f"{len(self.problems)} fehlerhafte Daten-Widgets.")
        if not self.collected:
            return env
        results: dict[str, FetchResult] | None = None  # None: a build, which only reads the snapshots
        if self.background is not None and not self.offline:
            # A snapshot younger than max_age of the same request is as good as a new answer.
            recent = self._recent_snapshots()
            due = {item.request.key: item for item in self.collected.values() if item.request.key not in recent}
            results = self._from_background(due)
            results.update({key: FetchResult(key, snapshot) for key, snapshot in recent.items()})
        self.html = self._render_all(results, state)
        return env

    def _from_background(self, due: dict[str, Collected]) -> dict[str, FetchResult]:
        """mkdocs serve: start the fetches that are due in the background and take the last results."""
        jobs = [(Job(item.request, check_of(item.widget)), float(item.widget.spec.refresh or
                 max(self.settings.max_age, MIN_INTERVAL))) for item in due.values()]
        started = self.background.submit(jobs, store=self.store, budget=self.settings.data_budget,
                                         concurrency=self.settings.concurrency)
        if started:
            log.info("Daten-Widgets: %d Abrufe im Hintergrund gestartet; bis dahin gelten die gespeicherten Stände",
                     started)
        latest, pending = self.background.results(), self.background.pending()
        # Fresh from the last round; waiting ones count like an offline build (their stored state, no failure).
        return {key: latest[key] for key in due if key in latest and key not in pending}

    def _no_fetch_reason(self) -> str:
        if self.offline:
            return "offline gebaut, kein Abruf"
        if self.background is not None:
            return "Abruf läuft im Hintergrund (mkdocs serve)"
        return "noch nie abgerufen; 'scschule fetch' ruft die Daten ab"

    def _recent_snapshots(self) -> dict:
        """Stored snapshots, by request key, fetched from the same URL less than max_age ago."""
        now, recent = datetime.now(timezone.utc), {}
        for item in self.collected.values():
            request = item.request
            if request.key in recent or self.settings.max_age <= 0:
                continue
            snapshot = self.store.load(request.key)
            if snapshot is not None and snapshot.url == request.url and 0 <= snapshot.age(now) < self.settings.max_age:
                recent[request.key] = snapshot
        return recent

    def _render_all(self, results: dict[str, FetchResult] | None, state) -> dict[str, str]:
        """Every widget's HTML: from this serve round's results, else from its stored snapshot.

        ``results`` is None in a build: a snapshot older than ``max_age`` is then shown with its
        age and reported, as is a widget without one (``on_error`` decides: warning or error).
        """
        renderer, now = WidgetRenderer(template_bytecode(self.root)), datetime.now(timezone.utc)
        failing = self.settings.on_error == "fail"
        html: dict[str, str] = {}
        unfresh = 0
        for block_key, item in self.collected.items():
            request, widget = item.request, item.widget
            result = (results or {}).get(request.key)
            fresh = result is not None and result.snapshot is not None
            snapshot = result.snapshot if fresh else self.store.load(request.key)
            reason = None if fresh else (result.error if result else self._no_fetch_reason())
            shown = not fresh and snapshot is not None and _renders(item, snapshot)
            if results is None and not self.offline and shown:
                if snapshot.age(now) <= self.settings.max_age:
                    fresh, reason = True, None  # fetched by 'scschule fetch' recently enough
                else:
                    reason = (f"Stand älter als max_age ({self.settings.max_age:g} s); "
                              "'scschule fetch' ruft neue Daten ab")
            html[block_key] = renderer.render(dom_id=f"scs-widget-{block_key[:10]}", spec=widget.spec,
                                              request=request, snapshot=snapshot, stale_reason=reason, now=now)
            if fresh:
                continue
            if result is None and shown and (self.offline or results is not None):
                continue  # offline or waiting for the background: the stored state is what was asked for
            unfresh += 1
            what = f"Widget „{widget.spec.title}“ ({request.source_name}): keine aktuellen Daten ({reason}); " + (
                f"gespeicherter Stand vom {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC wird gezeigt" if shown
                else "kein gespeicherter Stand, Platzhalter eingesetzt")
            path, line = _locate(item, block_key)
            # on_error decides: warn -> a warning (logged as INFO, so --strict builds with it), fail -> an error.
            state.report(log, (error if failing else warning)(path, line, what), logging.ERROR if failing else None)
        if failing and unfresh:
            raise PluginError(f"{unfresh} Daten-Widgets ohne aktuelle Daten (on_error: fail).")
        return html

    def on_post_page(self, output: str, *, page, config) -> str:
        keys = WIDGET_FENCE.keys_in(output)
        if not keys:
            return output
        output = link_stylesheet(WIDGET_FENCE.fill(output, self.html.get), page.url, CSS_URI)
        return link_script(output, page.url, JS_URI) if keys & self.live_keys else output


def _renders(item: Collected, snapshot) -> bool:
    try:
        view_of(item.widget.spec, snapshot.payload, snapshot.count, public_base(item.widget.source))
        return True
    except PayloadError:
        return False


def _locate(item: Collected, key: str) -> tuple[Path, int]:
    """Where the editor wrote a widget: the fence in the page's own files, else the page's Markdown.

    Only runs for a widget that has a problem.
    """
    for path in item.origins:
        if path.is_file():
            for block in scan_markdown(path.read_text(encoding="utf-8"), path):
                if block.key == key:
                    return path, block.line
    return item.widget.path, item.widget.line


def _exact(origins: tuple[Path, ...], problems: list[Problem], sources) -> list[Problem]:
    """Re-check a broken page from the files its text comes from, so messages give those files' lines.

    Only runs when something is wrong; a page without such files keeps the lines of its Markdown.
    """
    exact = [p for path in origins if path.is_file()
             for block in scan_markdown(path.read_text(encoding="utf-8"), path)
             for p in validate_block(block, sources)[1]]
    return exact or problems
