"""Skeletons for ``scschule new``: valid files an editor fills in."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from .problems import ContentError, error

REVIEW_AFTER = timedelta(days=365)

# The sentences a new file carries where the editor has to write: ``scschule check`` warns while
# one of them is still a whole value or line of a file (content/placeholders.py).
GUIDE_SUMMARY = "Worum geht es, und was lernen Leserinnen und Leser? (ein bis zwei Sätze)"
ISSUE_SUMMARY = "Ein bis zwei Sätze für das Archiv, die Feeds und die E-Mail."
COURSE_SUMMARY = "Was der Kurs vermittelt (ein bis zwei Sätze)."
TEMPLATE_TEXTS = (
    GUIDE_SUMMARY, "Was war das Problem, wer war beteiligt?", "Schritt für Schritt.",
    "Was andere Kommunen übernehmen können.", ISSUE_SUMMARY, "Text der Ausgabe.", COURSE_SUMMARY,
    "Was die Lernenden nach der Einheit können.", "Welche Leitfrage bearbeiten die Lernenden?", "Text der Einheit.",
)

# Comments that help an editor fill in a new guide, written above their keys.
GUIDE_COMMENTS = {
    "summary": "Kurzfassung für Katalog, Suche und Feeds: ein bis zwei Sätze",
    "version": "Neue Versionen mit 'scschule guide release', nicht von Hand",
    "review_by": "Bis wann der Text überprüft wird (JJJJ-MM-TT); danach erscheint ein Hinweis",
    "authors": "Wer den Leitfaden verantwortet: Kurznamen von Kommunen und Organisationen, keine Personen",
    "handlungsfelder": "Kennungen aus region/handlungsfelder.yml",
    "bundles": "Kennungen aus region/massnahmenbuendel.yml, z. B. M01",
    "municipalities": "Kurznamen von Kommunen aus region/kommunen.csv",
    "level": "Einstieg oder Vertiefung",
}


class _PlainDumper(yaml.SafeDumper):
    """Every value written out in full: no ``&id001`` anchor and ``*id001`` alias when two keys
    hold the same object (a new guide's ``updated`` and its changelog date are the same day)."""

    def ignore_aliases(self, data) -> bool:
        return True


def plain_yaml(data) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def front_matter(data: dict, body: str, comments: dict[str, str] | None = None) -> str:
    lines = []
    for line in plain_yaml(data).splitlines(keepends=True):
        key = line.split(":", 1)[0]
        if comments and not line.startswith((" ", "-")) and key in comments:
            lines.append(f"# {comments[key]}\n")
        lines.append(line)
    return f"---\n{''.join(lines)}---\n{body}"


def write_new(path: Path, text: str) -> Path:
    """Create ``path``; an existing file is never overwritten."""
    if path.exists():
        raise ContentError(error(path, 0, "Datei gibt es schon; sie wird nicht überschrieben"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite in a race
        handle.write(text)
    return path


def guide_skeleton(title: str, today: date) -> str:
    data = {
        "title": title,
        "summary": GUIDE_SUMMARY,
        "version": "1.0.0",
        "updated": today,
        "review_by": today + REVIEW_AFTER,
        "authors": {"municipalities": [], "organisations": []},
        "handlungsfelder": [],
        "bundles": [],
        "municipalities": [],
        "level": "Einstieg",
        "licence": "CC BY 4.0",
        "changelog": [{"version": "1.0.0", "date": today, "note": "Erstfassung."}],
    }
    body = "\n## Ausgangslage\n\nWas war das Problem, wer war beteiligt?\n\n## Vorgehen\n\nSchritt für Schritt.\n\n## Zum Abschauen\n\nWas andere Kommunen übernehmen können.\n"
    return front_matter(data, body, GUIDE_COMMENTS)


def issue_skeleton(number: int, title: str, today: date, *, summary: str | None = None,
                   authors: list[str] | None = None, handlungsfelder: list[str] | None = None,
                   bundles: list[str] | None = None, municipalities: list[str] | None = None,
                   text: str | None = None) -> str:
    """A draft issue; a contribution sent through the form fills in its own text and tags."""
    data = {
        "issue": number,
        "date": today,
        "title": title,
        "summary": summary or ISSUE_SUMMARY,
        "authors": authors or ["Redaktion der Smart Cities: Schule"],
        "handlungsfelder": handlungsfelder or [],
        "bundles": bundles or [],
        "municipalities": municipalities or [],
        "draft": True,
    }
    body = f"\n{text.strip()}\n" if text else "\n## Aus den Kommunen\n\nText der Ausgabe.\n"
    return front_matter(data, body)


def course_skeleton(title: str) -> tuple[str, str]:
    """(course.yml, first unit) of a new course."""
    course = {
        "title": title,
        "summary": COURSE_SUMMARY,
        "audience": "Mitarbeitende aus allen Fachbereichen der Kommunen",
        "handlungsfelder": [],
        "bundles": [],
        "moderators": ["Moderation der Smart Cities: Schule"],
        "units": ["einheit-1"],
    }
    unit = {
        "title": "Einheit 1",
        "objectives": ["Was die Lernenden nach der Einheit können."],
        "questions": ["Welche Leitfrage bearbeiten die Lernenden?"],
        "preparation": [],
        "session": [{"title": "Kurzvorträge der Teilnehmenden", "kind": "praesentation", "minutes": 30}],
        "follow_up": [],
        "key_points": [],
    }
    return (
        plain_yaml(course),
        front_matter(unit, "\n### Worum es geht\n\nText der Einheit.\n"),
    )
