"""Writing registrations: a new municipality, or a status change that keeps the history.

Used by ``scschule register``; no click here. Every file written is loaded again
with :func:`load_registrations`, the same check the build runs; a file that
does not pass is not left behind, and an existing file is restored.
"""

from __future__ import annotations

import difflib
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..content.problems import Problem, error
from ..content.records import validate
from ..content.slugs import slugify
from ..content.source import Source
from ..taxonomy import RegionMunicipality, Taxonomy
from .model import REGISTRY, UNKNOWN, RegistrationFile, check_registration, load_registrations

# Status a municipality can register with or move to; the Pionierkommunen are fixed.
REGISTERABLE = ("teilnehmer", "mitmacher")

DateValue = date | str  # a date, or UNKNOWN


class RegistrationError(Exception):
    """Something the editor has to fix; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Match:
    place: RegionMunicipality | None
    suggestions: list[str]  # names to offer when there is no single match


def find_municipality(taxonomy: Taxonomy, text: str) -> Match:
    """Match a name, a slug or an AGS against the municipalities of the region."""
    text = text.strip()
    if text in taxonomy.by_ags:
        return Match(taxonomy.by_ags[text], [])
    wanted = slugify(text)
    if not wanted:
        return Match(None, [])
    if wanted in taxonomy.municipalities:
        return Match(taxonomy.municipalities[wanted], [])
    # "Menden" -> "Menden (Sauerland)": a unique prefix is a match
    starting = [m for slug, m in taxonomy.municipalities.items() if slug.startswith(wanted)]
    if len(starting) == 1:
        return Match(starting[0], [])
    if starting:
        return Match(None, [m.name for m in starting])
    names = {m.slug: m.name for m in taxonomy.municipalities.values()}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    return Match(None, [names[slug] for slug in close])


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, order and quoting of what is already there
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    yaml.representer.ignore_aliases = lambda *args: True  # a date used twice is written twice, not as &id001
    return yaml


def _plain(value: DateValue | None) -> DateValue | None:
    return UNKNOWN if value is None else value


def new_registration(place: RegionMunicipality, *, status: str, commitment_date: DateValue,
                     commitment_document: str | None = None, resolution: dict | None = None,
                     contact: str | None = None, website: str | None = None, notes: str | None = None,
                     note: str | None = None) -> CommentedMap:
    """The data of a new registration file, keys in the documented order."""
    data = CommentedMap()
    data["name"] = place.name
    data["ags"] = place.ags
    data["status"] = status
    commitment = CommentedMap(date=commitment_date)
    if commitment_document:
        commitment["document"] = commitment_document
    data["commitment"] = commitment
    if resolution:
        data["resolution"] = _resolution_map(resolution)
    for key, value in (("contact", contact), ("website", website), ("notes", notes)):
        if value:
            data[key] = value
    # The commitment made it a Teilnehmerkommune; a resolution on top is a second step.
    history = [_history_entry("teilnehmer", commitment_date, _default_note("teilnehmer"))]
    if status == "mitmacher":
        history.append(_history_entry("mitmacher", resolution["date"], _default_note("mitmacher")))
    if note:
        history[-1]["note"] = note
    data["history"] = history
    return data


def _resolution_map(resolution: dict) -> CommentedMap:
    keys = ("date", "body", "reference", "subject", "link")
    return CommentedMap((k, resolution[k]) for k in keys if resolution.get(k) not in (None, ""))


def _history_entry(status: str, when: DateValue, note: str) -> CommentedMap:
    return CommentedMap(status=status, date=when, note=note)


def _default_note(status: str) -> str:
    return {
        "teilnehmer": "Schriftliche Zusage zur Rahmenstrategie.",
        "mitmacher": "Zusage durch politischen Beschluss bekräftigt.",
    }[status]


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def precheck(path: Path, data: dict, taxonomy: Taxonomy, today: date) -> list[Problem]:
    """The loader's rules on data not yet written (no line numbers yet)."""
    source = Source(path, _to_builtin(data))
    meta, problems = validate(RegistrationFile, source)
    if meta is None:
        return problems
    return [p for p in check_registration(meta, source, taxonomy, today)[1] if p.is_error]


