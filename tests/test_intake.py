"""``scschule intake``: issue forms as GitHub and GitLab store them become the files
``scschule register`` / ``scschule new`` write; every bad input gets a German answer
and leaves everything stored as it was.

The fixtures in tests/fixtures/intake are issue bodies as the forges save them:
GitHub writes ``### <label>``, a blank line and the value (``_No response_`` for an
empty field, ``- [X]`` for a ticked box, choices joined with ", ", lines ending in
CRLF); GitLab saves the description template as the person filled it in, help in
HTML comments, the ``/label`` quick action removed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scschule.cli import main
from scschule.cli.intake import template_files
from scschule.content.issueforms import MAX_BODY, detect, gitlab_template, parse
from scschule.courses.events import load_events
from scschule.portal import load_portal
from scschule.registry.intake import registration_form
from scschule.registry.model import load_registrations
from scschule.taxonomy import load_taxonomy
from projecttools import region_taxonomy

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "intake"
TODAY = "2026-12-01"
TAXONOMY = load_taxonomy(ROOT)
REGISTRATION_FORM = registration_form(TAXONOMY)


def fixture(name: str, *, crlf: bool = False) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def intake(project: Path, body: bytes, *extra: str, tmp: Path | None = None):
    """Run ``scschule intake`` on ``body`` as the workflow does (a file, --out); returns (result, out folder)."""
    folder = (tmp or project.parent) / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "issue-7.md"
    path.write_bytes(body)
    out = folder / "out"
    result = CliRunner().invoke(main, ["intake", str(path), "--out", str(out), "--root", str(project),
                                       "--today", TODAY, *extra])
    return result, out


def stored(project: Path) -> dict[str, bytes]:
    """Every file a form could write or change."""
    files = {}
    for folder in ("municipalities", "newsletter", "courses"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(project))] = path.read_bytes()
    return files


def registrations(project: Path) -> dict:
    regs, problems = load_registrations(project / "municipalities", TAXONOMY, date.fromisoformat(TODAY))
    assert [p for p in problems if p.is_error] == []
    return {r.slug: r for r in regs}


def answer(out: Path) -> str:
    return (out / "antwort.md").read_text(encoding="utf-8")


# --- registrations ------------------------------------------------------------------------

@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_github_registration_writes_what_scschule_register_writes(project, tmp_path, crlf):
    result, out = intake(project, fixture("github-kommune-teilnehmer.md", crlf=crlf), tmp=tmp_path)
    assert result.exit_code == 0, result.output
    written = (project / "municipalities" / "brilon.yml").read_bytes()
    assert (out / "dateien.txt").read_text() == "municipalities/brilon.yml\n"
    assert (out / "titel.txt").read_text() == "Anmeldung: Brilon (Teilnehmerkommune)\n"
    assert "Die schriftliche Zusage liegt der Südwestfalen Agentur vor" in answer(out)
    # The same input through the CLI gives the same bytes: one writer.
    (project / "municipalities" / "brilon.yml").unlink()
    cli = CliRunner().invoke(main, ["register", "Brilon", "--no-input", "--status", "teilnehmer",
                                    "--commitment-date", "2024-03-05", "--contact", "smartcity@brilon.example",
                                    "--root", str(project), "--today", TODAY])
    assert cli.exit_code == 0, cli.output
    assert (project / "municipalities" / "brilon.yml").read_bytes() == written


def test_gitlab_template_filled_in_gives_the_same_file_as_the_github_form(project, tmp_path):
    result, _ = intake(project, fixture("github-kommune-teilnehmer.md"), tmp=tmp_path / "a")
    assert result.exit_code == 0, result.output
    github = (project / "municipalities" / "brilon.yml").read_bytes()
    (project / "municipalities" / "brilon.yml").unlink()
    result, _ = intake(project, fixture("gitlab-kommune-teilnehmer.md"), tmp=tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert (project / "municipalities" / "brilon.yml").read_bytes() == github


def test_mitmacher_registration_with_unknown_values(project, tmp_path):
    result, out = intake(project, fixture("github-kommune-mitmacher.md"), tmp=tmp_path)
    assert result.exit_code == 0, result.output
    reg = registrations(project)["winterberg"]
    assert reg.meta.status == "mitmacher"
    assert reg.meta.commitment.date is None  # "unbekannt", not a guess
    assert reg.meta.commitment.document == "https://www.winterberg.example/zusage.pdf"
    assert (reg.meta.resolution.date, reg.meta.resolution.body, reg.meta.resolution.reference) == \
        (date(2023, 2, 1), "Rat der Stadt Winterberg", "unbekannt")
    assert reg.meta.resolution.link == "https://ratsinfo.winterberg.example/vorlage/1"
    assert reg.meta.website == "https://www.winterberg.example/smart-city"
    assert reg.meta.notes == "Testdaten für die Tests des Formulars."
    assert [h.status for h in reg.meta.history] == ["teilnehmer", "mitmacher"]
    assert "Mitmacherkommune" in (out / "titel.txt").read_text()


def test_status_change_goes_through_the_upgrade_path_and_keeps_the_history(project, tmp_path):
    assert intake(project, fixture("github-kommune-teilnehmer.md"), tmp=tmp_path / "a")[0].exit_code == 0
    path = project / "municipalities" / "brilon.yml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    result, out = intake(project, fixture("github-kommune-statuswechsel.md"), tmp=tmp_path / "b")
    assert result.exit_code == 0, result.output
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after["status"] == "mitmacher"
    assert after["commitment"] == before["commitment"] and after["contact"] == before["contact"]
    assert after["history"][:1] == before["history"]
    assert after["history"][1] == {"status": "mitmacher", "date": date(2025, 5, 20), "note": "Beschluss in öffentlicher Sitzung."}
    assert after["resolution"] == {"date": date(2025, 5, 20), "body": "Rat der Stadt Brilon", "reference": "V/2025/017"}
    assert (out / "titel.txt").read_text().startswith("Statuswechsel: Brilon")


def test_existing_registration_is_never_overwritten(project, tmp_path):
    before = stored(project)
    body = fixture("github-kommune-teilnehmer.md").replace(b"Brilon\n", b"Olpe\n", 1).replace(b"05958012", b"_No response_")
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:11: Art der Anmeldung: Olpe ist schon angemeldet und wird nicht überschrieben" in answer(out)
    assert "Statuswechsel zur Mitmacherkommune" in answer(out)
    assert stored(project) == before
    assert (out / "dateien.txt").read_text() == ""


def test_upgrade_of_a_municipality_not_registered_is_refused(project, tmp_path):
    before = stored(project)
    result, out = intake(project, fixture("github-kommune-statuswechsel.md"), tmp=tmp_path)
    assert result.exit_code == 1
    assert "Brilon ist noch nicht angemeldet" in answer(out)
    assert stored(project) == before


KOMMUNE, MITMACHER, TERMIN = "github-kommune-teilnehmer.md", "github-kommune-mitmacher.md", "github-termin.md"
FORM_OF = {KOMMUNE: "kommune-anmelden", MITMACHER: "kommune-anmelden", TERMIN: "termin-melden"}  # named: a renamed heading hides the form
BAD_INPUT = [
    # (fixture, what is replaced, by what, the German message expected with its line)
    (KOMMUNE, b"Brilon\n", b"Brillon\n", "issue-7.md:3: Kommune: 'Brillon' ist keine der 59 Kommunen Südwestfalens. Meinten Sie: Brilon?"),
    (KOMMUNE, b"05958012", b"05966024", "issue-7.md:7: Amtlicher Gemeindeschlüssel: '05966024' passt nicht zu Brilon (AGS 05958012)"),
    (KOMMUNE, b"2024-03-05", b"5.3.2024", "issue-7.md:15: Datum der schriftlichen Zusage: Datum im Format JJJJ-MM-TT erwartet, oder 'unbekannt'"),
    (KOMMUNE, b"2024-03-05", b"2030-01-01", "issue-7.md:15: Datum der schriftlichen Zusage: 2030-01-01 liegt in der Zukunft (heute ist 2026-12-01)"),
    (KOMMUNE, b"2024-03-05", b"_No response_", "issue-7.md:15: Datum der schriftlichen Zusage: für eine neue Anmeldung nötig"),
    (KOMMUNE, b"smartcity@brilon.example", b"keine-adresse", "issue-7.md:43: Funktionspostfach für Rückfragen: 'keine-adresse' ist keine gültige E-Mail-Adresse"),
    (KOMMUNE, b"Neue Anmeldung als Teilnehmerkommune", b"Pionierkommune", "issue-7.md:11: Art der Anmeldung: 'Pionierkommune' ist keine der Auswahlmöglichkeiten"),
    (KOMMUNE, b"Neue Anmeldung als Teilnehmerkommune", b"_No response_", "issue-7.md:11: Art der Anmeldung: Pflichtangabe fehlt: bitte eine Möglichkeit wählen"),
    (KOMMUNE, b"Neue Anmeldung als Teilnehmerkommune", b"Neue Anmeldung als Mitmacherkommune",
     "issue-7.md:27: Gremium: für eine Mitmacherkommune nötig"),
    (KOMMUNE, b"- [X] Die schriftliche", b"- [ ] Die schriftliche",
     "issue-7.md:55: Bestätigung: bitte bestätigen: „Die schriftliche Zusage zu den Visionsbildern"),
    (KOMMUNE, b"### Gremium\n", b"### Gremien\n", "issue-7.md:1: Abschnitt '### Gremium' fehlt; bitte das Formular „Kommune anmelden“ verwenden"),
    (MITMACHER, b"### Datum der schriftlichen Zusage\n\nunbekannt", b"### Datum der schriftlichen Zusage\n\n2024-01-01",
     "issue-7.md:23: Datum des Beschlusses: Beschluss (2023-02-01) liegt vor der Zusage (2024-01-01)"),
    (TERMIN, b"2027-03-04 16:00", b"2027-03-04 14:00", "issue-7.md:15: Ende: muss nach dem Beginn liegen"),
    (TERMIN, b"2027-03-04 15:00", b"4. M\xc3\xa4rz, 15 Uhr", "issue-7.md:11: Beginn: '4. März, 15 Uhr' ist kein Zeitpunkt im Format JJJJ-MM-TT HH:MM"),
    (TERMIN, b"Ja, online", b"Nein, nur vor Ort", "Ort fehlt: 'place: <Ort>' oder 'online: true' angeben"),
    (TERMIN, b"https://meet.example/pausenhof", b"http://meet.example/pausenhof", "issue-7.md:27: Link zur Teilnahme: Format stimmt nicht (Muster ^https://)"),
    # A course the portal does not know: found by the portal's check after writing, then undone.
    (TERMIN, b"### Kurs\n\n_No response_", b"### Kurs\n\ngibt-es-nicht", "courses/termine.yml:27: course: unbekannter Kurs 'gibt-es-nicht'"),
]


@pytest.mark.parametrize("name, old, new, message", BAD_INPUT, ids=[f"{n.split('-')[1]}{i}" for i, (n, *_) in enumerate(BAD_INPUT)])
def test_bad_input_gets_a_german_answer_and_stores_nothing(project, tmp_path, name, old, new, message):
    body = fixture(name)
    assert old in body
    before = stored(project)
    result, out = intake(project, body.replace(old, new, 1), "--form", FORM_OF[name], tmp=tmp_path)
    assert result.exit_code == 1, result.output
    assert message in answer(out)
    assert message in result.output  # also on stderr, as path:line: message
    assert isinstance(result.exception, SystemExit)  # a clean exit, no traceback
    assert answer(out).startswith("Vielen Dank für Ihre Angaben!")
    assert stored(project) == before


# --- newsletter contributions ----------------------------------------------------------------

def test_contribution_becomes_a_draft_issue_with_the_next_number(project, tmp_path):
    numbers = [i.number for i in load_portal(project, today=date.fromisoformat(TODAY), taxonomy=region_taxonomy()).issues]
    result, out = intake(project, fixture("github-beitrag.md"), tmp=tmp_path)
    assert result.exit_code == 0, result.output
    number = max(numbers) + 1
    path = project / "newsletter" / "2026" / f"{number:02d}-sensoren-im-klassenzimmer.md"
    assert (out / "dateien.txt").read_text() == f"newsletter/2026/{number:02d}-sensoren-im-klassenzimmer.md\n"
    portal = load_portal(project, today=date.fromisoformat(TODAY), taxonomy=region_taxonomy())
    assert [p for p in portal.errors if p.path == path] == []
    issue = next(i for i in portal.issues if i.number == number)
    meta = issue.meta
    assert meta.draft is True and meta.title == "Sensoren im Klassenzimmer"
    assert meta.authors == ["Stadt Olpe, Stabsstelle Digitalisierung"]
    assert meta.municipalities == ["olpe", "menden-sauerland"]
    assert meta.handlungsfelder == ["umwelt-klima", "bildung"] and meta.bundles == ["M02"]
    text = path.read_text(encoding="utf-8")
    assert "## Worum es geht" in text and "- zweiter Punkt" in text and "[Kommunen](../../kommunen/index.md)" in text


def test_contribution_with_unknown_municipality_or_html_is_refused(project, tmp_path):
    before = stored(project)
    body = fixture("github-beitrag.md").replace(b"Olpe, Menden (Sauerland)", b"Olpe, Gotham")
    body = body.replace(b"- erster Punkt", b'<img src="https://tracker.example/p.gif"> erster Punkt')
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:11: Text: HTML ist nicht erlaubt; bitte nur Text bzw. Markdown verwenden" in answer(out)
    assert "Kommunen: 'Gotham' ist keine der 59 Kommunen Südwestfalens" in answer(out)
    assert stored(project) == before


# --- events ----------------------------------------------------------------------------------

def test_event_is_appended_and_the_calendar_file_keeps_every_byte(project, tmp_path):
    calendar = project / "courses" / "termine.yml"
    before = calendar.read_text(encoding="utf-8")
    result, out = intake(project, fixture("github-termin.md"), tmp=tmp_path / "a")
    assert result.exit_code == 0, result.output
    first = calendar.read_text(encoding="utf-8")
    # Only "events: []" became "events:"; every comment and line before stays.
    assert first.startswith(before.replace("events: []\n", "events:\n"))
    events, problems = load_events(calendar)
    assert problems == []
    [event] = events
    assert event.id == "pausenhofgespraech-2027-03-04-pausenhofgespraech-im-maerz"
    assert (event.meta.kind, event.meta.online, event.meta.place, event.meta.link) == \
        ("pausenhofgespraech", True, None, "https://meet.example/pausenhof")
    assert event.start.isoformat() == "2027-03-04T15:00:00+01:00"
    assert (out / "dateien.txt").read_text() == "courses/termine.yml\n"
    # A second event (from GitLab) is appended after the first; the first stays byte for byte.
    body = fixture("gitlab-termin.md").replace(b"Pausenhofgespr\xc3\xa4ch im M\xc3\xa4rz\n", b"Referat im April\n", 1)
    body = body.replace(b"2027-03-04", b"2027-04-08").replace(b"- [x] Pausenhofgespr", b"- [ ] Pausenhofgespr")
    body = body.replace(b"- [ ] Referat", b"- [x] Referat")
    result, _ = intake(project, body, tmp=tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert calendar.read_text(encoding="utf-8").startswith(first)
    assert [e.id for e in load_events(calendar)[0]] == [event.id, "referat-2027-04-08-referat-im-april"]


def test_the_same_event_twice_is_refused(project, tmp_path):
    assert intake(project, fixture("github-termin.md"), tmp=tmp_path / "a")[0].exit_code == 0
    before = stored(project)
    result, out = intake(project, fixture("gitlab-termin.md"), tmp=tmp_path / "b")
    assert result.exit_code == 1
    assert "Einen Termin mit der Kennung 'pausenhofgespraech-2027-03-04-pausenhofgespraech-im-maerz' gibt es schon" in answer(out)
    assert stored(project) == before


# --- hostile bodies --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "$(touch /tmp/pwned) `id` ; rm -rf / | cat /etc/passwd && echo ${HOME} > x",  # shell metacharacters
    "Zusage liegt vor.\nstatus: pionier\nresolution: {date: 2020-01-01, body: x, reference: y}\n---\n- a",  # YAML keys
    "**fett**, [Link](https://example.org/) und `Code`",  # Markdown stays as typed
], ids=["shell", "yaml", "markdown"])
def test_hostile_text_is_stored_exactly_as_a_value(project, tmp_path, value):
    body = fixture("github-kommune-teilnehmer.md").replace(b"### Anmerkungen\n\n_No response_",
                                                            f"### Anmerkungen\n\n{value}".encode())
    result, _ = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 0, result.output
    reg = registrations(project)["brilon"]
    assert reg.meta.notes == value
    assert reg.meta.status == "teilnehmer" and reg.meta.resolution is None  # no key was added


def test_a_second_line_in_a_one_line_field_is_refused(project, tmp_path):
    before = stored(project)
    body = fixture("github-kommune-teilnehmer.md").replace(b"smartcity@brilon.example", b"smartcity@brilon.example\nstatus: pionier")
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "Funktionspostfach für Rückfragen: bitte nur eine Zeile angeben" in answer(out)
    assert stored(project) == before


@pytest.mark.parametrize("html", ["<script>alert(1)</script>", '<a href="javascript:x" onclick="y">z</a>', "<!DOCTYPE html>", "</p>"])
def test_html_is_refused_in_every_field(project, tmp_path, html):
    body = fixture("github-kommune-teilnehmer.md").replace(b"### Anmerkungen\n\n_No response_", f"### Anmerkungen\n\nText {html}".encode())
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "Anmerkungen: HTML ist nicht erlaubt" in answer(out)


def test_markdown_autolink_is_not_taken_for_html():
    answers = parse(REGISTRATION_FORM, (FIXTURES / "github-kommune-teilnehmer.md").read_text().replace(
        "### Anmerkungen\n\n_No response_", "### Anmerkungen\n\nSiehe <https://www.brilon.example/> und 3 < 4."), Path("x.md"))
    assert answers.problems == [] and answers.text("anmerkungen") == "Siehe <https://www.brilon.example/> und 3 < 4."


def test_one_megabyte_field_is_refused_before_parsing(project, tmp_path):
    before = stored(project)
    body = fixture("github-kommune-teilnehmer.md").replace(b"### Anmerkungen\n\n_No response_",
                                                            b"### Anmerkungen\n\n" + b"A" * 1_048_576)
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert f"issue-7.md:1: Der Text ist mit 1.049." in answer(out) and f"(höchstens {MAX_BODY:,})".replace(",", ".") in answer(out)
    assert stored(project) == before


def test_a_long_field_within_the_body_limit_is_refused_by_its_own_limit(project, tmp_path):
    body = fixture("github-kommune-teilnehmer.md").replace(b"Brilon\n", b"B" * 5000 + b"\n", 1)
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:3: Kommune: zu lang (5000 Zeichen, höchstens 300)" in answer(out)


def test_non_utf8_body_is_refused_with_its_line(project, tmp_path):
    before = stored(project)
    body = fixture("github-kommune-teilnehmer.md").replace(b"Brilon\n", "Brilon – Stadt\n".encode("cp1252"), 1)
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:3: Der Text ist nicht UTF-8-kodiert (Byte 0x96)" in answer(out)
    assert stored(project) == before


def test_control_characters_are_refused(project, tmp_path):
    body = fixture("github-kommune-teilnehmer.md").replace(b"Brilon\n", b"Bri\x00lon\x1b[2J\n", 1)
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:3: Kommune: enthält Steuerzeichen" in answer(out)


def test_a_duplicated_heading_is_refused(project, tmp_path):
    body = fixture("github-kommune-teilnehmer.md") + b"\n\n### Kommune\n\nOlpe\n"
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    assert "Abschnitt '### Kommune' kommt doppelt vor" in answer(out)


def test_the_answer_cannot_be_broken_out_of(project, tmp_path):
    """Problems quote what a person typed; the answer shows them in a fence longer than any in them."""
    body = fixture("github-kommune-teilnehmer.md").replace(b"Brilon\n", b"````` @everyone [x](https://evil.example)\n", 1)
    result, out = intake(project, body, tmp=tmp_path)
    assert result.exit_code == 1
    text = answer(out)
    assert "``````text\n" in text and text.count("``````") == 2


def test_an_unknown_form_is_named(project, tmp_path):
    result, out = intake(project, b"### Was ist passiert?\n\nEin Fehler\n", tmp=tmp_path)
    assert result.exit_code == 1
    assert "issue-7.md:1: Formular nicht erkannt" in answer(out) and "„Termin melden“" in answer(out)


# --- the forms themselves ---------------------------------------------------------------------

def test_committed_form_files_are_generated_from_the_definitions():
    """Fields, labels and help live once, in Python; `scschule intake --templates` writes both forges' files."""
    for path, text in template_files(TAXONOMY).items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path}: run scschule intake --templates"
    assert sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")) == sorted(
        ROOT / p for p in template_files(TAXONOMY) if p.suffix == ".yml")


