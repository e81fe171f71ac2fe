"""Courses: ``courses/<slug>/course.yml`` plus one Markdown file per unit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.problems import Problem, error
from ..content.records import Record, Tagged, validate
from ..content.source import Source, read_markdown, read_yaml
from ..taxonomy import Taxonomy


class CourseFile(Tagged):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    moderators: list[str] = []
    units: list[str] = Field(min_length=1)


class Material(Record):
    """Preparation material: an internal guide by slug, or an external link."""

    kind: str = Field(min_length=1)
    minutes: int = Field(ge=1)
    guide: str | None = None
    url: str | None = None
    title: str | None = None


class AgendaBlock(Record):
    title: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    minutes: int = Field(ge=1)


class UnitFrontMatter(Record):
    title: str = Field(min_length=1)
    objectives: list[str] = Field(min_length=1)
    questions: list[str] = []
    preparation: list[Material] = []
    session: list[AgendaBlock] = []
    follow_up: list[str] = []
    key_points: list[str] = []


@dataclass(frozen=True)
class Unit:
    slug: str
    meta: UnitFrontMatter
    source: Source


@dataclass(frozen=True)
class Course:
    slug: str
    meta: CourseFile
    units: tuple[Unit, ...]
    source: Source

    @property
    def url(self) -> str:
        return f"kurse/{self.slug}/"

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef("Kurs", m.title, self.url, m.summary, None,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def load_courses(root: Path, taxonomy: Taxonomy) -> tuple[list[Course], list[Problem]]:
    """Load every ``<root>/<slug>/course.yml`` and the units it lists."""

    def build(source: Source) -> tuple[Course | None, list[Problem]]:
        meta, problems = validate(CourseFile, source)
        if meta is None:
            return None, problems
        problems = taxonomy.check_tags(meta, source)
        folder = source.path.parent
        unit_paths = []
        for index, slug in enumerate(meta.units):
            path = folder / f"{slug}.md"
            if path.is_file():
                unit_paths.append(path)
            else:
                problems.append(error(source.path, source.line_of("units", index), f"units: Lektion '{slug}' fehlt ({path.name} nicht gefunden)"))
        units, unit_problems = load_each(unit_paths, read_markdown, _build_unit)
        order = {slug: i for i, slug in enumerate(meta.units)}
        units.sort(key=lambda unit: order[unit.slug])
        return Course(folder.name, meta, tuple(units), source), problems + unit_problems

    return load_each(root.glob("*/course.yml"), read_yaml, build)


def _build_unit(source: Source) -> tuple[Unit | None, list[Problem]]:
    meta, problems = validate(UnitFrontMatter, source)
    return (Unit(source.path.stem, meta, source) if meta else None), problems
