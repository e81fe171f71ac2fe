"""``scschule okr``: record a half-yearly review of the OKR matrix, list the metrics."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..content.problems import ContentError, error
from ..okr.evaluate import format_value, new_review_path, read, record_review
from ..okr.metrics import METRICS
from ..okr.model import MATRIX_FILE, OKR
from .options import CONTEXT, iso_date, project_portal, root_option, today_option


@click.group(context_settings=CONTEXT)
def okr() -> None:
    """OKR-Matrix der Schule: Reviews aufzeichnen, Kennzahlen anzeigen."""


def _assessment(text: str) -> tuple[str, str]:
    objective, sep, assessment = text.partition("=")
    if not sep or not objective.strip() or not assessment.strip():
        raise click.BadParameter(f"'{text}': erwartet ZIEL=TEXT, z. B. alle-kommunen=\"Fünf Pionierkommunen dabei …\"")
    return objective.strip(), assessment.strip()


@okr.command("review", context_settings=CONTEXT)
@click.option("--date", "day", required=True, callback=iso_date, metavar="JJJJ-MM-TT",
              help="Stichtag des Reviews; die Werte werden zu diesem Tag berechnet.")
@click.option("--bewertung", "assessments", multiple=True, metavar="ZIEL=TEXT",
              help="Bewertung eines Ziels in freiem Text; für jedes Ziel einmal. Fehlende werden abgefragt.")
@click.option("--korrektur", "reason", metavar="GRUND",
              help="Korrigiert das schon aufgezeichnete Review dieses Tages in einer neuen Datei; GRUND sagt, warum.")
@click.option("--no-input", is_flag=True, help="Nichts abfragen; fehlt eine Bewertung, ist das ein Fehler.")
@root_option
@today_option()
def review(day: date, assessments: tuple[str, ...], reason: str | None, no_input: bool, root: Path, today: date | None) -> None:
    """Zeichnet ein Review auf: okr/reviews/<JJJJ-MM-TT>.yml mit dem Wert jedes
    Kernergebnisses am Stichtag und einer Bewertung je Ziel. Ein aufgezeichnetes
    Review wird nie überschrieben."""
    today = today or date.today()
    portal = project_portal(root, today)
    folder = OKR.path(root)
    problems = [p for p in portal.errors if OKR.relative(root, p.path) is not None]
    if problems or portal.okr is None:
        for problem in problems:
            click.echo(problem.format(root), err=True)
        if portal.okr is None and not problems:
            click.echo(error(folder / MATRIX_FILE, 0, "keine OKR-Matrix gefunden").format(root), err=True)
        click.echo("Review nicht aufgezeichnet: erst die Fehler beheben (scschule check).", err=True)
        sys.exit(1)
    try:
        new_review_path(folder, portal.okr, day, today, reason)  # refuse before asking for assessments
    except ContentError as exc:
        click.echo(exc.problem.format(root), err=True)
        sys.exit(1)
    given: dict[str, str] = {}
    for text in assessments:
        try:
            objective, assessment = _assessment(text)
        except click.BadParameter as exc:
            raise click.UsageError(exc.message) from None
        given[objective] = assessment
    missing = [objective for objective in portal.okr.objectives if objective.id not in given]
    for objective in missing:
        if no_input:
            raise click.UsageError(f"Bewertung fehlt für Ziel '{objective.id}': --bewertung {objective.id}=TEXT")
        try:
            given[objective.id] = click.prompt(f"Bewertung für „{objective.title}“ ({objective.id})").strip()
        except click.Abort:
            if sys.stdin.isatty():
                raise  # Ctrl-C at the prompt
            # No terminal (a pipeline, a script): say what is needed instead of click's bare "Aborted!".
            flags = " ".join(f"--bewertung {o.id}=TEXT" for o in missing if o.id not in given)
            raise click.UsageError(
                "Ohne Terminal kann nichts abgefragt werden. Bitte jede Bewertung angeben: "
                f"scschule okr review --date {day.isoformat()} --no-input {flags}") from None
    facts = portal.okr_facts()
    try:
        path = record_review(folder, portal.okr, facts, day, today, given, reason)
    except ContentError as exc:
        click.echo(exc.problem.format(root), err=True)
        sys.exit(1)
    for objective, kr in portal.okr.key_results():
        click.echo(f"  {kr.id}: {format_value(read(kr, facts, day).value, kr.unit)}")
    click.echo(f"Aufgezeichnet: {path}")
    click.echo("Bitte die Datei und okr/reviews/pruefsummen.yml zusammen committen; danach bleibt das Review unverändert.")


@okr.command("metrics", context_settings=CONTEXT)
def metrics() -> None:
    """Listet die Kennzahlen, die ein Kernergebnis mit kind: computed nennen kann."""
    for metric in METRICS.values():
        scope = f" (verlangt scope: {metric.scope})" if metric.scope else ""
        click.echo(f"{metric.id} [{metric.unit}]{scope}: {metric.description}")
