"""Options every ``scschule`` command spells the same way (one definition, one wording)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"]}


def iso_date(ctx, param, value: str | None) -> date | None:
    """click callback: 'JJJJ-MM-TT' -> date, with a German message for anything else."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("Datum im Format JJJJ-MM-TT erwartet") from None


def today_option(help: str = "Stichtag statt des heutigen Datums (für Tests und Vorschau)."):  # noqa: A002
    return click.option("--today", callback=iso_date, metavar="JJJJ-MM-TT", help=help)


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                           show_default=True, help="Projektordner mit mkdocs.yml.")


def region_taxonomy(root: Path):
    """The taxonomy of the project's ``region/`` folder; a wrong region file ends the command with
    its German ``path:line`` message (exit status 1), never a traceback."""
    from ..content.problems import ContentError
    from ..taxonomy import load_taxonomy

    try:
        return load_taxonomy(root)
    except ContentError as exc:
        click.echo(exc.problem.format(Path(root)), err=True)
        raise SystemExit(1) from None


def project_portal(root: Path, today: date | None = None):
    """The project's portal, loaded with its region (:func:`region_taxonomy`): a missing or wrong
    ``region/`` file ends the command with its German message, never a traceback."""
    from ..portal import load_portal

    return load_portal(root, today=today, taxonomy=region_taxonomy(root))
