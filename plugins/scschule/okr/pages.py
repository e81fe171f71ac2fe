"""The page /wirkung/, its data page and the open data okr.json and okr.csv."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from ..content.german import long_date, number
from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from .evaluate import Reading, format_value, latest_assessment, progress, reached, read, trend
from .metrics import METRICS, Facts
from .model import DIGESTS, OPEN, PAGE_URL, KeyResult, Matrix, Objective

DATA_PAGE = f"{PAGE_URL}daten/"
JSON_PATH = f"{PAGE_URL}okr.json"
CSV_PATH = f"{PAGE_URL}okr.csv"
SCHEMA_VERSION = 1
TARGET_OPEN = "Zielwert offen"


@dataclass(frozen=True)
class KeyResultView:
    objective: Objective
    kr: KeyResult
    reading: Reading
    points: list[tuple[date, float | int | None]]

    @property
    def value_text(self) -> str:
        return format_value(self.reading.value, self.kr.unit)

    @property
    def target_text(self) -> str:
        return format_value(self.kr.target, self.kr.unit) if self.kr.has_target else TARGET_OPEN

    @property
    def due_text(self) -> str:
        return OPEN if self.kr.due is None else long_date(self.kr.due)

    @property
    def baseline_text(self) -> str:
        b = self.kr.baseline
        if b is None:
            return OPEN
        when = long_date(b.date) if b.date else "Datum unbekannt"
        return f"{format_value(b.value, self.kr.unit)} ({when}; Quelle: {b.source})"

    @property
    def source_text(self) -> str:
        if self.kr.kind == "computed":
            metric = METRICS[self.kr.metric]
            scope = f" ({self.kr.scope})" if self.kr.scope else ""
            return f"berechnet aus den Daten des Portals: {metric.description}{scope}"
        entry = self.reading.entry
        return f"eingetragen; Quelle: {entry.source} ({long_date(entry.date)})" if entry else "eingetragen; noch kein Wert"

    @property
    def progress(self) -> float | None:
        return progress(self.kr, self.reading.value)

    @property
    def progress_text(self) -> str:
        share, done = self.progress, reached(self.kr, self.reading.value)
        if share is None:
            return "Fortschritt nicht bestimmbar (" + ("Zielwert offen" if not self.kr.has_target else "kein Wert") + ")"
        higher = self.kr.kind != "computed" or METRICS[self.kr.metric].higher_is_better
        if not higher:
            return "Ziel erreicht" if done else f"Ziel nicht erreicht: höchstens {format_value(self.kr.target, self.kr.unit)}"
        return f"{number(round(share * 100))} % des Zielwerts" + (" – Ziel erreicht" if done else "")


def progress_bar(share: float) -> str:
    """A bar that repeats the progress text beside it (hidden from screen readers): never colour alone."""
    width = 200
    filled = round(share * width)
    return (f'<svg class="okr-bar" aria-hidden="true" focusable="false" width="{width}" height="14" viewBox="0 0 {width} 14">'
            f'<rect class="okr-bar__track" x="0.5" y="0.5" width="{width - 1}" height="13"/>'
            f'<rect class="okr-bar__fill" x="0.5" y="0.5" width="{max(filled - 1, 0)}" height="13"/></svg>')


def trend_chart(view: KeyResultView, chart_id: str) -> str:
    """Inline SVG line chart of the review values; the table beside it carries the same data."""
    points = [(day, value) for day, value in view.points if value is not None]
    if not points:
        return ""
    width, height, pad = 320, 140, 34
    top = max([v for _, v in points] + ([view.kr.target] if view.kr.has_target else []) + [1])
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)

    def x(day: date) -> float:
        return pad + (day.toordinal() - first) / span * (width - 2 * pad) if len(points) > 1 else width / 2

    def y(value: float) -> float:
        return height - pad - value / top * (height - 2 * pad)

    title = f"Verlauf: {view.kr.title}"
    parts = [f'<svg class="okr-trend" role="img" aria-labelledby="{chart_id}-title" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title id="{chart_id}-title">{escape(title)} (Werte in der Tabelle darunter)</title>',
             f'<line class="okr-trend__axis" x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}"/>',
             f'<text class="okr-trend__label" x="4" y="{y(0) + 4:.1f}">0</text>',
             f'<text class="okr-trend__label" x="4" y="{y(top) + 4:.1f}">{escape(number(top))}</text>']
    if view.kr.has_target:
        parts.append(f'<line class="okr-trend__target" x1="{pad}" y1="{y(view.kr.target):.1f}" x2="{width - pad}" '
                     f'y2="{y(view.kr.target):.1f}"/><text class="okr-trend__label" x="{width - pad + 2}" '
                     f'y="{y(view.kr.target) + 4:.1f}">Ziel</text>')
    if len(points) > 1:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline class="okr-trend__line" points="{path}"/>')
    for day, value in points:
        parts.append(f'<circle class="okr-trend__point" cx="{x(day):.1f}" cy="{y(value):.1f}" r="4"/>')
    parts.append(f'<text class="okr-trend__label" x="{pad}" y="{height - 10}">{escape(points[0][0].strftime("%d.%m.%Y"))}</text>')
    if len(points) > 1:
        parts.append(f'<text class="okr-trend__label" x="{width - pad}" y="{height - 10}" text-anchor="end">'
                     f'{escape(points[-1][0].strftime("%d.%m.%Y"))}</text>')
    return "".join(parts) + "</svg>"


def views(matrix: Matrix, facts: Facts, today: date) -> list[tuple[Objective, list[KeyResultView]]]:
    return [(o, [KeyResultView(o, kr, read(kr, facts, today), trend(matrix, kr)) for kr in o.key_results])
            for o in matrix.objectives]


# -- open data ---------------------------------------------------------------

Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "Text", "Zahl", "Datum"
    description: str
    get: Callable[[KeyResultView, date, float | int | None, str], Value]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else OPEN


FIELDS: tuple[Column, ...] = (
    Column("ziel_id", "Text", "Kennung des Ziels (objective); der Abschnitt auf /wirkung/ heißt #ziel-<ziel_id>", lambda v, d, x, k: v.objective.id),
    Column("ziel", "Text", "Ziel in Worten", lambda v, d, x, k: v.objective.title),
    Column("kernergebnis_id", "Text", "Kennung des Kernergebnisses (key result)", lambda v, d, x, k: v.kr.id),
    Column("kernergebnis", "Text", "Kernergebnis in Worten", lambda v, d, x, k: v.kr.title),
    Column("art", "Text", "'berechnet' (aus den Daten des Portals) oder 'eingetragen' (mit Quelle)",
           lambda v, d, x, k: "berechnet" if v.kr.kind == "computed" else "eingetragen"),
    Column("kennzahl", "Text", "Kennung der berechneten Kennzahl (siehe Liste unten); leer bei eingetragenen Werten",
           lambda v, d, x, k: v.kr.metric),
    Column("einheit", "Text", "Einheit von Wert, Ausgangswert und Zielwert", lambda v, d, x, k: v.kr.unit),
    Column("ausgangswert", "Zahl", "Ausgangswert; leer, wenn er offen ist",
           lambda v, d, x, k: v.kr.baseline.value if v.kr.baseline else None),
    Column("zielwert", "Zahl", f"Zielwert; leer, wenn die Strategie keinen nennt ({TARGET_OPEN})",
           lambda v, d, x, k: v.kr.target if v.kr.has_target else None),
    Column("faellig", "Datum", f"Termin für den Zielwert, JJJJ-MM-TT, oder '{OPEN}'", lambda v, d, x, k: _iso(v.kr.due)),
    Column("verantwortlich", "Text", "Zuständige Stelle oder zuständiges Gremium", lambda v, d, x, k: v.kr.owner),
    Column("stichtag", "Datum", "Tag, für den der Wert gilt, JJJJ-MM-TT", lambda v, d, x, k: d.isoformat()),
    Column("wert", "Zahl", "Wert am Stichtag; leer, wenn keiner bekannt ist", lambda v, d, x, k: x),
    Column("herkunft", "Text", "'review' (aufgezeichnetes Review zum Stichtag) oder 'aktuell' (zum Stand der Veröffentlichung)",
           lambda v, d, x, k: k),
)


def rows(objectives: list[tuple[Objective, list[KeyResultView]]], today: date) -> list[dict[str, Value]]:
    out = []
    for _, krs in objectives:
        for view in krs:
            points = [(day, value, "review") for day, value in view.points] + [(today, view.reading.value, "aktuell")]
            out += [{c.name: c.get(view, day, value, kind) for c in FIELDS} for day, value, kind in points]
    return out


def to_json(objectives: list[tuple[Objective, list[KeyResultView]]], matrix: Matrix, today: date) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "stand": today.isoformat(),
        "ziele": [{"id": o.id, "titel": o.title, "handlungsfelder": list(o.handlungsfelder), "bundles": list(o.bundles),
                   "bewertung": (a := latest_assessment(matrix, o)) and a[1], "bewertung_datum": a and a[0].isoformat()}
                  for o, _ in objectives],
        "werte": rows(objectives, today),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(objectives: list[tuple[Objective, list[KeyResultView]]], today: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow([c.name for c in FIELDS])
    for record in rows(objectives, today):
        writer.writerow(["" if value is None else value for value in record.values()])
    return out.getvalue()


def open_data(matrix: Matrix, facts: Facts, today: date) -> dict[str, str]:
    objectives = views(matrix, facts, today)
    return {JSON_PATH: to_json(objectives, matrix, today), CSV_PATH: to_csv(objectives, today)}


# -- pages -------------------------------------------------------------------

def okr_pages(matrix: Matrix, facts: Facts, today: date, taxonomy, renderer: PageRenderer) -> list[GeneratedPage]:
    origins = (matrix.source.path, *(r.source.path for r in matrix.reviews))
    objectives = views(matrix, facts, today)
    reviews = matrix.effective_reviews()
    return [
        renderer.page(src_of(PAGE_URL), "wirkung.md", origins=origins, objectives=objectives, today=today,
                      assessments={o.id: latest_assessment(matrix, o) for o, _ in objectives},
                      reviews=reviews, taxonomy=taxonomy, region=taxonomy.region, bar=progress_bar, chart=trend_chart, data_page=DATA_PAGE),
        renderer.page(src_of(DATA_PAGE), "okr-daten.md", origins=(matrix.source.path,), fields=FIELDS,
                      metrics=list(METRICS.values()), version=SCHEMA_VERSION, digests=DIGESTS),
    ]


def empty_page(renderer: PageRenderer) -> GeneratedPage:
    return renderer.page(src_of(PAGE_URL), "wirkung-leer.md")