def _to_builtin(value):
    if isinstance(value, dict):
        return {str(k): _to_builtin(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_builtin(v) for v in value]
    return value


def registered_files(root: Path, taxonomy: Taxonomy, today: date) -> dict[str, Path]:
    """AGS -> file of every municipality already registered (readable files only)."""
    registrations, _ = load_registrations(REGISTRY.path(root), taxonomy, today)
    return {r.meta.ags: r.source.path for r in registrations}


def write_registration(root: Path, taxonomy: Taxonomy, data: CommentedMap, today: date) -> Path:
    """Create ``municipalities/<slug>.yml``; never overwrites, never leaves an invalid file."""
    place = taxonomy.by_ags[data["ags"]]
    path = REGISTRY.path(root) / f"{place.slug}.yml"
    existing = registered_files(root, taxonomy, today).get(place.ags)
    if path.exists() or existing:
        where = existing or path
        raise RegistrationError([error(where, 0, f"{place.name} ist schon angemeldet; ein Statuswechsel geht mit 'scschule register --upgrade {place.slug}'")])
    problems = precheck(path, data, taxonomy, today)
    if problems:
        raise RegistrationError(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite in a race
        handle.write(dump(data))
    problems = _problems_of(root, path, taxonomy, today)
    if problems:
        path.unlink()
        raise RegistrationError(problems)
    return path


def upgrade_registration(root: Path, taxonomy: Taxonomy, place: RegionMunicipality, *, status: str,
                         resolution: dict | None, note: str | None, today: date) -> Path:
    """Move a registered municipality up (teilnehmer -> mitmacher).

    Adds the resolution and a history entry; the commitment, earlier history
    entries, comments and every other key stay exactly as they were.
    """
    path = REGISTRY.path(root) / f"{place.slug}.yml"
    if not path.is_file():
        raise RegistrationError([error(path, 0, f"{place.name} ist noch nicht angemeldet; zuerst 'scschule register {place.slug}'")])
    problems = _problems_of(root, path, taxonomy, today)
    if problems:
        raise RegistrationError([*problems, error(path, 0, "Datei erst reparieren, dann den Status ändern")])
    before = path.read_text(encoding="utf-8")
    data = _yaml().load(before)
    current = data["status"]
    if current not in REGISTERABLE or REGISTERABLE.index(status) <= REGISTERABLE.index(current):
        raise RegistrationError([error(path, 0, f"{place.name} ist schon '{current}'; ein Wechsel zu '{status}' wäre kein Aufstieg")])
    if data.get("resolution"):
        if resolution:
            raise RegistrationError([error(path, 0, "ein Beschluss ist schon eingetragen und wird nicht überschrieben; bitte ohne --resolution-… aufrufen")])
        since = data["resolution"].get("date", UNKNOWN)
    else:
        if not resolution:
            raise RegistrationError([error(path, 0, f"status '{status}' verlangt einen politischen Beschluss (--resolution-date, --resolution-body, --resolution-reference)")])
        keys = list(data)
        data.insert(keys.index("commitment") + 1 if "commitment" in keys else len(keys), "resolution", _resolution_map(resolution))
        since = resolution["date"]
    data["status"] = status
    data["history"].append(_history_entry(status, since, note or _default_note(status)))
    problems = precheck(path, data, taxonomy, today)
    if problems:
        raise RegistrationError(problems)
    _replace(path, dump(data))
    problems = _problems_of(root, path, taxonomy, today)
    if problems:
        _replace(path, before)  # nothing stored is lost
        raise RegistrationError(problems)
    return path


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.neu")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _problems_of(root: Path, path: Path, taxonomy: Taxonomy, today: date) -> list[Problem]:
    _, problems = load_registrations(REGISTRY.path(root), taxonomy, today)
    return [p for p in problems if p.is_error and p.path.resolve() == path.resolve()]
