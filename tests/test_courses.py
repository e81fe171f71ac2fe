"""Course and calendar content model: time sums, moderation notes, every validation rule with path:line."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scschule.cli import main
from scschule.portal import load_portal
from scschule.courses.model import format_minutes, split_moderation
from scschule.courses.pages import course_pages, renderer_for
from projecttools import region_taxonomy

COURSE = "testkurs"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def add_course(root: Path, units: dict[str, str], unit_list: str | None = None) -> Path:
    folder = root / "courses" / COURSE
    listed = unit_list or "".join(f"  - {slug}\n" for slug in units)
    header = "title: Testkurs\nsummary: Ein Kurs für Tests.\naudience: Alle\nmoderators: [Moderation]\nunits:\n"
    write(folder / "course.yml", header + listed)
    for slug, text in units.items():
        write(folder / f"{slug}.md", text)
    return folder


UNIT = """
---
title: Einheit {n}
objectives: [etwas können]
preparation:
  - kind: leitfaden
    guide: open-data-mit-ckan
    minutes: {a}
  - kind: aufgabe
    title: Etwas vorbereiten
    minutes: {b}
session:
  - title: Vorträge
    kind: praesentation
    minutes: {c}
  - title: Übung
    kind: uebung
    minutes: {d}
---

### Ablauf

Öffentlicher Text {n}.

!!! moderation "Geheim"
    Moderationsnotiz {n}: nur für Moderierende.

??? loesung
    Die Lösung {n}.
