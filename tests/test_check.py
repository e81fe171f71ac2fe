"""``scschule check`` enforces exactly what the build enforces, each problem as ``path:line``.

The check runs the build's own checks (a strict build into a temporary folder), so
a dead link or a broken anchor that fails ``mkdocs build --strict`` fails the check
too, with the line of the editor's file that holds it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from projecttools import run_build

TODAY = "2026-11-30"


def check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scschule.cli", "check", str(project), "--today", TODAY, *args],
                          capture_output=True, text=True)


def append(path: Path, text: str) -> int:
    """Append ``text`` (one line) to ``path``; returns its line number."""
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


def test_the_included_project_passes(project):
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip().startswith("0 Fehler")
    assert "Traceback" not in result.stderr


def test_a_dead_link_and_a_broken_anchor_in_a_guide_are_reported_at_their_lines(project):
    guide = project / "guides" / "open-data-mit-ckan" / "index.md"
    dead = append(guide, "Mehr dazu im [Leitfaden, den es nicht gibt](../gibt-es-nicht/index.md).")
    anchor = append(guide, "Siehe [Stadtlabor](../stadtlabor-betreiben/index.md#kein-solcher-abschnitt).")

    result = check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert (f"guides/open-data-mit-ckan/index.md:{dead}: Link '../gibt-es-nicht/index.md' führt ins Leere: "
            "die Seite 'leitfaeden/gibt-es-nicht/index.md' gibt es nicht") in lines
    assert (f"guides/open-data-mit-ckan/index.md:{anchor}: Link '../stadtlabor-betreiben/index.md#kein-solcher-abschnitt': "
            "die Seite 'leitfaeden/stadtlabor-betreiben/index.md' hat keinen Abschnitt '#kein-solcher-abschnitt'") in lines
    assert len(lines) == 2, lines  # each mistake once
    assert result.stderr.strip().startswith("2 Fehler")

    github = check(project, "--format", "github")
    assert f"::error file=guides/open-data-mit-ckan/index.md,line={dead}::Link '../gibt-es-nicht/index.md'" in github.stdout

    # The build fails on the same two, and says so in the same words.
    build = run_build(project)
    assert build.returncode != 0
    assert f"guides/open-data-mit-ckan/index.md:{dead}: Link '../gibt-es-nicht/index.md' führt ins Leere" in build.stderr
    assert f"guides/open-data-mit-ckan/index.md:{anchor}: Link '../stadtlabor-betreiben/index.md#kein-solcher-abschnitt'" in build.stderr


def test_a_guide_with_one_invalid_field_is_named_by_the_courses_that_list_it(project):
    """Tried as a new user would: a German date in ``updated``. One error, and the courses say where it is."""
    guide = project / "guides" / "open-data-mit-ckan" / "index.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("updated: 2026-11-22", "updated: 22.11.2026"), encoding="utf-8")
    line = text.splitlines().index("updated: 2026-11-22") + 1

    result = check(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"guides/open-data-mit-ckan/index.md:{line}: updated: Datum im Format JJJJ-MM-TT erwartet" in lines
    assert not any("unbekannter Leitfaden" in row for row in lines)
    named = [row for row in lines if "Leitfaden 'open-data-mit-ckan' ist fehlerhaft" in row]
    assert len(named) == 3  # once in each of the three units that list it
    assert all(row.startswith("courses/offene-daten-veroeffentlichen/") and
               row.endswith(f"(siehe guides/open-data-mit-ckan/index.md:{line})") for row in named)


def test_a_malformed_search_key_in_a_hand_written_page_fails_the_check(project):
    page = project / "docs" / "impressum.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nsearch: nein\n" + text[4:], encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert any(row.startswith("docs/impressum.md:2: 'search' im Front Matter muss") for row in result.stdout.splitlines())


def test_a_widget_error_is_reported_with_a_content_error(project):
    """The build stops at content errors; the check still reports the widget blocks' problems."""
    guide = project / "guides" / "open-data-mit-ckan" / "index.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("updated: 2026-11-22", "updated: gestern"), encoding="utf-8")
    bundle = project / "taxonomy" / "bundles" / "m01.md"
    bundle.parent.mkdir(parents=True, exist_ok=True)
    fence = append(bundle, "```datenplattform\nsource: beispiel-broker\nkind: karte\ntitle: x\n```").__index__()
    result = check(project)
    assert result.returncode == 1
    assert any(row.startswith("guides/open-data-mit-ckan/index.md:") for row in result.stdout.splitlines())
    assert f"taxonomy/bundles/m01.md:{fence + 2}: Widget 'datenplattform': kind 'karte' gibt es nicht" in result.stdout


def test_unrecognised_and_absolute_links_and_a_missing_section_fail_check_and_build_once_in_german(project):
    """The portal's own link check (site/linkcheck.py) is the only one: MkDocs' English reports stay silent."""
    page = project / "docs" / "impressum.md"
    unrecognised = append(page, "Zu den [Leitfäden](leitfaeden/).")
    absolute = append(page, "Zur [Startseite](/kommunen/index.md).")
    section = append(page, "Nach [oben](#gibt-es-hier-nicht).")

    result = check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/impressum.md:{unrecognised}: Link 'leitfaeden/' wird nicht erkannt: Seiten bitte über ihre .md-Datei "
        "verlinken, z. B. ../anderer-leitfaden/index.md",
        f"docs/impressum.md:{absolute}: Link '/kommunen/index.md' ist absolut: bitte relativ zur .md-Datei verlinken",
        f"docs/impressum.md:{section}: Link '#gibt-es-hier-nicht': diesen Abschnitt gibt es auf der Seite nicht",
    ]

    build = run_build(project)
    assert build.returncode != 0
    for line in result.stdout.splitlines():
        assert build.stderr.count(line) == 1, build.stderr[-3000:]
    assert "Doc file" not in build.stderr  # no English repetition by MkDocs' own validation
