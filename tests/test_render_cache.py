"""The render cache: unchanged pages are not converted again, and every change converts what depends on it.

Each test builds a copy of the project with ``mkdocs build --strict`` (as editors do) and
reads the build's own count of converted and reused pages from its log.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from projecttools import run_build

COUNTS = re.compile(r"Seiten: (\d+) umgewandelt, (\d+) aus dem Cache")


def build(project: Path, *extra: str) -> tuple[int, int, str]:
    """(converted, reused, log) of one strict build."""
    result = run_build(project, *extra)
    found = COUNTS.search(result.stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    assert found, result.stderr[-2000:]
    return int(found[1]), int(found[2]), result.stderr


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def fresh(project: Path) -> Path:
    """The project copy without the page cache the checkout may have (its PDFs stay cached)."""
    shutil.rmtree(project / ".cache" / "scschule" / "pages", ignore_errors=True)
    return project


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_unchanged_pages_are_reused_and_each_change_converts_what_depends_on_it(project):
    fresh(project)
    converted, reused, _ = build(project)
    assert converted > 100 and reused == 0
    first = site_files(project / "site")

    converted, reused, _ = build(project)
    assert converted == 1  # the home page is never cached (its title rule differs)
    assert reused > 100
    assert site_files(project / "site") == first  # byte for byte

    guide = project / "guides" / "stadtlabor-betreiben" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nEin neuer Absatz zum Stadtlabor.\n", encoding="utf-8")
    converted, _, _ = build(project)
    assert 1 < converted <= 4  # the guide's page (and comparisons with its text), the home page
    assert "Ein neuer Absatz zum Stadtlabor." in (project / "site/leitfaeden/stadtlabor-betreiben/index.html").read_text(encoding="utf-8")

    write(project / "taxonomy" / "bundles" / "m05.md", "## Aus der Praxis\n\nEin Absatz zu M05.\n")
    converted, _, _ = build(project)
    assert converted == 2  # the bundle page (generated Markdown changed) and the home page
    assert "Ein Absatz zu M05." in (project / "site/massnahmenbuendel/m05/index.html").read_text(encoding="utf-8")

    # Lists are HTML blocks filled after conversion: a reused list page still shows a new title.
    text = guide.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M)[1].strip().strip('"')
    guide.write_text(text.replace(title, title + " (neu)", 1), encoding="utf-8")
    build(project)
    assert f"{title} (neu)" in (project / "site/leitfaeden/index.html").read_text(encoding="utf-8")

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink_title: Link zu diesem Abschnitt",
                                                                 "permalink_title: Direktlink"), encoding="utf-8")
    converted, reused, _ = build(project)
    assert reused == 0 and converted > 100  # mkdocs.yml: everything again
    assert 'title="Direktlink"' in (project / "site/impressum/index.html").read_text(encoding="utf-8")


def test_link_targets_and_their_anchors_are_checked_on_reused_pages(project):
    fresh(project)
    write(project / "docs" / "ziel.md", "---\ntitle: Ziel\n---\n# Ziel\n\n## Abschnitt\n\nText.\n")
    write(project / "docs" / "quelle.md", "---\ntitle: Quelle\n---\n# Quelle\n\nSiehe [Ziel](ziel.md#abschnitt).\n")
    build(project)
    build(project)  # quelle.md is reused from now on

    write(project / "docs" / "ziel.md", "---\ntitle: Ziel\n---\n# Ziel\n\n## Anders\n\nText.\n")
    result = run_build(project)
    assert result.returncode != 0
    assert "docs/quelle.md:6: Link 'ziel.md#abschnitt': die Seite 'ziel.md' hat keinen Abschnitt '#abschnitt'" in result.stderr

    write(project / "docs" / "ziel.md", "---\ntitle: Ziel\n---\n# Ziel\n\n## Abschnitt\n\nText.\n")
    build(project)
    (project / "docs" / "ziel.md").rename(project / "docs" / "neues-ziel.md")
    result = run_build(project)  # quelle.md is unchanged, but its link now leads nowhere
    assert result.returncode != 0
    assert "docs/quelle.md:6: Link 'ziel.md#abschnitt' führt ins Leere" in result.stderr


def test_a_page_with_a_dead_link_is_never_cached(project):
    fresh(project)
    write(project / "docs" / "quelle.md", "---\ntitle: Quelle\n---\n# Quelle\n\nSiehe [weg](gibt-es-nicht.md).\n")
    for _ in range(2):
        result = run_build(project)
        assert result.returncode != 0
        assert "docs/quelle.md:6: Link 'gibt-es-nicht.md' führt ins Leere" in result.stderr


def test_the_cache_can_be_switched_off(project):
    fresh(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - scschule\n", "  - scschule:\n      render_cache: false\n", 1),
                      encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0
    assert not COUNTS.search(result.stderr)
    assert not (project / ".cache" / "scschule" / "pages").exists()
