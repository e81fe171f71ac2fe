"""``scschule pausenhof fetch``: count the 👍 on each open proposal's issue and store the counts.

Never part of the build: the build reads the stored counts only. The token, if any, is
read from the environment variable named by ``token_env`` (mkdocs.yml) and goes into
request headers only, never into a snapshot or any output.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from ..pausenhof.support import fetch_support, load_settings
from .options import CONTEXT, project_portal, root_option


@click.group(context_settings=CONTEXT)
def pausenhof() -> None:
    """Themenvorschläge für die Pausenhofgespräche."""


@pausenhof.command("fetch", context_settings=CONTEXT)
@root_option
@click.option("--budget", type=float, help="Zeitbudget in Sekunden für alle Abrufe (Standard: budget in mkdocs.yml).")
def fetch(root: Path, budget: float | None) -> None:
    """Zählt die 👍-Reaktionen auf den Issues offener Vorschläge und speichert sie.

    Ein fehlgeschlagener Abruf überschreibt nie eine gespeicherte Zahl; die Website
    zeigt dann die letzte mit ihrem Datum. Ein Token (für private Repositorys oder
    mehr Abrufe) kommt aus der Umgebungsvariablen, die token_env in mkdocs.yml nennt.
    """
    root = root.resolve()
    settings, repo_url, problems = load_settings(root)
    for problem in problems:
        click.echo(problem.format(root), err=True)
    if problems:
        sys.exit(1)
    if budget is not None:
        settings = settings.model_copy(update={"budget": budget})
    portal = project_portal(root, date.today())
    try:
        outcomes = fetch_support(root, settings, repo_url, portal.proposals)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if not outcomes:
        click.echo("Keine offenen Vorschläge mit Issue: nichts zu zählen.", err=True)
        return
    token = "mit Token" if os.environ.get(settings.token_env) else f"ohne Token ({settings.token_env} nicht gesetzt)"
    failed = 0
    for outcome in outcomes:
        if outcome.count is None:
            failed += 1
            click.echo(f"nicht abrufbar: {outcome.proposal}: {outcome.error}; die gespeicherte Zahl bleibt", err=True)
        else:
            click.echo(f"{outcome.proposal}: {outcome.count} × 👍")
    click.echo(f"{len(outcomes) - failed} von {len(outcomes)} Vorschlägen gezählt ({token}), gespeichert in "
               f"{settings.snapshots}.", err=True)
    sys.exit(1 if failed else 0)