"""


def problems_of(root: Path) -> list[str]:
    return [p.format(root) for p in load_portal(root, today=date(2027, 1, 15), taxonomy=region_taxonomy()).problems]


@pytest.mark.parametrize("minutes, text", [
    (0, "0 Min."), (5, "5 Min."), (45, "45 Min."), (60, "1 Std."), (90, "1 Std. 30 Min."),
    (125, "2 Std. 5 Min."), (600, "10 Std."),
])
def test_minutes_in_german(minutes, text):
    assert format_minutes(minutes) == text


def test_time_sums_per_unit_and_course(project):
    add_course(project, {
        "eins": UNIT.format(n=1, a=30, b=15, c=20, d=25),
        "zwei": UNIT.format(n=2, a=40, b=5, c=50, d=40),
    })
    portal = load_portal(project, today=date(2027, 1, 15), taxonomy=region_taxonomy())
    assert portal.errors == []
    course = next(c for c in portal.courses if c.slug == COURSE)
    assert [u.preparation_minutes for u in course.units] == [45, 45]
    assert [u.session_minutes for u in course.units] == [45, 90]
    assert (course.preparation_minutes, course.session_minutes) == (90, 135)
    pages = {p.src_uri: p.text for p in course_pages(portal, renderer_for("scschule.courses"))}
    course_page = pages[f"kurse/{COURSE}/index.md"]
    assert "<dd>1 Std. 30 Min.</dd>" in course_page  # preparation total
    assert "<dd>2 Std. 15 Min.</dd>" in course_page  # session total
    assert ('<td><strong>Gesamt</strong></td>\n<td style="text-align: right;"><strong>1 Std. 30 Min.</strong></td>\n'
            '<td style="text-align: right;"><strong>2 Std. 15 Min.</strong></td>') in course_page


def test_moderation_notes_only_in_moderator_pages(project):
    add_course(project, {"eins": UNIT.format(n=1, a=1, b=1, c=1, d=1)})
    portal = load_portal(project, today=date(2027, 1, 15), taxonomy=region_taxonomy())
    unit = next(c for c in portal.courses if c.slug == COURSE).units[0]
    assert "Moderationsnotiz" not in unit.learner_body
    assert [n.line for n in unit.notes] == [unit.source.text.splitlines().index('!!! moderation "Geheim"') + 1]
    generated = {p.src_uri: p for p in course_pages(portal, renderer_for("scschule.courses"))}
    pages = {src: p.text for src, p in generated.items()}
    learner = pages[f"kurse/{COURSE}/eins/index.md"]
    moderator = pages[f"kurse/{COURSE}/eins/moderation/index.md"]
    sheet = pages[f"kurse/{COURSE}/moderation/index.md"]
    assert "Moderationsnotiz 1" not in learner and "Öffentlicher Text 1" in learner
    assert '??? loesung "Lösung"' in learner  # collapsed for learners, with a German title
    assert "Moderationsnotiz 1" in moderator and '???+ loesung "Lösung"' in moderator  # solutions open
    assert "Moderationsnotiz 1" in sheet
    for src in (f"kurse/{COURSE}/eins/moderation/index.md", f"kurse/{COURSE}/moderation/index.md"):
        assert generated[src].meta["search"] == {"exclude": True}
    assert "search" not in generated[f"kurse/{COURSE}/eins/index.md"].meta


def test_split_moderation_keeps_code_and_following_text():
    body = textwrap.dedent("""\
        Vorher.

        ??? moderation
            Eins.

            Noch eins.

        Nachher.

        ```
        !!! moderation
            Beispiel im Code bleibt stehen.
        ```
        """)
    learner, notes = split_moderation(body, first_line=10)
    assert "Eins." not in learner and "Noch eins." not in learner
    assert "Vorher." in learner and "Nachher." in learner
    assert "Beispiel im Code bleibt stehen." in learner
    assert len(notes) == 1 and notes[0].line == 12
    assert notes[0].markdown.endswith("Noch eins.\n")


def test_unknown_guide_is_rejected_with_path_and_line(project):
    unit = UNIT.format(n=1, a=1, b=1, c=1, d=1).replace("open-data-mit-ckan", "open-data-mit-ckna")
    add_course(project, {"eins": unit})
    path = f"courses/{COURSE}/eins.md"
    expected = f"{path}:6: preparation.0.guide: unbekannter Leitfaden 'open-data-mit-ckna' (meinten Sie 'open-data-mit-ckan'?)"
    assert expected in problems_of(project)
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("material, line, message", [
    ("  - kind: leitfaden\n    guide: open-data-mit-ckan\n    url: https://example.org/\n    minutes: 5\n", 5,
     "preparation.0: entweder 'guide' (Leitfaden im Portal) oder 'url' (externer Link), nicht beides"),
    ("  - kind: text\n    guide: open-data-mit-ckan\n    minutes: 5\n", 5,
     "preparation.0: Art 'leitfaden' gehört zu 'guide: <slug>' und nur dazu"),
    ("  - kind: webseite\n    url: https://example.org/\n    minutes: 5\n", 5,
     "preparation.0: ein externer Link braucht einen 'title'"),
    ("  - kind: webseite\n    url: http://example.org/\n    title: X\n    minutes: 5\n", 6,
     "preparation.0.url: Format stimmt nicht"),
    ("  - kind: aufgabe\n    title: X\n    minutes: 0\n", 7, "preparation.0.minutes: Wert zu klein"),
    ("  - kind: buch\n    title: X\n    minutes: 5\n", 5, "preparation.0.kind: unzulässiger Wert"),
])
def test_invalid_material_is_rejected_with_path_and_line(project, material, line, message):
    unit = f"---\ntitle: Eins\nobjectives: [x]\npreparation:\n{material}---\n\nText.\n"
    add_course(project, {"eins": unit})
    found = [p for p in problems_of(project) if p.startswith(f"courses/{COURSE}/eins.md:")]
    assert any(p.startswith(f"courses/{COURSE}/eins.md:{line}: {message}") for p in found), found


def test_agenda_kind_and_minutes_are_checked(project):
    unit = "---\ntitle: Eins\nobjectives: [x]\nsession:\n  - title: Vortrag\n    kind: vortrag\n    minutes: 10\n---\n"
    add_course(project, {"eins": unit})
    assert any(p.startswith(f"courses/{COURSE}/eins.md:6: session.0.kind: unzulässiger Wert")
               for p in problems_of(project))


def test_headings_above_h3_in_unit_body_are_rejected(project):
    unit = "---\ntitle: Eins\nobjectives: [x]\n---\n\n### gut\n\n## zu hoch\n\n```\n# im Code erlaubt\n```\n"
    add_course(project, {"eins": unit})
    found = [p for p in problems_of(project) if p.startswith(f"courses/{COURSE}/")]
    assert found == [f"courses/{COURSE}/eins.md:8: Überschriften im Text einer Einheit beginnen mit '###' "
                     "(Titel und die Abschnitte Vorbereitung, Präsenz, Nachbereitung setzt die Seite)"]


def test_course_unit_list_problems(project):
    folder = add_course(project, {"eins": UNIT.format(n=1, a=1, b=1, c=1, d=1)},
                        unit_list="  - eins\n  - fehlt\n  - eins\n  - moderation\n")
    write(folder / "vergessen.md", UNIT.format(n=9, a=1, b=1, c=1, d=1))
    found = problems_of(project)
    path = f"courses/{COURSE}/course.yml"
    assert f"{path}:7: units: Einheit 'fehlt' fehlt (fehlt.md nicht gefunden)" in found
    assert any(p.startswith(f"{path}:8: units: Einheit 'eins' ist doppelt") for p in found)
    assert any(p.startswith(f"{path}:9: units: 'moderation' ist als Name einer Einheit nicht erlaubt") for p in found)
    assert f"courses/{COURSE}/vergessen.md:1: Warnung: Einheit 'vergessen' steht nicht in units: von course.yml und wird nicht veröffentlicht" in found


def test_course_needs_moderator_roles(project):
    folder = add_course(project, {"eins": UNIT.format(n=1, a=1, b=1, c=1, d=1)})
    text = (folder / "course.yml").read_text(encoding="utf-8").replace("moderators: [Moderation]", "moderators: []")
    (folder / "course.yml").write_text(text, encoding="utf-8")
    assert f"courses/{COURSE}/course.yml:4: moderators: darf nicht leer sein" in problems_of(project)


EVENT = """\
  - id: {id}
    title: Beispiel
    kind: pausenhofgespraech
    start: {start}
    end: {end}
    online: true
    description: Testtermin.
