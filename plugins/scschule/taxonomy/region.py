"""The region a portal serves, read from the site's own ``region/`` folder beside mkdocs.yml.

Nothing about a region lives in the package: its name and organisation, its
municipalities (``kommunen.csv``: ``ags,name,kreis,kind,lat,lon``), its fields of
action, its action bundles with their pioneers, and the site texts that name it.
Every page, form, message, feed and open data file reads them from here, so
another region is another folder, never another package.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import Field

from ..content.problems import ContentError, Problem, error
from ..content.records import Record, validate
from ..content.source import Source, read_text, read_yaml

REGION_FOLDER = "region"
REGION_FILE, MUNICIPALITIES_FILE = "region.yml", "kommunen.csv"
FIELDS_FILE, BUNDLES_FILE = "handlungsfelder.yml", "massnahmenbuendel.yml"
CSV_COLUMNS = ("ags", "name", "kreis", "kind", "lat", "lon")
KINDS = ("Stadt", "Gemeinde")


class Examples(Record):
    """Examples the forms and messages show: real municipalities of the region."""

    kommune: str = Field(min_length=1)  # "z. B. Olpe"
    amtlicher_name: str = Field(min_length=1)  # the official spelling, e.g. "Menden (Sauerland)"
    vorschlag: str = Field(min_length=1)  # who proposes a schoolyard topic, e.g. "Arnsberg"


class Texts(Record):
    """The sentences of the site's pages that name the region, its strategy or its pioneers."""

    kommunen: str = Field(min_length=1)  # /kommunen/: who may join and how
    leitfaeden: str = Field(min_length=1)  # /leitfaeden/: where the guides come from
    schuelerzeitung: str = Field(min_length=1)  # /schuelerzeitung/: what the newsletter reports on
    handlungsfelder: str = Field(min_length=1)  # /handlungsfelder/
    massnahmenbuendel: str = Field(min_length=1)  # /massnahmenbuendel/
    wirkung: str = Field(min_length=1)  # /wirkung/: where the OKR matrix comes from


class Region(Record):
    """``region/region.yml``."""

    name: str = Field(min_length=1)  # "Kreis Olpe"
    genitiv: str = Field(min_length=1)  # "des Kreises Olpe": "die Kommunen des Kreises Olpe"
    ort: str = Field(min_length=1)  # "im Kreis Olpe": "Kommunen im Kreis Olpe"
    kennung: str = Field(min_length=1, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")  # "kreis-olpe": file and package names
    organisation: str = Field(min_length=1)  # receives the written commitments, may propose topics
    beispiele: Examples
    texte: Texts

    def none_of(self, count: int) -> str:
        """'keine der 7 Kommunen des Kreises Olpe': the end of every 'not in the region' message."""
        return f"keine der {count} Kommunen {self.genitiv}"


class FieldRecord(Record):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)


class MeasureRecord(Record):
    title: str = Field(min_length=1)
    by: str = Field(min_length=1)


class BundleRecord(Record):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    municipalities: list[str]
    cost_eur: int = Field(ge=0)
    measures: list[MeasureRecord] = []


class BundlesFile(Record):
    pioneers: dict[str, str] = {}  # letter of the strategy's tables -> AGS
    bundles: list[BundleRecord] = []


def region_path(root: Path) -> Path:
    return Path(root) / REGION_FOLDER


def read_region(folder: Path) -> Region:
    """``region.yml``, validated; a wrong file raises :class:`ContentError` at its line."""
    source = _yaml(folder / REGION_FILE)
    record, problems = validate(Region, source)
    _raise_first(problems)
    return record


def read_municipality_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """``kommunen.csv`` as (line, row) pairs; the first problem raises :class:`ContentError`."""
    text = _text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ContentError(error(path, 1, f"Kopfzeile muss '{','.join(CSV_COLUMNS)}' lauten, "
                                          f"nicht '{','.join(reader.fieldnames or ())}'"))
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(row[c] is None for c in CSV_COLUMNS):
            raise ContentError(error(path, line, f"erwartet genau {len(CSV_COLUMNS)} Spalten ({','.join(CSV_COLUMNS)})"))
        ags = row["ags"].strip()
        if not (len(ags) == 8 and ags.isdigit()):
            raise ContentError(error(path, line, f"ags: '{ags}' ist kein amtlicher Gemeindeschlüssel (acht Ziffern)"))
        if ags in seen:
            raise ContentError(error(path, line, f"ags: '{ags}' steht schon in Zeile {seen[ags]}"))
        seen[ags] = line
        for column in ("name", "kreis"):
            if not row[column].strip():
                raise ContentError(error(path, line, f"{column}: darf nicht leer sein"))
        if row["kind"] not in KINDS:
            raise ContentError(error(path, line, f"kind: '{row['kind']}' ist weder 'Stadt' noch 'Gemeinde'"))
        for column, low, high in (("lat", -90, 90), ("lon", -180, 180)):
            try:
                value = float(row[column])
            except ValueError:
                raise ContentError(error(path, line, f"{column}: '{row[column]}' ist keine Zahl (Dezimalpunkt)")) from None
            if not low <= value <= high:
                raise ContentError(error(path, line, f"{column}: {value} liegt außerhalb von {low} bis {high}"))
        rows.append((line, {c: row[c].strip() for c in CSV_COLUMNS}))
    if not rows:
        raise ContentError(error(path, 1, "enthält keine Kommune; erwartet wird eine Zeile je Kommune"))
    return rows


def read_fields(path: Path) -> list[FieldRecord]:
    text = _text(path)
    source = _yaml_list(path, text)
    records = []
    for index, item in enumerate(source.data["items"]):
        if not isinstance(item, dict):
            raise ContentError(error(path, source.line_of("items", index), "erwartet {id: …, title: …}"))
        record, problems = validate(FieldRecord, source, item)
        _raise_first([Problem(p.path, source.line_of("items", index), p.message, p.severity) for p in problems])
        records.append(record)
    return records


def read_bundles(path: Path) -> tuple[Source, BundlesFile]:
    source = _yaml(path)
    record, problems = validate(BundlesFile, source)
    _raise_first(problems)
    return source, record


def _yaml(path: Path) -> Source:
    if not path.is_file():
        raise ContentError(error(path, 0, "Datei fehlt; jede Region braucht sie im Ordner region/ "
                                          "(README, „Eine Schule für eine andere Region“)"))
    return read_yaml(path)


def _yaml_list(path: Path, text: str) -> Source:
    """A YAML file whose top level is a list, read with the line of every item."""
    from ..content.source import parse_yaml

    wrapped = "items:\n" + "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))
    data, lines = parse_yaml(path, wrapped, first_line=0)
    if not isinstance(data.get("items"), list):
        raise ContentError(error(path, 1, "erwartet eine Liste, ein Eintrag je Zeile mit '- '"))
    return Source(path, data, "", 1, lines, text)


def _text(path: Path) -> str:
    if not path.is_file():
        raise ContentError(error(path, 0, "Datei fehlt; jede Region braucht sie im Ordner region/ "
                                          "(README, „Eine Schule für eine andere Region“)"))
    return read_text(path)


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(sorted(problems)[0])
