"""Widget data while ``mkdocs serve`` runs: fetched in the background, never by a save.

A rebuild hands the widgets that are due to :meth:`BackgroundFetcher.submit` and
renders at once from what is there: the last round's results and the stored
snapshots. Each request is fetched at most once per interval (the widget's
``refresh``, else ``max_age`` but at least :data:`MIN_INTERVAL`); the next rebuild
after a round shows its data. One instance lives on the plugin for the whole serve
session (plugins with ``on_startup`` are kept across rebuilds), none in a build.
"""

from __future__ import annotations

import logging
import threading
import time

from .fetch import FetchResult, Job, SnapshotStore, fetch_all_sync

MIN_INTERVAL = 60.0  # seconds; a save every few seconds must not become a request every few seconds

log = logging.getLogger("mkdocs.plugins.scschule.widgets")


class BackgroundFetcher:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started: dict[str, float] = {}  # request key -> monotonic time its last fetch started
        self._results: dict[str, FetchResult] = {}
        self._thread: threading.Thread | None = None

    def submit(self, jobs: list[tuple[Job, float]], *, store: SnapshotStore, budget: float, concurrency: int) -> int:
        """Start one background round with every job whose interval has passed; returns how many."""
        now = time.monotonic()
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return 0  # one round at a time; what is due now goes into the next one
            due = [job for job, interval in jobs
                   if job.request.key not in self._started or now - self._started[job.request.key] >= interval]
            if not due:
                return 0
            for job in due:
                self._started[job.request.key] = now
            self._thread = threading.Thread(target=self._round, args=(due, store, budget, concurrency),
                                            name="scschule-widgets-serve", daemon=True)
            self._thread.start()
            return len(due)

    def _round(self, jobs: list[Job], store: SnapshotStore, budget: float, concurrency: int) -> None:
        def done(result: FetchResult) -> None:  # each widget as soon as it is done, not at the end of the round
            if result.snapshot is not None:
                try:
                    store.save(result.key, result.snapshot)
                except (OSError, ValueError) as exc:
                    result.error, result.snapshot = f"Stand nicht speicherbar ({type(exc).__name__})", None
            with self._lock:
                self._results[result.key] = result

        results = fetch_all_sync(jobs, budget=budget, concurrency=concurrency, on_result=done)
        with self._lock:
            self._results.update(results)  # those the budget cut off never reached done()
        log.info("Daten-Widgets: %d Abrufe im Hintergrund beendet", len(results))

    def results(self) -> dict[str, FetchResult]:
        """The latest result of every request fetched so far (a copy)."""
        with self._lock:
            return dict(self._results)

    def pending(self) -> set[str]:
        """Requests submitted but without a result yet."""
        with self._lock:
            return set(self._started) - set(self._results)

    def wait(self, timeout: float) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
