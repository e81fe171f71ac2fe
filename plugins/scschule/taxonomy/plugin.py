"""MkDocs adapter: adds the Handlungsfeld and Maßnahmenbündel pages."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..site.build import add_pages, page_renderer, portal_of
from .pages import taxonomy_pages


class TaxonomyPlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        add_pages(files, config, taxonomy_pages(portal_of(config), page_renderer(__package__, config)))
        return files
