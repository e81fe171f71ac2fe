"""Guide records: ``guides/<slug>/index.md`` with front matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.problems import Problem
from ..content.records import Record, Tagged, validate
from ..content.source import Source, read_markdown
from ..taxonomy import Taxonomy

SEMVER = r"^\d+\.\d+\.\d+$"


class ChangelogEntry(Record):
    version: str = Field(pattern=SEMVER)
    date: date
    note: str = Field(min_length=1)


class Authors(Record):
    municipalities: list[str] = []
    organisations: list[str] = []


class GuideFrontMatter(Tagged):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    version: str = Field(pattern=SEMVER)
    updated: date
    review_by: date
    authors: Authors
    level: Literal["Einstieg", "Vertiefung"]
    licence: str = "CC BY 4.0"
    changelog: list[ChangelogEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Guide:
    slug: str
    meta: GuideFrontMatter
    source: Source

    @property
    def url(self) -> str:
        return f"leitfaeden/{self.slug}/"

    @property
    def body(self) -> str:
        return self.source.body

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef("Leitfaden", m.title, self.url, m.summary, m.updated,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def load_guides(root: Path, taxonomy: Taxonomy) -> tuple[list[Guide], list[Problem]]:
    """Load every ``<root>/<slug>/index.md``."""

    def build(source: Source) -> tuple[Guide | None, list[Problem]]:
        meta, problems = validate(GuideFrontMatter, source)
        if meta is None:
            return None, problems
        problems = taxonomy.check_tags(meta, source)
        problems += taxonomy.check_municipalities(meta.authors.municipalities, source, ("authors", "municipalities"))
        return Guide(source.path.parent.name, meta, source), problems

    return load_each(root.glob("*/index.md"), read_markdown, build)
