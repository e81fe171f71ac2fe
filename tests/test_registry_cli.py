"""``scschule register`` (and ``scschule new municipality``): interactive, scripted, status change."""

from __future__ import annotations

from datetime import date

import yaml
from click.testing import CliRunner

from scschule.cli import main
from scschule.registry.model import load_registrations
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT

TODAY = "2025-06-30"
TAXONOMY = load_taxonomy(ROOT)


def run(project, *args, input=None):
    return CliRunner().invoke(main, [*args, "--root", str(project), "--today", TODAY], input=input)


def registrations(project):
    regs, problems = load_registrations(project / "municipalities", TAXONOMY, date.fromisoformat(TODAY))
    assert [p for p in problems if p.is_error] == []
    return {r.slug: r for r in regs}


def snapshot(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "municipalities").iterdir())}


def test_non_interactive_registration_writes_a_valid_file(project):
    result = run(project, "register", "Brilon", "--no-input", "--status", "teilnehmer",
                 "--commitment-date", "2024-03-05", "--contact", "smartcity@brilon.example")
    assert result.exit_code == 0, result.output
    path = project / "municipalities" / "brilon.yml"
    assert f"Angelegt: {path}" in result.output
    reg = registrations(project)["brilon"]
    assert reg.meta.ags == "05958012" and reg.meta.status == "teilnehmer"
    assert reg.meta.commitment.date == date(2024, 3, 5)
    assert [(h.status, h.date) for h in reg.meta.history] == [("teilnehmer", date(2024, 3, 5))]
    raw = path.read_text(encoding="utf-8")
    assert "&id" not in raw and "'05958012'" in raw  # no YAML aliases; AGS stays text


def test_non_interactive_mitmacher_with_unknown_reference(project):
    result = run(project, "register", "05958048", "--no-input", "--status", "mitmacher",
                 "--commitment-date", "unbekannt", "--resolution-date", "2023-02-01",
                 "--resolution-body", "Rat der Stadt Winterberg", "--resolution-reference", "unbekannt")
    assert result.exit_code == 0, result.output
    meta = registrations(project)["winterberg"].meta
    assert meta.commitment.date is None and meta.resolution.reference == "unbekannt"
    assert [h.status for h in meta.history] == ["teilnehmer", "mitmacher"]


def test_interactive_registration_matches_names_and_asks_again(project):
    answers = "\n".join([
        "Winterbrg",                 # typo: suggestion, asked again
        "Winterberg",
        "mitmacher",
        "2022-11-02",                # commitment date
        "",                          # no document link
        "2.2.2023",                  # wrong format: asked again
        "2023-02-01",
        "Rat der Stadt Winterberg",
        "DS 12/2023",
        "",                          # subject
        "",                          # link
        "kaputt",                    # invalid e-mail: asked again
        "smartcity@winterberg.example",
        "",                          # website
        "",                          # notes
    ]) + "\n"
    result = run(project, "register", input=answers)
    assert result.exit_code == 0, result.output
    assert "Meinten Sie: Winterberg?" in result.output
    assert "keine gültige E-Mail-Adresse" in result.output
    assert "Datum im Format JJJJ-MM-TT erwartet" in result.output
    meta = registrations(project)["winterberg"].meta
    assert meta.resolution.reference == "DS 12/2023" and meta.contact == "smartcity@winterberg.example"
    assert meta.website is None and meta.notes is None


def test_unique_prefix_matches_and_new_municipality_alias(project):
    # 'Eslohe' is the start of exactly one name: 'Eslohe (Sauerland)'
    result = run(project, "new", "municipality", "Eslohe", "--no-input", "--status", "teilnehmer", "--commitment-date", "2024-01-10")
    assert result.exit_code == 0, result.output
    assert registrations(project)["eslohe-sauerland"].meta.name == "Eslohe (Sauerland)"


def test_unknown_name_in_scripted_use_suggests_and_writes_nothing(project):
    before = snapshot(project)
    result = run(project, "register", "Brillon", "--no-input", "--status", "teilnehmer", "--commitment-date", "2024-01-10")
    assert result.exit_code == 2
    assert "'Brillon' ist keine der 59 Kommunen Südwestfalens. Meinten Sie: Brilon?" in result.output
    assert snapshot(project) == before


