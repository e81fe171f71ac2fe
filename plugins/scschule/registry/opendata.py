"""Open data: the registry as ``kommunen.json`` and ``kommunen.csv``.

The columns are defined once, in :data:`FIELDS`; both files and the schema
page are generated from it, so they cannot drift apart. Changing or removing a
field is a breaking change and needs a new :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .model import UNKNOWN
from .overview import Row

SCHEMA_VERSION = 1
JSON_PATH = "kommunen/kommunen.json"
CSV_PATH = "kommunen/kommunen.csv"
SCHEMA_URL = "kommunen/daten/"

Value = str | float | None


def _date(value: date | None, exists: bool) -> str | None:
    if not exists:
        return None
    return value.isoformat() if value else UNKNOWN


def _commitment(row: Row) -> str | None:
    c = row.registration.meta.commitment if row.registration else None
    return _date(c.date if c else None, c is not None)


def _resolution(row: Row) -> str | None:
    r = row.registration.meta.resolution if row.registration else None
    return _date(r.date if r else None, r is not None)


def _resolution_text(attr: str) -> Callable[[Row], str | None]:
    def get(row: Row) -> str | None:
        r = row.registration.meta.resolution if row.registration else None
        return getattr(r, attr) if r else None
    return get


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # documented type: "Text", "Datum", "Zahl"
    description: str
    get: Callable[[Row], Value]


_DATE_RULE = f"JJJJ-MM-TT; '{UNKNOWN}', wenn es das Ereignis gibt, das Datum aber nicht bekannt ist; leer (JSON: null), wenn es das Ereignis nicht gibt"

FIELDS: tuple[Column, ...] = (
    Column("ags", "Text", "Amtlicher Gemeindeschlüssel, 8 Ziffern mit führender Null", lambda r: r.place.ags),
    Column("name", "Text", "Amtlicher Name der Stadt oder Gemeinde", lambda r: r.place.name),
    Column("slug", "Text", "Kurzname; die Seite der Kommune liegt unter /kommunen/<slug>/", lambda r: r.place.slug),
    Column("kreis", "Text", "Kreis, zu dem die Kommune gehört", lambda r: r.place.kreis),
    Column("art", "Text", "'Stadt' oder 'Gemeinde'", lambda r: r.place.kind),
    Column("status", "Text", "'pionier', 'mitmacher', 'teilnehmer' oder 'noch-nicht-dabei'", lambda r: r.status_key),
    Column("status_bezeichnung", "Text", "Status in Worten, z. B. 'Mitmacherkommune'", lambda r: r.status_label),
    Column("zusage_datum", "Datum", f"Schriftliche Zusage zur Rahmenstrategie: {_DATE_RULE}", _commitment),
    Column("beschluss_datum", "Datum", f"Politischer Beschluss: {_DATE_RULE}", _resolution),
    Column("beschluss_gremium", "Text", f"Gremium, das beschlossen hat, oder '{UNKNOWN}'; leer ohne Beschluss", _resolution_text("body")),
    Column("beschluss_aktenzeichen", "Text", f"Drucksache oder Aktenzeichen des Beschlusses, oder '{UNKNOWN}'; leer ohne Beschluss", _resolution_text("reference")),
    Column("breite", "Zahl", "Geografische Breite des Ortsmittelpunkts (WGS84, Dezimalgrad)", lambda r: r.place.lat),
    Column("laenge", "Zahl", "Geografische Länge des Ortsmittelpunkts (WGS84, Dezimalgrad)", lambda r: r.place.lon),
)


def records(rows: list[Row]) -> list[dict[str, Value]]:
    return [{column.name: column.get(row) for column in FIELDS} for row in rows]


def to_json(rows: list[Row], as_of: date) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "stand": as_of.isoformat(),
        "anzahl": len(rows),
        "kommunen": records(rows),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow([column.name for column in FIELDS])
    for record in records(rows):
        writer.writerow(["" if value is None else value for value in record.values()])
    return out.getvalue()
