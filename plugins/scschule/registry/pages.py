"""Registry pages: the overview of all 59 municipalities and one page per municipality."""

from __future__ import annotations

from ..content.portal import Portal
from ..site.pages import GeneratedPage, PageRenderer, src_of


def registry_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    registered = {r.slug: r for r in portal.registrations}
    region = list(portal.taxonomy.municipalities.values())
    pages = [renderer.page("kommunen/index.md", "kommunen.md", region=region, registered=registered)]
    pages += [
        renderer.page(src_of(place.url), "kommune.md", place=place, registration=registered.get(place.slug),
                      items=portal.tags.municipalities.get(place.slug, []))
        for place in region
    ]
    return pages
