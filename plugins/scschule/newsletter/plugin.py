"""MkDocs adapter: the Schülerzeitung's archive, issue pages, cover images and feeds."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.urls import src_of
from ..site.build import add_pages, page_renderer, portal_of, site_of
from .feeds import feed_files, feed_paths, feeds_key
from .pages import body_of_page, cover_dest, newsletter_pages


class NewsletterPlugin(BasePlugin):
    last_feeds: tuple[str, dict[str, bytes]] | None = None  # a serve session's feeds, by their inputs' key

    def on_startup(self, *, command, dirty) -> None:
        """Defining this keeps the instance across serve's rebuilds, and with it the last feeds."""
        self.last_feeds = None

    def on_files(self, files: Files, *, config) -> Files:
        portal = portal_of(config)
        add_pages(files, config, newsletter_pages(portal, page_renderer(__package__, config)))
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
        key = feeds_key(portal, site, self.bodies)  # None outside a serve session
        last = self.last_feeds
        if key is None or last is None or last[0] != key:
            last = (key, feed_files(portal, site, self.bodies))
            self.last_feeds = last if key is not None else None
        for path, xml in last[1].items():
            self.feeds[path].content_bytes = xml
        return env
