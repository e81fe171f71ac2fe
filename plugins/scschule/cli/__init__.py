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
from ..content.siteconfig import SITE_CONFIG
from ..content.skeletons import course_skeleton, guide_skeleton, issue_skeleton, write_new
from ..content.slugs import slugify
from ..courses.model import COURSES
from ..guides.model import GUIDES
from ..newsletter.model import issue_path, next_issue_number
from ..portal import COLLECTIONS, load_portal
from .check import check_project
from .options import CONTEXT, root_option, today_option


def find_root(path: Path) -> Path:
    """The project folder: the nearest folder upwards holding mkdocs.yml, else the
    nearest holding a collection folder, else ``path`` itself."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    folders = (start, *start.parents)
    for folder in folders:
        if (folder / SITE_CONFIG).is_file():
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
@today_option()
def check(path: Path, output: str, today: date | None) -> None:
    """Prüft alle Inhalte und meldet jedes Problem als 'pfad:zeile: meldung'.

    Geprüft wird genau das, was auch die Website-Erstellung prüft (mkdocs build
    --strict): Inhalte, Verweise zwischen ihnen, Links und Sprungmarken,
    Daten-Widgets und Front Matter. PATH ist der Projektordner oder ein Ordner
    bzw. eine Datei darin; dann werden nur Probleme darunter gemeldet.
    Exit-Status 1 bei Fehlern, sonst 0.
    """
    root = find_root(path)
    scope = path.resolve()
    problems = [p for p in check_project(root, today) if _within(p, scope)]
    if output == "gitlab":
        click.echo(format_gitlab(problems, root))
    else:
        for problem in problems:
            click.echo(problem.format_github(root) if output == "github" else problem.format(root))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} Fehler, {warnings} Warnungen.", err=True)
    sys.exit(1 if errors else 0)


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
    portal = load_portal(root, today=today)
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

main.add_command(intake)
from .okr import okr  # noqa: E402

main.add_command(okr)

from .pausenhof import pausenhof  # noqa: E402

main.add_command(pausenhof)

if __name__ == "__main__":
    main()
