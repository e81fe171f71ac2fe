"""Registry model: the file format, every validation rule with a broken file, the pioneers' content."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scschule.cli import main
from scschule.portal import load_portal
from scschule.registry.model import load_registrations
from scschule.taxonomy import load_taxonomy
from projecttools import region_taxonomy

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 30)
TAXONOMY = load_taxonomy(ROOT)

VALID = """\
name: Winterberg
ags: "05958048"
status: mitmacher
commitment:
  date: 2022-11-02
  document: https://winterberg.example/zusage.pdf
resolution:
  date: 2023-02-01
  body: Rat der Stadt Winterberg
  reference: DS 12/2023
  link: https://ratsinfo.winterberg.example/ds-12-2023
contact: smartcity@winterberg.example
website: https://winterberg.example/smart-city
history:
  - status: teilnehmer
    date: 2022-11-02
    note: Zusage.
  - status: mitmacher
    date: 2023-02-01
    note: Beschluss.
"""


def load(folder: Path, files: dict[str, str], today: date = TODAY):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return load_registrations(folder, TAXONOMY, today)


def messages(problems, errors_only=True) -> list[str]:
    return [p.format(None) for p in problems if p.is_error or not errors_only]


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), start=1) if needle in row)


def test_valid_file_loads_with_district_from_reference(tmp_path):
    registrations, problems = load(tmp_path, {"winterberg.yml": VALID})
    assert problems == []
    (reg,) = registrations
    assert reg.municipality.kreis == "Hochsauerlandkreis"
    assert reg.meta.status == "mitmacher"
    assert [h.status for h in reg.meta.history] == ["teilnehmer", "mitmacher"]


def test_unknown_dates_and_texts_are_allowed_and_stay_unknown(tmp_path):
    text = VALID.replace("date: 2022-11-02", "date: unbekannt").replace("reference: DS 12/2023", "reference: unbekannt")
    registrations, problems = load(tmp_path, {"winterberg.yml": text})
    assert problems == []
    meta = registrations[0].meta
    assert meta.commitment.date is None and meta.history[0].date is None
    assert meta.resolution.reference == "unbekannt"


# (what to break, replacement, line marker in the broken text, expected message part)
BROKEN = [
    ("unknown AGS", ('ags: "05958048"', 'ags: "05999999"'), "ags:", "ist keine der 59 Kommunen Südwestfalens; für Winterberg lautet sie 05958048"),
    ("AGS without quotes", ('ags: "05958048"', "ags: 5958048"), "ags:", "in Anführungszeichen"),
    ("AGS malformed", ('ags: "05958048"', 'ags: "5958048"'), "ags:", "Format stimmt nicht"),
    ("name not matching", ("name: Winterberg", "name: Winterberg (Hochsauerland)"), "name:", "amtlicher Name ist 'Winterberg'"),
    ("mitmacher without resolution",
     ("resolution:\n  date: 2023-02-01\n  body: Rat der Stadt Winterberg\n  reference: DS 12/2023\n  link: https://ratsinfo.winterberg.example/ds-12-2023\n", ""),
     "status:", "verlangt einen politischen Beschluss"),
    ("without commitment",
     ("commitment:\n  date: 2022-11-02\n  document: https://winterberg.example/zusage.pdf\n", ""),
     "status:", "verlangt eine schriftliche Zusage"),
    ("resolution without reference", ("  reference: DS 12/2023\n", ""), "resolution:", "resolution.reference: Pflichtfeld fehlt"),
    ("commitment in the future", ("  date: 2022-11-02\n  document", "  date: 2025-07-01\n  document"), "date: 2025-07-01",
     "commitment.date: 2025-07-01 liegt in der Zukunft"),
    ("history date in the future", ("    date: 2023-02-01\n    note: Beschluss.", "    date: 2026-01-01\n    note: Beschluss."),
     "date: 2026-01-01", "history.1.date: 2026-01-01 liegt in der Zukunft"),
    ("resolution before commitment", ("  date: 2023-02-01\n  body", "  date: 2022-01-01\n  body"), "date: 2022-01-01",
     "Beschluss (2022-01-01) liegt vor der Zusage (2022-11-02)"),
    ("malformed e-mail", ("contact: smartcity@winterberg.example", "contact: smartcity(at)winterberg"), "contact:",
     "keine gültige E-Mail-Adresse"),
    ("malformed website", ("website: https://winterberg.example/smart-city", "website: winterberg punkt de"), "website:",
     "keine gültige Web-Adresse"),
    ("malformed document link", ("document: https://winterberg.example/zusage.pdf", "document: zusage.pdf"), "document:",
     "keine gültige Web-Adresse"),
    ("malformed resolution link", ("link: https://ratsinfo.winterberg.example/ds-12-2023", "link: ftp//x"), "link:",
     "keine gültige Web-Adresse"),
    ("date not a date", ("date: 2022-11-02\n  document", "date: 2. November 2022\n  document"), "date: 2. November",
     "Datum im Format JJJJ-MM-TT erwartet, oder 'unbekannt'"),
    ("history not matching status", ("  - status: mitmacher\n", "  - status: teilnehmer\n"), "- status: teilnehmer\n    date: 2023",
     "der letzte Eintrag ('teilnehmer') muss dem aktuellen status 'mitmacher' entsprechen"),
    ("history out of order", ("    date: 2023-02-01\n    note: Beschluss.", "    date: 2021-01-01\n    note: Beschluss."),
     "date: 2021-01-01", "in zeitlicher Reihenfolge"),
    ("history missing", (VALID[VALID.index("history:"):], ""), "name:", "history: Pflichtfeld fehlt"),
    ("unknown key", ("website:", "webseite:"), "webseite:", "webseite: unbekanntes Feld"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_every_rule_reports_path_and_line(tmp_path, case):
    _, (old, new), marker, expected = case
    assert old in VALID
    text = VALID.replace(old, new, 1)
    _, problems = load(tmp_path, {"winterberg.yml": text})
    found = messages(problems)
    assert any(expected in m for m in found), found
    hit = next(m for m in found if expected in m)
    # The problem points at the offending line of the offending file.
    expected_line = text[: text.index(marker)].count("\n") + 1
    assert hit.startswith(f"{tmp_path / 'winterberg.yml'}:{expected_line}: "), (hit, expected_line)


def test_same_ags_twice_is_an_error_at_the_second_file(tmp_path):
    project = tmp_path / "p"
    (project / "municipalities").mkdir(parents=True)
    (project / "municipalities" / "winterberg.yml").write_text(VALID, encoding="utf-8")
    (project / "municipalities" / "winterberg-kopie.yml").write_text(VALID, encoding="utf-8")
    portal = load_portal(project, today=TODAY, taxonomy=region_taxonomy())
    found = [p.format(project) for p in portal.errors]
    assert any("winterberg.yml:2: AGS '05958048' ist doppelt (schon in" in m for m in found), found
    assert any("winterberg-kopie.yml" in m and "muss 'winterberg.yml' heißen" in m for m in found), found


def test_file_name_must_match_municipality(tmp_path):
    _, problems = load(tmp_path, {"brilon.yml": VALID})
    assert messages(problems) == [f"{tmp_path / 'brilon.yml'}:1: Datei muss 'winterberg.yml' heißen (Kurzname von Winterberg)"]


def test_resolution_on_a_teilnehmer_is_a_warning(tmp_path):
    text = VALID.replace("status: mitmacher\n", "status: teilnehmer\n").replace("  - status: mitmacher\n    date: 2023-02-01\n    note: Beschluss.\n", "")
    _, problems = load(tmp_path, {"winterberg.yml": text})
    assert messages(problems) == []
    assert any("schon 'mitmacher'?" in m for m in messages(problems, errors_only=False))


def test_yaml_syntax_error_and_empty_file(tmp_path):
    _, problems = load(tmp_path, {"winterberg.yml": VALID.replace("status: mitmacher", "status: [mitmacher"), "olpe.yml": ""})
    found = messages(problems)
    assert any("olpe.yml:1: Datei ist leer" in m for m in found)
    assert any("winterberg.yml" in m and "YAML-Syntaxfehler" in m for m in found)


def test_page_text_must_not_add_an_h1_and_needs_its_registration(tmp_path):
    body = "Einleitung\n\n```text\n# kein Titel, nur Code\n```\n\n# Zweiter Titel\n"
    registrations, problems = load(tmp_path, {"winterberg.yml": VALID, "winterberg.md": body, "brilon.md": "## Daten\n"})
    found = messages(problems)
    assert f"{tmp_path / 'winterberg.md'}:7: Überschrift erster Ebene ('# …') nicht erlaubt; bitte mit '## …' beginnen" in found
    assert f"{tmp_path / 'brilon.md'}:1: zu dieser Seite fehlt die Anmeldung brilon.yml" in found
    assert registrations[0].body == body


def test_scschule_check_reports_broken_registration_without_traceback(project):
    path = project / "municipalities" / "winterberg.yml"
    path.write_text(VALID.replace("contact: smartcity@winterberg.example", "contact: nicht-gueltig"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(project), "--today", "2025-06-30"])
    assert result.exit_code == 1
    assert f"municipalities/winterberg.yml:{line_of(path.read_text(), 'contact:')}: contact: 'nicht-gueltig' ist keine gültige E-Mail-Adresse" in result.output
    assert "Traceback" not in result.output
    github = CliRunner().invoke(main, ["check", str(project), "--format", "github", "--today", "2025-06-30"])
    assert "::error file=municipalities/winterberg.yml,line=" in github.output


# --- the included content: the five Pionierkommunen ---------------------------------------------

def test_the_five_pioneers_are_registered_and_valid():
    registrations, problems = load_registrations(ROOT / "municipalities", TAXONOMY, date.today())
    assert [p for p in problems if p.is_error] == []
    assert sorted(r.slug for r in registrations) == ["arnsberg", "bad-berleburg", "menden-sauerland", "olpe", "soest"]
    assert {r.slug for r in registrations} == {p.slug for p in TAXONOMY.pioneers}
    for reg in registrations:
        meta = reg.meta
        assert meta.status == "pionier"
        # The seeds state no date, body or paper number: the files must say so instead of guessing.
        assert meta.commitment.date is None and meta.resolution.date is None
        assert meta.resolution.body == "unbekannt" and meta.resolution.reference == "unbekannt"
        assert meta.contact is None and meta.website is None  # the seeds give none
