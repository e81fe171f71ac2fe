"""Courses: ``courses/<slug>/course.yml`` plus one Markdown file per unit.

A unit's Markdown body is the material of the session (Präsenz). Moderation notes
are written inline as ``!!! moderation`` admonitions; :func:`split_moderation`
removes them from the learner text here, in the content model, so no page,
feed or search index built from ``Unit.learner_body`` can leak them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..content.collection import Collection, Kind, slug_folder
from ..content import fences
from ..content.items import ItemRef
from ..content.media import MEDIA_FOLDER, media_folder, probe, whole_minutes
from ..content.slugs import slugify
from ..content.loading import load_each
from ..content.problems import Problem, error, warning
from ..content.records import Record, Tagged, check_unique, validate
from ..content.source import Source, read_markdown, read_yaml
from ..taxonomy import Taxonomy

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A unit may not take the name of a page the course itself generates.
RESERVED_UNIT_SLUGS = frozenset({"moderation"})
COURSE = Kind("course", "Kurs", "Kurse", "kurse/", about="Kurse zu")

MATERIAL_KINDS = {
    "leitfaden": "Leitfaden",
    "text": "Text",
    "video": "Video",
    "audio": "Audio",
    "webseite": "Webseite",
    "aufgabe": "Aufgabe",
}
AGENDA_KINDS = {
    "einstieg": "Einstieg",
    "praesentation": "Kurzvorträge der Lernenden",
    "diskussion": "Diskussion",
    "uebung": "Übung",
    "pause": "Pause",
    "abschluss": "Abschluss",
}


class CourseFile(Tagged):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    moderators: list[str] = Field(min_length=1)  # roles, never names of people
    units: list[str] = Field(min_length=1)


class Material(Record):
    """Preparation material: an internal guide by slug, an external link, or a task."""

    kind: Literal["leitfaden", "text", "video", "audio", "webseite", "aufgabe"]
    minutes: int | None = Field(default=None, ge=1)  # for 'media': read from the file
    guide: str | None = None
    media: str | None = None  # a video or audio file below medien/ (served by the portal)
    url: str | None = Field(default=None, pattern=r"^https://")
    title: str | None = None
    note: str | None = None  # what to look for while studying it

    @model_validator(mode="after")
    def _one_target(self) -> Material:
        if self.guide and self.url:
            raise ValueError("entweder 'guide' (Leitfaden im Portal) oder 'url' (externer Link), nicht beides")
        if (self.kind == "leitfaden") != bool(self.guide):
            raise ValueError("Art 'leitfaden' gehört zu 'guide: <slug>' und nur dazu")
        if self.url and not self.title:
            raise ValueError("ein externer Link braucht einen 'title'")
        if not self.guide and not self.url and not self.title:
            raise ValueError("Material braucht 'guide', 'url' oder (bei einer Aufgabe) 'title'")
        if self.media and (self.kind not in ("video", "audio") or self.guide or self.url):
            raise ValueError("'media' gehört zu Art 'video' oder 'audio', ohne 'guide' und 'url'")
        if self.media and self.minutes is not None:
            raise ValueError("die Minuten eines Videos oder Audios werden aus der Datei gelesen: 'minutes' weglassen")
        if not self.media and self.minutes is None:
            raise ValueError("'minutes' fehlt")
        return self

    @property
    def kind_label(self) -> str:
        return MATERIAL_KINDS[self.kind]

    @property
    def key(self) -> str:
        """Stable key of this item for the learner's progress (survives reordering)."""
        return f"leitfaden-{self.guide}" if self.guide else _key(self.url or self.media or self.title or "")


class AgendaBlock(Record):
    title: str = Field(min_length=1)
    kind: Literal["einstieg", "praesentation", "diskussion", "uebung", "pause", "abschluss"]
    minutes: int = Field(ge=1)

    @property
    def kind_label(self) -> str:
        return AGENDA_KINDS[self.kind]


class UnitFrontMatter(Record):
    title: str = Field(min_length=1)
    summary: str | None = None
    objectives: list[str] = Field(min_length=1)
    questions: list[str] = []
    preparation: list[Material] = []
    session: list[AgendaBlock] = []
    follow_up: list[str] = []
    key_points: list[str] = []


@dataclass(frozen=True)
class ModerationNote:
    line: int  # line of the ``!!! moderation`` marker in the unit file
    markdown: str  # the whole admonition, as written


@dataclass(frozen=True)
class Unit:
    slug: str
    meta: UnitFrontMatter
    source: Source
    learner_body: str = ""  # the body without moderation notes
    notes: tuple[ModerationNote, ...] = ()

    @property
    def moderator_body(self) -> str:
        """The full body with moderation notes in place and solutions open (moderator view only)."""
        return fences.map_unfenced(with_default_titles(self.source.body), lambda line: _OPEN_DETAILS.sub(r"\1???+ ", line))

    @property
    def preparation_minutes(self) -> int:
        return sum(m.minutes for m in self.meta.preparation)

    @property
    def session_minutes(self) -> int:
        return sum(b.minutes for b in self.meta.session)


