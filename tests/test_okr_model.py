"""The OKR matrix file and review files: every kind of bad input is a German ``path:line`` problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scschule.content.collection import LoadContext
from scschule.okr.model import OKR, load_okr
from scschule.portal import load_portal
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT
from projecttools import region_taxonomy

TODAY = date(2026, 6, 30)
CONTEXT = LoadContext(load_taxonomy(ROOT), TODAY)

MATRIX = """\
objectives:
  - id: transfer
    title: Alle Kommunen lernen mit
    summary: Kurzbeschreibung
    source: Gesamtstrategie, Kapitel 4.2
    handlungsfelder: [bildung]
    bundles: [M01]
    key_results:
      - id: angemeldet
        title: Angemeldete Kommunen
        kind: computed
        metric: kommunen-angemeldet
        unit: Kommunen
        baseline: offen
        target: 59
        target_source: Gesamtstrategie
        due: offen
        owner: Südwestfalen Agentur
      - id: eingetragen
        title: Teilnehmende an Klassenfahrten
        kind: entered
        unit: Personen
        baseline: {value: 10, date: unbekannt, source: Protokoll}
        target: offen
        due: 2027-06-30
        owner: Südwestfalen Agentur
        values:
          - {date: 2026-03-01, value: 12, source: "Teilnehmerliste Klassenfahrt März 2026"}
          - {date: 2026-05-01, value: 15, source: "Teilnehmerliste Klassenfahrt Mai 2026", link: "https://example.org/liste.pdf"}
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ziele.yml").write_text(text, encoding="utf-8")
    return folder / "ziele.yml"


def errors(folder: Path) -> list[str]:
    _, problems = load_okr(folder, CONTEXT)
    return [p.format(folder.parent) for p in problems if p.is_error]


def line_of(text: str, marker: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)


def test_a_valid_matrix_loads_with_its_objectives_and_key_results(tmp_path):
    write(tmp_path / "okr", MATRIX)
    matrices, problems = load_okr(tmp_path / "okr", CONTEXT)
    assert problems == []
    [matrix] = matrices
    assert [o.id for o in matrix.objectives] == ["transfer"]
    assert [kr.id for _, kr in matrix.key_results()] == ["angemeldet", "eingetragen"]
    kr = matrix.objectives[0].key_results[1]
    assert kr.target is None and not kr.has_target and kr.baseline.date is None and kr.due == date(2027, 6, 30)


def test_without_an_okr_folder_there_is_no_matrix_and_no_problem(tmp_path):
    assert load_okr(tmp_path / "okr", CONTEXT) == ([], [])


BAD = [
    # (what, replace this, with that, marker of the reported line, message)
    ("unknown metric", "metric: kommunen-angemeldet", "metric: kommunen-angemeldt", "metric: kommunen-angemeldt",
     "unbekannte Kennzahl 'kommunen-angemeldt'"),
    ("unit mismatch", "unit: Kommunen", "unit: Prozent", "unit: Prozent",
     "Einheit 'Prozent' passt nicht zur Kennzahl 'kommunen-angemeldet', die in 'Kommunen' zählt"),
    ("missing source", ', source: "Teilnehmerliste Klassenfahrt März 2026"', "", "{date: 2026-03-01, value: 12}",
     "values.0.source: Pflichtfeld fehlt"),
    ("empty source", 'source: "Teilnehmerliste Klassenfahrt März 2026"', 'source: ""', "{date: 2026-03-01",
     "values.0.source: darf nicht leer sein"),
    ("value in the future", "date: 2026-05-01", "date: 2026-07-01", "date: 2026-07-01",
     "2026-07-01 liegt in der Zukunft (heute ist 2026-06-30)"),
    ("values out of order", "date: 2026-03-01", "date: 2026-05-02", "date: 2026-05-01",
     "Werte bitte in zeitlicher Reihenfolge"),
    ("target without source", "        target_source: Gesamtstrategie\n", "", "target: 59",
     "zum Zielwert fehlt 'target_source'"),
    ("computed without metric", "        metric: kommunen-angemeldet\n", "", "kind: computed",
     "computed verlangt 'metric'"),
    ("entered with a metric", "        kind: entered\n", "        kind: entered\n        metric: leitfaeden\n", "metric: leitfaeden",
     "ein eingetragenes Kernergebnis nennt keine Kennzahl"),
    ("entered without values", MATRIX[MATRIX.index("        values:\n"):], "", "kind: entered",
     "entered verlangt 'values'"),
    ("a misspelt key", "        owner: Südwestfalen Agentur\n", "        owner: Südwestfalen Agentur\n        ower: x\n", "ower: x",
     "unbekanntes Feld (Tippfehler?)"),
    ("a word instead of a number", "target: 59", "target: viele", "target: viele",
     "target: Zahl erwartet, oder 'offen', wenn die Strategie keinen Zielwert nennt"),
    ("a word instead of a value", "value: 12", "value: zwölf", "value: zwölf", "values.0.value: Zahl erwartet"),
    ("a baseline without its source", "baseline: offen", "baseline: {value: 3, date: unbekannt}", "baseline: {value: 3",
     "baseline.source: Pflichtfeld fehlt"),
    ("a missing target", "        target: 59\n", "", "- id: angemeldet", "key_results.0.target: Pflichtfeld fehlt"),
    ("a scope the metric does not know", "        unit: Kommunen\n", "        unit: Kommunen\n        scope: bildung\n",
     "scope: bildung", "kennt kein 'scope'"),
    ("duplicate id", "id: eingetragen", "id: angemeldet", "- id: angemeldet\n        title: Teilnehmende",
     "Id 'angemeldet' ist doppelt"),
    ("unknown Handlungsfeld", "handlungsfelder: [bildung]", "handlungsfelder: [bildug]", "handlungsfelder",
     "unbekannte(s) Handlungsfeld 'bildug' – meinten Sie 'bildung'?"),
    ("unknown bundle", "bundles: [M01]", "bundles: [M99]", "bundles", "unbekannte(s) Maßnahmenbündel 'M99'"),
    ("an id that is not a slug", "id: transfer", "id: Transfer 1", "id: Transfer 1", "id: Format stimmt nicht"),
    ("a due date that is neither a date nor offen", "due: offen", "due: bald", "due: bald",
     "due: Datum im Format JJJJ-MM-TT erwartet, oder 'offen', wenn die Strategie keinen Termin nennt"),
    ("YAML syntax", "    title: Alle Kommunen lernen mit", "    title: [unclosed", "title: [unclosed", "YAML-Syntaxfehler"),
]