def test_missing_required_flag_without_input_is_an_error(project):
    before = snapshot(project)
    result = run(project, "register", "Brilon", "--no-input", "--status", "mitmacher", "--commitment-date", "2024-01-10")
    assert result.exit_code == 2
    assert "Angabe fehlt: --resolution-date" in result.output
    assert snapshot(project) == before


def test_already_registered_is_refused_pointing_at_its_file(project):
    before = snapshot(project)
    result = run(project, "register", "Olpe", "--no-input", "--status", "teilnehmer", "--commitment-date", "2024-01-10")
    assert result.exit_code == 1
    assert "municipalities/olpe.yml: Olpe ist schon angemeldet" in result.output
    assert "register --upgrade olpe" in result.output
    assert snapshot(project) == before


def test_invalid_registration_leaves_no_file(project):
    before = snapshot(project)
    result = run(project, "register", "Brilon", "--no-input", "--status", "teilnehmer", "--commitment-date", "2030-01-01")
    assert result.exit_code == 1
    assert "commitment.date: 2030-01-01 liegt in der Zukunft" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_status_change_keeps_commitment_history_and_comments(project):
    assert run(project, "register", "Brilon", "--no-input", "--status", "teilnehmer", "--commitment-date", "2024-03-05",
               "--note", "Zusage per Brief an die Südwestfalen Agentur.").exit_code == 0
    path = project / "municipalities" / "brilon.yml"
    path.write_text("# Von Hand ergänzt: bitte stehen lassen\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    old = yaml.safe_load(path.read_text(encoding="utf-8"))

    result = run(project, "register", "--upgrade", "brilon", "--no-input", "--resolution-date", "2024-09-12",
                 "--resolution-body", "Rat der Stadt Brilon", "--resolution-reference", "DS 44/2024")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    new = yaml.safe_load(text)
    assert text.startswith("# Von Hand ergänzt: bitte stehen lassen\n")
    assert new["status"] == "mitmacher"
    assert new["commitment"] == old["commitment"]  # the commitment is never overwritten
    assert new["history"][: len(old["history"])] == old["history"]  # earlier entries stay as they were
    assert new["history"][-1] == {"status": "mitmacher", "date": date(2024, 9, 12),
                                  "note": "Zusage durch politischen Beschluss bekräftigt."}
    assert new["resolution"] == {"date": date(2024, 9, 12), "body": "Rat der Stadt Brilon", "reference": "DS 44/2024"}
    assert list(new) == ["name", "ags", "status", "commitment", "resolution", "history"]
    registrations(project)  # still valid


def test_status_change_refused_without_losing_anything(project):
    before = snapshot(project)
    # a pioneer cannot be "upgraded"
    result = run(project, "register", "--upgrade", "olpe", "--no-input", "--resolution-date", "2024-09-12",
                 "--resolution-body", "Rat", "--resolution-reference", "x")
    assert result.exit_code == 1 and "Olpe ist schon 'pionier'" in result.output
    # an unregistered municipality cannot change status
    result = run(project, "register", "--upgrade", "brilon", "--no-input", "--resolution-date", "2024-09-12",
                 "--resolution-body", "Rat", "--resolution-reference", "x")
    assert result.exit_code == 1 and "Brilon ist noch nicht angemeldet" in result.output
    assert snapshot(project) == before


def test_status_change_checks_dates_and_restores_nothing_lost(project):
    assert run(project, "register", "Brilon", "--no-input", "--status", "teilnehmer", "--commitment-date", "2024-03-05").exit_code == 0
    before = snapshot(project)
    result = run(project, "register", "--upgrade", "brilon", "--no-input", "--resolution-date", "2024-01-01",
                 "--resolution-body", "Rat der Stadt Brilon", "--resolution-reference", "DS 1/2024")
    assert result.exit_code == 1
    assert "Beschluss (2024-01-01) liegt vor der Zusage (2024-03-05)" in result.output
    assert snapshot(project) == before
