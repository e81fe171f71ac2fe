"""Half-yearly reviews: ``scschule okr review`` records them; ``scschule check`` keeps them unchanged."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from scschule.cli import main
from projecttools import copy_region, region_taxonomy

TODAY = "2026-12-01"
ASSESSMENTS = ["--bewertung", "alle-kommunen=Fünf Pionierkommunen sind dabei.",
               "--bewertung", "schuelerzeitung=Drei Ausgaben im November 2026.",
               "--bewertung", "klassenfahrten=Noch kein Termin eingetragen.",
               "--bewertung", "aktuelle-leitfaeden=Kein Leitfaden überfällig."]


def run(project: Path, *args: str, today: str = TODAY, input: str | None = None):
    return CliRunner().invoke(main, [*args, "--root", str(project), "--today", today], input=input)


def review(project: Path, day: str, *extra: str, **kwargs):
    return run(project, "okr", "review", "--date", day, *extra, **kwargs)


def reviews(project: Path) -> dict[str, bytes]:
    folder = project / "okr" / "reviews"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def check(project: Path) -> tuple[int, str]:
    """``scschule check``: the strict build of the project, as an editor runs it."""
    result = CliRunner().invoke(main, ["check", str(project), "--today", TODAY])
    return result.exit_code, result.output


def content_errors(project: Path) -> list[str]:
    """The same loader's errors without a whole build (quicker, for the tests that need no site)."""
    from datetime import date

    from scschule.portal import load_portal

    return [p.format(project) for p in load_portal(project, today=date.fromisoformat(TODAY), taxonomy=region_taxonomy()).errors]


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Redaktion", "GIT_AUTHOR_EMAIL": "redaktion@example.org",
                        "GIT_COMMITTER_NAME": "Redaktion", "GIT_COMMITTER_EMAIL": "redaktion@example.org",
                        "HOME": str(project), "PATH": "/usr/bin:/bin"})


def test_a_review_records_every_key_result_as_of_its_date_and_the_assessments(project):
    # A municipality that joined on 2026-03-01: counted in a review on that day, not one day earlier.
    (project / "municipalities" / "brilon.yml").write_text(
        'name: Brilon\nags: "05958012"\nstatus: teilnehmer\ncommitment:\n  date: 2026-03-01\n'
        "history:\n  - status: teilnehmer\n    date: 2026-03-01\n", encoding="utf-8")
    before = review(project, "2026-02-28", *ASSESSMENTS, "--no-input")
    assert before.exit_code == 0, before.output
    after = review(project, "2026-11-30", *ASSESSMENTS, "--no-input")
    assert after.exit_code == 0, after.output
    assert f"Aufgezeichnet: {project / 'okr' / 'reviews' / '2026-11-30.yml'}" in after.output
    early = yaml.safe_load((project / "okr/reviews/2026-02-28.yml").read_text(encoding="utf-8"))
    late = yaml.safe_load((project / "okr/reviews/2026-11-30.yml").read_text(encoding="utf-8"))
    assert early["values"]["kommunen-angemeldet"] == {"value": 5, "undated": 5}
    assert late["values"]["kommunen-angemeldet"] == {"value": 6, "undated": 5}
    assert early["values"]["ausgaben-12-monate"] == {"value": 0}  # the three issues appeared on 2026-11-22
    assert late["values"]["ausgaben-12-monate"] == {"value": 3}
    assert late["values"]["leitfaeden-ueberfaellig"] == {"value": 0}
    assert late["assessments"]["schuelerzeitung"] == "Drei Ausgaben im November 2026."
    assert (late["date"].isoformat(), late["recorded"].isoformat()) == ("2026-11-30", TODAY)
    digests = yaml.safe_load((project / "okr/reviews/pruefsummen.yml").read_text(encoding="utf-8"))
    assert digests == {name: hashlib.sha256(content).hexdigest()
                       for name, content in reviews(project).items() if name != "pruefsummen.yml"}
    assert content_errors(project) == []


def test_missing_assessments_are_asked_for_and_refused_with_no_input(project):
    result = review(project, "2026-11-30", "--no-input", "--bewertung", "alle-kommunen=Gut.")
    assert result.exit_code == 2 and "Bewertung fehlt für Ziel 'schuelerzeitung'" in result.output
    assert reviews(project) == {}
    asked = review(project, "2026-11-30", input="Erstens\nZweitens\nDrittens\nViertens\n")
    assert asked.exit_code == 0, asked.output
    assert "Bewertung für „Die Schülerzeitung erscheint alle zwei Monate“" in asked.output
    recorded = yaml.safe_load((project / "okr/reviews/2026-11-30.yml").read_text(encoding="utf-8"))
    assert list(recorded["assessments"].values()) == ["Erstens", "Zweitens", "Drittens", "Viertens"]
    bad = review(project, "2026-06-01", "--no-input", "--bewertung", "ohne-gleichheitszeichen")
    assert bad.exit_code == 2 and "erwartet ZIEL=TEXT" in bad.output


