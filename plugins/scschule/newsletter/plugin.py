"""MkDocs adapter: the Schülerzeitung's archive, issue pages, cover images and feeds."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.urls import src_of
from ..content.media import media_folder
from ..site.build import add_pages, page_renderer, portal_of, site_of, stage
from ..site.cache import folder_digest
from .model import NEWSLETTER
from .feeds import feed_files, feed_paths
from .pages import body_of_page, cover_dest, newsletter_pages


class NewsletterPlugin(BasePlugin):
    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        add_pages(files, config, stage(config, __package__, (NEWSLETTER,),
                                       lambda: newsletter_pages(portal, page_renderer(__package__, config))))
        for issue in portal.visible_issues:
            if issue.cover_path is not None:
                files.append(File.generated(config, cover_dest(issue), abs_src_path=str(issue.cover_path)))
        # Feeds are generated files too, so links to them are checked like any other. Their
        # content comes in on_env, once every issue page has been converted (see on_page_content).
        self.feeds = {path: File.generated(config, path, content=b"") for path in feed_paths(portal)}
        for file in self.feeds.values():
            files.append(file)
        self.issue_of_page = {src_of(issue.url): issue.number for issue in portal.visible_issues}
        self.bodies: dict[int, str] = {}
        return files

    def on_page_content(self, html: str, *, page, config, files) -> None:
        number = self.issue_of_page.get(page.file.src_uri)
        if number is not None and (body := body_of_page(html)) is not None:
            self.bodies[number] = body

    def on_env(self, env, *, config, files):
        portal, site = portal_of(config), site_of(config)
        # The issues' media files and bodies besides the collection (see feeds.feed_files).
        feeds = stage(config, __package__, (NEWSLETTER,), lambda: feed_files(portal, site, self.bodies),
                      lambda: (folder_digest(media_folder(portal.root)), *sorted(self.bodies.items())), part="feeds")
        for path, xml in feeds.items():
            self.feeds[path].content_bytes = xml
        return env
