"""``scschule``: the editors' command-line tool.

Every subcommand calls the same content-model functions as the MkDocs plugins,
so a rule checked here is the rule the build enforces.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..content.problems import ContentError, Problem, format_gitlab
from ..content.placeholders import legal_page_placeholders
from ..content.siteconfig import SITE_CONFIG, docs_dir
from ..content.skeletons import course_skeleton, guide_skeleton, issue_skeleton, write_new
from ..content.slugs import slugify
from ..courses.model import COURSES
from ..guides.model import GUIDES
from ..newsletter.model import issue_path, next_issue_number
from ..portal import COLLECTIONS
from ..taxonomy import REGION_FOLDER
from .check import check_project
from .options import CONTEXT, project_portal, root_option, today_option


def find_root(path: Path) -> Path:
    """The project folder: the nearest folder upwards holding mkdocs.yml or the region/ folder,
    else the nearest holding a collection folder, else ``path`` itself."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    folders = (start, *start.parents)
    for folder in folders:
        if (folder / SITE_CONFIG).is_file() or (folder / REGION_FOLDER).is_dir():
            return folder
    for folder in folders:
        if any(collection.path(folder).is_dir() for collection in COLLECTIONS):
            return folder
    return start


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="smartcities-schule")
def main() -> None:
    """Werkzeug für die Redaktion der Smart Cities: Schule.

    Prüft Inhalte, legt neue Leitfäden, Ausgaben, Kurse und Kommunen an.
    """


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=".")
@click.option("--format", "output", type=click.Choice(["text", "github", "gitlab"]), default="text",
              show_default=True, help="'github' gibt Annotationen für GitHub Actions aus, 'gitlab' einen "
              "Code-Quality-Bericht (JSON) für GitLab-Merge-Requests.")
@click.option("--placeholders", is_flag=True,
              help="Nur prüfen, ob Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit noch "
                   "Platzhalter «AUSFÜLLEN: …» von 'scschule init' enthalten (vor jeder Veröffentlichung; "
                   "Exit-Status 1, solange einer übrig ist).")
@today_option()
def check(path: Path, output: str, placeholders: bool, today: date | None) -> None:
    """Prüft alle Inhalte und meldet jedes Problem als 'pfad:zeile: meldung'.

    Geprüft wird genau das, was auch die Website-Erstellung prüft (mkdocs build
    --strict): Inhalte, Verweise zwischen ihnen, Links und Sprungmarken,
    Daten-Widgets und Front Matter. PATH ist der Projektordner oder ein Ordner
    bzw. eine Datei darin; dann werden nur Probleme darunter gemeldet.
    Exit-Status 1 bei Fehlern, sonst 0.
    """
    root = find_root(path)
    if placeholders:
        _refuse_placeholders(root)
        return
    scope = path.resolve()
    # An error in the region stops every other check, so it is reported whatever PATH names.
    region = (root / REGION_FOLDER).resolve()
    problems = [p for p in check_project(root, today) if _within(p, scope) or (p.is_error and _within(p, region))]
    if output == "gitlab":
        click.echo(format_gitlab(problems, root))
    else:
        for problem in problems:
            click.echo(problem.format_github(root) if output == "github" else problem.format(root))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} Fehler, {warnings} Warnungen.", err=True)
    sys.exit(1 if errors else 0)


def _refuse_placeholders(root: Path) -> None:
    """The gate before publishing: a legal page with a placeholder of ``scschule init`` is never published."""
    problems = legal_page_placeholders(docs_dir(root))
    for problem in problems:
        click.echo(problem.format(root))
    if problems:
        click.echo(f"Veröffentlichung verweigert: {len(problems)} Platzhalter auf den Pflichtseiten (Impressum, "
                   "Datenschutzerklärung, Erklärung zur Barrierefreiheit). Bitte ausfüllen, dann erneut veröffentlichen.",
                   err=True)
        sys.exit(1)
    click.echo("Keine Platzhalter auf den Pflichtseiten.", err=True)


def _within(problem: Problem, scope: Path) -> bool:
    path = problem.path.resolve()
    return path == scope or scope in path.parents


@main.group(context_settings=CONTEXT)
def new() -> None:
    """Legt eine neue, gültige Vorlage an (überschreibt nie eine vorhandene Datei)."""


def _created(path: Path) -> None:
    click.echo(f"Angelegt: {path}")


def _fail(exc: ContentError) -> None:
    click.echo(exc.problem.format(), err=True)
    sys.exit(1)


@new.command("guide", context_settings=CONTEXT)
@click.argument("title")
@click.option("--slug", help="Kurzname für die Adresse; Standard: aus dem Titel.")
@root_option
@today_option()
def new_guide(title: str, slug: str | None, root: Path, today: date | None) -> None:
    """Neuer Leitfaden unter guides/<slug>/index.md."""
    path = GUIDES.path(root) / (slug or slugify(title)) / "index.md"
    try:
        _created(write_new(path, guide_skeleton(title, today or date.today())))
    except ContentError as exc:
        _fail(exc)


@new.command("newsletter", context_settings=CONTEXT)
@click.argument("title")
@root_option
@today_option()
def new_issue(title: str, root: Path, today: date | None) -> None:
    """Neue Ausgabe der Schülerzeitung (als Entwurf) mit der nächsten freien Nummer."""
    today = today or date.today()
    portal = project_portal(root, today)
    number = next_issue_number(portal.issues)
    path = issue_path(root, number, title, today)
    try:
        _created(write_new(path, issue_skeleton(number, title, today)))
    except ContentError as exc:
        _fail(exc)


@new.command("course", context_settings=CONTEXT)
@click.argument("title")
@click.option("--slug", help="Kurzname für die Adresse; Standard: aus dem Titel.")
@root_option
def new_course(title: str, slug: str | None, root: Path) -> None:
    """Neuer Kurs unter courses/<slug>/ mit einer ersten Einheit."""
    folder = COURSES.path(root) / (slug or slugify(title))
    course, unit = course_skeleton(title)
    try:
        if folder.exists():
            raise ContentError(Problem(folder, 0, "Kursordner gibt es schon; er wird nicht überschrieben"))
        _created(write_new(folder / "course.yml", course))
        _created(write_new(folder / "einheit-1.md", unit))
    except ContentError as exc:
        _fail(exc)


from .newsletter import newsletter  # noqa: E402  (subcommand groups register after main exists)

main.add_command(newsletter)

from .guides import guide  # noqa: E402

main.add_command(guide)


from .widgets import fetch, widgets  # noqa: E402

main.add_command(widgets)
main.add_command(fetch)

from .registry import register  # noqa: E402

main.add_command(register)
new.add_command(register, "municipality")  # same command: a new registration file

from .intake import intake  # noqa: E402
from .init import init  # noqa: E402

main.add_command(intake)
main.add_command(init)
from .okr import okr  # noqa: E402

main.add_command(okr)

from .pausenhof import pausenhof  # noqa: E402

main.add_command(pausenhof)

if __name__ == "__main__":
    main()
