"""MkDocs adapter: adds the registry overview and municipality pages."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..site.pages import PageRenderer
from ..site.plugin import add_pages, portal_of
from .pages import registry_pages


class RegistryPlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        add_pages(files, config, registry_pages(portal_of(config), PageRenderer(__package__)))
        return files
