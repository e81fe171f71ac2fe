"""Skeletons for ``scschule new``: valid files an editor fills in."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from .problems import ContentError, error

REVIEW_AFTER = timedelta(days=365)


def front_matter(data: dict, body: str) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n{body}"


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
        "summary": "Worum geht es, und was lernen Leserinnen und Leser? (ein bis zwei Sätze)",
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
    return front_matter(data, body)


def issue_skeleton(number: int, title: str, today: date, *, summary: str | None = None,
                   authors: list[str] | None = None, handlungsfelder: list[str] | None = None,
                   bundles: list[str] | None = None, municipalities: list[str] | None = None,
                   text: str | None = None) -> str:
    """A draft issue; a contribution sent through the form fills in its own text and tags."""
    data = {
        "issue": number,
        "date": today,
        "title": title,
        "summary": summary or "Ein bis zwei Sätze für das Archiv, die Feeds und die E-Mail.",
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
        "summary": "Was der Kurs vermittelt (ein bis zwei Sätze).",
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
        yaml.safe_dump(course, allow_unicode=True, sort_keys=False),
        front_matter(unit, "\n### Worum es geht\n\nText der Einheit.\n"),
    )
