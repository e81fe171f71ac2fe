"""Open data: the registry as ``kommunen.json`` and ``kommunen.csv``, described by a
Frictionless Data Package (``datapackage.json``, https://specs.frictionlessdata.io/).

The columns are defined once, in :data:`FIELDS`; both files, the package's Table
Schema and the schema page are generated from it, so they cannot drift apart.
Changing or removing a field is a breaking change and needs a new :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..taxonomy import MUNICIPALITY_PAGES, Region
from .model import UNKNOWN
from .overview import STATUS_FILTERS, Row

SCHEMA_VERSION = 1
JSON_PATH = f"{MUNICIPALITY_PAGES}kommunen.json"
CSV_PATH = f"{MUNICIPALITY_PAGES}kommunen.csv"
PACKAGE_PATH = f"{MUNICIPALITY_PAGES}datapackage.json"
SCHEMA_URL = f"{MUNICIPALITY_PAGES}daten/"

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
    required: bool = False  # every municipality has a value
    constraints: dict | None = None  # further Table Schema constraints


# Table Schema type and constraints of each documented type. A date stays a string: besides
# JJJJ-MM-TT it may be 'unbekannt', which a Table Schema date would turn into "no value".
_TABLE_TYPES = {"Text": "string", "Zahl": "number", "Datum": "string"}
_DATE_PATTERN = rf"\d{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|{UNKNOWN}"
# The licence the site states for its content (mkdocs.yml, copyright): CC BY 4.0.
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Namensnennung 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


_DATE_RULE = f"JJJJ-MM-TT; '{UNKNOWN}', wenn es das Ereignis gibt, das Datum aber nicht bekannt ist; leer (JSON: null), wenn es das Ereignis nicht gibt"

FIELDS: tuple[Column, ...] = (
    Column("ags", "Text", "Amtlicher Gemeindeschlüssel, 8 Ziffern mit führender Null", lambda r: r.place.ags,
           required=True, constraints={"pattern": r"\d{8}", "unique": True}),
    Column("name", "Text", "Amtlicher Name der Stadt oder Gemeinde", lambda r: r.place.name, required=True),
    Column("slug", "Text", "Kurzname; die Seite der Kommune liegt unter /kommunen/<slug>/", lambda r: r.place.slug,
           required=True, constraints={"pattern": "[a-z0-9]+(-[a-z0-9]+)*", "unique": True}),
    Column("kreis", "Text", "Kreis, zu dem die Kommune gehört", lambda r: r.place.kreis, required=True),
    Column("art", "Text", "'Stadt' oder 'Gemeinde'", lambda r: r.place.kind, required=True,
           constraints={"enum": ["Stadt", "Gemeinde"]}),
    Column("status", "Text", "'pionier', 'mitmacher', 'teilnehmer' oder 'noch-nicht-dabei'", lambda r: r.status_key,
           required=True, constraints={"enum": list(STATUS_FILTERS)}),
    Column("status_bezeichnung", "Text", "Status in Worten, z. B. 'Mitmacherkommune'", lambda r: r.status_label,
           required=True, constraints={"enum": list(STATUS_FILTERS.values())}),
    Column("zusage_datum", "Datum", f"Schriftliche Zusage zur Rahmenstrategie: {_DATE_RULE}", _commitment),
    Column("beschluss_datum", "Datum", f"Politischer Beschluss: {_DATE_RULE}", _resolution),
    Column("beschluss_gremium", "Text", f"Gremium, das beschlossen hat, oder '{UNKNOWN}'; leer ohne Beschluss", _resolution_text("body")),
    Column("beschluss_aktenzeichen", "Text", f"Drucksache oder Aktenzeichen des Beschlusses, oder '{UNKNOWN}'; leer ohne Beschluss", _resolution_text("reference")),
    Column("breite", "Zahl", "Geografische Breite des Ortsmittelpunkts (WGS84, Dezimalgrad)", lambda r: r.place.lat,
           required=True, constraints={"minimum": -90, "maximum": 90}),
    Column("laenge", "Zahl", "Geografische Länge des Ortsmittelpunkts (WGS84, Dezimalgrad)", lambda r: r.place.lon,
           required=True, constraints={"minimum": -180, "maximum": 180}),
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


def table_schema() -> dict:
    """The Table Schema of both files (https://specs.frictionlessdata.io/table-schema/)."""
    fields = []
    for column in FIELDS:
        constraints = dict(column.constraints or {})
        if column.kind == "Datum":
            constraints["pattern"] = _DATE_PATTERN
        if column.required:
            constraints["required"] = True
        field = {"name": column.name, "type": _TABLE_TYPES[column.kind], "description": column.description}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    # Only an empty cell is "no value": 'unbekannt' is a value of its own (see _DATE_RULE).
    return {"fields": fields, "primaryKey": ["ags"], "missingValues": [""]}


def to_datapackage(as_of: date, region: Region, count: int) -> str:
    """``datapackage.json``: both files as resources with one Table Schema and the site's licence.

    Paths are relative to the package, so it is valid wherever the site is served.
    """
    schema = table_schema()
    common = {"profile": "tabular-data-resource", "encoding": "utf-8", "schema": schema, "licenses": [LICENCE]}
    package = {
        "profile": "tabular-data-package",
        "name": f"kommunen-{region.kennung}",
        "title": f"Kommunen {region.genitiv} in der Smart Cities: Schule",
        "description": (f"Die {count} Städte und Gemeinden {region.genitiv} mit ihrem Status in der Smart Cities: Schule; "
                        f"Feldbeschreibung unter /{SCHEMA_URL}, schema_version {SCHEMA_VERSION}."),
        "version": f"{SCHEMA_VERSION}.0.0",
        "created": f"{as_of.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "resources": [
            {"name": "kommunen-csv", "path": CSV_PATH.rsplit("/", 1)[1], "format": "csv", "mediatype": "text/csv",
             "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True}, **common},
            {"name": "kommunen-json", "path": JSON_PATH.rsplit("/", 1)[1], "format": "json",
             "mediatype": "application/json",
             # The rows are the objects under "kommunen"; frictionless reads this form of the JSON dialect.
             "dialect": {"json": {"property": "kommunen", "keyed": True}}, **common},
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
