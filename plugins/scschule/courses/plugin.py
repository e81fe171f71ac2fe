"""MkDocs adapter: course pages, moderator views, /termine/ and the iCalendar files."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..site.build import (add_asset, add_pages, portal_of, project_root, site_of, stage, template_bytecode,
                          use_stylesheet)
from .events import EVENTS
from .model import COURSES
from .pages import PROGRESS_SCRIPT, STYLESHEET, calendar_files, calendar_pages, course_pages, renderer_for


class CoursesPlugin(BasePlugin):
    def on_config(self, config):
        # The block styles (Übung, Lösung, Diskussion, Moderation) are small and shared by all
        # course pages; the progress script is linked only from course and unit pages.
        use_stylesheet(config, STYLESHEET)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        portal, site = portal_of(config), site_of(config)
        renderer = renderer_for(__package__, site, template_bytecode(project_root(config)))
        # Course pages name the guides they build on by title and address: the listed items.
        add_pages(files, config, stage(config, __package__, (COURSES, EVENTS),
                                       lambda: course_pages(portal, renderer) + calendar_pages(portal, renderer),
                                       lambda: (portal.items_digest,)))
        add_asset(files, config, __package__, "fortschritt.js", PROGRESS_SCRIPT)
        add_asset(files, config, __package__, "kurse.css", STYLESHEET)
        for uri, content in calendar_files(portal, site).items():
            files.append(File.generated(config, uri, content=content))
        return files