def test_github_forms_follow_the_issue_form_syntax():
    """The rules GitHub applies when it loads a form: unique ids and labels, options, required types."""
    for path in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {"name", "description", "body"} <= set(form)
        fields = [element for element in form["body"] if element["type"] != "markdown"]
        ids = [element["id"] for element in fields]
        labels = [element["attributes"]["label"] for element in fields]
        assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels), path
        for element in fields:
            assert element["type"] in ("input", "textarea", "dropdown", "checkboxes")
            if element["type"] in ("dropdown", "checkboxes"):
                assert element["attributes"]["options"], element


def test_each_form_is_detected_from_its_own_body_only():
    forms = [REGISTRATION_FORM]
    assert detect(tuple(forms), (FIXTURES / "github-kommune-teilnehmer.md").read_text()) is REGISTRATION_FORM
    assert detect(tuple(forms), (FIXTURES / "github-termin.md").read_text()) is None


def test_prefilled_gitlab_description_reads_back():
    text = gitlab_template(REGISTRATION_FORM, {"kommune": "Brilon", "ags": "05958012"})
    answers = parse(REGISTRATION_FORM, text, Path("x.md"))
    assert answers.text("kommune") == "Brilon" and answers.text("ags") == "05958012"


def test_check_runs_the_strict_build_and_undoes_a_file_it_rejects(project, tmp_path):
    """A dead link in an event's text passes the content rules but not `scschule check`; with
    --check (the workflow's call) the event is refused and the calendar stays as it was."""
    body = fixture("github-termin.md").replace(b"ohne feste Tagesordnung.", b"ohne feste Tagesordnung, siehe [Plan](../gibt-es-nicht.md).")
    config = project / "mkdocs.yml"  # no PDFs: this test is about the check, not the guides
    config.write_text(config.read_text(encoding="utf-8").replace("- scschule-guides\n", "- scschule-guides:\n      pdf: false\n", 1), encoding="utf-8")
    before = stored(project)
    result, out = intake(project, body, tmp=tmp_path / "a")  # the content rules alone let it through
    assert result.exit_code == 0, result.output
    (project / "courses" / "termine.yml").write_bytes(before["courses/termine.yml"])
    result, out = intake(project, body, "--check", tmp=tmp_path / "b")
    assert result.exit_code == 1, result.output
    assert "gibt-es-nicht.md" in answer(out)
    assert stored(project) == before
