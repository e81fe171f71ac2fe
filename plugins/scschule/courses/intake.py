"""The form "Termin melden", and the one writer that adds an event to ``courses/termine.yml``.

:func:`append_event` only ever appends: the text already in the file (every
entry, every comment) stays byte for byte; the file is loaded again with
:func:`load_events`, the build's own check, and restored if the result fails.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import yaml

from ..content.issueforms import Answers, Field, Form, Submission, SubmissionError
from ..content.problems import Problem, error
from ..content.records import validate
from ..content.slugs import slugify
from ..content.source import Source
from .events import EVENT_KINDS, EVENTS, EventRecord, load_events

ONLINE_YES = "Ja, online"
ONLINE_NO = "Nein, nur vor Ort"
# The top-level key; ``events: []`` is the empty calendar the repository starts with.
_EVENTS_KEY = re.compile(r"^events:[ \t]*(?P<empty>\[[ \t]*\])?[ \t]*(#.*)?$", re.M)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ", re.M)
_WHEN = "%Y-%m-%d %H:%M"
_FIELD_OF_KEY = {"title": "titel", "start": "beginn", "end": "ende", "place": "ort", "link": "link",
                 "course": "kurs", "unit": "einheit", "description": "beschreibung"}

EVENT_FORM = Form(
    id="termin-melden",
    name="Termin melden",
    description="Eine Klassenfahrt, ein Pausenhofgespräch, ein Referat oder ein Kurstermin für den Kalender der Schule.",
    title="Termin: ",
    label="formular: termin",
    intro=(
        "Melden Sie einen Termin der Smart Cities: Schule. Aus Ihren Angaben entsteht automatisch ein "
        "Änderungsvorschlag (Pull Request) für den Kalender, den die Redaktion prüft. Sind Angaben fehlerhaft, "
        "antwortet das Portal hier mit einer Liste; Sie können die Beschreibung dann bearbeiten, nichts geht "
        "verloren. Alles, was Sie hier eintragen, ist öffentlich."
    ),
    fields=(
        Field("titel", "Titel", required=True, placeholder="z. B. Pausenhofgespräch im März"),
        Field("art", "Art des Termins", kind="dropdown", required=True, options=tuple(EVENT_KINDS.values())),
        Field("beginn", "Beginn", required=True, placeholder="JJJJ-MM-TT HH:MM",
              help="Datum und Uhrzeit in deutscher Ortszeit, z. B. 2027-03-04 15:00."),
        Field("ende", "Ende", required=True, placeholder="JJJJ-MM-TT HH:MM", help="Muss nach dem Beginn liegen."),
        Field("ort", "Ort", placeholder="Gebäude, Straße und Hausnummer, Ort",
              help="Ort mit Adresse; leer lassen, wenn der Termin nur online stattfindet."),
        Field("online", "Online", kind="dropdown", required=True, options=(ONLINE_NO, ONLINE_YES),
              help="Ein Ort oder „online“ muss angegeben sein."),
        Field("link", "Link zur Teilnahme", placeholder="https://",
              help="Optional: Anmeldung oder Videokonferenz; nur https://-Adressen."),
        Field("kurs", "Kurs", help="Optional: Kurzname des zugehörigen Kurses, wie in der Adresse /kurse/<kurzname>/."),
        Field("einheit", "Einheit", help="Optional: Kurzname der Einheit dieses Kurses."),
        Field("beschreibung", "Beschreibung", kind="textarea", required=True,
              help="Worum es geht und für wen der Termin ist (erscheint auf /termine/ und im Kalender)."),
    ),
)


def submit(answers: Answers, root: Path, today: date) -> Submission:
    """Append the reported event to ``courses/termine.yml``."""
    start, end = _when(answers, "beginn"), _when(answers, "ende")
    kinds = {label: key for key, label in EVENT_KINDS.items()}
    kind = answers.choices("art")
    online = answers.choices("online")
    if answers.problems:
        raise SubmissionError(answers.problems)
    title = answers.text("titel")
    entry = {
        "id": _event_id(kinds[kind[0]], start, title),
        "title": title,
        "kind": kinds[kind[0]],
        "start": start,
        "end": end,
    }
    if answers.text("ort"):
        entry["place"] = answers.text("ort")
    entry["online"] = online[0] == ONLINE_YES
    for key, field_id in (("link", "link"), ("course", "kurs"), ("unit", "einheit")):
        if answers.text(field_id):
            entry[key] = answers.text(field_id).strip()
    entry["description"] = answers.text("beschreibung")
    path = EVENTS.file_path(root)
    answers.attach(_problems_of_entry(path, entry), _FIELD_OF_KEY)
    if answers.problems:
        raise SubmissionError(answers.problems)
    append_event(path, entry)
    summary = (f"Ein Termin aus dem Formular „{EVENT_FORM.name}“ (Kennung `{entry['id']}`).\n\n"
               "Vor dem Zusammenführen prüfen: Datum, Uhrzeit und Ort stimmen, der Termin ist abgestimmt.\n")
    return Submission((path.relative_to(root),), f"Termin: {title} ({start:%d.%m.%Y})", summary)


def _when(answers: Answers, field_id: str) -> datetime | None:
    text = answers.text(field_id).strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, _WHEN)
    except ValueError:
        answers.fail(field_id, f"'{text}' ist kein Zeitpunkt im Format JJJJ-MM-TT HH:MM (z. B. 2027-03-04 15:00)")
        return None


def _event_id(kind: str, start: datetime, title: str) -> str:
    """``<kind>-<date>-<title>``: stable, readable, and what calendars key on (never changed later)."""
    return "-".join(part for part in (kind, start.date().isoformat(), slugify(title)[:40].strip("-")) if part)


def append_event(path: Path, entry: dict) -> Path:
    """Add one event at the end of ``events:``; raises :class:`SubmissionError`, leaving the file as it was."""
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    events, problems = load_events(path)
    if [p for p in problems if p.is_error]:
        raise SubmissionError([*problems, error(path, 0, "Termindatei erst reparieren, dann einen Termin ergänzen")])
    known = {event.id for event in events}
    if entry["id"] in known:
        raise SubmissionError([error(path, 0, f"Einen Termin mit der Kennung '{entry['id']}' gibt es schon; "
                                              "bitte einen anderen Titel wählen oder die Redaktion fragen")])
    precheck = _problems_of_entry(path, entry)
    if precheck:
        raise SubmissionError(precheck)
    text = _appended(path, before, entry)
    temporary = path.with_name(f".{path.name}.neu")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    after, problems = load_events(path)
    unchanged = {e.id: e.meta for e in events} == {e.id: e.meta for e in after if e.id in known}
    if [p for p in problems if p.is_error] or len(after) != len(events) + 1 or not unchanged:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")  # nothing stored is lost
        raise SubmissionError([p for p in problems if p.is_error] or [error(path, 0, "Termin ließ sich nicht anfügen; bitte die Redaktion fragen")])
    return path


def _problems_of_entry(path: Path, entry: dict) -> list[Problem]:
    """The schema's rules on the new entry alone (the loader's German messages), before anything is written."""
    record, problems = validate(EventRecord, Source(path, entry))
    if record is not None and record.end <= record.start:
        problems.append(error(path, 0, "end: muss nach dem Beginn liegen"))
    return problems


def _appended(path: Path, before: str | None, entry: dict) -> str:
    if before is None:
        return "events:\n" + _entry_yaml(entry, "  ")
    keys = list(_EVENTS_KEY.finditer(before))
    if len(keys) != 1:
        raise SubmissionError([error(path, 0, "Termindatei hat keinen eindeutigen Abschnitt 'events:'; bitte die Redaktion fragen")])
    key = keys[0]
    rest = before[key.end():]
    if re.search(r"^[^\s#-]", rest, re.M):
        raise SubmissionError([error(path, 0, "nach 'events:' folgt ein weiterer Abschnitt; der Termin wird nicht angefügt")])
    item = _ITEM.search(rest)
    indent = item["indent"] if item else "  "
    head = before
    if key["empty"]:  # "events: []" becomes "events:" followed by the first entry
        head = before[:key.start("empty")].rstrip(" \t") + before[key.end("empty"):]
    if not head.endswith("\n"):
        head += "\n"
    return head + _entry_yaml(entry, indent)


def _entry_yaml(entry: dict, indent: str) -> str:
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "".join(f"{indent}{line}" if line.strip() else line for line in dumped.splitlines(keepends=True))
