"""``scschule guide …``: commands for the guides (Leitfäden)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..content.portal import GUIDES
from ..content.problems import ContentError
from ..taxonomy import load_taxonomy
from .release import release

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _iso_date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("Datum im Format JJJJ-MM-TT erwartet") from None


@click.group("guide", context_settings=CONTEXT)
def guide() -> None:
    """Leitfäden pflegen: neue Versionen veröffentlichen."""


@guide.command("release", context_settings=CONTEXT)
@click.argument("slug")
@click.option("--version", "new_version", required=True, metavar="X.Y.Z", help="Die neue Versionsnummer.")
@click.option("--note", required=True, help="Was sich geändert hat (Eintrag im Changelog).")
@click.option("--review-by", callback=_iso_date, metavar="JJJJ-MM-TT",
              help="Neues Datum der nächsten Überprüfung; Standard: unverändert, falls noch nicht abgelaufen, sonst in einem Jahr.")
@click.option("--today", callback=_iso_date, metavar="JJJJ-MM-TT", help="Datum der neuen Version statt heute.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Projektordner mit mkdocs.yml.")
def release_command(slug: str, new_version: str, note: str, review_by: date | None, today: date | None, root: Path) -> None:
    """Archiviert den aktuellen Text von guides/SLUG als alte Version und hebt die Version an.

    Danach den Text bearbeiten und beides zusammen einreichen.
    """
    try:
        archive = release(root / GUIDES / slug, load_taxonomy(), new_version, note, today or date.today(), review_by)
    except ContentError as exc:
        click.echo(exc.problem.format(root), err=True)
        sys.exit(1)
    click.echo(f"Archiviert: {archive}")
    click.echo(f"Neue Version {new_version} in {root / GUIDES / slug / 'index.md'}; jetzt den Text bearbeiten.")
