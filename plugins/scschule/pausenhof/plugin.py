"""MkDocs adapter: the page /pausenhof/ from the proposals and the stored 👍 counts (never fetched here)."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..site.build import add_pages, page_renderer, plugin_config, plugin_settings, portal_of, project_root, site_of
from .pages import pausenhof_pages
from .support import PAUSENHOF_CAPABILITY, SupportSettings, read_support

log = logging.getLogger("mkdocs.plugins.scschule.pausenhof")
# The options `scschule pausenhof fetch` reads too, declared once (support.SupportSettings).
PausenhofConfig = plugin_config(PAUSENHOF_CAPABILITY)


class PausenhofPlugin(BasePlugin[PausenhofConfig]):
    def __init__(self) -> None:
        self.settings = SupportSettings()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = plugin_settings(PAUSENHOF_CAPABILITY, config, self.config, log)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        portal = portal_of(config)
        site = site_of(config)
        support = read_support(project_root(config), self.settings, site.repo_url, portal.proposals)
        add_pages(files, config, pausenhof_pages(portal, page_renderer(__package__, config), support, site.repo_url))
        return files