@dataclass(frozen=True)
class Course:
    slug: str
    meta: CourseFile
    units: tuple[Unit, ...]
    source: Source

    @property
    def url(self) -> str:
        return f"{COURSE.url_prefix}{self.slug}/"

    def unit_url(self, unit: Unit) -> str:
        return f"{self.url}{unit.slug}/"

    def moderation_url(self, unit: Unit | None = None) -> str:
        return f"{self.unit_url(unit) if unit else self.url}moderation/"

    @property
    def preparation_minutes(self) -> int:
        return sum(u.preparation_minutes for u in self.units)

    @property
    def session_minutes(self) -> int:
        return sum(u.session_minutes for u in self.units)

    def unit(self, slug: str) -> Unit | None:
        return next((u for u in self.units if u.slug == slug), None)

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef(COURSE.label, m.title, self.url, m.summary, None,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def format_minutes(minutes: int) -> str:
    """German duration: 90 -> '1 Std. 30 Min.', 120 -> '2 Std.', 45 -> '45 Min.'."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} Std. {rest} Min."
    return f"{hours} Std." if hours else f"{rest} Min."


def load_courses(root: Path, taxonomy: Taxonomy) -> tuple[list[Course], list[Problem]]:
    """Load every ``<root>/<slug>/course.yml`` and the units it lists."""

    def build(source: Source) -> tuple[Course | None, list[Problem]]:
        meta, problems = validate(CourseFile, source)
        if meta is None:
            return None, problems
        problems = taxonomy.check_tags(meta, source)
        folder = source.path.parent
        problems += _check_slug(folder.name, source, (), "Kursordner")
        problems += check_unique([(slug, source.path, source.line_of("units", i)) for i, slug in enumerate(meta.units)],
                                 "units: Einheit")
        unit_paths = []
        for index, slug in enumerate(dict.fromkeys(meta.units)):
            line = source.line_of("units", meta.units.index(slug))
            if slug in RESERVED_UNIT_SLUGS or not re.match(SLUG, slug):
                problems.append(error(source.path, line, f"units: '{slug}' ist als Name einer Einheit nicht erlaubt "
                                      "(nur a-z, 0-9 und Bindestriche; nicht 'moderation')"))
                continue
            path = folder / f"{slug}.md"
            if path.is_file():
                unit_paths.append(path)
            else:
                problems.append(error(source.path, line, f"units: Einheit '{slug}' fehlt ({path.name} nicht gefunden)"))
        listed = set(meta.units)
        problems += [
            warning(path, 1, f"Einheit '{path.stem}' steht nicht in units: von {source.path.name} und wird nicht veröffentlicht")
            for path in sorted(folder.glob("*.md")) if path.stem not in listed
        ]
        units, unit_problems = load_each(unit_paths, read_markdown, partial(_build_unit, root.parent))
        order = {slug: i for i, slug in enumerate(meta.units)}
        units.sort(key=lambda unit: order[unit.slug])
        return Course(folder.name, meta, tuple(units), source), problems + unit_problems

    return load_each(root.glob("*/course.yml"), read_yaml, build)


def _build_unit(project: Path, source: Source) -> tuple[Unit | None, list[Problem]]:
    meta, problems = validate(UnitFrontMatter, source)
    problems += _check_headings(source)
    if meta is None:
        return None, problems
    meta, media_problems = _media_minutes(project, meta, source)
    problems += media_problems
    learner_body, notes = split_moderation(source.body, source.body_line)
    return Unit(source.path.stem, meta, source, with_default_titles(learner_body), tuple(notes)), problems


def _media_minutes(project: Path, meta: UnitFrontMatter, source: Source) -> tuple[UnitFrontMatter, list[Problem]]:
    """Preparation videos and audios count with their own length, read from the file (rounded up)."""
    if not any(m.media for m in meta.preparation):
        return meta, []
    problems, preparation = [], []
    for index, material in enumerate(meta.preparation):
        if material.media:
            path = media_folder(project) / material.media
            found = probe(path) if path.is_file() else None
            if found is None:
                what = "fehlt" if not path.is_file() else "ist keine lesbare Video- oder Audiodatei"
                problems.append(error(source.path, source.line_of("preparation", index, "media"),
                                      f"preparation.{index}.media: {MEDIA_FOLDER}/{material.media} {what}"))
            minutes = whole_minutes(found.seconds) if found else 1
            material = material.model_copy(update={"minutes": minutes})
        preparation.append(material)
    return meta.model_copy(update={"preparation": preparation}), problems


def check_course_references(courses, events, guide_slugs: set[str], broken_guides: dict[str, str] | None = None) -> list[Problem]:
    """Cross-collection rules, run once after every collection is loaded.

    Preparation material must name an existing guide; events must name an
    existing course and one of its units. A guide that exists but has errors
    (``broken_guides``: slug -> where its first error is) is named as such,
    once per unit, instead of being called unknown.
    """
    broken_guides = broken_guides or {}
    problems: list[Problem] = []
    for course in courses:
        for unit in course.units:
            named: set[str] = set()
            for index, material in enumerate(unit.meta.preparation):
                if not material.guide or material.guide in guide_slugs or material.guide in named:
                    continue
                line = unit.source.line_of("preparation", index, "guide")
                if material.guide in broken_guides:
                    named.add(material.guide)
                    problems.append(error(unit.source.path, line,
                                          f"preparation.{index}.guide: Leitfaden '{material.guide}' ist fehlerhaft "
                                          f"(siehe {broken_guides[material.guide]})"))
                else:
                    problems.append(error(unit.source.path, line,
                                          f"preparation.{index}.guide: unbekannter Leitfaden '{material.guide}'"
                                          f"{_closest(material.guide, guide_slugs)}"))
    by_slug = {c.slug: c for c in courses}
    for event in events:
        source, index = event.source, event.index
        if event.meta.unit and not event.meta.course:
            problems.append(error(source.path, source.line_of("events", index, "unit"),
                                  "unit: eine Einheit braucht auch 'course'"))
        if not event.meta.course:
            continue
        course = by_slug.get(event.meta.course)
        if course is None:
            problems.append(error(source.path, source.line_of("events", index, "course"),
                                  f"course: unbekannter Kurs '{event.meta.course}'{_closest(event.meta.course, by_slug)}"))
        elif event.meta.unit and course.unit(event.meta.unit) is None:
            slugs = [u.slug for u in course.units]
            problems.append(error(source.path, source.line_of("events", index, "unit"),
                                  f"unit: Kurs '{course.slug}' hat keine Einheit '{event.meta.unit}'"
                                  f"{_closest(event.meta.unit, slugs)}"))
    return problems


_MODERATION = re.compile(r"^(!!!|\?\?\?\+?)\s+moderation\b")
_HEADING = re.compile(r"^(#{1,2})\s")
_OPEN_DETAILS = re.compile(r"^(\s*)\?\?\?\+?[ \t]+")
_UNTITLED = re.compile(r"^(\s*(?:!!!|\?\?\?\+?)\s+)(uebung|loesung|diskussion|moderation)[ \t]*$")
BLOCK_TITLES = {"uebung": "Übung", "loesung": "Lösung", "diskussion": "Diskussion", "moderation": "Hinweis für die Moderation"}


def with_default_titles(body: str) -> str:
    """Give untitled course blocks a German title (Markdown would show 'Uebung')."""
    return fences.map_unfenced(body, lambda line: _UNTITLED.sub(lambda m: f'{m[1]}{m[2]} "{BLOCK_TITLES[m[2]]}"', line))


def split_moderation(body: str, first_line: int = 1) -> tuple[str, list[ModerationNote]]:
    """Remove every top-level ``!!! moderation`` (or ``??? moderation``) admonition.

    An admonition is its marker line plus every following line that is blank or
    indented; it ends at the first non-blank line that is not indented. Markers
    inside fenced code blocks are text, not notes.
    """
    lines = body.splitlines(keepends=True)
    fenced = fences.fenced_mask(lines)
    kept: list[str] = []
    notes: list[ModerationNote] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if fenced[i] or not _MODERATION.match(line):
            kept.append(line)
            i += 1
            continue
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t")):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():  # trailing blank lines stay in the text
            end -= 1
        notes.append(ModerationNote(first_line + i, "".join(lines[i:end]).rstrip() + "\n"))
        i = end
    return "".join(kept), notes


def _check_headings(source: Source) -> list[Problem]:
    """The unit page owns the h1 and the h2 sections; the body starts at h3."""
    problems = []
    for offset, line in fences.unfenced(source.body.splitlines()):
        if _HEADING.match(line):
            problems.append(error(source.path, source.body_line + offset,
                                  "Überschriften im Text einer Einheit beginnen mit '###' "
                                  "(Titel und die Abschnitte Vorbereitung, Präsenz, Nachbereitung setzt die Seite)"))
    return problems


def _check_slug(slug: str, source: Source, location: tuple, what: str) -> list[Problem]:
    if re.match(SLUG, slug):
        return []
    return [error(source.path, source.line_of(*location), f"{what} '{slug}': nur a-z, 0-9 und Bindestriche erlaubt")]


def _closest(name: str, known) -> str:
    match = difflib.get_close_matches(name, list(known), n=1)
    return f" (meinten Sie '{match[0]}'?)" if match else ""


def _key(text: str) -> str:
    return slugify(text)[:80]


__all__ = ["COURSE", "COURSES", "AgendaBlock", "Course", "CourseFile", "Material", "ModerationNote", "Unit", "UnitFrontMatter",
           "check_course_references", "format_minutes", "load_courses", "split_moderation", "with_default_titles"]


COURSES: Collection[Course] = Collection(
    "courses", "courses", (COURSE,),
    load=lambda folder, context: load_courses(folder, context.taxonomy),
    key=lambda course: course.slug, key_of=slug_folder,
)
