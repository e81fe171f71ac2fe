"""MkDocs adapter: the Schülerzeitung's archive, issue pages, cover images and feeds."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.pages import PageRenderer
from ..site.plugin import add_pages, portal_of
from .feeds import feed_files
from .pages import cover_dest, newsletter_pages
from .render import settings_from_config


class NewsletterPlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        add_pages(files, config, newsletter_pages(portal, PageRenderer(__package__)))
        for issue in portal.visible_issues:
            if issue.cover_path is not None:
                files.append(File.generated(config, cover_dest(issue), abs_src_path=str(issue.cover_path)))
        # Feeds are generated files too, so links to them are checked like any other.
        for path, xml in feed_files(portal, settings_from_config(config)).items():
            files.append(File.generated(config, path, content=xml))
        return files
