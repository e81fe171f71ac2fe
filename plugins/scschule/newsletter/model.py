"""Newsletter issues: ``newsletter/<year>/<nn>-<slug>.md`` with front matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import Field

from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.problems import Problem
from ..content.records import Record, Tagged, validate
from ..content.source import Source, read_markdown
from ..taxonomy import Taxonomy


class Cover(Record):
    src: str = Field(min_length=1)
    alt: str = Field(min_length=1)


class IssueFrontMatter(Tagged):
    issue: int = Field(ge=1)
    date: date
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    authors: list[str] = Field(min_length=1)
    cover: Cover | None = None
    draft: bool = False


@dataclass(frozen=True)
class Issue:
    meta: IssueFrontMatter
    source: Source

    @property
    def number(self) -> int:
        return self.meta.issue

    @property
    def url(self) -> str:
        return f"schuelerzeitung/{self.number}/"

    @property
    def body(self) -> str:
        return self.source.body

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef("Schülerzeitung", f"Ausgabe {m.issue}: {m.title}", self.url, m.summary, m.date,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def load_issues(root: Path, taxonomy: Taxonomy) -> tuple[list[Issue], list[Problem]]:
    """Load every ``<root>/<year>/<nn>-<slug>.md``."""

    def build(source: Source) -> tuple[Issue | None, list[Problem]]:
        meta, problems = validate(IssueFrontMatter, source)
        if meta is None:
            return None, problems
        return Issue(meta, source), taxonomy.check_tags(meta, source)

    return load_each(root.glob("*/*.md"), read_markdown, build)
