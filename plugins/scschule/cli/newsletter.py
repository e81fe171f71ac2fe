"""``scschule newsletter``: commands for the Schülerzeitung's editors."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .options import CONTEXT, project_portal, root_option, today_option
from ..content.problems import ContentError
from ..site.context import SiteContext

@click.group(context_settings=CONTEXT)
def newsletter() -> None:
    """Schülerzeitung: E-Mail-Ausgabe erzeugen."""


@newsletter.command("email", context_settings=CONTEXT)
@click.argument("number", type=click.IntRange(min=1), metavar="AUSGABE")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Ordner für <nr>.html und <nr>.txt.")
@click.option("--force", is_flag=True, help="Vorhandene Dateien überschreiben.")
@root_option
@today_option()
def email(number: int, out: Path, force: bool, root: Path, today: date | None) -> None:
    """Schreibt die E-Mail-Ausgabe AUSGABE als HTML (<nr>.html) und Text (<nr>.txt).

    Die HTML-Datei ist in sich geschlossen (CSS inline, nur absolute Links) und
    kann direkt in das Versandwerkzeug übernommen werden.
    """
    from ..newsletter.email import email_edition, write_edition

    root = root.resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        _fail(f"{config_file}: nicht gefunden; bitte im Projektordner aufrufen oder --root angeben")
    portal = project_portal(root, today)
    if portal.errors:
        for problem in portal.errors:
            click.echo(problem.format(root), err=True)
        _fail(f"{len(portal.errors)} Fehler im Inhalt; bitte zuerst beheben (siehe 'scschule check').")
    issue = next((i for i in portal.issues if i.number == number), None)
    if issue is None:
        known = ", ".join(str(i.number) for i in sorted(portal.issues, key=lambda i: i.number)) or "keine"
        _fail(f"Ausgabe {number} gibt es nicht (vorhanden: {known}).")
    if not issue.is_published(portal.today):
        click.echo(f"Warnung: Ausgabe {number} ist noch nicht veröffentlicht ({issue.status(portal.today).value}); "
                   "ihre Links funktionieren erst nach der Veröffentlichung.", err=True)
    site = site_settings(config_file, portal.today)
    try:
        written = write_edition(email_edition(issue, portal.taxonomy, site), number, out, force=force)
    except ContentError as exc:
        _fail(exc.problem.format())
    for path in written:
        click.echo(f"Geschrieben: {path}")


def site_settings(config_file: Path, today: date) -> SiteContext:
    """The site context from mkdocs.yml (site_url, site_name, markdown_extensions, ...), validated by MkDocs itself.

    Only these keys are read, so the e-mail does not depend on every plugin being installed.
    """
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import yaml_load

    from ..newsletter.render import NEEDS_SITE_URL
    from ..site.build import site_context

    try:
        with config_file.open(encoding="utf-8") as handle:
            raw = yaml_load(handle) or {}
    except Exception as exc:  # YAML errors of any kind: report, don't trace back
        _fail(f"{config_file}: nicht lesbar: {exc}")
    config = MkDocsConfig(config_file_path=str(config_file))
    config.load_dict({key: raw[key] for key in ("site_name", "site_url", "site_author", "markdown_extensions",
                                                   "use_directory_urls") if key in raw})
    failed, _ = config.validate()
    if failed:
        _fail("\n".join(f"{config_file}: {key}: {error}" for key, error in failed))
    try:
        return site_context(config, today).require_site_url(NEEDS_SITE_URL)
    except ValueError as exc:
        _fail(f"{config_file}: {exc}")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)
