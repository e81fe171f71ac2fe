"""Newsletter issues: ``newsletter/<year>/<nn>-<slug>.md`` with front matter.

The publishing rule (:meth:`Issue.status`, :func:`visible_issues`) lives here and
nowhere else: the portal's item lists, the issue pages, the feeds and the e-mail
edition all ask this module which issues readers may see.

An issue is rendered at ``schuelerzeitung/<n>/index.md``: links in its body are
relative to that page (``../../kommunen/olpe/index.md``), which ``mkdocs build
--strict`` checks; the cover image lives next to the issue's file and is shipped
beside the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Iterable

from pydantic import Field

from ..content.collection import Capability, Collection, Kind
from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.problems import Problem, error, warning
from ..content.records import Record, Tagged, check_unique, validate
from ..content.slugs import slugify
from ..content.source import Source, read_markdown
from ..taxonomy import Taxonomy

# <year>/<nn>-<slug>.md: nn is the issue number with at least two digits.
FILE_NAME = re.compile(r"^(?P<number>\d{2,})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
ISSUE = Kind("issue", "Schülerzeitung", "Ausgaben der Schülerzeitung", "schuelerzeitung/", about="Schülerzeitung über")


class Cover(Record):
    src: str = Field(min_length=1)  # image file, relative to the issue's Markdown file
    alt: str = Field(min_length=1)


class IssueFrontMatter(Tagged):
    issue: int = Field(ge=1)
    date: date
    updated: date | None = None  # last substantial correction; defaults to ``date``
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    authors: list[str] = Field(min_length=1)
    cover: Cover | None = None
    draft: bool = False


class Status(Enum):
    PUBLISHED = "veröffentlicht"
    SCHEDULED = "geplant"
    DRAFT = "Entwurf"


@dataclass(frozen=True)
class Issue:
    meta: IssueFrontMatter
    source: Source

    @property
    def number(self) -> int:
        return self.meta.issue

    @property
    def date(self) -> date:
        return self.meta.date

    @property
    def updated(self) -> date:
        return self.meta.updated or self.meta.date

    @property
    def url(self) -> str:
        return f"{ISSUE.url_prefix}{self.number}/"

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def cover_path(self) -> Path | None:
        """The cover image file on disk (relative ``src`` resolved against the issue file)."""
        return self.source.path.parent / self.meta.cover.src if self.meta.cover else None

    def status(self, today: date) -> Status:
        """The publishing rule: a draft never appears; a dated issue appears from its date on."""
        if self.meta.draft:
            return Status.DRAFT
        return Status.PUBLISHED if self.meta.date <= today else Status.SCHEDULED

    def is_published(self, today: date) -> bool:
        return self.status(today) is Status.PUBLISHED

    @property
    def heading(self) -> str:
        """How lists, feeds and e-mails name the issue."""
        return f"Ausgabe {self.meta.issue}: {self.meta.title}"

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef(ISSUE.label, self.heading, self.url, m.summary, m.date,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def visible_issues(issues: Iterable[Issue], today: date, *, preview: bool = False) -> list[Issue]:
    """Issues to show, oldest number first: the published ones, or all of them in preview."""
    return sorted((i for i in issues if preview or i.is_published(today)), key=lambda i: i.number)


def next_issue_number(issues: Iterable[Issue]) -> int:
    return max((i.number for i in issues), default=0) + 1


def issue_path(root: Path, number: int, title: str, today: date) -> Path:
    """Where a new issue dated ``today`` goes: ``newsletter/<year>/<nn>-<slug>.md``."""
    return NEWSLETTER.path(root) / str(today.year) / f"{number:02d}-{slugify(title)}.md"


def load_issues(root: Path, taxonomy: Taxonomy) -> tuple[list[Issue], list[Problem]]:
    """Load every ``<root>/<year>/<nn>-<slug>.md`` and check the numbering of all issues."""

    def build(source: Source) -> tuple[Issue | None, list[Problem]]:
        meta, problems = validate(IssueFrontMatter, source)
        if meta is None:
            return None, problems
        issue = Issue(meta, source)
        return issue, taxonomy.check_tags(meta, source) + check_file(issue)

    issues, problems = load_each(root.glob("*/*.md"), read_markdown, build)
    numbers = check_unique([(f"Ausgabe {i.number}", i.source.path, i.source.line_of("issue")) for i in issues], "Nummer")
    return issues, problems + numbers + check_numbering(issues)


def check_file(issue: Issue) -> list[Problem]:
    """File name and place must agree with the front matter; the cover must exist in the repository."""
    path, meta = issue.source.path, issue.meta
    problems = []
    match = FILE_NAME.match(path.name)
    expected = f"{meta.date.year}/{meta.issue:02d}-<kurzname>.md"
    if match is None or int(match["number"]) != meta.issue or path.parent.name != str(meta.date.year):
        problems.append(error(path, 1, f"Dateiname passt nicht zur Ausgabe: erwartet wird newsletter/{expected} "
                                       "(Jahr aus 'date', Nummer aus 'issue', Kurzname aus a-z, 0-9 und '-')"))
    if meta.updated is not None and meta.updated < meta.date:
        problems.append(error(path, issue.source.line_of("updated"), "updated: darf nicht vor 'date' liegen"))
    if meta.cover is not None:
        line = issue.source.line_of("cover", "src")
        if "://" in meta.cover.src or meta.cover.src.startswith("/"):
            problems.append(error(path, line, "cover.src: Bild bitte als Datei neben der Ausgabe ablegen "
                                              "und relativ angeben (keine Adresse im Internet)"))
        elif not issue.cover_path.is_file():
            problems.append(error(path, line, f"cover.src: Bilddatei '{meta.cover.src}' nicht gefunden"))
    return problems


def check_numbering(issues: list[Issue]) -> list[Problem]:
    """Numbers must rise with the dates; a gap in the numbering is worth a warning."""
    problems = []
    ordered = sorted(issues, key=lambda i: (i.number, i.date))
    for before, after in zip(ordered, ordered[1:]):
        if after.number == before.number:
            continue  # a duplicate: reported once by check_unique
        if after.date < before.date:
            problems.append(error(after.source.path, after.source.line_of("date"),
                                  f"date: Ausgabe {after.number} ist auf {after.date.isoformat()} datiert, "
                                  f"also vor Ausgabe {before.number} ({before.date.isoformat()}); "
                                  "die Nummern müssen mit dem Datum steigen"))
        if after.number > before.number + 1:
            missing = f"{before.number + 1}" if after.number == before.number + 2 else f"{before.number + 1}–{after.number - 1}"
            problems.append(warning(after.source.path, after.source.line_of("issue"),
                                    f"issue: Lücke in der Nummerierung, Ausgabe {missing} fehlt"))
    return problems


NEWSLETTER: Collection[Issue] = Collection(
    "newsletter", "newsletter", (ISSUE,),
    load=lambda folder, context: load_issues(folder, context.taxonomy),
    key=lambda issue: str(issue.number),
)


NEWSLETTER_CAPABILITY = Capability("scschule-newsletter", (NEWSLETTER,))
