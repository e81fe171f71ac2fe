"""Registrations: ``municipalities/<slug>.yml``, one per committed municipality.

A file records how a municipality joined the school: the written commitment
(Teilnehmerkommune), the council resolution on top (Mitmacherkommune, and the
the Pionierkommunen), and a ``history`` of every status it held. A status
change only ever adds: a new ``resolution`` section and a new history entry;
the earlier commitment and entries stay.

Where a date, a body or a reference is not known, the file says so with the
word ``unbekannt`` instead of guessing. An optional ``municipalities/<slug>.md``
holds Markdown appended to the municipality's page (e.g. data widgets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, HttpUrl, TypeAdapter, ValidationError

from ..content.collection import Capability, Collection, Kind
from ..content import fences
from ..content.loading import load_each
from ..content.problems import ContentError, Problem, error, warning
from ..content.records import Record, check_unique, validate
from ..content.source import Source, read_text, read_yaml
from ..taxonomy import MUNICIPALITY_PAGES, RegionMunicipality, Taxonomy

UNKNOWN = "unbekannt"
NOT_YET = "noch nicht dabei"

Status = Literal["pionier", "mitmacher", "teilnehmer"]
# Reader-facing names, strongest first: the order used for sorting and legends.
STATUS_LABELS: dict[str, str] = {
    "pionier": "Pionierkommune",
    "mitmacher": "Mitmacherkommune",
    "teilnehmer": "Teilnehmerkommune",
}
NEEDS_RESOLUTION = ("pionier", "mitmacher")
MUNICIPALITY = Kind("municipality", "Kommune", "Kommunen", MUNICIPALITY_PAGES)


def parse_date_or_unknown(value: object) -> date | None:
    """A date, or ``None`` for an honest ``unbekannt``; anything else is an error."""
    if isinstance(value, datetime):
        raise ValueError("Datum ohne Uhrzeit erwartet (JJJJ-MM-TT)")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == UNKNOWN:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"Datum im Format JJJJ-MM-TT erwartet, oder '{UNKNOWN}', wenn es nicht bekannt ist")


_URL = TypeAdapter(HttpUrl)


def check_url(value: str) -> str:
    try:
        _URL.validate_python(value)
    except ValidationError:
        raise ValueError(f"'{value}' ist keine gültige Web-Adresse (erwartet: https://…)") from None
    return value


def check_email(value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)  # syntax only: the build needs no network
    except EmailNotValidError:
        raise ValueError(f"'{value}' ist keine gültige E-Mail-Adresse (erwartet z. B. smartcity@stadt.de)") from None
    return value


def _ags(value: object) -> object:
    if isinstance(value, int):
        raise ValueError("AGS bitte in Anführungszeichen schreiben, damit die führende Null erhalten bleibt: ags: \"0…\"")
    return value


DateOrUnknown = Annotated[date | None, BeforeValidator(parse_date_or_unknown)]
Url = Annotated[str, AfterValidator(check_url)]
Email = Annotated[str, AfterValidator(check_email)]


class Commitment(Record):
    """The written commitment to the vision and goals of the Rahmenstrategie."""

    date: DateOrUnknown
    document: Url | None = None
    note: str | None = None


class Resolution(Record):
    """The political resolution backing the commitment."""

    date: DateOrUnknown
    body: str = Field(min_length=1)  # e.g. "Rat der Stadt Olpe", or "unbekannt"
    reference: str = Field(min_length=1)  # e.g. the council paper number, or "unbekannt"
    subject: str | None = None  # what was resolved, if not the commitment itself
    link: Url | None = None


class HistoryEntry(Record):
    status: Status
    date: DateOrUnknown
    note: str | None = None


class RegistrationFile(Record):
    name: str = Field(min_length=1)
    ags: Annotated[str, BeforeValidator(_ags), Field(pattern=r"^\d{8}$")]
    status: Status
    commitment: Commitment | None = None
    resolution: Resolution | None = None
    contact: Email | None = None  # a functional mailbox, never a person's address
    website: Url | None = None
    notes: str | None = None
    history: list[HistoryEntry] = Field(min_length=1)

    def dated(self) -> Iterator[tuple[tuple, date]]:
        """Every known date with its location in the file."""
        if self.commitment and self.commitment.date:
            yield ("commitment", "date"), self.commitment.date
        if self.resolution and self.resolution.date:
            yield ("resolution", "date"), self.resolution.date
        for index, entry in enumerate(self.history):
            if entry.date:
                yield ("history", index, "date"), entry.date


@dataclass(frozen=True)
class Registration:
    meta: RegistrationFile
    municipality: RegionMunicipality
    source: Source
    body: str = ""  # Markdown from municipalities/<slug>.md, appended to the page

    @property
    def slug(self) -> str:
        return self.municipality.slug

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.meta.status]


def status_label(registration: Registration | None) -> str:
    return registration.status_label if registration else NOT_YET


def status_rank(registration: Registration | None) -> int:
    """Sort key: Pionier first, municipalities not yet taking part last."""
    return list(STATUS_LABELS).index(registration.meta.status) if registration else len(STATUS_LABELS)


def check_registration(meta: RegistrationFile, source: Source, taxonomy: Taxonomy, today: date) -> tuple[RegionMunicipality | None, list[Problem]]:
    """Every rule a registration must follow beyond its schema, each at its line."""
    path, line = source.path, source.line_of
    place = taxonomy.by_ags.get(meta.ags)
    if place is None:
        named = taxonomy.municipality_by_name(meta.name)
        hint = f"; für {named.name} lautet sie {named.ags}" if named else ""
        return None, [error(path, line("ags"), f"ags: '{meta.ags}' ist {taxonomy.none_of_region()}{hint}")]
    problems = []
    if meta.name != place.name:
        problems.append(error(path, line("name"), f"name: '{meta.name}' passt nicht zur AGS {meta.ags}; amtlicher Name ist '{place.name}'"))
    if path.suffix == ".yml" and path.stem != place.slug:
        problems.append(error(path, line("name"), f"Datei muss '{place.slug}.yml' heißen (Kurzname von {place.name})"))
    if meta.commitment is None:
        problems.append(error(path, line("status"), f"status: '{meta.status}' verlangt eine schriftliche Zusage (Abschnitt 'commitment')"))
    if meta.status in NEEDS_RESOLUTION and meta.resolution is None:
        problems.append(error(path, line("status"), f"status: '{meta.status}' verlangt einen politischen Beschluss (Abschnitt 'resolution')"))
    if meta.status == "teilnehmer" and meta.resolution is not None:
        problems.append(warning(path, line("status"), "status: ein Beschluss ist eingetragen – ist die Kommune schon 'mitmacher'?"))
    for location, when in meta.dated():
        if when > today:
            problems.append(error(path, line(*location), f"{_field(location)}: {when.isoformat()} liegt in der Zukunft (heute ist {today.isoformat()})"))
    if meta.commitment and meta.resolution and meta.commitment.date and meta.resolution.date:
        if meta.resolution.date < meta.commitment.date:
            problems.append(error(path, line("resolution", "date"),
                                  f"resolution.date: Beschluss ({meta.resolution.date.isoformat()}) liegt vor der Zusage ({meta.commitment.date.isoformat()})"))
    if meta.history[-1].status != meta.status:
        problems.append(error(path, line("history", len(meta.history) - 1),
                              f"history: der letzte Eintrag ('{meta.history[-1].status}') muss dem aktuellen status '{meta.status}' entsprechen"))
    previous: date | None = None
    for index, entry in enumerate(meta.history):
        if entry.date and previous and entry.date < previous:
            problems.append(error(path, line("history", index, "date"),
                                  f"history.{index}.date: Einträge bitte in zeitlicher Reihenfolge (älteste zuerst)"))
        previous = entry.date or previous
    return place, problems


def _field(location: tuple) -> str:
    return ".".join(str(part) for part in location)


_H1 = re.compile(r"^#(?!#)\s")


def check_body(path: Path, text: str) -> list[Problem]:
    """The page already has its h1 (the municipality's name); the appended text must not add one."""
    for index, row in fences.unfenced(text.splitlines()):
        if _H1.match(row):
            return [error(path, index + 1, "Überschrift erster Ebene ('# …') nicht erlaubt; bitte mit '## …' beginnen")]
    return []


def load_registrations(root: Path, taxonomy: Taxonomy, today: date | None = None) -> tuple[list[Registration], list[Problem]]:
    """Load every ``<root>/<slug>.yml`` (plus its optional ``<slug>.md``) and check it."""
    today = today or date.today()

    def build(source: Source) -> tuple[Registration | None, list[Problem]]:
        meta, problems = validate(RegistrationFile, source)
        if meta is None:
            return None, problems
        place, problems = check_registration(meta, source, taxonomy, today)
        if place is None:
            return None, problems
        body_path = source.path.with_suffix(".md")
        body = ""
        if body_path.is_file():
            try:
                body = read_text(body_path)
            except ContentError as exc:
                return None, [*problems, exc.problem]
            problems += check_body(body_path, body)
        return Registration(meta, place, source, body), problems

    registrations, problems = load_each(root.glob("*.yml"), read_yaml, build)
    problems += check_unique([(r.meta.ags, r.source.path, r.source.line_of("ags")) for r in registrations], "AGS")
    for body_path in sorted(root.glob("*.md")):
        if body_path.name != "README.md" and not body_path.with_suffix(".yml").is_file():
            problems.append(error(body_path, 0, f"zu dieser Seite fehlt die Anmeldung {body_path.stem}.yml"))
    return registrations, problems


REGISTRY: Collection[Registration] = Collection(
    "registry", "municipalities", (MUNICIPALITY,),
    load=lambda folder, context: load_registrations(folder, context.taxonomy, context.today),
    key=lambda registration: registration.slug, key_of=lambda path: path.stem,
)


REGISTRY_CAPABILITY = Capability("scschule-registry", (REGISTRY,))
