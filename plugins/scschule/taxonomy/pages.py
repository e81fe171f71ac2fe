"""Pages for every Handlungsfeld and Maßnahmenbündel: the cross-links of the portal."""

from __future__ import annotations

from pathlib import Path

from ..content.portal import Portal
from ..content.source import read_text
from ..site.pages import GeneratedPage, PageRenderer, src_of


def taxonomy_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    taxonomy, tags = portal.taxonomy, portal.tags
    pages = [
        renderer.page("handlungsfelder/index.md", "handlungsfelder.md",
                      fields=list(taxonomy.handlungsfelder.values()), tags=tags),
        renderer.page("massnahmenbuendel/index.md", "buendel-index.md",
                      bundles=list(taxonomy.bundles.values()), tags=tags),
    ]
    pages += [
        renderer.page(src_of(field.url), "handlungsfeld.md", field=field, items=tags.handlungsfelder.get(field.id, []))
        for field in taxonomy.handlungsfelder.values()
    ]
    pages += [
        renderer.page(src_of(bundle.url), "buendel.md", bundle=bundle, items=tags.bundles.get(bundle.id, []),
                      extra=bundle_extra(portal.root, bundle.id))
        for bundle in taxonomy.bundles.values()
    ]
    return pages


def bundle_extra(root: Path, bundle_id: str) -> str:
    """Optional Markdown appended to a bundle page: ``taxonomy/bundles/<id>.md`` next to mkdocs.yml."""
    path = root / "taxonomy" / "bundles" / f"{bundle_id.lower()}.md"
    return read_text(path) if path.is_file() else ""
