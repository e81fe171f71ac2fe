"""The search page ``/suche/``: query field, facets as labelled form controls, results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..site.pages import GeneratedPage, PageRenderer
from .index import SearchTypes

SEARCH_PAGE = "suche/index.md"

if TYPE_CHECKING:
    from ..portal import Portal


def search_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    taxonomy = portal.taxonomy
    return [renderer.page(SEARCH_PAGE, "suche.md", types=SearchTypes.of(portal.kinds).order,
                          handlungsfelder=list(taxonomy.handlungsfelder.values()),
                          bundles=list(taxonomy.bundles.values()))]
