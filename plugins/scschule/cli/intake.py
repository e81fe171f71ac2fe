"""``scschule intake``: a submitted issue form becomes the file ``scschule register`` / ``new`` would write.

Run by the forge's workflow with the issue body in a file (never on a command
line). It writes the file, checks the whole portal like the build does, and
leaves three files for the workflow in ``--out``: ``antwort.md`` (the pull
request's text, or the German answer listing every problem), ``titel.txt`` and
``dateien.txt`` (the written paths: the only files the pull request may add).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from ..content.issueforms import Answers, Form, Submission, SubmissionError, decode_body, detect, github_form, gitlab_template, parse
from ..content.problems import Problem, error
from ..courses import intake as events_intake
from ..courses.events import EVENTS
from ..newsletter import intake as newsletter_intake
from ..pausenhof import intake as pausenhof_intake
from ..portal import load_portal
from ..registry import intake as registry_intake
from ..registry.model import REGISTRY
from ..taxonomy import Taxonomy
from .check import check_project
from .options import CONTEXT, region_taxonomy, root_option, today_option

ANSWER, TITLE, WRITTEN = "antwort.md", "titel.txt", "dateien.txt"
GITHUB_FORMS = Path(".github/ISSUE_TEMPLATE")
GITLAB_TEMPLATES = Path(".gitlab/issue_templates")


def all_forms(taxonomy: Taxonomy) -> tuple[Form, ...]:
    return (registry_intake.registration_form(taxonomy), newsletter_intake.contribution_form(taxonomy),
            events_intake.EVENT_FORM, pausenhof_intake.proposal_form(taxonomy))


def template_files(taxonomy: Taxonomy) -> dict[Path, str]:
    """Every form file of both forges, by path in the repository."""
    files: dict[Path, str] = {}
    for form in all_forms(taxonomy):
        files[GITHUB_FORMS / f"{form.id}.yml"] = github_form(form)
        files[GITLAB_TEMPLATES / form.gitlab_file] = gitlab_template(form)
    return files


def submit(form: Form, answers: Answers, root: Path, taxonomy: Taxonomy, today: date, *, strict: bool = False,
           issue: int | None = None) -> Submission:
    """Write the form's file, then check the portal; undo the write if the written file has an
    error (``strict``: if the whole strict build of ``scschule check`` has any)."""
    snapshot = _snapshot(form, root)
    if form.id == registry_intake.FORM_ID:
        submission = registry_intake.submit(answers, root, taxonomy, today)
    elif form.id == events_intake.EVENT_FORM.id:
        submission = events_intake.submit(answers, root, today)
    elif form.id == pausenhof_intake.FORM_ID:
        submission = pausenhof_intake.submit(answers, root, taxonomy, today, issue)
    else:
        issues = load_portal(root, today=today, taxonomy=taxonomy).issues
        submission = newsletter_intake.submit(answers, root, taxonomy, today, list(issues))
    written = {(root / path).resolve() for path in submission.paths}
    if strict:
        # Every error of the strict build: the base branch passes it, so any error now comes from
        # the new file, also one reported for a generated page (a dead link in an event's text).
        problems = [p for p in check_project(root, today) if p.is_error]
    else:
        problems = [p for p in load_portal(root, today=today, taxonomy=taxonomy).errors if p.path.resolve() in written]
    if problems:
        for path in submission.paths:
            before = snapshot.get(root / path)
            if before is None:
                (root / path).unlink()
            else:
                (root / path).write_bytes(before)  # nothing stored is lost
        raise SubmissionError(problems)
    return submission


def _snapshot(form: Form, root: Path) -> dict[Path, bytes]:
    """The files a form may change in place (an upgrade, the calendar), to restore on failure."""
    if form.id == registry_intake.FORM_ID:
        paths = list(REGISTRY.path(root).glob("*.yml"))
    elif form.id == events_intake.EVENT_FORM.id:
        paths = [EVENTS.file_path(root)]
    else:
        paths = []
    return {path: path.read_bytes() for path in paths if path.is_file()}


def answer_for_problems(problems: list[Problem], root: Path) -> str:
    """The German answer on the issue: every problem, shown as plain text (no Markdown from the body)."""
    lines = "\n".join(p.format(root) for p in problems)
    fence = "`" * max(3, _longest_run(lines, "`") + 1)
    return (
        "Vielen Dank für Ihre Angaben! Daraus konnte noch kein Änderungsvorschlag entstehen, "
        f"weil {'ein Punkt noch nicht stimmt' if len(problems) == 1 else f'{len(problems)} Punkte noch nicht stimmen'}:\n\n"
        f"{fence}text\n{lines}\n{fence}\n\n"
        "Die Zahl nach dem Doppelpunkt ist die Zeile in der Beschreibung dieses Issues. Bitte bearbeiten Sie die "
        "Beschreibung und korrigieren Sie die Angaben; danach prüft das Portal sie automatisch noch einmal. "
        "Ihre Angaben bleiben bis dahin hier erhalten, es wurde nichts gespeichert.\n"
    )


def _longest_run(text: str, char: str) -> int:
    longest = run = 0
    for c in text:
        run = run + 1 if c == char else 0
        longest = max(longest, run)
    return longest


@click.command("intake", context_settings=CONTEXT)
@click.argument("body", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), required=False)
@click.option("--form", "form_id", help="Kennung des Formulars (kommune-anmelden, beitrag-schuelerzeitung, "
                                        "termin-melden, pausenhof-thema); ohne Angabe an den Überschriften erkannt.")
@click.option("--issue", "issue_number", type=click.IntRange(min=1),
              help="Nummer des Issues (ein Themenvorschlag merkt sie sich für die 👍-Zählung); Standard: aus --name issue-<n>.")
@click.option("--name", help="Wie der Text in Meldungen heißt (Standard: der Dateiname), z. B. 'issue-42'.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help=f"Ordner für {ANSWER}, {TITLE} und {WRITTEN} (für den Workflow).")
@click.option("--check", "strict", is_flag=True, help="Nach dem Schreiben alles prüfen wie 'scschule check'; jeder Fehler verhindert die Datei (langsamer, für den Workflow).")
@click.option("--templates", is_flag=True, help="Statt ein Formular zu lesen: die Formulare für GitHub und GitLab neu schreiben.")
@root_option
@today_option()
def intake(body: Path | None, form_id: str | None, issue_number: int | None, name: str | None, out: Path | None,
           strict: bool, templates: bool, root: Path, today: date | None) -> None:
    """Liest ein ausgefülltes Formular (Text eines Issues) und legt die Datei an.

    BODY ist eine Datei mit dem Text des Issues ('-' für die Standardeingabe),
    wie GitHub (Issue-Formular) oder GitLab (Beschreibungsvorlage) ihn
    speichern. Geschrieben wird mit demselben Code wie bei 'scschule register'
    und 'scschule new'; danach wird das ganze Portal geprüft. Bei Fehlern wird
    nichts gespeichert, jeder Fehler wird als 'name:zeile: meldung' gemeldet
    (Exit-Status 1).
    """
    root = root.resolve()
    taxonomy = region_taxonomy(root)
    if templates:
        for path, text in template_files(taxonomy).items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
            click.echo(f"Geschrieben: {path}")
        return
    if body is None:
        raise click.UsageError("BODY fehlt: die Datei mit dem Text des Issues")
    data = sys.stdin.buffer.read() if str(body) == "-" else _read(body)
    source = Path(name or body.name)
    forms = all_forms(taxonomy)
    text, problems = decode_body(data, source)
    form = None
    if text is not None:
        if form_id:
            form = next((f for f in forms if f.id == form_id), None)
            if form is None:
                raise click.UsageError(f"Formular '{form_id}' gibt es nicht (vorhanden: {', '.join(f.id for f in forms)})")
        else:
            form = detect(forms, text)
            if form is None:
                problems = [error(source, 1, "Formular nicht erkannt: bitte eines der Formulare „"
                                             + "“, „".join(f.name for f in forms) + "“ verwenden und die Überschriften nicht ändern")]
    submission = None
    if form is not None:
        answers = parse(form, text, source)
        try:
            if not answers.complete:
                raise SubmissionError(answers.problems)
            # With every field there, the form's own checks add their problems to the parser's.
            submission = submit(form, answers, root, taxonomy, today or date.today(), strict=strict,
                                issue=issue_number or _issue_of_name(name))
        except SubmissionError as exc:
            problems = exc.problems
    if submission is None:
        for problem in problems:
            click.echo(problem.format(root), err=True)
        _write_out(out, answer_for_problems(problems, root), "", [])
        sys.exit(1)
    for path in submission.paths:
        click.echo(f"Angelegt bzw. ergänzt: {path}")
    _write_out(out, submission.summary, submission.title, submission.paths)


def _issue_of_name(name: str | None) -> int | None:
    """Both forges' workflows name the body ``issue-<n>``: the number of the issue it came from."""
    match = re.fullmatch(r"issue-([1-9][0-9]{0,9})", name or "")
    return int(match[1]) if match else None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.UsageError(f"{path}: nicht lesbar ({exc.strerror})") from None


def _write_out(out: Path | None, answer: str, title: str, paths) -> None:
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    (out / ANSWER).write_text(answer, encoding="utf-8")
    (out / TITLE).write_text(title + "\n", encoding="utf-8")
    (out / WRITTEN).write_text("".join(f"{p.as_posix()}\n" for p in paths), encoding="utf-8")
