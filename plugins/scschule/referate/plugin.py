"""MkDocs adapter: /referate/, the talk pages with their slides, the series' feeds and calendar."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.build import add_pages, page_renderer, portal_of, site_of
from .pages import CALENDAR_URI, referate_pages, series_calendar, series_feeds


class ReferatePlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        add_pages(files, config, referate_pages(portal, page_renderer(__package__, config)))
        for archived in portal.archived_talks:
            talk = archived.talk
            if talk is not None and talk.slides_path is not None:
                files.append(File.generated(config, talk.slides_uri, abs_src_path=str(talk.slides_path)))
        files.append(File.generated(config, CALENDAR_URI, content=series_calendar(portal, site_of(config))))
        for uri, xml in series_feeds(portal, site_of(config)).items():
            files.append(File.generated(config, uri, content=xml))
        return files