def test_without_a_terminal_the_review_says_which_flags_it_needs(project):
    """Run as a pipeline runs it: no terminal, stdin closed. Not click's bare "Aborted!"."""
    result = subprocess.run([sys.executable, "-m", "scschule.cli", "okr", "review", "--date", "2026-11-30",
                             "--bewertung", "alle-kommunen=Gut.", "--root", str(project), "--today", "2026-12-06"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
    assert "Ohne Terminal kann nichts abgefragt werden" in result.stderr
    assert "--no-input --bewertung schuelerzeitung=TEXT" in result.stderr
    assert "alle-kommunen=TEXT" not in result.stderr  # given already
    assert reviews(project) == {}


def test_a_recorded_review_is_never_overwritten(project):
    assert review(project, "2026-11-30", *ASSESSMENTS, "--no-input").exit_code == 0
    kept = reviews(project)
    again = review(project, "2026-11-30", *ASSESSMENTS, "--no-input")
    assert again.exit_code == 1
    assert "okr/reviews/2026-11-30.yml:1: für 2026-11-30 ist schon ein Review aufgezeichnet; es bleibt unverändert" in again.output
    assert reviews(project) == kept


def test_reviews_in_the_future_or_for_unknown_objectives_are_refused(project):
    future = review(project, "2026-12-02", *ASSESSMENTS, "--no-input")
    assert future.exit_code == 1 and "--date 2026-12-02 liegt in der Zukunft (heute ist 2026-12-01)" in future.output
    unknown = review(project, "2026-11-30", *ASSESSMENTS, "--bewertung", "erfunden=x", "--no-input")
    assert unknown.exit_code == 1 and "unbekanntes Ziel 'erfunden'" in unknown.output
    wrong = review(project, "30.11.2026", *ASSESSMENTS, "--no-input")
    assert wrong.exit_code == 2 and "Datum im Format JJJJ-MM-TT erwartet" in wrong.output
    assert reviews(project) == {}


def test_a_broken_matrix_records_no_review(project):
    path = project / "okr" / "ziele.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("metric: leitfaeden\n", "metric: leitfaden\n"), encoding="utf-8")
    result = review(project, "2026-11-30", *ASSESSMENTS, "--no-input")
    assert result.exit_code == 1
    assert "okr/ziele.yml:" in result.output and "unbekannte Kennzahl 'leitfaden'" in result.output
    assert "Review nicht aufgezeichnet" in result.output and reviews(project) == {}


def test_a_correction_is_a_new_file_and_supersedes_the_values_it_corrects(project):
    assert review(project, "2026-11-30", *ASSESSMENTS, "--no-input").exit_code == 0
    original = reviews(project)["2026-11-30.yml"]
    none = review(project, "2026-06-01", *ASSESSMENTS, "--korrektur", "Tippfehler", "--no-input")
    assert none.exit_code == 1 and "für 2026-06-01 gibt es kein Review, das korrigiert werden könnte" in none.output
    fixed = review(project, "2026-11-30", *ASSESSMENTS[:-2], "--bewertung", "aktuelle-leitfaeden=Korrigierte Bewertung.",
                   "--korrektur", "Bewertung der Leitfäden präzisiert", "--no-input")
    assert fixed.exit_code == 0, fixed.output
    files = reviews(project)
    assert files["2026-11-30.yml"] == original
    correction = yaml.safe_load(files["2026-11-30-korrektur-1.yml"])
    assert correction["corrects"].isoformat() == "2026-11-30" and correction["reason"] == "Bewertung der Leitfäden präzisiert"
    from scschule.okr.evaluate import latest_assessment
    from scschule.portal import load_portal
    from datetime import date

    portal = load_portal(project, today=date.fromisoformat(TODAY), taxonomy=region_taxonomy())
    objective = next(o for o in portal.okr.objectives if o.id == "aktuelle-leitfaeden")
    assert latest_assessment(portal.okr, objective) == (date(2026, 11, 30), "Korrigierte Bewertung.")
    assert [r.correction for r in portal.okr.effective_reviews()] == [1]
    assert content_errors(project) == []


def test_a_changed_a_deleted_and_an_unlisted_review_are_errors_without_git(project):
    assert review(project, "2026-05-31", *ASSESSMENTS, "--no-input").exit_code == 0
    assert review(project, "2026-11-30", *ASSESSMENTS, "--no-input").exit_code == 0
    folder = project / "okr" / "reviews"
    changed = folder / "2026-05-31.yml"
    text = changed.read_text(encoding="utf-8")
    assert "Fünf Pionierkommunen sind dabei." in text
    changed.write_text(text.replace("Fünf Pionierkommunen sind dabei.", "Sechs Kommunen sind dabei."), encoding="utf-8")
    (folder / "2026-11-30.yml").unlink()
    (folder / "2026-01-15.yml").write_text("date: 2026-01-15\nrecorded: 2026-01-15\nvalues: {}\nassessments: {}\n", encoding="utf-8")
    output = "\n".join(content_errors(project))
    assert "okr/reviews/2026-05-31.yml:1: Review wurde nach der Aufzeichnung geändert (Prüfsumme stimmt nicht)" in output
    assert "okr/reviews/pruefsummen.yml:3: Review 2026-11-30.yml wurde gelöscht; aufgezeichnete Reviews bleiben erhalten" in output
    assert "okr/reviews/2026-01-15.yml:1: Review ist nicht in pruefsummen.yml verzeichnet" in output


def committed_review(project: Path) -> None:
    """A git checkout whose last commit recorded the review of 2026-11-30."""
    git(project, "init", "-q")
    assert review(project, "2026-11-30", *ASSESSMENTS, "--no-input").exit_code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Review 2026-11-30")


def test_check_rejects_a_committed_change_of_a_review_and_its_digest(project):
    committed_review(project)
    assert content_errors(project) == []
    folder = project / "okr" / "reviews"
    path = folder / "2026-11-30.yml"
    text = path.read_text(encoding="utf-8").replace("Fünf Pionierkommunen sind dabei.", "Alle sind dabei.")
    path.write_text(text, encoding="utf-8")
    ledger = folder / "pruefsummen.yml"
    ledger.write_text(ledger.read_text(encoding="utf-8").split("2026-11-30.yml:")[0]
                      + f"2026-11-30.yml: {hashlib.sha256(text.encode()).hexdigest()}\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Werte angepasst")
    status, output = check(project)
    assert status == 1
    assert "okr/reviews/pruefsummen.yml:2: Review 2026-11-30.yml: die in Commit " in output
    assert "aufgezeichnete Prüfsumme wurde geändert" in output


def test_check_rejects_a_committed_deletion_of_a_review_and_its_digest_list(project):
    committed_review(project)
    git(project, "rm", "-q", "-r", "okr/reviews")
    git(project, "commit", "-q", "-m", "Reviews entfernt")
    output = "\n".join(content_errors(project))
    assert "okr/reviews/pruefsummen.yml:1: Review 2026-11-30.yml: die in Commit " in output
    assert "aufgezeichnete Prüfsumme wurde entfernt" in output


def test_metrics_lists_every_metric():
    result = CliRunner().invoke(main, ["okr", "metrics"])
    assert result.exit_code == 0
    from scschule.okr.metrics import METRICS

    assert [line.split(" ")[0] for line in result.output.splitlines()] == list(METRICS)


def test_without_a_region_no_review_is_recorded_and_the_missing_folder_is_named(tmp_path):
    result = run(tmp_path, "okr", "review", "--date", "2026-11-30", "--no-input")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a German message, no traceback
    assert result.output.startswith("region/region.yml:1: Datei fehlt; jede Region braucht sie im Ordner region/")
    assert not (tmp_path / "okr").exists()


def test_without_a_matrix_no_review_is_recorded_and_the_page_says_there_is_none(tmp_path):
    copy_region(tmp_path)
    result = run(tmp_path, "okr", "review", "--date", "2026-11-30", "--no-input")
    assert result.exit_code == 1
    assert result.output.startswith("okr/ziele.yml:1: keine OKR-Matrix gefunden") and not (tmp_path / "okr").exists()
    from scschule.okr.pages import empty_page
    from scschule.site.pages import PageRenderer

    page = empty_page(PageRenderer("scschule.okr"))
    assert page.src_uri == "wirkung/index.md" and "noch keine OKR-Matrix angelegt" in page.text
