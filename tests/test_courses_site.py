"""Built course and calendar pages: learner view without moderation notes, moderator views,
progress script only where it belongs, /termine/ and the iCalendar files parsed back."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from bs4 import BeautifulSoup

from projecttools import copy_project, run_build
from scschule.portal import load_portal
from scschule.courses.events import BERLIN
from scschule.content.german import long_date as german_date
from projecttools import region_taxonomy

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2027-01-15"
SCRIPT = "assets/kurse/fortschritt.js"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner") or page.body


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT, today=date.fromisoformat(TODAY))


def test_catalogue_lists_every_course_with_time_sums(built_site, portal):
    page = content(soup(built_site / "kurse" / "index.html"))
    assert len(page.find_all("h1")) == 1
    text = page.get_text(" ")
    assert len(portal.courses) >= 3
    for course in portal.courses:
        assert course.meta.title in text
        assert len(course.units) >= 3
        assert page.find("a", href=f"{course.slug}/")


def test_course_page_shows_units_and_totals(built_site, portal):
    from scschule.courses.model import format_minutes
    for course in portal.courses:
        page = content(soup(built_site / "kurse" / course.slug / "index.html"))
        facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in page.select("dl dt")}
        assert facts["Vorbereitung insgesamt"] == format_minutes(sum(m.minutes for u in course.units for m in u.meta.preparation))
        assert facts["Präsenz insgesamt"] == format_minutes(sum(b.minutes for u in course.units for b in u.meta.session))
        links = [a["href"] for a in page.select("ol a")]
        assert links == [f"{u.slug}/" for u in course.units]


def test_unit_pages_are_structured_and_without_moderation_notes(built_site, portal):
    checked = 0
    for course in portal.courses:
        for unit in course.units:
            html = built_site / "kurse" / course.slug / unit.slug / "index.html"
            page = content(soup(html))
            headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.find_all("h2")]
            order = [headings.index(h) for h in ("Vorbereitung", "Präsenz", "Nachbereitung")]
            assert order == sorted(order)
            assert len(page.find_all("h1")) == 1
            assert not page.select(".admonition.moderation, details.moderation")
            for note in unit.notes:
                # Every line of every note is absent from the learner page, present in the moderator view.
                note_lines = [l.strip() for l in note.markdown.splitlines()[1:] if l.strip()]
                moderator = (built_site / "kurse" / course.slug / unit.slug / "moderation" / "index.html").read_text(encoding="utf-8")
                sheet = (built_site / "kurse" / course.slug / "moderation" / "index.html").read_text(encoding="utf-8")
                for line in note_lines:
                    words = re.sub(r"[*`]", "", line)[:40]
                    assert words not in html.read_text(encoding="utf-8"), (html, words)
                    assert words in moderator or words in BeautifulSoup(moderator, "html.parser").get_text(" ")
                    assert words in sheet or words in BeautifulSoup(sheet, "html.parser").get_text(" ")
                checked += 1
            assert page.select(".admonition.uebung")
            assert page.select("details.loesung:not([open])")  # solutions collapsed for learners
    assert checked >= 9


def test_moderator_view_opens_solutions_and_is_marked(built_site, portal):
    course = portal.courses[0]
    unit = course.units[0]
    page = soup(built_site / "kurse" / course.slug / unit.slug / "moderation" / "index.html")
    assert page.select(".admonition.moderation")
    assert page.select("details.loesung[open]")
    assert page.select_one(".scs-moderation-hint")
    assert not page.find("script", src=re.compile("fortschritt"))


def test_progress_script_only_on_course_and_unit_pages(built_site, portal):
    course = portal.courses[0]
    pages = {
        built_site / "kurse" / course.slug / "index.html": True,
        built_site / "kurse" / course.slug / course.units[0].slug / "index.html": True,
        built_site / "kurse" / "index.html": False,
        built_site / "termine" / "index.html": False,
        built_site / "index.html": False,
    }
    for path, expected in pages.items():
        scripts = soup(path).find_all("script", src=re.compile(r"fortschritt\.js$"))
        assert bool(scripts) is expected, path
        for script in scripts:
            assert not script["src"].startswith(("/", "http"))  # relative: works under any base path
            assert (path.parent / script["src"]).resolve() == (built_site / SCRIPT).resolve()
    assert (built_site / SCRIPT).is_file()
    js = (built_site / SCRIPT).read_text(encoding="utf-8")
    assert "localStorage" in js and "document.cookie" not in js


def test_progress_markers_are_empty_without_script(built_site, portal):
    """Without JS the lists are plain lists: the markers hold no text and no form control."""
    course = portal.courses[0]
    page = content(soup(built_site / "kurse" / course.slug / course.units[0].slug / "index.html"))
    markers = page.select("[data-scs-progress]")
    assert len(markers) == len(course.units[0].meta.preparation) + 1
    assert all(m.get_text() == "" and not m.find("input") for m in markers)
    assert page.select_one("[data-scs-course]").has_attr("hidden")


def test_empty_calendar_is_honest(built_site):
    page = content(soup(built_site / "termine" / "index.html"))
    assert "Zurzeit sind keine kommenden Termine eingetragen." in page.get_text(" ")
    raw = (built_site / "termine" / "termine.ics").read_bytes()
    strict = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))  # PyPI ical: raises on RFC 5545 defects
    assert strict.events == [] and [z.tz_id for z in strict.timezones] == ["Europe/Berlin"]
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]


EVENTS = """\
events:
  - id: klassenfahrt-fruehjahr
    title: "Beispiel: Klassenfahrt"
    kind: klassenfahrt
    start: {trip} 08:00
    end: {trip_end} 18:00
    place: "Olpe, Treffpunkt am Bahnhof"
    description: "Beispieltermin für Tests; Anreise gemeinsam, Rückfahrt am Folgetag."
  - id: pausenhof-maerz
    title: "Beispiel: Pausenhofgespräch"
    kind: pausenhofgespraech
    start: {talk} 15:00
    end: {talk} 16:00
    online: true
    course: die-datenplattform-verstehen
    unit: gemeinsame-plattform
    description: |
      Beispieltermin für Tests. Sonderzeichen: Komma, Semikolon; Backslash \\ und eine
      lange Zeile, die im Kalender auf mehrere Zeilen gefaltet werden muss, weil RFC 5545 höchstens 75 Oktette je Zeile erlaubt.
  - id: referat-dezember
    title: "Beispiel: Referat"
    kind: referat
    start: {past} 10:00
    end: {past} 11:30
    place: Arnsberg
    description: Beispieltermin in der Vergangenheit.
