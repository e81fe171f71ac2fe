"""Content rules of the Referatreihe and the Pausenhof proposals: every kind of bad input is an error at
``path:line`` in German; the proposal form writes exactly one file; the OKR metrics count proposals."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from formats_site import TALK, TODAY, formats_project
from scschule.cli import main
from scschule.okr.metrics import measure
from scschule.pausenhof.model import PROPOSALS, load_proposals
from scschule.portal import load_portal
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT
from projecttools import region_taxonomy

INTAKE = Path(__file__).parent / "fixtures" / "intake"
TAXONOMY = load_taxonomy(ROOT)


@pytest.fixture
def formats(tmp_path) -> Path:
    return formats_project(tmp_path / "project")


def problems_of(root: Path) -> list[str]:
    return [p.format(root) for p in load_portal(root, today=TODAY, taxonomy=region_taxonomy()).problems if p.is_error]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PROPOSAL = """title: Ein Testthema
description: Ein Testtext.
proposed_by: arnsberg
date: 2026-11-02
status: vorgeschlagen
"""

BAD_PROPOSALS = {
    "unbekannter Status": (PROPOSAL.replace("status: vorgeschlagen", "status: erledigt"), 5,
                           "status: unzulässiger Wert"),
    "eingeplant ohne Termin": (PROPOSAL.replace("status: vorgeschlagen", "status: eingeplant"), 5,
                               "status: 'eingeplant' braucht 'event:"),
    "besprochen ohne Link": (PROPOSAL.replace("status: vorgeschlagen", "status: besprochen"), 5,
                             "status: 'besprochen' braucht 'report: https://…'"),
    "abgelehnt ohne Begründung": (PROPOSAL.replace("status: vorgeschlagen", "status: abgelehnt"), 5,
                                  "status: 'abgelehnt' braucht 'reason:"),
    "unbekannte Kommune": (PROPOSAL.replace("arnsberg", "arnsburg"), 3,
                           "proposed_by: unbekannte Kommune oder Stelle 'arnsburg' – meinten Sie 'arnsberg'?"),
    "unbekannte Stelle": (PROPOSAL.replace("arnsberg", "Landesministerium"), 3,
                          "proposed_by: unbekannte Kommune oder Stelle 'Landesministerium'"),
    "falsches Datum": (PROPOSAL.replace("2026-11-02", "2026-13-40"), 4, "'2026-13-40' ist kein gültiges Datum"),
    "Datum als Text": (PROPOSAL.replace("2026-11-02", "gestern"), 4, "date: Datum im Format JJJJ-MM-TT erwartet"),
    "Datum in der Zukunft": (PROPOSAL.replace("2026-11-02", "2027-05-01"), 4, "date: 2027-05-01 liegt in der Zukunft"),
    "unbekannter Termin": (PROPOSAL.replace("status: vorgeschlagen", "status: eingeplant\nevent: gibt-es-nicht"), 6,
                           "event: einen Termin 'gibt-es-nicht' gibt es in courses/termine.yml nicht"),
    "Termin keiner Pausenhofgespräch": (PROPOSAL.replace("status: vorgeschlagen",
                                                         "status: eingeplant\nevent: klassenfahrt-2027-03-01"), 6,
                                        "event: 'klassenfahrt-2027-03-01' ist kein Pausenhofgespräch"),
    "unbekannte Ausgabe": (PROPOSAL.replace("status: vorgeschlagen", "status: besprochen\nnewsletter_issue: 999"), 6,
                           "newsletter_issue: eine Ausgabe 999 der Schülerzeitung gibt es nicht"),
    "unbekanntes Feld": (PROPOSAL + "stimmen: 5\n", 6, "stimmen: unbekanntes Feld"),
    "Link ohne https": (PROPOSAL.replace("status: vorgeschlagen", "status: besprochen\nreport: http://example.org/"), 6,
                        "report: Format stimmt nicht"),
    "Issue doppelt": (PROPOSAL + "issue: 12\n", 6, "issue: Issue 12 gehört schon zu viel-unterstuetzt.yml"),
    "Begründung ohne Ablehnung": (PROPOSAL + "reason: egal\n", 6, "reason: eine Begründung gibt es nur"),
}


@pytest.mark.parametrize("name", list(BAD_PROPOSALS))
def test_a_bad_proposal_is_an_error_at_its_line(formats, name):
    text, line, message = BAD_PROPOSALS[name]
    write(formats / "pausenhof" / "themen" / "z-test.yml", text)
    found = problems_of(formats)
    assert any(p.startswith(f"pausenhof/themen/z-test.yml:{line}: ") and message in p for p in found), found


def test_the_fixture_content_has_no_errors(formats):
    assert problems_of(formats) == []


TALK_FILE = f"referate/{TALK}/index.md"


def edit_talk(root: Path, old: str, new: str) -> None:
    path = root / TALK_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_talk_recording_without_captions_is_an_error_even_when_it_claims_no_speech(formats):
    edit_talk(formats, "captions: leitfaeden/datenplattform-erklaert.de.vtt\n", "speech: false\n")
    found = problems_of(formats)
    assert any(p.startswith(f"{TALK_FILE}:17: ") and "braucht deutsche Untertitel" in p for p in found), found


@pytest.mark.parametrize("old,new,line,message", [
    ("slides: folien.pdf", "slides: fehlt.pdf", 6, "slides: Datei 'fehlt.pdf' fehlt im Ordner des Referats"),
    ("slides: folien.pdf", "slides: folien.pptx", 6, "slides: Dateiname einer PDF-Datei"),
    ("guides: [datenplattform-fiware-ngsi-ld]", "guides: [gibt-es-nicht]", 7, "guides.0: einen Leitfaden 'gibt-es-nicht' gibt es nicht"),
    ("courses: [die-datenplattform-verstehen]", "courses: [kein-kurs]", 8, "courses.0: einen Kurs 'kein-kurs' gibt es nicht"),
    ("bundles: [M01]", "bundles: [M99]", 10, "unbekannte(s) Maßnahmenbündel 'M99'"),
    ("  - organisation: Testverwaltung\n    role: Testfunktion Datenkatalog\n", "  - organisation: Testverwaltung\n", 4,
     "role: Pflichtfeld fehlt"),
    ("summary: Testzusammenfassung über Rathausdatenkataloge und ihre Pflege.\n", "", 2, "summary: Pflichtfeld fehlt"),
])
def test_a_bad_talk_file_is_an_error_at_its_line(formats, old, new, line, message):
    edit_talk(formats, old, new)
    found = problems_of(formats)
    assert any(p.startswith(f"{TALK_FILE}:{line}: ") and message in p for p in found), found


def test_slides_that_are_no_pdf_are_refused(formats):
    (formats / "referate" / TALK / "folien.pdf").write_text("kein PDF", encoding="utf-8")
    assert any("slides: 'folien.pdf' ist keine PDF-Datei" in p for p in problems_of(formats))


@pytest.mark.parametrize("event,message", [
    ("gibt-es-nicht", "einen Termin mit der Kennung 'gibt-es-nicht' gibt es in courses/termine.yml nicht"),
    ("pausenhofgespraech-2027-01-20", "der Termin 'pausenhofgespraech-2027-01-20' ist kein Referat"),
])
def test_a_talk_folder_must_name_a_talk_of_the_calendar(formats, event, message):
    shutil.move(formats / "referate" / TALK, formats / "referate" / event)
    found = problems_of(formats)
    assert any(p.startswith(f"referate/{event}/index.md:1: ") and message in p for p in found), found


def test_a_talk_file_before_its_date_is_a_warning_and_not_archived(formats):
    shutil.move(formats / "referate" / TALK, formats / "referate" / "referat-2027-02-10-sensoren")
    portal = load_portal(formats, today=TODAY, taxonomy=region_taxonomy())
    assert not portal.errors
    assert any("hat noch nicht stattgefunden" in p.message for p in portal.problems)
    assert [a.talk for a in portal.archived_talks] == [None, None]


def test_scschule_check_reports_bad_formats_content_with_path_and_line(formats):
    write(formats / "pausenhof" / "themen" / "kaputt.yml", PROPOSAL.replace("status: vorgeschlagen", "status: abgelehnt"))
    edit_talk(formats, "slides: folien.pdf", "slides: fehlt.pdf")
    result = CliRunner().invoke(main, ["check", str(formats), "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "pausenhof/themen/kaputt.yml:5: status: 'abgelehnt' braucht 'reason:" in result.output
    assert f"{TALK_FILE}:6: slides: Datei 'fehlt.pdf' fehlt" in result.output
    assert "Traceback" not in result.output


# --- the form -------------------------------------------------------------------------

def intake(root: Path, body: bytes, tmp: Path, *extra: str):
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "issue.md"
    path.write_bytes(body)
    out = tmp / "out"
    result = CliRunner().invoke(main, ["intake", str(path), "--out", str(out), "--root", str(root),
                                       "--today", TODAY.isoformat(), *extra])
    return result, out


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "site" not in p.parts and ".cache" not in p.parts}


@pytest.mark.parametrize("fixture", ["github-pausenhof-thema.md", "gitlab-pausenhof-thema.md"])
def test_a_submitted_proposal_becomes_exactly_one_new_file(formats, tmp_path, fixture):
    before = tree(formats)
    result, out = intake(formats, (INTAKE / fixture).read_bytes(), tmp_path / "intake", "--name", "issue-42", "--check")
    assert result.exit_code == 0, result.output
    after = tree(formats)
    added = sorted(set(after) - set(before))
    assert added == ["pausenhof/themen/testthema-sensoren-in-klassenzimmern-auswerten.yml"]
    assert {k: v for k, v in after.items() if k in before} == before
    assert (out / "dateien.txt").read_text() == added[0] + "\n"
    assert (out / "titel.txt").read_text() == "Pausenhof-Thema: Testthema: Sensoren in Klassenzimmern auswerten\n"
    data = yaml.safe_load(after[added[0]])
    assert data == {"title": "Testthema: Sensoren in Klassenzimmern auswerten",
                    "description": "Ein Testtext: Wie werten Kommunen CO2-Sensoren aus, und wer schaut auf die Daten?",
                    "proposed_by": "menden-sauerland", "date": TODAY, "status": "vorgeschlagen", "issue": 42}
    proposals, problems = load_proposals(PROPOSALS.path(formats), TAXONOMY)
    assert problems == [] and len(proposals) == 7


@pytest.mark.parametrize("old,new,message", [
    ("Menden (Sauerland)", "Musterstadt", "Vorgeschlagen von: 'Musterstadt' ist weder eine Kommune Südwestfalens"),
    ("Ein Testtext:", "<img src=https://tracker.example/x.gif> Ein Testtext:", "Worum soll es gehen?: HTML ist nicht erlaubt"),
    ("Testthema: Sensoren", "Testthema\x07: Sensoren", "Thema: enthält Steuerzeichen"),
    ("Testthema: Sensoren in Klassenzimmern auswerten", "", "Thema: Pflichtangabe fehlt"),
    ("Testthema: Sensoren in Klassenzimmern auswerten", "Zeile eins\nZeile zwei", "Thema: bitte nur eine Zeile angeben"),
])
def test_a_bad_proposal_form_gets_a_german_answer_and_writes_nothing(formats, tmp_path, old, new, message):
    body = (INTAKE / "github-pausenhof-thema.md").read_text(encoding="utf-8").replace(old, new)
    before = tree(formats)
    result, out = intake(formats, body.encode("utf-8"), tmp_path / "intake", "--name", "issue-43")
    assert result.exit_code == 1
    answer = (out / "antwort.md").read_text(encoding="utf-8")
    assert answer.startswith("Vielen Dank für Ihre Angaben!") and message in answer, answer
    assert (out / "dateien.txt").read_text() == ""
    assert tree(formats) == before


def test_a_second_proposal_with_the_same_topic_is_refused(formats, tmp_path):
    body = (INTAKE / "github-pausenhof-thema.md").read_bytes()
    assert intake(formats, body, tmp_path / "a", "--issue", "42")[0].exit_code == 0
    before = tree(formats)
    result, out = intake(formats, body, tmp_path / "b", "--issue", "44")
    assert result.exit_code == 1 and "gibt es schon" in (out / "antwort.md").read_text(encoding="utf-8")
    assert tree(formats) == before


# --- OKR ------------------------------------------------------------------------------

def test_the_okr_metrics_count_proposals_and_discussed_ones_as_of_a_day(formats):
    portal = load_portal(formats, today=TODAY, taxonomy=region_taxonomy())
    facts = portal.okr_facts()
    assert measure("pausenhof-themen", facts, TODAY).value == 6
    assert measure("pausenhof-themen", facts, date(2026, 7, 1)).value == 2  # besprochen (May), abgelehnt (June)
    discussed = measure("pausenhof-themen-besprochen", facts, TODAY)
    assert (discussed.value, discussed.undated) == (1, 1)
    assert discussed.items[0].url == "pausenhof/#thema-besprochen"
    assert measure("pausenhof-themen-besprochen", facts, date(2026, 4, 1)).value == 0


def talk_page_text(root: Path) -> str:
    from scschule.referate.pages import referate_pages
    from scschule.site.pages import PageRenderer

    portal = load_portal(root, today=TODAY, taxonomy=region_taxonomy())
    page = next(p for p in referate_pages(portal, PageRenderer("scschule.referate")) if TALK in p.src_uri)
    return page.text


def test_a_speaker_is_named_only_where_the_talk_file_states_a_name(formats):
    assert "Referat von: Testfunktion Datenkatalog, Testverwaltung" in talk_page_text(formats)
    edit_talk(formats, "    role: Testfunktion Datenkatalog\n", "    role: Testfunktion Datenkatalog\n    name: Erika Testfrau\n")
    assert "Referat von: Erika Testfrau, Testfunktion Datenkatalog, Testverwaltung" in talk_page_text(formats)
