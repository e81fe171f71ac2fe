"""MkDocs adapter: adds the registry pages and the open-data files."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.build import add_asset, add_pages, page_renderer, portal_of, stage, use_stylesheet
from .model import REGISTRY
from .pages import open_data, registry_pages

# The newsletter plugin writes kommunen/<slug>/atom.xml for every municipality.
NEWSLETTER_PLUGIN = "scschule-newsletter"
STYLESHEET = "assets/registry.css"


class RegistryPlugin(BasePlugin):
    def on_config(self, config):
        use_stylesheet(config, STYLESHEET)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        feeds = NEWSLETTER_PLUGIN in config.plugins
        # Its pages list every kind of item (as lists show them) and the guides each municipality wrote.
        add_pages(files, config, stage(config, __package__, (REGISTRY,),
                                       lambda: registry_pages(portal, page_renderer(__package__, config), feeds=feeds),
                                       lambda: (feeds, portal.items_digest,
                                                [(g.url, g.meta.authors.municipalities) for g in portal.guides])))
        add_asset(files, config, __package__, "registry.css", STYLESHEET)
        for dest, text in open_data(portal).items():
            files.append(File.generated(config, dest, content=text))
        return files
