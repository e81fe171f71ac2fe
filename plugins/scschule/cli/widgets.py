"""``scschule fetch`` and ``scschule widgets list|refresh``: the data-platform widgets' snapshots.

The build reads the snapshots only; ``scschule fetch`` (run by the deploy pipelines
before the build) is the one command that asks the data platform.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .options import CONTEXT, root_option
from ..widgets.fetch import Job, SnapshotStore, build_request, fetch_all_sync
from ..widgets.render import check_of
from ..portal import content_folders
from ..widgets.spec import load_settings, scan_project



def _load(root: Path):
    settings, _ = load_settings(root)
    widgets, problems = scan_project(root, content_folders(root))
    for problem in problems:
        click.echo(problem.format(root), err=True)
    return settings, widgets, problems


@click.group(context_settings=CONTEXT)
def widgets() -> None:
    """Daten-Widgets (```datenplattform) anzeigen und ihre gespeicherten Stände aktualisieren."""


@widgets.command("list", context_settings=CONTEXT)
@root_option
def list_widgets(root: Path) -> None:
    """Zeigt jedes Widget im Inhalt mit Datenquelle und gespeichertem Stand."""
    settings, found, problems = _load(root)
    store = SnapshotStore(root / settings.cache_dir)
    for widget in found:
        request = build_request(widget.spec, widget.source_name, widget.source)
        snapshot = store.load(request.key)
        stand = f"Stand {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC" if snapshot else "kein gespeicherter Stand"
        where = widget.path.resolve().relative_to(root.resolve()) if widget.path.is_absolute() else widget.path
        click.echo(f"{where}:{widget.line}: {widget.spec.kind} aus '{widget.source_name}' "
                   f"({widget.source.type}): {widget.spec.title} [{stand}]")
    click.echo(f"{len(found)} Widgets, {len(problems)} fehlerhaft.", err=True)
    sys.exit(1 if problems else 0)


_BUDGET = click.option("--budget", type=float, help="Zeitbudget in Sekunden (Standard: data_budget aus mkdocs.yml).")


@click.command("fetch", context_settings=CONTEXT)
@root_option
@_BUDGET
def fetch(root: Path, budget: float | None) -> None:
    """Ruft die Daten aller Widgets ab und speichert sie als neuen Stand (vor dem Bauen ausführen).

    Der Build selbst ruft nie etwas ab; er zeigt den hier gespeicherten Stand mit seinem Alter.
    Ein fehlgeschlagener Abruf überschreibt nie einen gespeicherten Stand.
    """
    refresh_snapshots(root, budget)


@widgets.command("refresh", context_settings=CONTEXT)
@root_option
@_BUDGET
def refresh_widgets(root: Path, budget: float | None) -> None:
    """Wie 'scschule fetch': ruft alle Widgets ab und speichert die Antworten als neuen Stand.

    Ein fehlgeschlagener Abruf überschreibt nie einen gespeicherten Stand.
    """
    refresh_snapshots(root, budget)


def refresh_snapshots(root: Path, budget: float | None) -> None:
    settings, found, problems = _load(root)
    store = SnapshotStore(root / settings.cache_dir)
    jobs = [Job(build_request(w.spec, w.source_name, w.source), check_of(w)) for w in found]
    budget = budget or settings.data_budget
    started = time.monotonic()
    results = fetch_all_sync(jobs, budget=budget, concurrency=settings.concurrency)
    click.echo(f"{len(results)} Abrufe beendet nach {time.monotonic() - started:.2f} s (Zeitbudget {budget:g} s)",
               err=True)
    saved = 0
    job_of = {job.request.key: job for job in jobs}
    for key, result in results.items():
        job = job_of[key]
        if result.snapshot is not None:
            try:
                store.save(key, result.snapshot)
            except (OSError, ValueError) as exc:  # the old snapshot stays
                click.echo(f"nicht speicherbar: {job.request.source_name} {job.request.path}: {exc}", err=True)
                continue
            saved += 1
            click.echo(f"aktualisiert: {job.request.source_name} {job.request.path}")
        else:
            click.echo(f"nicht abrufbar: {job.request.source_name} {job.request.path}: {result.error}", err=True)
    click.echo(f"{saved} von {len(results)} Abrufen gespeichert in {settings.cache_dir}.", err=True)
    sys.exit(1 if problems or saved < len(results) else 0)
