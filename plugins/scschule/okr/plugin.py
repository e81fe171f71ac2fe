"""MkDocs adapter: the page /wirkung/, its data page and the open data of the OKR matrix."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.build import add_asset, add_pages, page_renderer, portal_of, use_stylesheet
from .pages import empty_page, okr_pages, open_data

STYLESHEET = "assets/okr.css"


class OkrPlugin(BasePlugin):
    def on_config(self, config):
        use_stylesheet(config, STYLESHEET)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        add_asset(files, config, __package__, "okr.css", STYLESHEET)
        portal = portal_of(config)
        if portal.okr is None:  # a project without okr/ still has the page the nav and home page link to
            add_pages(files, config, [empty_page(page_renderer(__package__, config))])
            return files
        facts = portal.okr_facts()
        add_pages(files, config, okr_pages(portal.okr, facts, portal.today, portal.taxonomy, page_renderer(__package__, config)))
        for dest, text in open_data(portal.okr, facts, portal.today).items():
            files.append(File.generated(config, dest, content=text))
        return files
