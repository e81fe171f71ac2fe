"""The composition root: every collection of the portal, loaded once and cross-linked.

Each capability describes its collection once (:class:`~scschule.content.collection.Collection`:
folder, loader, kinds, keys); :data:`COLLECTIONS` lists them, and everything that needs
to know where content lives reads it from there: :func:`load_portal`, the serve
watcher, ``scschule check``, the widget scan, the CLI and the tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Any

from .content.collection import Capability, Collection, Kind, LoadContext, kinds_of
from .content.media import MEDIA
from .content.items import ItemRef
from .content.problems import Problem
from .content.placeholders import placeholder_problems, project_files
from .content.siteconfig import SITE_CONFIG, docs_dir
from .site.cache import Stages, digest, folder_digest
from .courses.events import COURSES_CAPABILITY, EVENTS, Event
from .courses.model import COURSES, Course, check_course_references
from .courses.pages import CALENDAR_URL
from .guides.model import GUIDES, GUIDES_CAPABILITY, Guide
from .newsletter.model import NEWSLETTER, NEWSLETTER_CAPABILITY, Issue, visible_issues
from .okr import metrics as okr_metrics
from .okr.model import OKR, OKR_CAPABILITY, Matrix
from .pausenhof.model import PAGE_URL as PAUSENHOF_URL
from .pausenhof.model import PROPOSALS, Proposal, check_proposal_references
from .pausenhof.support import PAUSENHOF_CAPABILITY
from .referate.model import REFERATE_CAPABILITY, TALKS, ArchivedTalk, Talk, archived_talks, check_talk_references
from .registry.model import REGISTRY, REGISTRY_CAPABILITY, Registration
from .search import SEARCH_CAPABILITY
from .taxonomy import BUNDLE_TEXTS, REGION_FOLDER, Taxonomy, load_taxonomy
from .taxonomy.model import TAXONOMY_CAPABILITY
from .widgets.spec import WIDGETS

# Every capability; those with collections in the order readers meet their kinds (search facets, lists of kinds).
CAPABILITIES: tuple[Capability, ...] = (GUIDES_CAPABILITY, COURSES_CAPABILITY, REFERATE_CAPABILITY, NEWSLETTER_CAPABILITY,
                                        REGISTRY_CAPABILITY, TAXONOMY_CAPABILITY, OKR_CAPABILITY, PAUSENHOF_CAPABILITY,
                                        WIDGETS, MEDIA, SEARCH_CAPABILITY)
COLLECTIONS: tuple[Collection, ...] = tuple(c for capability in CAPABILITIES for c in capability.collections)
KINDS: tuple[Kind, ...] = tuple(kinds_of(COLLECTIONS))


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
    records: dict[str, tuple[Any, ...]]  # collection name -> its valid records
    problems: tuple[Problem, ...] = ()
    preview: bool = False  # `mkdocs serve`: drafts and scheduled issues are shown too
    # Loaded by a serve session: the digest of each collection's inputs (region, day and mkdocs.yml included).
    inputs: dict[str, str] = field(default_factory=dict, repr=False)
    tags: TagIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", TagIndex.build(self.items()))

    def inputs_digest(self, collections: tuple[Collection, ...] | None) -> str | None:
        """One digest of what ``collections`` (every collection if None) were loaded from, and of the region,
        the day and mkdocs.yml; None outside a serve session (then nothing derived may be reused)."""
        if not self.inputs:
            return None
        names = sorted(self.inputs) if collections is None else ["", *(c.name for c in collections)]
        return digest(*(self.inputs[name] for name in names))

    @cached_property  # read by several stages of a rebuild
    def items_digest(self) -> str:
        """A digest of every listable item as lists show it (kind, title, URL, summary, date, tags): what
        pages that list items of other collections read of them, rather than whole collections."""
        return digest(*map(repr, self.items()))

    @property
    def guides(self) -> tuple[Guide, ...]:
        return self.records[GUIDES.name]

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.records[NEWSLETTER.name]

    @property
    def courses(self) -> tuple[Course, ...]:
        return self.records[COURSES.name]

    @property
    def events(self) -> tuple[Event, ...]:
        """The school calendar, soonest first."""
        return self.records[EVENTS.name]

    @property
    def talks(self) -> tuple[Talk, ...]:
        """What remains of talks of the Referatreihe (``referate/<event-id>/``), valid files only."""
        return self.records[TALKS.name]

    @property
    def archived_talks(self) -> list[ArchivedTalk]:
        """Past talks of the series, most recent first, each with its archive file if it has one."""
        return archived_talks(self.events, self.talks, self.today)

    @property
    def proposals(self) -> tuple[Proposal, ...]:
        """Topic proposals for the Pausenhofgespräche, oldest first."""
        return self.records[PROPOSALS.name]

    @property
    def registrations(self) -> tuple[Registration, ...]:
        return self.records[REGISTRY.name]

    @property
    def bundle_texts(self) -> dict[str, str]:
        """Extra Markdown for bundle pages, by bundle id (``taxonomy/bundles/<id>.md``)."""
        return dict(self.records[BUNDLE_TEXTS.name])

    def items(self) -> list[ItemRef]:
        """Every listable content item (guides, courses, archived talks, newsletter issues, objectives)."""
        return ([x.ref() for x in self.guides] + [x.ref() for x in self.courses]
                + [x.ref() for x in self.archived_talks if x.talk] + [x.ref() for x in self.visible_issues]
                + [x.ref() for x in self.okr_objectives])

    @property
    def visible_issues(self) -> list[Issue]:
        """Newsletter issues readers see (every issue in preview), oldest number first."""
        return visible_issues(self.issues, self.today, preview=self.preview)

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """Every reader-facing kind of item, in the collections' order."""
        return KINDS

    @property
    def okr(self) -> Matrix | None:
        """The OKR matrix with its reviews (``okr/``), if the project has one."""
        return next(iter(self.records[OKR.name]), None)

    @property
    def okr_objectives(self) -> tuple:
        return self.okr.objectives if self.okr else ()

    def okr_facts(self) -> okr_metrics.Facts:
        """What the OKR metrics count, as plain facts: only the composition root knows every collection."""
        m = okr_metrics
        discussed_on = {e.id: e.start.date() for e in self.events}
        material = [m.MaterialFacts(m.Link(x.ref().title, x.url), x.versions[0].meta.updated,
                                    tuple(x.meta.handlungsfelder), tuple(x.meta.bundles)) for x in self.guides]
        issues = [m.MaterialFacts(m.Link(x.ref().title, x.url), x.date, tuple(x.meta.handlungsfelder), tuple(x.meta.bundles))
                  for x in visible_issues(self.issues, self.today)]
        material += issues + [m.MaterialFacts(m.Link(x.meta.title, x.url), None, tuple(x.meta.handlungsfelder),
                                              tuple(x.meta.bundles)) for x in self.courses]
        return m.Facts(
            municipalities=tuple(m.MunicipalityFacts(m.Link(x.municipality.name, x.municipality.url),
                                                     tuple(m.StatusChange(h.status, h.date) for h in x.meta.history))
                                 for x in self.registrations),
            issues=tuple(issues),
            events=tuple(m.EventFacts(m.Link(x.meta.title, CALENDAR_URL),
                                      x.meta.kind, x.start.date()) for x in self.events),
            guides=tuple(m.GuideFacts(m.Link(x.meta.title, x.url),
                                      tuple(m.GuideVersionFacts(v.meta.updated, v.meta.review_by) for v in x.versions))
                         for x in self.guides),
            material=tuple(material),
            proposals=tuple(m.ProposalFacts(m.Link(x.meta.title, f"{PAUSENHOF_URL}#{x.anchor}"), x.meta.date,
                                            x.status == "besprochen", discussed_on.get(x.meta.event))
                            for x in self.proposals),
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class LoadedCollections:
    """The collections a serve session loaded last, each under the digest of its inputs (its folder's
    files, the region, the day, mkdocs.yml): a rebuild reloads only those whose inputs changed.

    Records are immutable, so reusing them is reusing their validation; the cross-checks between
    collections run on every load. Plain data owned by the session, never module state.
    """

    entries: dict[str, tuple[str, tuple, tuple[Problem, ...]]] = field(default_factory=dict)
    taxonomy: tuple[str, Taxonomy] | None = None
    reloaded: tuple[str, ...] = ()  # the collections the last load read from disk (log and tests)

    def load_taxonomy(self, root: Path) -> tuple[str, Taxonomy]:
        key = folder_digest(root / REGION_FOLDER)
        if self.taxonomy is None or self.taxonomy[0] != key:
            self.taxonomy = (key, load_taxonomy(root))
        return self.taxonomy

    def load(self, root: Path, collection: Collection, context: LoadContext, shared: str) -> tuple[tuple, tuple]:
        key = digest(shared, folder_digest(collection.path(root)))
        entry = self.entries.get(collection.name)
        if entry is None or entry[0] != key:
            loaded, found = collection.load(collection.path(root), context)
            entry = self.entries[collection.name] = (key, tuple(loaded), tuple(found))
            self.reloaded += (collection.name,)
        return entry[1], entry[2]


@dataclass
class ServeSession:
    """What ``mkdocs serve`` keeps from one rebuild to the next (issue 29), owned by the core plugin,
    whose instance MkDocs keeps because it defines ``on_startup``: the collections, each under the
    digest of its inputs, and the stages' results (generated pages, feeds) under theirs. The search
    plugin keeps its analysed documents itself (:class:`scschule.search.index.SearchSession`); converted
    pages and themed output are in the on-disk caches every build uses."""

    collections: LoadedCollections = field(default_factory=LoadedCollections)
    stages: Stages = field(default_factory=Stages)


def load_portal(root: Path, *, today: date | None = None, taxonomy: Taxonomy | None = None,
                preview: bool = False, session: LoadedCollections | None = None) -> Portal:
    """Load and validate all content below ``root``; problems are collected, never raised.

    Only a wrong ``region/`` file raises :class:`~scschule.content.problems.ContentError` (with its
    path and line): without the region no item can be checked. ``session``: reuse the collections
    whose inputs did not change since its last load (``mkdocs serve``).
    """
    root = Path(root)
    today = today or date.today()
    if session is not None:
        region_key, taxonomy = session.load_taxonomy(root)
        shared = digest(region_key, today.isoformat(), root / SITE_CONFIG)
        session.reloaded = ()
    context = LoadContext(taxonomy or load_taxonomy(root), today)
    records: dict[str, tuple] = {}
    problems: list[Problem] = []
    broken: dict[str, dict[str, Problem]] = {}
    for collection in COLLECTIONS:
        if session is not None:
            loaded, found = session.load(root, collection, context, shared)
        else:
            loaded, found = collection.load(collection.path(root), context)
        records[collection.name] = tuple(loaded)
        problems += found
        broken[collection.name] = broken_items(root, collection, loaded, found)
    problems += check_course_references(
        records[COURSES.name], records[EVENTS.name], {g.slug for g in records[GUIDES.name]},
        {slug: problem.where(root) for slug, problem in broken[GUIDES.name].items()},
    )
    problems += check_talk_references(
        records[TALKS.name], records[EVENTS.name], {g.slug for g in records[GUIDES.name]} | set(broken[GUIDES.name]),
        {c.slug for c in records[COURSES.name]} | set(broken[COURSES.name]), context.today)
    problems += check_proposal_references(
        records[PROPOSALS.name], {e.id: (e.meta.kind, e.start.date()) for e in records[EVENTS.name]},
        {i.number for i in visible_issues(records[NEWSLETTER.name], context.today)}, context.today)
    # The collections' keys, and under "" what every collection's key holds (region, day, mkdocs.yml).
    inputs = {"": shared, **{name: entry[0] for name, entry in session.entries.items()}} if session is not None else {}
    return Portal(root, context.today, context.taxonomy, records, tuple(sorted(problems)), preview, inputs)


def broken_items(root: Path, collection: Collection, loaded: list, problems: list[Problem]) -> dict[str, Problem]:
    """Items of ``collection`` that failed to load, by key, with their first error."""
    keys = {collection.key(record) for record in loaded}
    broken: dict[str, Problem] = {}
    for problem in sorted(p for p in problems if p.is_error):
        relative = collection.relative(root, problem.path)
        key = collection.key_of(relative) if relative is not None else None
        if key and key not in keys:
            broken.setdefault(key, problem)
    return broken


def collection_of(root: Path, path: Path) -> Collection | None:
    """The collection a file belongs to."""
    return next((c for c in COLLECTIONS if c.relative(root, path) is not None), None)


def content_folders(root: Path) -> list[Path]:
    """Every folder that holds editors' Markdown (widgets, links): the collections' and docs_dir."""
    return list(dict.fromkeys([*(c.path(root) for c in COLLECTIONS if c.markdown), docs_dir(root)]))


def open_placeholders(root: Path) -> list[Problem]:
    """Placeholders of ``scschule init`` and template sentences of ``scschule new`` still in the
    editors' files (every collection, docs_dir, region/, mkdocs.yml): warnings with their lines."""
    folders = [*watched_folders(root), docs_dir(root)]
    return placeholder_problems(project_files(folders, [root / SITE_CONFIG]))


def watched_folders(root: Path) -> list[Path]:
    """What ``mkdocs serve`` watches besides docs_dir: every collection's folder."""
    return list(dict.fromkeys(c.path(root) for c in COLLECTIONS))