"""


# The build's "today" is the real date (the widgets' cached data are checked against it too),
# so the example events are placed relative to it: one past, two upcoming.
DAY = timedelta(days=1)
DATES = {"past": date.today() - 30 * DAY, "talk": date.today() + 20 * DAY,
         "trip": date.today() + 40 * DAY, "trip_end": date.today() + 41 * DAY}


@pytest.fixture(scope="module")
def calendar_site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("kalender") / "project")
    (root / "courses" / "termine.yml").write_text(EVENTS.format(**{k: v.isoformat() for k, v in DATES.items()}),
                                                 encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_calendar_page_splits_upcoming_and_past(calendar_site):
    page = content(soup(calendar_site / "termine" / "index.html"))
    sections: dict[str, list[str]] = {}
    current = None
    for heading in page.find_all(["h2", "h3"]):
        text = heading.get_text(" ", strip=True).rstrip("¶").strip()
        if heading.name == "h2":
            current = sections.setdefault(text, [])
        else:
            current.append(text)
    assert sections["Kommende Termine"] == ["Beispiel: Pausenhofgespräch", "Beispiel: Klassenfahrt"]
    assert sections["Vergangene Termine"] == ["Beispiel: Referat"]
    talk = datetime.combine(DATES["talk"], time(15), tzinfo=BERLIN)
    assert [t["datetime"] for t in page.find_all("time")][0] == talk.isoformat(timespec="minutes")
    assert f"{german_date(DATES['talk'])}, 15:00 bis 16:00 Uhr" in page.get_text(" ")
    assert f"{german_date(DATES['trip'])}, 08:00 Uhr bis " in page.get_text(" ")
    assert page.find("a", href="termine.ics")
    for event_id in ("klassenfahrt-fruehjahr", "pausenhof-maerz", "referat-dezember"):
        assert page.find("a", href=f"{event_id}.ics")
    unit_link = page.find("a", href="../kurse/die-datenplattform-verstehen/gemeinsame-plattform/")
    assert unit_link is not None


def test_course_page_lists_its_upcoming_events(calendar_site):
    text = content(soup(calendar_site / "kurse" / "die-datenplattform-verstehen" / "index.html")).get_text(" ")
    assert "Beispiel: Pausenhofgespräch" in text
    assert "Beispiel: Klassenfahrt" not in text


def test_ical_feed_parses_back_with_events_and_time_zone(calendar_site):
    raw = (calendar_site / "termine" / "termine.ics").read_bytes()
    for path in sorted((calendar_site / "termine").glob("*.ics")):
        strict = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
        assert strict.events and [z.tz_id for z in strict.timezones] == ["Europe/Berlin"], path
    cal = icalendar.Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"{i}@schule.smartcities-suedwestfalen.example"
                           for i in ("klassenfahrt-fruehjahr", "pausenhof-maerz", "referat-dezember")}
    talk = by_uid["pausenhof-maerz@schule.smartcities-suedwestfalen.example"]
    start = talk.decoded("DTSTART")
    assert start == datetime.combine(DATES["talk"], time(15), tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert talk["DTSTART"].params["TZID"] == "Europe/Berlin"
    # Escaping and folding round-trip exactly.
    assert str(talk["DESCRIPTION"]).startswith("Beispieltermin für Tests. Sonderzeichen: Komma, Semikolon; Backslash \\ und eine\n")
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "Komma\\, Semikolon\\; Backslash \\\\ und eine\\nlange Zeile\\," in unfolded
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert str(talk["LOCATION"]) == "online"
    assert str(by_uid["klassenfahrt-fruehjahr@schule.smartcities-suedwestfalen.example"]["LOCATION"]) == "Olpe, Treffpunkt am Bahnhof"


def test_one_ical_file_per_event_with_stable_uid(calendar_site, tmp_path):
    single = icalendar.Calendar.from_ical((calendar_site / "termine" / "referat-dezember.ics").read_bytes())
    [event] = single.walk("VEVENT")
    assert str(event["UID"]) == "referat-dezember@schule.smartcities-suedwestfalen.example"
    assert event.decoded("DTEND") == datetime.combine(DATES["past"], time(11, 30), tzinfo=BERLIN)
    assert single.walk("VTIMEZONE")
    # The same content gives the same bytes (stable DTSTAMP), so subscribers see no phantom updates.
    from scschule.courses.events import calendar_ics
    portal = load_portal(calendar_site.parent, taxonomy=region_taxonomy())
    again = calendar_ics([e for e in portal.events if e.id == "referat-dezember"], name="Beispiel: Referat",
                         uid_domain="schule.smartcities-suedwestfalen.example", stamp=portal.today,
                         page_url="https://schule.smartcities-suedwestfalen.example/termine/")
    assert again == (calendar_site / "termine" / "referat-dezember.ics").read_bytes()


def test_bad_reference_fails_the_build_with_path_and_line(project):
    unit = project / "courses" / "die-datenplattform-verstehen" / "gemeinsame-plattform.md"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("guide: datenplattform-fiware-ngsi-ld", "guide: datenplattform", 1), encoding="utf-8")
    line = text.splitlines().index("    guide: datenplattform-fiware-ngsi-ld") + 1
    result = run_build(project)
    assert result.returncode != 0
    assert (f"courses/die-datenplattform-verstehen/gemeinsame-plattform.md:{line}: "
            "preparation.0.guide: unbekannter Leitfaden 'datenplattform'") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("folder", ["kurse", "termine"])
def test_no_unresolved_source_links(calendar_site, folder):
    """Every cross-link went through MkDocs: none still points at a source .md file."""
    pages = list((calendar_site / folder).rglob("index.html"))
    assert pages
    for path in pages:
        hrefs = [a["href"] for a in soup(path).find_all("a", href=True)]
        assert not [h for h in hrefs if re.search(r"\.md(#|$)", h)], path
