"""The whole portal's content, loaded once per build: taxonomy plus every collection."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..courses.events import EVENTS_FILE, Event, load_events
from ..courses.model import Course, check_course_references, load_courses
from ..guides.model import Guide, load_guides
from ..newsletter.model import Issue, load_issues, visible_issues
from ..registry.model import Registration, load_registrations
from ..taxonomy import Taxonomy, load_taxonomy
from .items import ItemRef
from .problems import Problem
from .records import check_unique

# Collection folders, next to mkdocs.yml.
GUIDES, NEWSLETTER, COURSES, MUNICIPALITIES = "guides", "newsletter", "courses", "municipalities"
COLLECTION_DIRS = (GUIDES, NEWSLETTER, COURSES, MUNICIPALITIES)


@dataclass(frozen=True)
class TagIndex:
    """Items per Handlungsfeld, bundle and municipality: the portal's cross-links."""

    handlungsfelder: dict[str, list[ItemRef]]
    bundles: dict[str, list[ItemRef]]
    municipalities: dict[str, list[ItemRef]]

    @classmethod
    def build(cls, items: list[ItemRef]) -> TagIndex:
        tables: dict[str, dict[str, list[ItemRef]]] = {k: defaultdict(list) for k in ("handlungsfelder", "bundles", "municipalities")}
        for item in sorted(items, key=_newest_first):
            for key, table in tables.items():
                for ref in getattr(item, key):
                    table[ref].append(item)
        return cls(**{k: dict(v) for k, v in tables.items()})


def _newest_first(item: ItemRef) -> tuple:
    return (-(item.date.toordinal() if item.date else 0), item.kind, item.title)


@dataclass(frozen=True)
class Portal:
    root: Path
    today: date
    taxonomy: Taxonomy
    guides: tuple[Guide, ...]
    issues: tuple[Issue, ...]
    courses: tuple[Course, ...]
    registrations: tuple[Registration, ...]
    problems: tuple[Problem, ...] = ()
    preview: bool = False  # `mkdocs serve`: drafts and scheduled issues are shown too
    events: tuple[Event, ...] = ()  # the school calendar, soonest first
    tags: TagIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", TagIndex.build(self.items()))

    def items(self) -> list[ItemRef]:
        """Every listable content item (guides, courses, newsletter issues)."""
        return [x.ref() for x in self.guides] + [x.ref() for x in self.courses] + [x.ref() for x in self.visible_issues]

    @property
    def visible_issues(self) -> list[Issue]:
        """Newsletter issues readers see (every issue in preview), oldest number first."""
        return visible_issues(self.issues, self.today, preview=self.preview)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_portal(root: Path, *, today: date | None = None, taxonomy: Taxonomy | None = None,
                preview: bool = False) -> Portal:
    """Load and validate all content below ``root``; problems are collected, never raised."""
    root = Path(root)
    taxonomy = taxonomy or load_taxonomy()
    today = today or date.today()
    problems: list[Problem] = []

    def collect(result):
        records, found = result
        problems.extend(found)
        return tuple(records)

    guides = collect(load_guides(root / GUIDES, taxonomy, today))
    issues = collect(load_issues(root / NEWSLETTER, taxonomy))
    courses = collect(load_courses(root / COURSES, taxonomy))
    registrations = collect(load_registrations(root / MUNICIPALITIES, taxonomy, today))
    events = collect(load_events(root / COURSES / EVENTS_FILE))
    problems += check_course_references(courses, events, {g.slug for g in guides})
    problems += check_unique(
        [(f"Ausgabe {i.number}", i.source.path, i.source.line_of("issue")) for i in issues], "Nummer"
    )
    problems += check_unique(
        [(r.meta.ags, r.source.path, r.source.line_of("ags")) for r in registrations], "AGS"
    )
    return Portal(root, today, taxonomy, guides, issues, courses, registrations, tuple(sorted(problems)), preview,
                  events=events)
