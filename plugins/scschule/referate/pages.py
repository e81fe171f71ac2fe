"""Pages and feeds of the Referatreihe: /referate/, one page per archived talk, Atom/RSS and iCalendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from ..courses.events import calendar_ics, upcoming_and_past
from ..courses.pages import CALENDAR_URL, german_when
from ..site.pages import GeneratedPage, PageRenderer
from ..site.context import SiteContext
from ..site.urls import src_of
from .model import SERIES_URL, ArchivedTalk, series_events

if TYPE_CHECKING:
    from ..portal import Portal

CALENDAR_URI = f"{SERIES_URL}referate.ics"
ATOM_URI = f"{SERIES_URL}atom.xml"
RSS_URI = f"{SERIES_URL}rss.xml"
BERLIN = ZoneInfo("Europe/Berlin")
# Talk pages frame the talk's own text, like newsletter issues do, for whoever reads the page's HTML.
BODY_START = "<!-- scschule: Beginn des Referats -->"
BODY_END = "<!-- scschule: Ende des Referats -->"


@dataclass(frozen=True)
class TalkView:
    archived: ArchivedTalk
    handlungsfelder: list
    bundles: list
    municipalities: list
    guides: list  # Guide records
    courses: list  # Course records


def talk_views(portal: Portal) -> list[TalkView]:
    taxonomy = portal.taxonomy
    guides = {g.slug: g for g in portal.guides}
    courses = {c.slug: c for c in portal.courses}
    views = []
    for archived in portal.archived_talks:
        if archived.talk is None:
            continue
        meta = archived.talk.meta
        views.append(TalkView(archived, [taxonomy.handlungsfelder[x] for x in meta.handlungsfelder],
                              [taxonomy.bundles[x] for x in meta.bundles],
                              [taxonomy.municipalities[x] for x in meta.municipalities],
                              [guides[x] for x in meta.guides if x in guides],
                              [courses[x] for x in meta.courses if x in courses]))
    return views


def referate_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    upcoming, _ = upcoming_and_past(series_events(portal.events), portal.today)
    pages = [renderer.page(src_of(SERIES_URL), "referate.md", upcoming=upcoming, archive=portal.archived_talks,
                           calendar=CALENDAR_URL, ics=CALENDAR_URI.removeprefix(SERIES_URL),
                           atom=ATOM_URI.removeprefix(SERIES_URL), rss=RSS_URI.removeprefix(SERIES_URL), german_when=german_when,
                           origins=tuple(t.source.path for t in portal.talks))]
    for view in talk_views(portal):
        talk = view.archived.talk
        pages.append(renderer.page(src_of(talk.url), "referat.md", view=view, talk=talk, event=view.archived.event,
                                   german_when=german_when, body_start=BODY_START, body_end=BODY_END,
                                   atom=ATOM_URI, origins=(talk.source.path,)))
    return pages


def series_calendar(portal: Portal, site: SiteContext) -> bytes:
    """The series alone, beside the school's whole calendar (termine.ics)."""
    host = urlsplit(site.site_url).hostname or "smartcities-schule.invalid"
    return calendar_ics(series_events(portal.events), name="Smart Cities: Schule – Referatreihe", uid_domain=host,
                        stamp=portal.today, page_url=site.absolute(SERIES_URL) if site.site_url else None)


def _midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=BERLIN)


def speakers_text(talk) -> str:
    return "; ".join(", ".join(x for x in (s.name, s.role, s.organisation) if x) for s in talk.meta.speakers)


def series_feeds(portal: Portal, site: SiteContext) -> dict[str, bytes]:
    """Atom and RSS of the archived talks, newest first; ids are the talk pages' permalinks."""
    absolute = site.require_site_url("die Feeds der Referatreihe").absolute
    archived = [a for a in portal.archived_talks if a.talk is not None][:50]
    feed = FeedGenerator()
    feed.id(absolute(ATOM_URI))
    feed.title("Referatreihe – Smart Cities: Schule")
    feed.subtitle("Vergangene Referate der Smart Cities: Schule mit Zusammenfassung, Aufzeichnung und Folien.")
    feed.language("de")
    feed.author({"name": "Smart Cities: Schule"})
    feed.generator("scschule")
    feed.updated(_midnight(archived[0].day if archived else portal.today))
    for archived_talk in archived:
        talk = archived_talk.talk
        permalink = absolute(talk.url)
        item = feed.add_entry(order="append")
        item.id(permalink)
        item.guid(permalink, permalink=True)
        item.title(archived_talk.title)
        item.link(href=permalink, rel="alternate")
        item.summary(talk.meta.summary)
        item.content(f"<p>{escape(talk.meta.summary)}</p><p>Referat von {escape(speakers_text(talk))}, "
                     f"{escape(german_when(archived_talk.event))}.</p>", type="html")
        item.published(_midnight(archived_talk.day))
        item.updated(_midnight(archived_talk.day))
        tags = ([(x, portal.taxonomy.handlungsfelder[x].title) for x in talk.meta.handlungsfelder]
                + [(x, f"{x} {portal.taxonomy.bundles[x].title}") for x in talk.meta.bundles])
        if tags:
            item.category([{"term": term, "label": label} for term, label in tags])
    files = {}
    feed.link([{"href": absolute(ATOM_URI), "rel": "self", "type": "application/atom+xml"},
               {"href": absolute(SERIES_URL), "rel": "alternate", "type": "text/html"}], replace=True)
    files[ATOM_URI] = feed.atom_str(pretty=True)
    feed.link([{"href": absolute(RSS_URI), "rel": "self", "type": "application/rss+xml"},
               {"href": absolute(SERIES_URL), "rel": "alternate", "type": "text/html"}], replace=True)
    files[RSS_URI] = feed.rss_str(pretty=True)
    return files
