"""Guide records: ``guides/<slug>/index.md`` with front matter, plus archived versions.

Every earlier version of a guide is kept as a complete file
``guides/<slug>/versions/<version>.md`` (same front-matter format), so a build
from a shallow clone still produces every version's page. The rules tying the
current file, its changelog and the archive together live here; the build and
``scschule check`` both call :func:`load_guides`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..content.collection import Capability, Collection, Kind, slug_folder
from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.problems import Problem, error, warning
from ..content.records import Record, Tagged, validate
from ..content.source import Source, read_markdown
from ..taxonomy import Taxonomy

SEMVER = r"^\d+\.\d+\.\d+$"
VERSIONS_DIR = "versions"
WORDS_PER_MINUTE = 200  # silent reading of German non-fiction
# Catalogue filter pages live beside the guides under /leitfaeden/.
RESERVED_SLUGS = frozenset({"handlungsfeld", "buendel", "kommune", "stufe"})
LEVELS = ("Einstieg", "Vertiefung")
GUIDE = Kind("guide", "Leitfaden", "Leitfäden", "leitfaeden/", about="Leitfäden zu")


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


def version_key(version: str) -> tuple[int, ...]:
    """'1.10.0' -> (1, 10, 0): semantic versions compare numerically, not as text."""
    return tuple(int(part) for part in version.split("."))


def reading_minutes(markdown: str) -> int:
    """Reading time in whole minutes (at least one), computed from the text's words."""
    return max(1, math.ceil(len(markdown.split()) / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class GuideVersion:
    """One version of a guide's text: the current file or an archived one."""

    meta: GuideFrontMatter
    source: Source

    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def body(self) -> str:
        return self.source.body

    @cached_property  # listed on many catalogue pages: count once
    def reading_minutes(self) -> int:
        return reading_minutes(self.source.body)


@dataclass(frozen=True)
class Guide:
    slug: str
    meta: GuideFrontMatter
    source: Source
    archive: tuple[GuideVersion, ...] = ()  # earlier versions, oldest first

    @property
    def url(self) -> str:
        return f"{GUIDE.url_prefix}{self.slug}/"

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def current(self) -> GuideVersion:
        return GuideVersion(self.meta, self.source)

    @property
    def versions(self) -> tuple[GuideVersion, ...]:
        """Every version, oldest first; the last one is the current text."""
        return (*self.archive, self.current)

    @cached_property  # listed on many catalogue pages: count once
    def reading_minutes(self) -> int:
        return reading_minutes(self.source.body)

    def version_url(self, version: str) -> str:
        """Page of one version; the current one is the guide's own page."""
        return self.url if version == self.meta.version else f"{self.url}{version}/"

    def is_overdue(self, today: date) -> bool:
        return review_overdue(self.meta.review_by, today)

    def ref(self) -> ItemRef:
        m = self.meta
        return ItemRef(GUIDE.label, m.title, self.url, m.summary, m.updated,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def review_overdue(review_by: date, today: date) -> bool:
    """The review rule: a guide whose ``review_by`` day has passed needs a look (a warning and a notice)."""
    return review_by < today


def load_guides(root: Path, taxonomy: Taxonomy, today: date | None = None) -> tuple[list[Guide], list[Problem]]:
    """Load every ``<root>/<slug>/index.md`` with its archived versions and check them together."""

    def build(source: Source) -> tuple[Guide | None, list[Problem]]:
        meta, problems = validate(GuideFrontMatter, source)
        if meta is None:
            return None, problems
        slug = source.path.parent.name
        problems = taxonomy.check_tags(meta, source)
        problems += taxonomy.check_municipalities(meta.authors.municipalities, source, ("authors", "municipalities"))
        if slug in RESERVED_SLUGS:
            problems.append(error(source.path, 1, f"Ordnername '{slug}' ist für die Filterseiten des Katalogs reserviert; bitte umbenennen"))
        archive, found = load_archive(source.path.parent / VERSIONS_DIR)
        problems += found
        problems += check_history(meta, source, archive)
        if today is not None and review_overdue(meta.review_by, today):
            problems.append(warning(source.path, source.line_of("review_by"),
                                    f"review_by: Überprüfung war bis {meta.review_by.isoformat()} fällig; bitte Inhalt prüfen und das Datum erneuern"))
        return Guide(slug, meta, source, tuple(archive)), problems

    return load_each(root.glob("*/index.md"), read_markdown, build)


def load_archive(folder: Path) -> tuple[list[GuideVersion], list[Problem]]:
    """Archived versions in ``folder``, oldest first. Their content is history: only the format is checked."""

    def build(source: Source) -> tuple[GuideVersion | None, list[Problem]]:
        meta, problems = validate(GuideFrontMatter, source)
        if meta is None:
            return None, problems
        if meta.version != source.path.stem:
            return None, [error(source.path, source.line_of("version"),
                                f"version: '{meta.version}' passt nicht zum Dateinamen; erwartet {source.path.stem}")]
        return GuideVersion(meta, source), []

    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    misnamed = [p for p in paths if not re.match(SEMVER, p.stem)]
    versions, problems = load_each([p for p in paths if p not in misnamed], read_markdown, build)
    problems += [error(p, 1, "archivierte Fassungen heißen versions/<Version>.md, z. B. versions/1.0.0.md") for p in misnamed]
    return sorted(versions, key=lambda v: version_key(v.version)), problems


def check_history(meta: GuideFrontMatter, source: Source, archive: list[GuideVersion]) -> list[Problem]:
    """Current version, changelog and archive must tell the same story."""
    path, problems = source.path, []
    current = version_key(meta.version)
    if meta.review_by < meta.updated:
        problems.append(error(path, source.line_of("review_by"),
                              f"review_by ({meta.review_by.isoformat()}) liegt vor updated ({meta.updated.isoformat()})"))
    for old in archive:
        if version_key(old.version) >= current:
            problems.append(error(path, source.line_of("version"),
                                  f"version: {meta.version} ist nicht größer als die archivierte Version {old.version} "
                                  f"({old.source.path.name}); Versionen müssen steigen"))
    logged: dict[str, int] = {}
    for index, entry in enumerate(meta.changelog):
        line = source.line_of("changelog", index)
        if entry.version in logged:
            problems.append(error(path, line, f"changelog: Version {entry.version} steht doppelt im Changelog"))
        elif version_key(entry.version) > current:
            problems.append(error(path, line, f"changelog: Version {entry.version} ist größer als die aktuelle Version {meta.version}"))
        logged.setdefault(entry.version, index)
    if meta.version not in logged:
        problems.append(error(path, source.line_of("changelog"),
                              f"changelog: kein Eintrag für die aktuelle Version {meta.version}"))
    # Dates may not go backwards as versions go up.
    ordered = sorted(meta.changelog, key=lambda e: version_key(e.version))
    for older, newer in zip(ordered, ordered[1:]):
        if newer.date < older.date:
            problems.append(error(path, source.line_of("changelog", logged[newer.version], "date"),
                                  f"changelog: Version {newer.version} ist älter datiert als Version {older.version}"))
    archived = {v.version: v for v in archive}
    for old in archive:
        if old.version not in logged:
            problems.append(error(old.source.path, old.source.line_of("version"),
                                  f"archivierte Version {old.version} fehlt im Changelog von {path.name}"))
    for version, index in logged.items():
        if version != meta.version and version not in archived and version_key(version) < current:
            problems.append(error(path, source.line_of("changelog", index, "version"),
                                  f"changelog: zu Version {version} fehlt die archivierte Fassung {VERSIONS_DIR}/{version}.md"))
    return problems


def check_release(guide: Guide, new_version: str) -> str | None:
    """Why ``new_version`` cannot be released (German), or None."""
    if not re.match(SEMVER, new_version):
        return f"Version '{new_version}' hat nicht das Format X.Y.Z"
    if version_key(new_version) <= version_key(guide.meta.version):
        return f"Version {new_version} ist nicht größer als die aktuelle Version {guide.meta.version}"
    return None


GUIDES: Collection[Guide] = Collection(
    "guides", "guides", (GUIDE,),
    load=lambda folder, context: load_guides(folder, context.taxonomy, context.today),
    key=lambda guide: guide.slug, key_of=slug_folder,
)


class GuideSettings(Record):
    """The options of the ``scschule-guides`` plugin."""

    pdf: bool = True  # false: no PDFs, for quick local previews


GUIDES_CAPABILITY = Capability("scschule-guides", (GUIDES,), settings=GuideSettings)
