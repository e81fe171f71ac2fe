"""The registry as a table: all municipalities of the region, their status, and the views of it.

Readers filter by district or status and sort by name, district or status
without JavaScript: every combination that makes sense is its own static page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.slugs import slugify
from ..taxonomy import MUNICIPALITY_PAGES, RegionMunicipality
from .model import NOT_YET, STATUS_LABELS, Registration, status_label, status_rank

NOT_YET_KEY = "noch-nicht-dabei"
# Status filters: key in URLs and exports -> reader-facing label, strongest first.
STATUS_FILTERS: dict[str, str] = {**STATUS_LABELS, NOT_YET_KEY: NOT_YET}


def district_url(slug: str) -> str:
    """The overview filtered to one district."""
    return f"{MUNICIPALITY_PAGES}kreis/{slug}/"


def status_url(key: str) -> str:
    """The overview filtered to one status."""
    return f"{MUNICIPALITY_PAGES}status/{key}/"


@dataclass(frozen=True)
class Row:
    place: RegionMunicipality
    registration: Registration | None

    @property
    def status_key(self) -> str:
        return self.registration.meta.status if self.registration else NOT_YET_KEY

    @property
    def status_label(self) -> str:
        return status_label(self.registration)


def _by_name(row: Row) -> tuple:
    return (slugify(row.place.name),)


def _by_district(row: Row) -> tuple:
    return (row.place.kreis, *_by_name(row))


def _by_status(row: Row) -> tuple:
    return (status_rank(row.registration), *_by_name(row))


# sort key in URLs -> (link label, key function)
SORTS: dict[str, tuple[str, Callable[[Row], tuple]]] = {
    "name": ("Name", _by_name),
    "kreis": ("Kreis", _by_district),
    "status": ("Status", _by_status),
}


@dataclass(frozen=True)
class Progress:
    label: str  # a district ("" for the whole region)
    total: int
    by_status: dict[str, int]  # status -> count, every status present

    @property
    def joined(self) -> int:
        return sum(self.by_status.values())


def progress(label: str, rows: list[Row]) -> Progress:
    counts = {status: 0 for status in STATUS_LABELS}
    for row in rows:
        if row.registration:
            counts[row.registration.meta.status] += 1
    return Progress(label, len(rows), counts)


@dataclass(frozen=True)
class View:
    """One static page of the table: a filter and a sort order."""

    url: str
    heading: str
    rows: list[Row]
    sort: str
    filter_kind: str  # "alle", "kreis" or "status"
    filter_key: str | None
    sort_links: list[tuple[str, str, bool]]  # (label, url, is current)


@dataclass(frozen=True)
class Registry:
    rows: list[Row]  # directory order (by AGS)
    districts: dict[str, str]  # district name -> url slug, in directory order

    @classmethod
    def build(cls, region: list[RegionMunicipality], registrations: list[Registration]) -> Registry:
        registered = {r.slug: r for r in registrations}
        rows = [Row(place, registered.get(place.slug)) for place in region]
        districts = {place.kreis: slugify(place.kreis) for place in region}
        return cls(rows, districts)

    @property
    def joined(self) -> list[Row]:
        return [row for row in self.rows if row.registration]

    def overall(self) -> Progress:
        return progress("", self.rows)  # the whole region: the pages name it from region/region.yml

    def per_district(self) -> list[Progress]:
        return [progress(kreis, [r for r in self.rows if r.place.kreis == kreis]) for kreis in self.districts]

    def views(self) -> list[View]:
        """Every filter × sort page; the first one is the overview at ``kommunen/``."""
        scopes: list[tuple[str, str | None, str, str, list[Row], tuple[str, ...]]] = [
            ("alle", None, MUNICIPALITY_PAGES, "Alle Kommunen", self.rows, ("name", "kreis", "status")),
        ]
        for kreis, slug in self.districts.items():
            rows = [r for r in self.rows if r.place.kreis == kreis]
            scopes.append(("kreis", kreis, district_url(slug), kreis, rows, ("name", "status")))
        for key, label in STATUS_FILTERS.items():
            rows = [r for r in self.rows if r.status_key == key]
            heading = f"{label}n" if key in STATUS_LABELS else f"Kommunen, die {label} sind"
            scopes.append(("status", key, status_url(key), heading, rows, ("name", "kreis")))
        views = []
        for kind, key, base, heading, rows, sorts in scopes:
            urls = {s: base if s == sorts[0] else f"{base}nach-{s}/" for s in sorts}
            for sort in sorts:
                links = [(SORTS[s][0], urls[s], s == sort) for s in sorts]
                ordered = sorted(rows, key=SORTS[sort][1])
                views.append(View(urls[sort], heading, ordered, sort, kind, key, links))
        return views
