"""MkDocs adapter: guide pages, archived versions, comparisons, catalogue and PDFs."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from dataclasses import replace

from ..site.build import (add_asset, add_pages, is_serving, page_renderer, plugin_config, plugin_settings, portal_of,
                          project_root, published_site_url, site_of, stages_of, use_stylesheet)
from .model import GUIDES_CAPABILITY, GuideSettings
from .pages import guide_pages
from .pdf import PdfRenderer, jobs_for, pdf_uri

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
        available = self.add_pdfs(files, config, portal) if self.settings.pdf else frozenset()
        add_pages(files, config, guide_pages(portal, page_renderer(__package__, config), pdf=self.settings.pdf,
                                             pdf_ready=lambda guide, version: pdf_uri(guide, version) in available,
                                             reuse=stages_of(config, __package__)))
        for guide in portal.guides:
            for attachment in guide_attachments(guide.source.path.parent):
                files.append(File.generated(config, f"{guide.url}{attachment.name}", abs_src_path=str(attachment)))
        return files

    def add_pdfs(self, files: Files, config: MkDocsConfig, portal) -> frozenset[str]:
        """Every guide version's PDF; returns the site paths of those the site has.

        A build renders every PDF that is not cached. ``mkdocs serve`` renders none: it ships
        those a build rendered before (same key: mkdocs.yml's site_url, not the serve address)
        and the guide page says that the others are made when the site is published.
        """
        site = replace(site_of(config), site_url=published_site_url(config))
        renderer, serving = PdfRenderer(project_root(config), portal.taxonomy, site), is_serving(config)
        available = set()
        for job in jobs_for(portal.guides):
            path = renderer.cached(job) if serving else renderer.provide(job)
            if path is not None:
                files.append(File.generated(config, job.dest_uri, abs_src_path=str(path)))
                available.add(job.dest_uri)
        if serving:
            log.info("Leitfaden-PDFs (Vorschau): %d aus dem Cache, %d entstehen erst beim Veröffentlichen",
                     renderer.reused, renderer.cache.misses)
        else:
            log.info("Leitfaden-PDFs: %d erzeugt, %d aus dem Cache", renderer.rendered, renderer.reused)
        return frozenset(available)


def guide_attachments(folder):
    """Images and other files beside a guide's index.md, served next to its page."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md")
