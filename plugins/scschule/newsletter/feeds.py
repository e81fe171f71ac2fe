"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the Schülerzeitung (RSS and Atom built with feedgen).

Only published issues appear (the rule in :mod:`.model`), also while previewing.
Ids and GUIDs are the issue's permalink, which depends on its number alone, so
editing a title or body later never makes feed readers show an issue twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..content.media import Media, media_in
from ..site.context import SiteContext
from ..taxonomy import BUNDLE_PAGES, HANDLUNGSFELD_PAGES, MUNICIPALITY_PAGES, RegionMunicipality, Taxonomy
from .model import Issue, visible_issues
from .pages import ARCHIVE_URL, ATOM_PATH, JSON_FEED_PATH, RSS_PATH, cover_dest, municipality_feed_path
from .render import NEEDS_SITE_URL, body_html, cover_html, markdown_converter, portable_html

BERLIN = ZoneInfo("Europe/Berlin")
# Feeds carry the newest issues (the archive page lists all of them): a feed, and the work
# of building it, stays the same size however long the Schülerzeitung runs.
FEED_LIMIT = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
# Issues appear with the first build on their date; midnight local time is that date's start.
PUBLISH_TIME = time(0, 0)

if TYPE_CHECKING:
    from ..portal import Portal


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, PUBLISH_TIME, tzinfo=BERLIN)


@dataclass(frozen=True)
class Entry:
    """One issue, rendered once and shared by every feed it appears in."""

    issue: Issue
    html: str
    media: tuple[Media, ...] = ()  # the issue's video and audio, linked as enclosures


def feed_paths(portal: Portal) -> list[str]:
    """Site paths of every feed ``feed_files`` writes."""
    return [RSS_PATH, ATOM_PATH, JSON_FEED_PATH] + [municipality_feed_path(slug) for slug in portal.taxonomy.municipalities]


def feed_files(portal: Portal, site: SiteContext, bodies: Mapping[int, str] | None = None) -> dict[str, bytes]:
    """Every feed file of the site: {site path: XML}.

    ``bodies`` maps an issue number to its body as already rendered for the issue's
    page (the build passes these, so no issue is converted twice); issues missing
    from it are rendered here with the site's Markdown extensions.
    """
    site.require_site_url(NEEDS_SITE_URL)
    published = visible_issues(portal.issues, portal.today)  # never drafts or scheduled issues
    newest_first = list(reversed(published))
    bodies = bodies or {}
    rendered: dict[int, Entry] = {}
    md = None

    def entry_html(issue: Issue) -> str:
        nonlocal md
        if issue.number in bodies:
            body = portable_html(bodies[issue.number], issue, site)
        else:
            md = md or markdown_converter(site)
            body = body_html(issue, site, md)
        return cover_html(issue, site, cover_dest(issue)) + body

    def newest_entries(issues: list[Issue]) -> list[Entry]:
        """The first FEED_LIMIT issues as entries, each issue rendered once for all feeds."""
        for issue in issues[:FEED_LIMIT]:
            if issue.number not in rendered:
                rendered[issue.number] = Entry(issue, entry_html(issue), tuple(
                    media_in(portal.root, issue.source.body, issue.source.path, issue.source.body_line)))
        return [rendered[i.number] for i in issues[:FEED_LIMIT]]

    entries = newest_entries(newest_first)
    fallback = max((i.updated for i in published), default=portal.today)
    title = f"Schülerzeitung – {site.site_name}"
    description = ("Die Schülerzeitung der Smart Cities: Schule: Themen, Maßnahmen und "
                   f"Meilensteine der Kommunen {portal.taxonomy.region.ort}, alle zwei Monate.")
    archive = newsletter_feed(entries, portal.taxonomy, site, fallback,
                              title=title, page=ARCHIVE_URL, subtitle=description)
    files = {ATOM_PATH: archive.atom_str(pretty=True)}
    # RSS has one channel link, the HTML archive, and names itself as atom:link rel="self".
    set_links(archive, site, page=ARCHIVE_URL, self_path=RSS_PATH, self_type=RSS_TYPE)
    files[RSS_PATH] = archive.rss_str(pretty=True)
    files[JSON_FEED_PATH] = json_feed(entries, portal.taxonomy, site, title=title, description=description)
    for place in portal.taxonomy.municipalities.values():
        mine = newest_entries([i for i in newest_first if place.slug in i.meta.municipalities])
        files[municipality_feed_path(place.slug)] = municipality_feed(mine, portal.taxonomy, site, place, fallback)
    return files


def municipality_feed(entries: list[Entry], taxonomy: Taxonomy, site: SiteContext,
                      place: RegionMunicipality, fallback: date) -> bytes:
    mine = [e for e in entries if place.slug in e.issue.meta.municipalities]
    feed = newsletter_feed(mine, taxonomy, site, fallback, title=f"Schülerzeitung: {place.name}",
                           page=place.url, self_path=municipality_feed_path(place.slug),
                           subtitle=f"Ausgaben der Schülerzeitung der Smart Cities: Schule, die {place.name} erwähnen.")
    return feed.atom_str(pretty=True)


