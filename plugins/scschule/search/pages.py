"""The search page ``/suche/``: query field, facets as labelled form controls, results."""

from __future__ import annotations

from ..content.portal import Portal
from ..site.pages import GeneratedPage, PageRenderer
from .index import TYPE_ORDER

SEARCH_PAGE = "suche/index.md"


def search_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    taxonomy = portal.taxonomy
    return [renderer.page(SEARCH_PAGE, "suche.md", types=TYPE_ORDER,
                          handlungsfelder=list(taxonomy.handlungsfelder.values()),
                          bundles=list(taxonomy.bundles.values()))]
