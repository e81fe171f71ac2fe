"""Invented newsletter issues for tests: written only into temporary project copies."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from projecttools import ROOT
from projecttools import copy_region

TODAY = "2026-11-22"
SITE_URL = "https://example.org/portal/"

# Published (1, 2), a draft (3) and a scheduled issue (4) as of TODAY.
ISSUES = {
    "2025/01-erste-ausgabe.md": """\
        ---
        issue: 1
        date: 2025-11-20
        title: Erste Testausgabe
        summary: Zusammenfassung eins.
        authors: [Redaktion]
        handlungsfelder: []
        bundles: []
        municipalities: [arnsberg]
        ---

        ## Hallo

        Text der ersten Ausgabe.
        """,
    "2026/02-zweite-ausgabe.md": """\
        ---
        issue: 2
        date: 2026-01-15
        updated: 2026-02-01
        title: Zweite Testausgabe
        summary: Zusammenfassung zwei.
        authors: [Anna Beispiel, Redaktion]
        handlungsfelder: [verwaltung-teilhabe]
        bundles: [M01]
        municipalities: [olpe, arnsberg]
        cover:
          src: titel.png
          alt: Ein Testbild
        ---

        ## Aus den Kommunen

        Siehe [Olpe](../../kommunen/olpe/index.md), [Archiv](../index.md#2025) und [extern](https://example.com/x).

        ![Grafik](titel.png)
        """,
    "2026/03-entwurf.md": """\
        ---
        issue: 3
        date: 2026-03-01
        title: Geheimer Entwurf
        summary: Noch nicht fertig.
        authors: [Redaktion]
        municipalities: [soest]
        draft: true
        ---

        Entwurfstext.
        """,
    "2026/04-geplant.md": """\
        ---
        issue: 4
        date: 2026-12-01
        title: Geplante Ausgabe
        summary: Erscheint im Dezember.
        authors: [Redaktion]
        municipalities: [soest]
        ---

        Kommt bald.
        """,
}

# A 1x1 PNG, so the cover and the body image exist.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

MKDOCS_YML = f"""\
site_name: Testportal
site_url: {SITE_URL}
site_author: Testredaktion
docs_dir: docs
strict: true
validation:
  nav:
    omitted_files: ignore
theme:
  name: material
  custom_dir: overrides
  language: de
  font: false
plugins:
  - scschule:
      today: "{TODAY}"
  - scschule-taxonomy
  - scschule-newsletter
  - scschule-registry
markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
"""


def write_issues(root: Path, issues: dict[str, str] = ISSUES) -> Path:
    folder = root / "newsletter"
    for name, text in issues.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "2026" / "titel.png").write_bytes(PNG)
    return root


def newsletter_project(root: Path) -> Path:
    """A small site: only the portal, taxonomy, registry and newsletter plugins, and invented issues."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    copy_region(root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    return write_issues(root)
