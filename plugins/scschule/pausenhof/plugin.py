"""MkDocs adapter: the page /pausenhof/ from the proposals and the stored 👍 counts (never fetched here)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..site.build import add_pages, page_renderer, portal_of, project_root
from .pages import pausenhof_pages
from .support import SupportSettings, read_support


class PausenhofConfig(Config):
    # The same options `scschule pausenhof fetch` reads (support.SupportSettings).
    snapshots = c.Type(str, default="snapshots/pausenhof")
    token_env = c.Type(str, default="SCSCHULE_FORGE_TOKEN")
    api_url = c.Optional(c.Type(str))
    budget = c.Type((int, float), default=20)
    timeout = c.Type((int, float), default=5)
    retries = c.Type(int, default=1)
    max_bytes = c.Type(int, default=1_000_000)


class PausenhofPlugin(BasePlugin[PausenhofConfig]):
    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        settings = SupportSettings(**{key: self.config[key] for key in SupportSettings.model_fields if key in self.config})
        support = read_support(project_root(config), settings, config.repo_url, portal.proposals)
        add_pages(files, config, pausenhof_pages(portal, page_renderer(__package__, config), support, config.repo_url))
        return files