def newsletter_feed(entries: list[Entry], taxonomy: Taxonomy, site: SiteContext, fallback: date, *,
                    title: str, page: str, subtitle: str, self_path: str = ATOM_PATH) -> FeedGenerator:
    """A feed of ``entries`` (newest first)."""
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS authors without e-mail address
    feed.id(site.absolute(self_path))
    feed.title(title)
    feed.subtitle(subtitle)  # also the RSS description
    feed.language("de")
    set_links(feed, site, page=page, self_path=self_path, self_type=ATOM_TYPE)
    feed.author({"name": site.site_author or site.site_name})
    feed.generator("scschule")  # no version: the output stays the same between builds
    newest = max((e.issue.updated for e in entries), default=fallback)
    feed.updated(local_midnight(newest))
    feed.lastBuildDate(local_midnight(newest))
    for entry in entries:
        add_entry(feed, entry, taxonomy, site)
    return feed


def set_links(feed: FeedGenerator, site: SiteContext, *, page: str, self_path: str, self_type: str) -> None:
    """The feed's links: its HTML page and itself.

    feedgen writes the last link as RSS ``<channel><link>`` and the first ``self`` link as
    RSS ``atom:link``; so the page comes last, and each format sets its own ``self``.
    """
    feed.link([{"href": site.absolute(self_path), "rel": "self", "type": self_type},
               {"href": site.absolute(page), "rel": "alternate", "type": "text/html"}], replace=True)


def add_entry(feed: FeedGenerator, entry: Entry, taxonomy: Taxonomy, site: SiteContext) -> None:
    issue, meta = entry.issue, entry.issue.meta
    permalink = site.absolute(issue.url)
    item = feed.add_entry(order="append")
    item.id(permalink)
    item.guid(permalink, permalink=True)
    item.title(issue.heading)
    item.link(href=permalink, rel="alternate")
    item.summary(meta.summary)
    item.content(entry.html, type="html")
    item.published(local_midnight(issue.date))
    item.updated(local_midnight(issue.updated))
    for name in meta.authors:
        item.author({"name": name})
        item.dc.dc_creator(name)
    categories = [{"term": term, "label": label, "scheme": site.absolute(scheme)}
                  for term, label, scheme in issue_tags(issue, taxonomy)]
    if categories:
        item.category(categories)
    enclosures = enclosures_of(entry, site)
    if enclosures:
        item.register_extension("scs_enclosures", _Enclosures)
        item.scs_enclosures.items = enclosures



def issue_tags(issue: Issue, taxonomy: Taxonomy) -> list[tuple[str, str, str]]:
    """(term, label, site path of the scheme) of each tag of ``issue``, for every feed format."""
    meta = issue.meta
    return ([(x, taxonomy.handlungsfelder[x].title, HANDLUNGSFELD_PAGES) for x in meta.handlungsfelder]
            + [(x, f"{x} {taxonomy.bundles[x].title}", BUNDLE_PAGES) for x in meta.bundles]
            + [(x, taxonomy.municipalities[x].name, MUNICIPALITY_PAGES) for x in meta.municipalities])


def json_feed(entries: list[Entry], taxonomy: Taxonomy, site: SiteContext, *, title: str, description: str) -> bytes:
    """The archive as JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the same entries as RSS and Atom."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": site.absolute(ARCHIVE_URL),
        "feed_url": site.absolute(JSON_FEED_PATH),
        "description": description,
        "language": "de",
        "authors": [{"name": site.site_author or site.site_name}],
        "items": [json_item(entry, taxonomy, site) for entry in entries],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_item(entry: Entry, taxonomy: Taxonomy, site: SiteContext) -> dict:
    issue, meta = entry.issue, entry.issue.meta
    permalink = site.absolute(issue.url)
    item = {
        "id": permalink,
        "url": permalink,
        "title": issue.heading,
        "content_html": entry.html,
        "summary": meta.summary,
        "date_published": local_midnight(issue.date).isoformat(),
        "date_modified": local_midnight(issue.updated).isoformat(),
        "authors": [{"name": name} for name in meta.authors],
        "language": "de",
    }
    cover = cover_dest(issue)
    if cover is not None:
        item["image"] = site.absolute(cover)
    tags = [label for _term, label, _scheme in issue_tags(issue, taxonomy)]
    if tags:
        item["tags"] = tags
    attachments = [{"url": url, "mime_type": mime_type, "size_in_bytes": int(length), "title": title}
                   for url, length, mime_type, title in enclosures_of(entry, site)]
    if attachments:
        item["attachments"] = attachments
    return item


def enclosures_of(entry: Entry, site: SiteContext) -> list[tuple[str, str, str, str]]:
    """(absolute URL, length in bytes, MIME type, title) of each video or audio file of an entry."""
    return [(m.absolute_url(site.site_url), str(m.size), m.spec.mime_type, m.spec.title)
            for m in entry.media if m.size and m.spec.mime_type]


class _Enclosures(BaseEntryExtension):
    """An entry's video and audio files: every one as an Atom ``rel="enclosure"`` link, the first
    as the RSS ``<enclosure>`` (RSS allows one). feedgen 1.0 drops rel, type and length of an
    entry's Atom links, so its own ``link(rel="enclosure")`` cannot be used."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str, str]] = []  # url, length in bytes, MIME type, title

    def extend_atom(self, entry):
        for url, length, mime_type, title in self.items:
            etree.SubElement(entry, "link", rel="enclosure", type=mime_type, href=url, length=length, title=title)
        return entry

    def extend_rss(self, item):
        url, length, mime_type, _ = self.items[0]
        etree.SubElement(item, "enclosure", url=url, length=length, type=mime_type)
        return item
