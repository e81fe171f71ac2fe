"""MkDocs adapter: guide pages, archived versions, comparisons, catalogue and PDFs."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.build import (add_asset, add_pages, page_renderer, plugin_config, plugin_settings, portal_of, project_root,
                          site_of, use_stylesheet)
from .model import GUIDES_CAPABILITY, GuideSettings
from .pages import guide_pages
from .pdf import PdfRenderer, jobs_for

log = logging.getLogger("mkdocs.plugins.scschule.guides")

STYLESHEET = "assets/scschule/guides.css"


GuidesConfig = plugin_config(GUIDES_CAPABILITY)  # declared once, by GuideSettings


class GuidesPlugin(BasePlugin[GuidesConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings: GuideSettings = plugin_settings(GUIDES_CAPABILITY, config, self.config, log)
        use_stylesheet(config, STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        portal = portal_of(config)
        add_asset(files, config, __package__, "guides.css", STYLESHEET)
        if self.settings.pdf:
            self.add_pdfs(files, config, portal)
        add_pages(files, config, guide_pages(portal, page_renderer(__package__, config), pdf=self.settings.pdf))
        for guide in portal.guides:
            for attachment in guide_attachments(guide.source.path.parent):
                files.append(File.generated(config, f"{guide.url}{attachment.name}", abs_src_path=str(attachment)))
        return files

    def add_pdfs(self, files: Files, config: MkDocsConfig, portal) -> None:
        renderer = PdfRenderer(project_root(config), portal.taxonomy, site_of(config))
        for job in jobs_for(portal.guides):
            files.append(File.generated(config, job.dest_uri, abs_src_path=str(renderer.provide(job))))
        log.info("Leitfaden-PDFs: %d erzeugt, %d aus dem Cache", renderer.rendered, renderer.reused)


def guide_attachments(folder):
    """Images and other files beside a guide's index.md, served next to its page."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md")
