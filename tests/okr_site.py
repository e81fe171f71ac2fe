"""A copy of the project with two recorded OKR reviews, a correction and an entered key result, built once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from projecttools import copy_project, run_build
from scschule.okr.evaluate import record_review
from scschule.okr.model import OKR
from scschule.portal import load_portal
from projecttools import region_taxonomy

TODAY = date(2026, 12, 1)
REVIEW_DAYS = (date(2026, 5, 31), date(2026, 11, 30))
ENTERED = """\
      - id: teilnehmende-klassenfahrten
        title: Teilnehmende der Klassenfahrten
        kind: entered
        unit: Personen
        baseline: offen
        target: offen
        due: offen
        owner: Südwestfalen Agentur (Wissenstransfer)
        values:
          - {date: 2026-04-20, value: 21, source: "Teilnehmerliste (Testdaten)", link: "https://example.org/liste.pdf"}
          - {date: 2026-10-12, value: 34, source: "Teilnehmerliste (Testdaten)"}
"""


def assessments(day: date, matrix) -> dict[str, str]:
    return {o.id: f"Bewertung {o.id} zum {day.isoformat()}" for o in matrix.objectives}


def build_okr_site(dest: Path) -> Path:
    root = copy_project(dest)
    matrix_file = root / "okr" / "ziele.yml"
    text = matrix_file.read_text(encoding="utf-8")
    anchor = "  - id: aktuelle-leitfaeden\n"
    matrix_file.write_text(text.replace(anchor, ENTERED + anchor), encoding="utf-8")
    portal = load_portal(root, today=TODAY, taxonomy=region_taxonomy())
    assert portal.errors == [], portal.errors
    for day in REVIEW_DAYS:
        record_review(OKR.path(root), portal.okr, portal.okr_facts(), day, TODAY, assessments(day, portal.okr))
    corrected = assessments(REVIEW_DAYS[1], portal.okr) | {"schuelerzeitung": "Korrigierte Bewertung der Schülerzeitung"}
    record_review(OKR.path(root), portal.okr, portal.okr_facts(), REVIEW_DAYS[1], TODAY, corrected, reason="Tippfehler")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - scschule\n", f"  - scschule:\n      today: \"{TODAY.isoformat()}\"\n", 1),
                      encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
