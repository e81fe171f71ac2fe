"""Pages for every Handlungsfeld and Maßnahmenbündel: the cross-links of the portal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from .model import BUNDLE_TEXTS

if TYPE_CHECKING:
    from ..portal import Portal


def taxonomy_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    taxonomy, tags = portal.taxonomy, portal.tags
    pages = [
        renderer.page("handlungsfelder/index.md", "handlungsfelder.md",
                      fields=list(taxonomy.handlungsfelder.values()), tags=tags, region=taxonomy.region),
        renderer.page("massnahmenbuendel/index.md", "buendel-index.md",
                      bundles=list(taxonomy.bundles.values()), tags=tags, region=taxonomy.region),
    ]
    pages += [
        renderer.page(src_of(field.url), "handlungsfeld.md", field=field, items=tags.handlungsfelder.get(field.id, []))
        for field in taxonomy.handlungsfelder.values()
    ]
    texts = portal.bundle_texts
    folder = BUNDLE_TEXTS.path(portal.root)
    pages += [
        renderer.page(src_of(bundle.url), "buendel.md", bundle=bundle, items=tags.bundles.get(bundle.id, []),
                      extra=texts.get(bundle.id, ""),
                      origins=(folder / f"{bundle.id.lower()}.md",) if bundle.id in texts else ())
        for bundle in taxonomy.bundles.values()
    ]
    return pages
