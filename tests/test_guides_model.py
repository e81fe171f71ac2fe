"""Guides: the history rules (version, changelog, archive, review dates), reading time, diff, release."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scschule.cli import main
from scschule.content.problems import ContentError
from scschule.guides.diff import compare
from scschule.guides.model import load_guides, reading_minutes
from scschule.guides.release import release
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT, copy_region

TAXONOMY = load_taxonomy(ROOT)
TODAY = date(2026, 11, 22)


def guide_text(version="1.1.0", updated="2026-05-01", review_by="2027-05-01",
               changelog=(("1.1.0", "2026-05-01", "Abschnitt ergänzt."), ("1.0.0", "2026-01-10", "Erstfassung.")),
               body="## Worum es geht\n\nEin Absatz über offene Daten.\n") -> str:
    entries = "".join(f"  - version: {v}\n    date: {d}\n    note: \"{n}\"\n" for v, d, n in changelog)
    return (
        "---\n"
        "title: \"Testleitfaden\"\n"
        "summary: \"Worum es geht.\"\n"
        f"version: {version}\n"
        f"updated: {updated}\n"
        f"review_by: {review_by}\n"
        "authors:\n  municipalities: [olpe]\n  organisations: [\"Südwestfalen Agentur\"]\n"
        "handlungsfelder: [verwaltung-teilhabe]\n"
        "bundles: [M01]\n"
        "municipalities: [olpe]\n"
        "level: Einstieg\n"
        "licence: CC BY 4.0\n"
        f"changelog:\n{entries}"
        f"---\n{body}"
    )


def write_guide(root: Path, slug="test", archive: dict[str, str] | None = None, **kwargs) -> Path:
    folder = root / "guides" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(guide_text(**kwargs), encoding="utf-8")
    if archive is None:
        archive = {"1.0.0": guide_text(version="1.0.0", updated="2026-01-10", review_by="2027-01-10",
                                       changelog=(("1.0.0", "2026-01-10", "Erstfassung."),))}
    for version, text in archive.items():
        (folder / "versions").mkdir(exist_ok=True)
        (folder / "versions" / f"{version}.md").write_text(text, encoding="utf-8")
    return folder


def line_of(path: Path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def problems(root: Path, today=TODAY) -> list[str]:
    _, found = load_guides(root / "guides", TAXONOMY, today)
    return [p.format(root) for p in found]


def test_valid_guide_with_archive_loads_without_problems(tmp_path):
    write_guide(tmp_path)
    guides, found = load_guides(tmp_path / "guides", TAXONOMY, TODAY)
    assert found == []
    (guide,) = guides
    assert [v.version for v in guide.versions] == ["1.0.0", "1.1.0"]
    assert guide.version_url("1.0.0") == "leitfaeden/test/1.0.0/"
    assert guide.version_url("1.1.0") == "leitfaeden/test/"


def test_reading_time_is_computed_from_the_words():
    assert reading_minutes("wort " * 10) == 1
    assert reading_minutes("wort " * 401) == 3


def test_version_that_does_not_increase_is_rejected(tmp_path):
    folder = write_guide(tmp_path, version="1.0.0", changelog=(("1.0.0", "2026-01-10", "Erstfassung."),))
    line = line_of(folder / "index.md", "version:")
    assert f"guides/test/index.md:{line}: version: 1.0.0 ist nicht größer als die archivierte Version 1.0.0 (1.0.0.md); Versionen müssen steigen" in problems(tmp_path)


def test_changelog_versions_must_not_exceed_the_current_version(tmp_path):
    folder = write_guide(tmp_path, changelog=(("1.2.0", "2026-05-01", "Zu früh."), ("1.1.0", "2026-05-01", "x"),
                                              ("1.0.0", "2026-01-10", "Erstfassung.")))
    line = line_of(folder / "index.md", "  - version: 1.2.0")
    assert f"guides/test/index.md:{line}: changelog: Version 1.2.0 ist größer als die aktuelle Version 1.1.0" in problems(tmp_path)


def test_changelog_without_entry_for_current_version_is_rejected(tmp_path):
    folder = write_guide(tmp_path, version="1.2.0")
    line = line_of(folder / "index.md", "changelog:")
    assert f"guides/test/index.md:{line}: changelog: kein Eintrag für die aktuelle Version 1.2.0" in problems(tmp_path)


def test_archived_file_without_changelog_entry_is_rejected(tmp_path):
    old = guide_text(version="0.9.0", updated="2025-12-01", review_by="2026-12-01",
                     changelog=(("0.9.0", "2025-12-01", "Entwurf."),))
    folder = write_guide(tmp_path)
    (folder / "versions" / "0.9.0.md").write_text(old, encoding="utf-8")
    line = line_of(folder / "versions" / "0.9.0.md", "version:")
    assert f"guides/test/versions/0.9.0.md:{line}: archivierte Version 0.9.0 fehlt im Changelog von index.md" in problems(tmp_path)


def test_changelog_entry_without_archived_file_is_rejected(tmp_path):
    folder = write_guide(tmp_path, archive={})
    line = line_of(folder / "index.md", "  - version: 1.0.0")
    assert f"guides/test/index.md:{line}: changelog: zu Version 1.0.0 fehlt die archivierte Fassung versions/1.0.0.md" in problems(tmp_path)


def test_review_by_before_updated_is_rejected(tmp_path):
    folder = write_guide(tmp_path, review_by="2026-04-30")
    line = line_of(folder / "index.md", "review_by:")
    assert f"guides/test/index.md:{line}: review_by (2026-04-30) liegt vor updated (2026-05-01)" in problems(tmp_path)


def test_review_date_in_the_past_is_a_warning_not_an_error(tmp_path):
    folder = write_guide(tmp_path)
    _, found = load_guides(tmp_path / "guides", TAXONOMY, date(2027, 6, 1))
    (problem,) = found
    assert not problem.is_error
    assert problem.format(tmp_path) == (f"guides/test/index.md:{line_of(folder / 'index.md', 'review_by:')}: Warnung: "
                                        "review_by: Überprüfung war bis 2027-05-01 fällig; bitte Inhalt prüfen und das Datum erneuern")


def test_archive_file_must_be_named_after_its_version(tmp_path):
    folder = write_guide(tmp_path)
    (folder / "versions" / "alt.md").write_text("x", encoding="utf-8")
    (folder / "versions" / "1.0.0.md").write_text(guide_text(version="1.0.1", changelog=(("1.0.1", "2026-01-10", "x"),)), encoding="utf-8")
    found = problems(tmp_path)
    assert "guides/test/versions/alt.md:1: archivierte Fassungen heißen versions/<Version>.md, z. B. versions/1.0.0.md" in found
    assert f"guides/test/versions/1.0.0.md:{line_of(folder / 'versions' / '1.0.0.md', 'version:')}: version: '1.0.1' passt nicht zum Dateinamen; erwartet 1.0.0" in found


def test_reserved_slug_is_rejected(tmp_path):
    write_guide(tmp_path, slug="stufe")
    assert any(p.startswith("guides/stufe/index.md:1: Ordnername 'stufe' ist für die Filterseiten") for p in problems(tmp_path))


def test_check_command_reports_history_errors_without_traceback(project):
    folder = write_guide(project, version="1.2.0")
    result = CliRunner().invoke(main, ["check", str(project), "--today", "2026-11-22"])
    assert result.exit_code == 1
    assert f"guides/test/index.md:{line_of(folder / 'index.md', 'changelog:')}: changelog: kein Eintrag für die aktuelle Version 1.2.0" in result.output
    assert "Traceback" not in result.output


# --- comparison -------------------------------------------------------------

def test_comparison_marks_words_inside_a_changed_paragraph():
    result = compare("Klären Sie **heute**, wer [zuständig](a.md) ist.\n",
                     "Klären Sie **morgen**, wer [verantwortlich](a.md) ist.\n")
    assert result.markdown == (
        "Klären Sie **<del><span class=\"scs-visually-hidden\">entfernt: </span>heute</del>"
        "<ins><span class=\"scs-visually-hidden\">eingefügt: </span>morgen</ins>**, wer "
        "<del><span class=\"scs-visually-hidden\">entfernt: </span>[zuständig](a.md)</del>"
        "<ins><span class=\"scs-visually-hidden\">eingefügt: </span>[verantwortlich](a.md)</ins> ist.\n"
    )
    assert (result.inserted, result.deleted) == (2, 2)


def test_comparison_keeps_list_markers_and_headings_outside_the_marks():
    result = compare("## Alt\n\n- a\n- b\n", "## Alt\n\n- a\n- c\n- b\n\n## Neu\n")
    assert "- <ins><span class=\"scs-visually-hidden\">eingefügt: </span>c</ins>" in result.markdown
    assert "## <ins><span class=\"scs-visually-hidden\">eingefügt: </span>Neu</ins>" in result.markdown
    assert result.deleted == 0


def test_comparison_shows_changed_code_blocks_whole():
    result = compare("```text\nalt\n```\n", "```text\nneu\n```\n")
    assert 'class="scs-diff-block scs-diff-del"' in result.markdown
    assert 'class="scs-diff-block scs-diff-ins"' in result.markdown
    assert "<ins>" not in result.markdown  # nothing inline inside code


# --- release ----------------------------------------------------------------

def test_release_archives_and_bumps(tmp_path):
    folder = write_guide(tmp_path)
    before = (folder / "index.md").read_text(encoding="utf-8")
    archive = release(folder, TAXONOMY, "1.2.0", "Neuer Abschnitt „Kosten“.", date(2026, 11, 22))
    assert archive == folder / "versions" / "1.1.0.md"
    assert archive.read_text(encoding="utf-8") == before
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert "version: 1.2.0\nupdated: 2026-11-22\n" in text
    assert 'changelog:\n  - version: 1.2.0\n    date: 2026-11-22\n    note: "Neuer Abschnitt „Kosten“."\n  - version: 1.1.0' in text
    assert problems(tmp_path) == []


def test_release_refuses_a_version_that_does_not_increase(tmp_path):
    folder = write_guide(tmp_path)
    before = (folder / "index.md").read_text(encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        release(folder, TAXONOMY, "1.1.0", "x", TODAY)
    assert "Version 1.1.0 ist nicht größer als die aktuelle Version 1.1.0" in exc.value.problem.message
    assert (folder / "index.md").read_text(encoding="utf-8") == before
    assert not (folder / "versions" / "1.1.0.md").exists()


def test_release_never_overwrites_an_archived_file(tmp_path):
    copy_region(tmp_path)
    folder = write_guide(tmp_path)
    (folder / "versions" / "1.1.0.md").write_text("stored", encoding="utf-8")
    before = (folder / "index.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["guide", "release", "test", "--version", "1.2.0", "--note", "x",
                                       "--root", str(tmp_path), "--today", "2026-11-22"])
    assert result.exit_code == 1
    assert "eine archivierte Fassung wird nie überschrieben" in result.output
    assert "Traceback" not in result.output
    assert (folder / "versions" / "1.1.0.md").read_text(encoding="utf-8") == "stored"
    assert (folder / "index.md").read_text(encoding="utf-8") == before


def test_release_renews_an_expired_review_date(tmp_path):
    folder = write_guide(tmp_path)
    release(folder, TAXONOMY, "2.0.0", "Überarbeitet.", date(2027, 6, 1))
    assert "review_by: 2028-05-31\n" in (folder / "index.md").read_text(encoding="utf-8")
    assert problems(tmp_path, today=date(2027, 6, 1)) == []