@pytest.mark.parametrize("what, old, new, marker, message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_reported_at_its_line_in_german(tmp_path, what, old, new, marker, message):
    assert old in MATRIX
    text = MATRIX.replace(old, new, 1)
    path = write(tmp_path / "okr", text)
    found = errors(tmp_path / "okr")
    first_row = marker.split("\n")[0]
    expected_line = line_of(text, first_row) if "\n" not in marker else text[:text.index(marker)].count("\n") + 1
    if what == "YAML syntax":
        expected_line = line_of(text, first_row) + 1  # PyYAML reports where the flow sequence breaks off
    assert any(f.startswith(f"okr/ziele.yml:") and message in f for f in found), found
    lines = [int(f.split(":")[1]) for f in found if message in f]
    assert what == "YAML syntax" or expected_line in lines, (found, expected_line)
    matrices, _ = load_okr(tmp_path / "okr", CONTEXT)
    assert matrices == []  # a broken matrix is never shown half-valid
    assert path.read_text(encoding="utf-8") == text  # loading never touches the file


def test_a_missing_matrix_file_is_an_error(tmp_path):
    (tmp_path / "okr" / "reviews").mkdir(parents=True)
    assert errors(tmp_path / "okr") == ["okr/ziele.yml:1: die OKR-Matrix ziele.yml fehlt"]


REVIEW = """\
date: 2026-06-01
recorded: 2026-06-02
values:
  angemeldet: {value: 5, undated: 5}
  eingetragen: {value: 15}
assessments:
  transfer: Fünf Pionierkommunen sind dabei.
"""


def write_review(folder: Path, name: str, text: str) -> None:
    import hashlib

    reviews = folder / "reviews"
    reviews.mkdir(parents=True, exist_ok=True)
    (reviews / name).write_text(text, encoding="utf-8")
    with (reviews / "pruefsummen.yml").open("a", encoding="utf-8") as out:
        out.write(f"{name}: {hashlib.sha256(text.encode()).hexdigest()}\n")


BAD_REVIEWS = [
    ("2026-06-01.yml", REVIEW.replace("date: 2026-06-01", "date: 2026-06-03"), "reviews/2026-06-01.yml:1:",
     "passt nicht zum Dateinamen"),
    ("2026-07-01.yml", REVIEW.replace("2026-06-01", "2026-07-01").replace("2026-06-02", "2026-07-01"),
     "reviews/2026-07-01.yml:1:", "2026-07-01 liegt in der Zukunft"),
    ("2026-06-01.yml", REVIEW.replace("recorded: 2026-06-02", "recorded: 2026-05-31"), "reviews/2026-06-01.yml:2:",
     "recorded: ein Review wird am Stichtag oder danach aufgezeichnet"),
    ("2026-06-01.yml", REVIEW.replace("  transfer:", "  transfr:"), "reviews/2026-06-01.yml:7:",
     "assessments: unbekanntes Ziel 'transfr'"),
    ("juni.yml", REVIEW, "reviews/juni.yml:1:", "Dateiname muss JJJJ-MM-TT.yml"),
    ("2026-06-01-korrektur-1.yml", REVIEW, "reviews/2026-06-01-korrektur-1.yml:1:", "eine Korrektur nennt 'corrects: 2026-06-01' und 'reason'"),
    ("2026-06-01.yml", REVIEW + "corrects: 2026-06-01\nreason: x\n", "reviews/2026-06-01.yml:8:", "gehören in eine Datei 2026-06-01-korrektur-N.yml"),
    ("2026-06-01.yml", REVIEW.replace("{value: 15}", "{value: fünfzehn}"), "reviews/2026-06-01.yml:5:", "values.eingetragen.value: Zahl erwartet"),
]


@pytest.mark.parametrize("name, text, where, message", BAD_REVIEWS, ids=[f"{b[0]}: {b[3]}" for b in BAD_REVIEWS])
def test_a_bad_review_file_is_reported_at_its_line(tmp_path, name, text, where, message):
    write(tmp_path / "okr", MATRIX)
    write_review(tmp_path / "okr", name, text)
    found = errors(tmp_path / "okr")
    assert any(f.startswith(f"okr/{where}") and message in f for f in found), found


def test_the_collection_is_part_of_the_portal_and_its_objectives_are_cross_linked(tmp_path):
    write(tmp_path / "okr", MATRIX)
    portal = load_portal(tmp_path, today=TODAY, taxonomy=region_taxonomy())
    assert OKR.name in portal.records and portal.okr is not None
    [objective] = portal.tags.bundles["M01"]
    assert (objective.kind, objective.url) == ("Ziel der Schule", "wirkung/#ziel-transfer")
    assert portal.tags.handlungsfelder["bildung"] == [objective]
