"""The school calendar: ``courses/termine.yml`` and its iCalendar export.

Times in the file are local times in Europe/Berlin (what editors read on a
poster); the iCalendar output carries the matching VTIMEZONE. Escaping and line
folding (RFC 5545) are left to the ``icalendar`` library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from ..content.collection import Capability, Collection
from ..content.problems import ContentError, Problem, error
from ..content.records import Record, check_unique, validate
from ..content.source import Source, read_yaml
from .model import COURSES, SLUG

if TYPE_CHECKING:  # imported where a calendar is written
    import icalendar

BERLIN = ZoneInfo("Europe/Berlin")
EVENT_KINDS = {
    "klassenfahrt": "Klassenfahrt",
    "pausenhofgespraech": "Pausenhofgespräch",
    "referat": "Referat",
    "kurstermin": "Kurstermin",
}


class EventRecord(Record):
    id: str = Field(pattern=SLUG)  # never change it once published: calendars key on the UID made from it
    title: str = Field(min_length=1)
    kind: Literal["klassenfahrt", "pausenhofgespraech", "referat", "kurstermin"]
    start: datetime
    end: datetime
    place: str | None = None
    online: bool = False
    link: str | None = Field(default=None, pattern=r"^https://")
    course: str | None = None
    unit: str | None = None
    description: str = Field(min_length=1)

    @model_validator(mode="after")
    def _where(self) -> EventRecord:
        if not self.place and not self.online:
            raise ValueError("Ort fehlt: 'place: <Ort>' oder 'online: true' angeben")
        return self


class EventsFile(Record):
    events: list[EventRecord] = []


@dataclass(frozen=True)
class Event:
    meta: EventRecord
    source: Source
    index: int  # position in ``events:``, for line numbers

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def start(self) -> datetime:
        return _local(self.meta.start)

    @property
    def end(self) -> datetime:
        return _local(self.meta.end)

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[self.meta.kind]

    @property
    def where(self) -> str:
        parts = [self.meta.place] if self.meta.place else []
        if self.meta.online:
            parts.append("online")
        return " und ".join(parts)

    def is_past(self, today: date) -> bool:
        return self.end.date() < today


def _local(value: datetime) -> datetime:
    """Naive times are Berlin local time; explicit offsets are converted to it."""
    return value.replace(tzinfo=BERLIN) if value.tzinfo is None else value.astimezone(BERLIN)


def load_events(path: Path) -> tuple[list[Event], list[Problem]]:
    """Load the calendar file; a missing file means no events."""
    if not path.is_file():
        return [], []
    try:
        source = read_yaml(path)
    except ContentError as exc:
        return [], [exc.problem]
    container, problems = validate(EventsFile, source)
    if container is None:
        return [], problems
    events: list[Event] = []
    for index, meta in enumerate(container.events):
        if _local(meta.end) <= _local(meta.start):
            problems.append(error(source.path, source.line_of("events", index, "end"),
                                  f"events.{index}.end: Ende muss nach dem Beginn liegen"))
        else:
            events.append(Event(meta, source, index))
    problems += check_unique([(e.id, path, source.line_of("events", e.index, "id")) for e in events], "events: id")
    events.sort(key=lambda e: (e.start, e.id))
    return events, problems


def upcoming_and_past(events, today: date) -> tuple[list[Event], list[Event]]:
    """Upcoming soonest first, past most recent first."""
    upcoming = [e for e in events if not e.is_past(today)]
    past = [e for e in reversed(events) if e.is_past(today)]
    return upcoming, past


def berlin_vtimezone(events, stamp: date) -> icalendar.Timezone:
    """The Europe/Berlin VTIMEZONE covering every event and ``stamp``.

    icalendar lists the observances from ``first_date`` up to, not including,
    ``last_date``; so the range ends the day after the last event. An empty range
    would give a VTIMEZONE without STANDARD or DAYLIGHT, which RFC 5545 §3.6.5 forbids.
    """
    import icalendar

    first = min((e.start.date() for e in events), default=stamp)
    last = max((e.end.date() for e in events), default=stamp)
    return icalendar.Timezone.from_tzinfo(BERLIN, "Europe/Berlin", first_date=min(first, stamp),
                                          last_date=max(last, stamp) + timedelta(days=1))


def calendar_ics(events, *, name: str, uid_domain: str, stamp: date, page_url: str | None = None) -> bytes:
    """An RFC 5545 calendar of ``events`` with the Europe/Berlin VTIMEZONE.

    ``stamp`` becomes every DTSTAMP, so the same content gives the same bytes.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Smart Cities: Schule//Termine//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    # Always present, also for an empty calendar: RFC 5545 wants at least one component.
    cal.add_component(berlin_vtimezone(events, stamp))
    dtstamp = datetime.combine(stamp, time(), tzinfo=timezone.utc)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"{event.id}@{uid_domain}")
        vevent.add("dtstamp", dtstamp)
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
        vevent.add("summary", event.meta.title)
        vevent.add("description", event.meta.description.strip())
        vevent.add("categories", [event.kind_label])
        vevent.add("location", event.where)
        if event.meta.link:
            vevent.add("url", event.meta.link)
        elif page_url:
            vevent.add("url", page_url)
        cal.add_component(vevent)
    return cal.to_ical()


EVENTS: Collection[Event] = Collection(
    "events", "courses", (), file="termine.yml",
    load=lambda folder, context: load_events(folder / EVENTS.file),
    key=lambda event: event.id, markdown=False,
)


COURSES_CAPABILITY = Capability("scschule-courses", (COURSES, EVENTS))
