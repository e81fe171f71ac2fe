"""MkDocs adapter: adds the Handlungsfeld and Maßnahmenbündel pages."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..site.build import add_pages, page_renderer, portal_of, stage
from .model import BUNDLE_TEXTS
from .pages import taxonomy_pages


class TaxonomyPlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)  # its pages list every kind of item, as lists show them
        add_pages(files, config, stage(config, __package__, (BUNDLE_TEXTS,),
                                       lambda: taxonomy_pages(portal, page_renderer(__package__, config)),
                                       lambda: (portal.items_digest,)))
        return files
