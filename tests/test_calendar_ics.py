"""The iCalendar export checked by an independent strict parser (PyPI ``ical``): valid with
no events, with events in winter and in summer, and across the change to and from summer time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.exceptions import CalendarParseError

from scschule.courses.events import BERLIN, calendar_ics, load_events

STAMP = date(2026, 11, 22)
EVENT = """\
  - id: {id}
    title: Termin {id}
    kind: referat
    start: {start}
    end: {end}
    place: Olpe
    description: Beispieltermin für Tests.
"""


def events_of(tmp_path: Path, *spans: tuple[str, str]):
    path = tmp_path / "termine.yml"
    path.write_text("events:\n" + "".join(EVENT.format(id=f"t{i}", start=start, end=end)
                                          for i, (start, end) in enumerate(spans)), encoding="utf-8")
    events, problems = load_events(path)
    assert problems == []
    return events


def strictly_parsed(events, stamp: date = STAMP):
    raw = calendar_ics(events, name="Termine", uid_domain="example.org", stamp=stamp).decode("utf-8")
    return IcsCalendarStream.calendar_from_ics(raw)


def offset_in_file(zone, local: datetime) -> timedelta | None:
    """UTC offset at ``local`` by RFC 5545 §3.6.5: the observance with the latest onset (DTSTART or
    an RDATE) not after it. (ical's own lookup skips the DTSTART of observances without RRULE/RDATE.)"""
    onsets = [(onset, observance.tz_offset_to.offset)
              for observance in zone.standard + zone.daylight
              for onset in [observance.dtstart, *observance.rdate]]
    active = [offset for onset, offset in sorted(onsets) if onset <= local]
    return active[-1] if active else None


def assert_time_zone_covers(calendar, moments) -> None:
    """Every moment, read with the file's own VTIMEZONE, has the offset it has in Europe/Berlin."""
    [zone] = calendar.timezones
    assert zone.tz_id == "Europe/Berlin"
    for moment in moments:
        assert offset_in_file(zone, moment.replace(tzinfo=None)) == moment.utcoffset(), moment


def moments(events):
    return [moment for event in events for moment in (event.start, event.end)]


def test_strict_parser_rejects_a_time_zone_without_observances():
    """The parser used below does catch the defect: a VTIMEZONE without STANDARD or DAYLIGHT."""
    broken = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
              "END:VTIMEZONE\r\nEND:VCALENDAR\r\n")
    with pytest.raises(CalendarParseError):
        IcsCalendarStream.calendar_from_ics(broken)


@pytest.mark.parametrize("stamp", [date(2026, 11, 22), date(2026, 7, 1), date(2026, 3, 29), date(2026, 10, 25)])
def test_calendar_without_events_is_valid(stamp):
    calendar = strictly_parsed([], stamp)
    assert calendar.events == []
    assert_time_zone_covers(calendar, [datetime.combine(stamp, datetime.min.time(), tzinfo=BERLIN)])


def test_events_in_winter_and_summer_are_valid_with_their_offsets(tmp_path):
    events = events_of(tmp_path, ("2026-01-20 09:00", "2026-01-20 11:00"), ("2026-07-14 15:00", "2026-07-14 16:30"))
    calendar = strictly_parsed(events)
    assert [e.uid for e in calendar.events] == ["t0@example.org", "t1@example.org"]
    winter, summer = calendar.events
    assert winter.dtstart.utcoffset() == timedelta(hours=1)
    assert summer.dtstart.utcoffset() == timedelta(hours=2)
    assert summer.dtstart == datetime(2026, 7, 14, 15, 0, tzinfo=BERLIN)
    assert summer.dtend == datetime(2026, 7, 14, 16, 30, tzinfo=BERLIN)
    assert_time_zone_covers(calendar, moments(events))


@pytest.mark.parametrize("span", [
    ("2026-12-10 10:00", "2026-12-10 12:00"),  # winter only, before the stamp
    ("2027-06-01 10:00", "2027-06-01 12:00"),  # summer only, after the stamp
    ("2027-03-27 20:00", "2027-03-28 10:00"),  # over night into summer time
    ("2026-10-25 01:00", "2026-10-25 18:00"),  # the day summer time ends, on the stamp's side
])
def test_single_events_keep_their_offsets_with_the_files_time_zone(tmp_path, span):
    events = events_of(tmp_path, span)
    calendar = strictly_parsed(events)
    assert len(calendar.events) == 1
    assert_time_zone_covers(calendar, moments(events))
