"""Course and calendar pages: catalogue, course, unit, moderator views, /termine/."""

from __future__ import annotations

from typing import TYPE_CHECKING

import posixpath
from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

from ..content import german
from ..site.pages import GeneratedPage, PageRenderer
from ..site.context import SiteContext
from ..site.urls import relpath, src_of
from .events import Event, calendar_ics, upcoming_and_past
from .intake import EVENT_FORM
from .model import COURSE, format_minutes

CALENDAR_URL = "termine/"
FEED_URI = "termine/termine.ics"
PROGRESS_SCRIPT = "assets/kurse/fortschritt.js"
STYLESHEET = "assets/kurse/kurse.css"

if TYPE_CHECKING:
    from ..portal import Portal


def event_file_uri(event: Event) -> str:
    return f"{CALENDAR_URL}{event.id}.ics"


def german_when(event: Event) -> str:
    """'Donnerstag, 4. März 2027, 15:00 bis 16:30 Uhr' (dates repeated only if the event spans days)."""
    start, end = event.start, event.end
    first = f"{german.weekday_date(start.date())}, {start:%H:%M}"
    if start.date() == end.date():
        return f"{first} bis {end:%H:%M} Uhr"
    return f"{first} Uhr bis {german.weekday_date(end.date())}, {end:%H:%M} Uhr"


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def renderer_for(package: str, site: SiteContext | None = None, bytecode_cache=None) -> PageRenderer:
    renderer = PageRenderer(package, site, bytecode_cache)
    renderer.env.filters.update(duration=format_minutes, iso=_iso)
    renderer.env.globals.update(german_when=german_when, event_file_uri=event_file_uri)
    return renderer


def _asset_href(src_uri: str, asset: str) -> str:
    # Every generated page is an index.md, so its URL folder is the folder of its source
    # with and without use_directory_urls alike.
    return relpath(asset, posixpath.dirname(src_uri))


def course_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    events_by_course: dict[str, list[Event]] = defaultdict(list)
    upcoming, _ = upcoming_and_past(portal.events, portal.today)
    for event in upcoming:
        if event.meta.course:
            events_by_course[event.meta.course].append(event)
    taxonomy = portal.taxonomy
    guides = {g.slug: g for g in portal.guides}
    pages = [renderer.page(src_of(COURSE.url_prefix), "kurse.md", courses=portal.courses, taxonomy=taxonomy)]
    for course in portal.courses:
        src = src_of(course.url)
        pages.append(renderer.page(src, "kurs.md", course=course, taxonomy=taxonomy,
                                   events=events_by_course.get(course.slug, []),
                                   script=_asset_href(src, PROGRESS_SCRIPT), origins=(course.source.path,)))
        pages.append(renderer.page(src_of(course.moderation_url()), "kurs-moderation.md", course=course,
                                   origins=(course.source.path,)))
        for number, unit in enumerate(course.units, start=1):
            src = src_of(course.unit_url(unit))
            neighbours = (course.units[number - 2] if number > 1 else None,
                          course.units[number] if number < len(course.units) else None)
            pages.append(renderer.page(src, "einheit.md", course=course, unit=unit, number=number,
                                       previous=neighbours[0], next=neighbours[1], guides=guides,
                                       script=_asset_href(src, PROGRESS_SCRIPT), origins=(unit.source.path,)))
            pages.append(renderer.page(src_of(course.moderation_url(unit)), "einheit-moderation.md",
                                       course=course, unit=unit, number=number, guides=guides,
                                       origins=(unit.source.path,)))
    return pages


def calendar_pages(portal: Portal, renderer: PageRenderer) -> list[GeneratedPage]:
    upcoming, past = upcoming_and_past(portal.events, portal.today)
    courses = {c.slug: c for c in portal.courses}
    return [renderer.page(src_of(CALENDAR_URL), "termine.md", upcoming=upcoming, past=past,
                          courses=courses, today=portal.today, feed=posixpath.basename(FEED_URI), form=EVENT_FORM)]


def calendar_files(portal: Portal, site: SiteContext) -> dict[str, bytes]:
    """The feed and one single-event calendar per event, by site path."""
    host = urlsplit(site.site_url).hostname or "smartcities-schule.invalid"
    page_url = site.absolute(CALENDAR_URL) if site.site_url else None
    common = dict(uid_domain=host, stamp=portal.today, page_url=page_url)
    files = {FEED_URI: calendar_ics(portal.events, name="Smart Cities: Schule – Termine", **common)}
    for event in portal.events:
        files[event_file_uri(event)] = calendar_ics([event], name=event.meta.title, **common)
    return files
