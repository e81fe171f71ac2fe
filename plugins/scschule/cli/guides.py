"""``scschule guide …``: commands for the guides (Leitfäden)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .options import CONTEXT, iso_date, region_taxonomy, root_option, today_option
from ..guides.model import GUIDES
from ..content.problems import ContentError
from ..guides.release import release

@click.group("guide", context_settings=CONTEXT)
def guide() -> None:
    """Leitfäden pflegen: neue Versionen veröffentlichen."""


@guide.command("release", context_settings=CONTEXT)
@click.argument("slug")
@click.option("--version", "new_version", required=True, metavar="X.Y.Z", help="Die neue Versionsnummer.")
@click.option("--note", required=True, help="Was sich geändert hat (Eintrag im Changelog).")
@click.option("--review-by", callback=iso_date, metavar="JJJJ-MM-TT",
              help="Neues Datum der nächsten Überprüfung; Standard: unverändert, falls noch nicht abgelaufen, sonst in einem Jahr.")
@today_option("Datum der neuen Version statt heute.")
@root_option
def release_command(slug: str, new_version: str, note: str, review_by: date | None, today: date | None, root: Path) -> None:
    """Archiviert den aktuellen Text von guides/SLUG als alte Version und hebt die Version an.

    Danach den Text bearbeiten und beides zusammen einreichen.
    """
    try:
        archive = release(GUIDES.path(root) / slug, region_taxonomy(root), new_version, note, today or date.today(), review_by)
    except ContentError as exc:
        click.echo(exc.problem.format(root), err=True)
        sys.exit(1)
    click.echo(f"Archiviert: {archive}")
    click.echo(f"Neue Version {new_version} in {GUIDES.path(root) / slug / 'index.md'}; jetzt den Text bearbeiten.")
