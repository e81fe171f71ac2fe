"""Pages of the Schülerzeitung: the archive and one page per visible issue."""

from __future__ import annotations

from typing import TYPE_CHECKING

import posixpath
from dataclasses import dataclass
from itertools import groupby

from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from ..taxonomy import MUNICIPALITY_PAGES
from .intake import contribution_form
from .model import ISSUE, Issue, Status

ARCHIVE_URL = ISSUE.url_prefix
RSS_PATH, ATOM_PATH, JSON_FEED_PATH = f"{ARCHIVE_URL}rss.xml", f"{ARCHIVE_URL}atom.xml", f"{ARCHIVE_URL}feed.json"

if TYPE_CHECKING:
    from ..portal import Portal


# The issue's own text is framed by these comments on its page, so the feeds can take the
# page's HTML of it instead of converting the Markdown a second time.
BODY_START = "<!-- scschule: Beginn des Ausgabentexts -->"
BODY_END = "<!-- scschule: Ende des Ausgabentexts -->"


def body_of_page(html: str) -> str | None:
    """The issue's text in its page's HTML, or None if the frame is missing."""
    start, end = html.find(BODY_START), html.rfind(BODY_END)
    if start < 0 or end < start:
        return None
    return html[start + len(BODY_START):end].strip()


def municipality_feed_path(slug: str) -> str:
    return f"{MUNICIPALITY_PAGES}{slug}/atom.xml"


def cover_dest(issue: Issue) -> str | None:
    """Where the cover image is shipped: next to the issue's page."""
    if issue.meta.cover is None:
        return None
    return posixpath.join(issue.url, posixpath.basename(issue.meta.cover.src))


@dataclass(frozen=True)
class IssueView:
    """An issue with everything its page shows, resolved against the taxonomy."""

    issue: Issue
    status: Status
    previous: Issue | None
    next: Issue | None
    handlungsfelder: list
    bundles: list
    municipalities: list


def issue_views(portal: Portal) -> list[IssueView]:
    issues = portal.visible_issues
    taxonomy = portal.taxonomy
    return [
        IssueView(
            issue,
            issue.status(portal.today),
            issues[index - 1] if index > 0 else None,
            issues[index + 1] if index + 1 < len(issues) else None,
            [taxonomy.handlungsfelder[x] for x in issue.meta.handlungsfelder],
            [taxonomy.bundles[x] for x in issue.meta.bundles],
            [taxonomy.municipalities[x] for x in issue.meta.municipalities],
        )
        for index, issue in enumerate(issues)
    ]


def newsletter_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    views = issue_views(portal)
    newest_first = sorted(views, key=lambda v: v.issue.number, reverse=True)
    years = [(year, list(group)) for year, group in groupby(newest_first, key=lambda v: v.issue.date.year)]
    pages = [renderer.page(src_of(ARCHIVE_URL), "archiv.md", years=years, rss=RSS_PATH, atom=ATOM_PATH,
                           json_feed=JSON_FEED_PATH, form=contribution_form(portal.taxonomy),
                           region=portal.taxonomy.region)]
    pages += [
        renderer.page(src_of(view.issue.url), "ausgabe.md", view=view, issue=view.issue, meta=view.issue.meta,
                      cover=cover_dest(view.issue) and posixpath.basename(cover_dest(view.issue)),
                      atom=ATOM_PATH, rss=RSS_PATH, json_feed=JSON_FEED_PATH, body_start=BODY_START, body_end=BODY_END,
                      origins=(view.issue.source.path,))
        for view in views
    ]
    return pages
