"""Registry pages: the overview with map and views, one page per municipality, open data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import defaultdict
from dataclasses import dataclass

from ..content.items import ItemRef
from markupsafe import Markup

from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from ..taxonomy import Bundle
from .intake import registration_form
from .model import STATUS_LABELS, UNKNOWN
from .opendata import (CSV_PATH, FIELDS, JSON_PATH, LICENCE, PACKAGE_PATH, SCHEMA_URL, SCHEMA_VERSION, to_csv,
                       to_datapackage, to_json)
from .overview import STATUS_FILTERS, Registry, Row, district_url, status_url
from .svgmap import legend_icon, render_map

JOIN_GUIDE = "leitfaeden/teilnahme-an-der-schule/"
# Items of a kind without a heading of its own (``Kind.about``) go here on a municipality's page.
OTHER = "Weiteres zu"

if TYPE_CHECKING:
    from ..portal import Portal


@dataclass(frozen=True)
class PortalLinks:
    """What a municipality page lists from the rest of the portal."""

    bundles: list[Bundle]
    authored: list[ItemRef]
    sections: dict[str, list[ItemRef]]  # heading -> items (maybe none), in the kinds' order, then OTHER


def portal_links(portal: Portal) -> dict[str, PortalLinks]:
    """One pass over bundles, guides and tags for all municipalities."""
    bundles: dict[str, list[Bundle]] = defaultdict(list)
    for bundle in portal.taxonomy.bundles.values():
        for place in bundle.municipalities:
            bundles[place.slug].append(bundle)
    authored: dict[str, list[ItemRef]] = defaultdict(list)
    for guide in portal.guides:
        for slug in guide.meta.authors.municipalities:
            authored[slug].append(guide.ref())
    headings = {kind.label: kind.about for kind in portal.kinds if kind.about}
    links = {}
    for slug in portal.taxonomy.municipalities:
        own = {item.url for item in authored[slug]}
        sections: dict[str, list[ItemRef]] = {heading: [] for heading in [*headings.values(), OTHER]}
        for item in portal.tags.municipalities.get(slug, []):
            if item.url not in own:
                sections[headings.get(item.kind, OTHER)].append(item)
        links[slug] = PortalLinks(bundles[slug], sorted(authored[slug], key=lambda i: i.title), sections)
    return links


def registry_pages(portal: Portal, renderer: PageRenderer, *, feeds: bool = False) -> list[GeneratedPage]:
    region = list(portal.taxonomy.municipalities.values())
    registry = Registry.build(region, list(portal.registrations))
    views = registry.views()
    overview, others = views[0], views[1:]
    filters = {
        "kreis": [(kreis, district_url(slug)) for kreis, slug in registry.districts.items()],
        "status": [(label, status_url(key)) for key, label in STATUS_FILTERS.items()],
    }
    legend = [(legend_icon(key), label) for key, label in STATUS_FILTERS.items()]
    form = registration_form(portal.taxonomy)
    common = dict(registry=registry, filters=filters, unknown=UNKNOWN, json_path=JSON_PATH, csv_path=CSV_PATH,
                  schema_url=SCHEMA_URL, form=form, region=portal.taxonomy.region, total=len(region))
    def svg(link) -> str:
        """The map, its links made by the page's ``link`` (final URLs, checked like every generated link)."""
        return render_map(registry.rows, lambda row: Markup(link(row.place.url)).unescape())

    pages = [renderer.page(src_of(overview.url), "kommunen.md", view=overview, svg=svg, legend=legend, **common)]
    pages += [renderer.page(src_of(view.url), "kommunen-ansicht.md", view=view, **common) for view in others]
    pages.append(renderer.page(src_of(SCHEMA_URL), "daten.md", fields=FIELDS, version=SCHEMA_VERSION,
                               package_path=PACKAGE_PATH, licence=LICENCE, **common))
    links = portal_links(portal)
    join_guide = JOIN_GUIDE if any(g.url == JOIN_GUIDE for g in portal.guides) else None
    pages += [
        renderer.page(src_of(row.place.url), "kommune.md", row=row, place=row.place, registration=row.registration,
                      links=links[row.place.slug], feeds=feeds, join_guide=join_guide, unknown=UNKNOWN,
                      district_slug=registry.districts[row.place.kreis], status_labels=STATUS_LABELS, form=form,
                      origins=_origins(row))
        for row in registry.rows
    ]
    return pages


def _origins(row: Row) -> tuple:
    """The registration and its page text: where an editor fixes what the page shows."""
    if row.registration is None:
        return ()
    source = row.registration.source.path
    text = source.with_suffix(".md")
    return (text, source) if row.registration.body else (source,)


def open_data(portal: Portal) -> dict[str, str]:
    """The export files, by site path."""
    registry = Registry.build(list(portal.taxonomy.municipalities.values()), list(portal.registrations))
    rows: list[Row] = registry.rows
    return {JSON_PATH: to_json(rows, portal.today), CSV_PATH: to_csv(rows), PACKAGE_PATH: to_datapackage(portal.today, portal.taxonomy.region, len(rows))}
