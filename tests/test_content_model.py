"""The shared loader and schemas: every kind of bad input gives `path:line: message`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scschule.portal import load_portal
from scschule.content.problems import ContentError
from scschule.content.source import read_markdown, read_yaml
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT
from projecttools import copy_region, region_taxonomy

GOOD_GUIDE = """---
title: Ein Leitfaden
summary: Worum es geht.
version: 1.0.0
updated: 2026-11-01
review_by: 2027-11-01
authors:
  municipalities: [olpe]
handlungsfelder: [energie]
bundles: [M01]
municipalities: [soest]
level: Einstieg
changelog:
  - version: 1.0.0
    date: 2026-11-01
    note: Erstfassung.
---
## Text

Inhalt.
"""


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(root: Path) -> list[str]:
    return [p.format(root) for p in load_portal(root, today=date(2026, 11, 22), taxonomy=region_taxonomy()).problems]


def test_source_keeps_line_of_every_key(tmp_path):
    path = write(tmp_path, "g/index.md", GOOD_GUIDE)
    source = read_markdown(path)
    assert source.data["title"] == "Ein Leitfaden"
    assert source.line_of("title") == 2
    assert source.line_of("changelog", 0, "note") == 16
    assert source.line_of("authors", "municipalities", 0) == 8
    assert source.body.startswith("## Text")
    assert source.body_line == 18


def test_valid_guide_loads_as_typed_record(tmp_path):
    write(tmp_path, "guides/ein-leitfaden/index.md", GOOD_GUIDE)
    portal = load_portal(tmp_path, today=date(2026, 11, 22), taxonomy=region_taxonomy())
    assert portal.errors == []
    (guide,) = portal.guides
    assert guide.slug == "ein-leitfaden"
    assert guide.meta.updated == date(2026, 11, 1)
    assert guide.meta.licence == "CC BY 4.0"
    assert [i.title for i in portal.tags.bundles["M01"]] == ["Ein Leitfaden"]
    assert [i.title for i in portal.tags.municipalities["soest"]] == ["Ein Leitfaden"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param(GOOD_GUIDE.replace("level: Einstieg", "level: [Einstieg"), 13, "YAML-Syntaxfehler", id="malformed-yaml"),
        pytest.param("## Nur Text\n", 1, "Front Matter fehlt", id="missing-front-matter"),
        pytest.param(GOOD_GUIDE.replace("summary: Worum es geht.\n", ""), 2, "summary: Pflichtfeld fehlt", id="missing-field"),
        pytest.param(GOOD_GUIDE.replace("updated: 2026-11-01", "updated: gestern"), 5, "updated: Datum im Format JJJJ-MM-TT", id="wrong-type"),
        pytest.param(GOOD_GUIDE.replace("[energie]", "[energie, raumfahrt]"), 9, "unbekannte(s) Handlungsfeld 'raumfahrt'", id="unknown-handlungsfeld"),
        pytest.param(GOOD_GUIDE.replace("[M01]", "[M01, M17]"), 10, "unbekannte(s) Maßnahmenbündel 'M17'", id="unknown-bundle"),
        pytest.param(GOOD_GUIDE.replace("[soest]", "[soestt]"), 11, "unbekannte(s) Kommune 'soestt' – meinten Sie 'soest'?", id="unknown-municipality"),
        pytest.param(GOOD_GUIDE.replace("authors:\n  municipalities: [olpe]", "authors:\n  municipalities: [atlantis]"), 8, "authors.municipalities: unbekannte(s) Kommune 'atlantis'", id="unknown-author"),
        pytest.param(GOOD_GUIDE.replace("level: Einstieg", "level: Einstieg\nlevle: Vertiefung"), 13, "levle: unbekanntes Feld", id="typo-key"),
        pytest.param("", 1, "Datei ist leer", id="empty-file"),
        pytest.param("---\n---\nText\n", 2, "Front Matter ist leer", id="empty-front-matter"),
        pytest.param("---\n- a\n- b\n---\n", 2, "Zuordnung", id="front-matter-not-mapping"),
        pytest.param("---\ntitle: x\n", 1, "nicht mit einer Zeile '---' abgeschlossen", id="unclosed-front-matter"),
        pytest.param(GOOD_GUIDE.encode("utf-8").replace(b"Inhalt.", "Inhalt für Bürger.".encode("latin-1")), 20, "nicht in UTF-8", id="not-utf8"),
    ],
)
def test_bad_guide_reports_path_line_and_message(tmp_path, text, line, fragment):
    write(tmp_path, "guides/kaputt/index.md", text)
    (message,) = problems_of(tmp_path)
    assert message.startswith(f"guides/kaputt/index.md:{line}: "), message
    assert fragment in message


def test_duplicate_issue_number_is_reported_at_second_file(tmp_path):
    issue = "---\nissue: 1\ndate: 2026-11-01\ntitle: A\nsummary: B\nauthors: [Redaktion]\n---\nText\n"
    write(tmp_path, "newsletter/2026/01-a.md", issue)
    write(tmp_path, "newsletter/2026/01-b.md", issue.replace("title: A", "title: C"))
    messages = [m for m in problems_of(tmp_path) if "doppelt" in m]
    assert messages == ["newsletter/2026/01-b.md:2: Nummer 'Ausgabe 1' ist doppelt (schon in "
                        f"{tmp_path / 'newsletter/2026/01-a.md'}:2)"]


def test_duplicate_municipality_is_reported(tmp_path):
    entry = ('name: Olpe\nags: "05966024"\nstatus: teilnehmer\ncommitment:\n  date: unbekannt\n'
             'history:\n  - status: teilnehmer\n    date: unbekannt\n')
    write(tmp_path, "municipalities/olpe.yml", entry)
    write(tmp_path, "municipalities/olpe-2.yml", entry)
    assert any(m.startswith("municipalities/olpe.yml:2: AGS '05966024' ist doppelt") or
               m.startswith("municipalities/olpe-2.yml:2: AGS '05966024' ist doppelt") for m in problems_of(tmp_path))


def test_readers_raise_content_error_not_exceptions(tmp_path):
    path = write(tmp_path, "x.yml", "a: [1\n")
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert caught.value.problem.line == 2


def test_taxonomy_matches_reference_facts():
    taxonomy = load_taxonomy(ROOT)
    assert len(taxonomy.municipalities) == 59
    assert len(taxonomy.handlungsfelder) == 10
    assert list(taxonomy.bundles) == [f"M{n:02d}" for n in range(1, 17)]
    m01 = taxonomy.bundles["M01"]
    assert m01.cost_eur == 1925000
    assert {m.name for m in m01.municipalities} == {"Arnsberg", "Bad Berleburg", "Menden (Sauerland)", "Olpe", "Soest"}
    assert taxonomy.by_ags["05966024"].name == "Olpe"  # leading zero kept
    assert [p.slug for p in taxonomy.pioneers] == ["arnsberg", "bad-berleburg", "menden-sauerland", "olpe", "soest"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scschule.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_check_reports_every_broken_file_and_exits_1(tmp_path):
    copy_region(tmp_path)
    write(tmp_path, "guides/a/index.md", GOOD_GUIDE.replace("[M01]", "[M99]"))
    write(tmp_path, "guides/b/index.md", "")
    write(tmp_path, "guides/c/index.md", GOOD_GUIDE.encode().replace(b"Inhalt", b"\xff"))
    write(tmp_path, "newsletter/2026/01-x.md", "---\nissue: eins\n---\n")
    write(tmp_path, "guides/ok/index.md", GOOD_GUIDE)
    result = run_cli("check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("guides/a/index.md:10: bundles: unbekannte(s) Maßnahmenbündel 'M99'") for line in lines)
    assert "guides/b/index.md:1: Datei ist leer; erwartet wird Front Matter zwischen '---'-Zeilen" in lines
    assert any(line.startswith("guides/c/index.md:20: ") for line in lines)
    assert any(line.startswith("newsletter/2026/01-x.md:2: issue: ganze Zahl erwartet") for line in lines)
    assert not any(line.startswith("guides/ok/") for line in lines)


def test_check_github_format_and_clean_exit(tmp_path):
    copy_region(tmp_path)
    write(tmp_path, "guides/a/index.md", GOOD_GUIDE.replace("[M01]", "[M99]"))
    result = run_cli("check", "--format", "github", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=guides/a/index.md,line=10::bundles: unbekannte(s)")
    (tmp_path / "guides/a/index.md").write_text(GOOD_GUIDE, encoding="utf-8")
    assert run_cli("check", str(tmp_path), cwd=tmp_path).returncode == 0


def test_check_limits_report_to_given_path(tmp_path):
    copy_region(tmp_path)
    write(tmp_path, "guides/a/index.md", "")
    write(tmp_path, "guides/b/index.md", "")
    result = run_cli("check", str(tmp_path / "guides/b"), cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["guides/b/index.md"]


def test_new_writes_valid_skeletons_and_never_overwrites(tmp_path):
    copy_region(tmp_path)
    for args in (["new", "guide", "Daten teilen"], ["new", "newsletter", "Erste Ausgabe"], ["new", "course", "Daten verstehen"]):
        result = run_cli(*args, "--root", str(tmp_path), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert run_cli("check", str(tmp_path), cwd=tmp_path).returncode == 0
    guide = tmp_path / "guides/daten-teilen/index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nEigener Text.\n", encoding="utf-8")
    again = run_cli("new", "guide", "Daten teilen", "--root", str(tmp_path), cwd=tmp_path)
    assert again.returncode == 1
    assert "wird nicht überschrieben" in again.stderr
    assert "Eigener Text." in guide.read_text(encoding="utf-8")
    second = run_cli("new", "newsletter", "Zweite Ausgabe", "--root", str(tmp_path), cwd=tmp_path)
    assert "02-zweite-ausgabe.md" in second.stdout


MISSING_REGION = "region/region.yml:1: Datei fehlt; jede Region braucht sie im Ordner region/"


def test_check_of_a_content_folder_without_region_names_the_missing_folder(tmp_path):
    # Without the region no municipality, field of action or bundle can be checked: the check
    # says what is missing instead of passing content it could not check, whatever PATH names.
    write(tmp_path, "guides/a/index.md", GOOD_GUIDE)
    write(tmp_path, "guides/b/index.md", "")
    for path in (tmp_path, tmp_path / "guides/b", tmp_path / "guides/a/index.md"):
        result = run_cli("check", str(path), cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stdout.splitlines()[0].startswith(MISSING_REGION)
    new_issue = run_cli("new", "newsletter", "Erste Ausgabe", "--root", str(tmp_path), cwd=tmp_path)
    assert new_issue.returncode == 1 and "Traceback" not in new_issue.stderr
    assert new_issue.stderr.startswith(MISSING_REGION) and not (tmp_path / "newsletter").exists()


def test_a_content_folder_with_its_region_is_checked_without_mkdocs_yml(tmp_path):
    copy_region(tmp_path)
    write(tmp_path, "guides/ok/index.md", GOOD_GUIDE)
    assert run_cli("check", str(tmp_path / "guides/ok"), cwd=tmp_path / "guides").returncode == 0
    (tmp_path / "region/kommunen.csv").write_text("ags;name\n", encoding="utf-8")
    broken = run_cli("check", str(tmp_path / "guides/ok"), cwd=tmp_path)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert broken.stdout.startswith("region/kommunen.csv:1: Kopfzeile muss")


def test_help_everywhere():
    for args in ([], ["check"], ["new"], ["new", "guide"]):
        result = run_cli(*args, "--help", cwd=Path.cwd())
        assert result.returncode == 0
        assert "Usage" in result.stdout