"""


def write_events(root: Path, body: str) -> Path:
    return write(root / "courses" / "termine.yml", "events:\n" + body)


def test_included_calendar_is_valid_and_honestly_empty():
    portal = load_portal(Path(__file__).resolve().parent.parent, today=date(2027, 1, 15), taxonomy=region_taxonomy())
    assert [p.format() for p in portal.problems if "termine.yml" in str(p.path)] == []
    assert portal.events == ()  # the seeds give no dates: no invented events


@pytest.mark.parametrize("event, line, message", [
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 14:00"), 6,
     "events.0.end: Ende muss nach dem Beginn liegen"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 15:00"), 6,
     "events.0.end: Ende muss nach dem Beginn liegen"),
    (EVENT.format(id="a", start="4.3.2027", end="2027-03-04 15:00"), 5,
     "events.0.start: Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet"),
    (EVENT.format(id="A b", start="2027-03-04 15:00", end="2027-03-04 16:00"), 2,
     "events.0.id: Format stimmt nicht"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00").replace("pausenhofgespraech", "party"), 4,
     "events.0.kind: unzulässiger Wert"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00").replace("    online: true\n", ""), 2,
     "events.0: Ort fehlt: 'place: <Ort>' oder 'online: true' angeben"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00") + "    ort: Olpe\n", 9,
     "events.0.ort: unbekanntes Feld (Tippfehler?)"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00") + "    course: gibts-nicht\n", 9,
     "course: unbekannter Kurs 'gibts-nicht'"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00")
     + "    course: die-datenplattform-verstehen\n    unit: sensoren-lorawan\n", 10,
     "unit: Kurs 'die-datenplattform-verstehen' hat keine Einheit 'sensoren-lorawan' (meinten Sie 'sensoren-und-lorawan'?)"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00") + "    unit: eins\n", 9,
     "unit: eine Einheit braucht auch 'course'"),
    (EVENT.format(id="a", start="2027-03-04 15:00", end="2027-03-04 16:00")
     + EVENT.format(id="a", start="2027-04-04 15:00", end="2027-04-04 16:00"), 9,
     "events: id 'a' ist doppelt (schon in"),
])
def test_invalid_event_is_rejected_with_path_and_line(project, event, line, message):
    write_events(project, event)
    found = problems_of(project)
    assert any(p.startswith(f"courses/termine.yml:{line}: {message}") for p in found), found


def test_broken_calendar_file_is_reported_not_raised(project):
    write(project / "courses" / "termine.yml", "events:\n  - id: a\n   title: kaputt\n")
    found = problems_of(project)
    assert any(p.startswith("courses/termine.yml:3: YAML-Syntaxfehler") for p in found), found


def test_valid_events_are_sorted_and_split_by_today(project):
    from scschule.courses.events import upcoming_and_past
    write_events(project, EVENT.format(id="spaeter", start="2027-05-01 10:00", end="2027-05-01 12:00")
                 + EVENT.format(id="frueher", start="2026-12-01 10:00", end="2026-12-01 12:00")
                 + EVENT.format(id="heute", start="2027-01-15 09:00", end="2027-01-15 10:00"))
    portal = load_portal(project, today=date(2027, 1, 15), taxonomy=region_taxonomy())
    assert portal.errors == []
    assert [e.id for e in portal.events] == ["frueher", "heute", "spaeter"]
    upcoming, past = upcoming_and_past(portal.events, portal.today)
    assert [e.id for e in upcoming] == ["heute", "spaeter"]
    assert [e.id for e in past] == ["frueher"]
    assert portal.events[0].start.utcoffset().total_seconds() == 3600  # CET in December
    assert portal.events[2].start.utcoffset().total_seconds() == 7200  # CEST in May


def test_event_times_in_german(project):
    from scschule.courses.pages import german_when
    write_events(project, EVENT.format(id="kurz", start="2027-03-04 15:00", end="2027-03-04 16:30")
                 + EVENT.format(id="lang", start="2027-04-20 08:00", end="2027-04-21 18:00"))
    short, long = load_portal(project, today=date(2027, 1, 15), taxonomy=region_taxonomy()).events
    assert german_when(short) == "Donnerstag, 4. März 2027, 15:00 bis 16:30 Uhr"
    assert german_when(long) == "Dienstag, 20. April 2027, 08:00 Uhr bis Mittwoch, 21. April 2027, 18:00 Uhr"


def test_new_course_skeleton_is_valid(project):
    result = CliRunner().invoke(main, ["new", "course", "Neuer Kurs", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert [p for p in problems_of(project) if "neuer-kurs" in p] == []
