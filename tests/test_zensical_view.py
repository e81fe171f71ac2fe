"""The report logic of benchmarks/zensical_view.py (issue 28, item 5), on small hand-made sites.

The script itself installs Zensical from the package index and is not run here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from projecttools import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from zensical_view import (  # noqa: E402
    ZENSICAL, compare_pages, dead_links, files_by_kind, html_pages, non_strict, pages_with_features,
    section_of, zensical_problems,
)


def _site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_zensical_version_is_pinned():
    name, _, version = ZENSICAL.partition("==")
    assert name == "zensical" and version.count(".") == 2, ZENSICAL


@pytest.mark.parametrize("page, section", [
    ("index.html", "/"), ("404.html", "/"), ("impressum/index.html", "impressum"),
    ("leitfaeden/a/versionen/1.0.0/index.html", "leitfaeden"),
])
def test_a_page_belongs_to_its_first_folder(page, section):
    assert section_of(page) == section


def test_pages_are_compared_by_section_with_what_only_one_engine_wrote():
    mkdocs = {"index.html", "404.html", "impressum/index.html", "kurse/index.html", "kurse/a/index.html"}
    zensical = {"index.html", "404.html", "impressum/index.html", "neu/index.html"}
    rows = {row.name: row for row in compare_pages(mkdocs, zensical)}
    assert list(rows) == ["/", "impressum", "kurse", "neu"]
    assert (rows["/"].mkdocs, rows["/"].zensical, rows["/"].only_mkdocs) == (2, 2, [])
    assert (rows["kurse"].mkdocs, rows["kurse"].zensical) == (2, 0)
    assert rows["kurse"].only_mkdocs == ["kurse/a/index.html", "kurse/index.html"]
    assert (rows["neu"].mkdocs, rows["neu"].only_zensical) == (0, ["neu/index.html"])


def test_files_are_counted_by_kind_and_theme_assets_are_left_out(tmp_path):
    site = _site(tmp_path, {
        "index.html": "", "leitfaeden/a/a.pdf": "", "schuelerzeitung/rss.xml": "", "schuelerzeitung/atom.xml": "",
        "schuelerzeitung/feed.json": "", "kommunen/x/atom.xml": "", "termine/termine.ics": "",
        "wirkung/okr.csv": "", "kommunen/kommunen.json": "", "medien/v.mp4": "", "medien/v.de.vtt": "",
        "assets/scschule/search/index.json": "", "search.json": "", "sitemap.xml": "",
        "assets/javascripts/bundle.js": "", "assets/data.json": "",
    })
    assert files_by_kind(site) == {"PDFs": 1, "feeds (RSS, Atom, JSON Feed)": 4, "calendars (iCalendar)": 1,
                                   "data (CSV, JSON)": 2, "media files and captions": 2, "search index": 2}
    assert html_pages(site) == {"index.html"}


def test_pages_with_plugin_markup_are_counted(tmp_path):
    site = _site(tmp_path, {
        "a/index.html": '<figure class="scs-widget scs-widget--chart">', "b/index.html": '<div class="scs-media">',
        "c/index.html": "<p>nichts</p>",
        "d/index.html": '<figure class="scs-widget"></figure><div class="scs-media x">',
    })
    assert pages_with_features(site) == {"widgets": 2, "media players": 2}


def test_dead_links_are_found_relative_to_each_page(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="kurse/">ok</a> <a href="./kurse/index.md">md</a> <a href="fehlt/">fehlt</a>'
                      ' <a href="#oben">anker</a> <a href="https://example.org/x/">extern</a>'
                      ' <a href="mailto:a@example.org">post</a> <a href="/kurse/#teil">absolut</a>',
        "kurse/index.html": "<a href='../'>start</a> <a href='../fehlt/'>fehlt</a> <a href='../rss.xml'>feed</a>"
                            ' <a class="x" href="a/%C3%BC.pdf">pdf</a>',
        "kurse/a/ü.pdf": "",
    })
    assert dead_links(site) == {
        "fehlt/index.html": ["index.html", "kurse/index.html"],
        "kurse/index.md": ["index.html"],
        "rss.xml": ["kurse/index.html"],
    }


# Zensical 0.0.73's console output for two links into generated sections (escape codes as printed).
ZENSICAL_OUTPUT = (
    "Build started\n"
    "\x1b[33mWarning:\x1b[0m page does not exist\n"
    "    \x1b[38;5;246m╭\x1b[0m\x1b[38;5;246m─\x1b[0m\x1b[38;5;246m[\x1b[0m index.md:13:151 \x1b[38;5;246m]\x1b[0m\n"
    "    \x1b[38;5;246m│\x1b[0m\n"
    " \x1b[38;5;246m13 │\x1b[0m : Anleitungen [Zu den Leitfäden](leitfaeden/index.md) [x](y:1)\n"
    "\x1b[38;5;246m────╯\x1b[0m\n"
    "\x1b[33mWarning:\x1b[0m page does not exist\n"
    "\x1b[33mWarning:\x1b[0m page does not exist\n"
    "    \x1b[38;5;246m╭\x1b[0m\x1b[38;5;246m─\x1b[0m\x1b[38;5;246m[\x1b[0m index.md:16:179 \x1b[38;5;246m]\x1b[0m\n"
    "3 issues found\n"
    "RuntimeError: Aborted because --strict flag is set\n"
)


def test_zensical_problems_are_read_with_their_place():
    assert zensical_problems(ZENSICAL_OUTPUT) == [
        ("index.md:13:151", "Warning: page does not exist"),
        (None, "Warning: page does not exist"),
        ("index.md:16:179", "Warning: page does not exist"),
    ]
    assert zensical_problems("Build started\nBuild finished in 0.34s\n") == []


def test_strict_mode_is_turned_off_in_the_copy_only(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nstrict: true\nformat: !!python/name:a.b\n", encoding="utf-8")
    non_strict(config)
    assert config.read_text(encoding="utf-8") == "site_name: x\nstrict: false\nformat: !!python/name:a.b\n"
    with pytest.raises(SystemExit, match="no line 'strict: true'"):
        non_strict(config)
