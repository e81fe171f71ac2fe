"""The computed metrics of the OKR matrix: a fixed, documented list.

A metric reads plain facts about the portal (:class:`Facts`), never another
capability's records: the composition root (``scschule.portal``) is the one place
that knows every collection, and it projects them into these facts. Every metric
is computed *as of* a day, so a review recorded for a past day counts what the
portal's own dates say about that day (registry history, issue dates, event
dates, guide versions), not what is there today.

Where a source gives no date (the registry writes ``unbekannt``), the item is
counted, because it is in the portal, and the result says how many such items it
contains; it is never given a guessed date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # site-relative, directory style


@dataclass(frozen=True)
class StatusChange:
    status: str  # "pionier", "mitmacher", "teilnehmer"
    day: date | None  # None: the registration says "unbekannt"


@dataclass(frozen=True)
class MunicipalityFacts:
    link: Link
    history: tuple[StatusChange, ...]  # oldest first

    def status_on(self, day: date) -> tuple[str | None, bool]:
        """The status held on ``day`` and whether an undated entry decided it."""
        held, undated = None, False
        for change in self.history:
            if change.day is None or change.day <= day:
                held, undated = change.status, change.day is None
        return held, undated


@dataclass(frozen=True)
class GuideVersionFacts:
    updated: date
    review_by: date


@dataclass(frozen=True)
class GuideFacts:
    link: Link
    versions: tuple[GuideVersionFacts, ...]  # every version, oldest first

    def version_on(self, day: date) -> GuideVersionFacts | None:
        current = [v for v in self.versions if v.updated <= day]
        return current[-1] if current else None


@dataclass(frozen=True)
class EventFacts:
    link: Link
    kind: str  # "klassenfahrt", "pausenhofgespraech", "referat", "kurstermin"
    day: date


@dataclass(frozen=True)
class MaterialFacts:
    """A guide, course or newsletter issue with the day it was first published."""

    link: Link
    since: date | None  # None: the item carries no date (courses)
    handlungsfelder: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposalFacts:
    """A topic proposal for the Pausenhofgespräche."""

    link: Link
    proposed: date
    discussed: bool  # status "besprochen" in the proposal's file today
    discussed_on: date | None = None  # the day of the Pausenhofgespräch it names, if any


@dataclass(frozen=True)
class Facts:
    municipalities: tuple[MunicipalityFacts, ...] = ()
    issues: tuple[MaterialFacts, ...] = ()  # published newsletter issues
    events: tuple[EventFacts, ...] = ()
    guides: tuple[GuideFacts, ...] = ()
    material: tuple[MaterialFacts, ...] = ()  # guides, courses, issues
    proposals: tuple[ProposalFacts, ...] = ()  # topic proposals for the Pausenhofgespräche


@dataclass(frozen=True)
class Measurement:
    value: int
    items: tuple[Link, ...]  # what was counted
    undated: int = 0  # how many of them carry no date in their source


@dataclass(frozen=True)
class Metric:
    id: str
    label: str  # German, shown on the page and in `scschule okr metrics`
    unit: str  # German plural, e.g. "Kommunen"
    description: str  # German: exactly what is counted
    compute: Callable[[Facts, date, str | None], Measurement]
    higher_is_better: bool = True
    scope: str | None = None  # "handlungsfeld" or "bundle": the metric needs a `scope` id


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _in_last_year(when: date, day: date) -> bool:
    return _year_before(day) < when <= day


def _municipalities(statuses: tuple[str, ...]) -> Callable[[Facts, date, str | None], Measurement]:
    def compute(facts: Facts, day: date, scope: str | None) -> Measurement:
        counted, undated = [], 0
        for municipality in facts.municipalities:
            status, from_undated = municipality.status_on(day)
            if status in statuses:
                counted.append(municipality.link)
                undated += from_undated
        return Measurement(len(counted), tuple(counted), undated)
    return compute


def _issues_last_year(facts: Facts, day: date, scope: str | None) -> Measurement:
    counted = tuple(i.link for i in facts.issues if i.since and _in_last_year(i.since, day))
    return Measurement(len(counted), counted)


def _events_last_year(kind: str) -> Callable[[Facts, date, str | None], Measurement]:
    def compute(facts: Facts, day: date, scope: str | None) -> Measurement:
        counted = tuple(e.link for e in facts.events if e.kind == kind and _in_last_year(e.day, day))
        return Measurement(len(counted), counted)
    return compute


def _guides_published(facts: Facts, day: date, scope: str | None) -> Measurement:
    counted = tuple(g.link for g in facts.guides if g.version_on(day))
    return Measurement(len(counted), counted)


def _guides_overdue(facts: Facts, day: date, scope: str | None) -> Measurement:
    # The guides' own review rule (guides.model.review_overdue): review_by has passed.
    counted = tuple(g.link for g in facts.guides if (v := g.version_on(day)) and v.review_by < day)
    return Measurement(len(counted), counted)


def _material(tag: str) -> Callable[[Facts, date, str | None], Measurement]:
    def compute(facts: Facts, day: date, scope: str | None) -> Measurement:
        chosen = [m for m in facts.material if scope in getattr(m, tag) and (m.since is None or m.since <= day)]
        return Measurement(len(chosen), tuple(m.link for m in chosen), sum(m.since is None for m in chosen))
    return compute


def _proposals(facts: Facts, day: date, scope: str | None) -> Measurement:
    counted = tuple(p.link for p in facts.proposals if p.proposed <= day)
    return Measurement(len(counted), counted)


def _proposals_discussed(facts: Facts, day: date, scope: str | None) -> Measurement:
    # A discussed proposal without the day of its talk counts (it is discussed) and is reported as undated.
    chosen = [p for p in facts.proposals if p.discussed and p.proposed <= day
              and (p.discussed_on is None or p.discussed_on <= day)]
    return Measurement(len(chosen), tuple(p.link for p in chosen), sum(p.discussed_on is None for p in chosen))


METRICS: dict[str, Metric] = {m.id: m for m in (
    Metric("kommunen-angemeldet", "Angemeldete Kommunen", "Kommunen",
           "Kommunen im Verzeichnis mit dem Status Teilnehmer-, Mitmacher- oder Pionierkommune am Stichtag "
           "(aus der Statushistorie der Anmeldungen)",
           _municipalities(("teilnehmer", "mitmacher", "pionier"))),
    Metric("kommunen-mit-beschluss", "Kommunen mit politischem Beschluss", "Kommunen",
           "Kommunen mit dem Status Mitmacher- oder Pionierkommune am Stichtag (beide verlangen einen Ratsbeschluss)",
           _municipalities(("mitmacher", "pionier"))),
    Metric("ausgaben-12-monate", "Ausgaben der Schülerzeitung in zwölf Monaten", "Ausgaben",
           "Veröffentlichte Ausgaben (kein Entwurf) mit Erscheinungsdatum in den zwölf Monaten bis zum Stichtag",
           _issues_last_year),
    Metric("klassenfahrten-12-monate", "Klassenfahrten in zwölf Monaten", "Klassenfahrten",
           "Termine der Art Klassenfahrt mit Beginn in den zwölf Monaten bis zum Stichtag", _events_last_year("klassenfahrt")),
    Metric("pausenhofgespraeche-12-monate", "Pausenhofgespräche in zwölf Monaten", "Pausenhofgespräche",
           "Termine der Art Pausenhofgespräch mit Beginn in den zwölf Monaten bis zum Stichtag",
           _events_last_year("pausenhofgespraech")),
    Metric("referate-12-monate", "Referate in zwölf Monaten", "Referate",
           "Termine der Art Referat mit Beginn in den zwölf Monaten bis zum Stichtag", _events_last_year("referat")),
    Metric("pausenhof-themen", "Themenvorschläge für Pausenhofgespräche", "Vorschläge",
           "Themenvorschläge aus der Community (pausenhof/themen/), eingegangen bis zum Stichtag, jeder Status",
           _proposals),
    Metric("pausenhof-themen-besprochen", "Besprochene Themenvorschläge", "Vorschläge",
           "Themenvorschläge mit dem Status besprochen, eingegangen bis zum Stichtag; mit Termin zählt der Tag "
           "des Pausenhofgesprächs, ohne Termin zählt der Vorschlag als undatiert",
           _proposals_discussed),
    Metric("leitfaeden", "Veröffentlichte Leitfäden", "Leitfäden",
           "Leitfäden, deren erste Version am Stichtag erschienen war", _guides_published),
    Metric("leitfaeden-ueberfaellig", "Leitfäden mit überfälliger Überprüfung", "Leitfäden",
           "Leitfäden, deren am Stichtag gültige Version ihr Überprüfungsdatum (review_by) überschritten hat",
           _guides_overdue, higher_is_better=False),
    Metric("material-handlungsfeld", "Lernmaterial zu einem Handlungsfeld", "Einträge",
           "Leitfäden, Kurse und Ausgaben der Schülerzeitung, die dem Handlungsfeld (scope) zugeordnet und am "
           "Stichtag erschienen sind; Kurse tragen kein Datum und zählen immer",
           _material("handlungsfelder"), scope="handlungsfeld"),
    Metric("material-buendel", "Lernmaterial zu einem Maßnahmenbündel", "Einträge",
           "Leitfäden, Kurse und Ausgaben der Schülerzeitung, die dem Maßnahmenbündel (scope) zugeordnet und am "
           "Stichtag erschienen sind; Kurse tragen kein Datum und zählen immer",
           _material("bundles"), scope="bundle"),
)}


def measure(metric_id: str, facts: Facts, day: date, scope: str | None = None) -> Measurement:
    return METRICS[metric_id].compute(facts, day, scope)
