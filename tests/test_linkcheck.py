"""The portal's own link and anchor check (site/linkcheck.py), without a build.

Links are recorded as written while Python-Markdown converts a page, anchors are read
from the converted HTML, and the check resolves both against the site's files. Full
builds (``scschule check`` and ``mkdocs build --strict``) are in test_check.py and
test_render_cache.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.files import File, Files

from scschule.site.build import BuildState
from scschule.site.linkcheck import (LinkCheck, LinkRecorderExtension, LinkRecording, PageLinks, html_references,
                                     resolve)
from scschule.site.urls import SiteUrls

SOURCES = ("index.md", "leitfaeden/a/index.md", "leitfaeden/b/index.md", "leitfaeden/b/vergleich/index.md",
           "impressum.md", "leitfaeden/a/a-1.0.0.pdf", "assets/bild.png")


def site_files(directory_urls: bool = True) -> Files:
    return Files([File(src, "/docs", "/site", directory_urls) for src in SOURCES])


def check_of(tmp_path: Path, origins: dict | None = None) -> LinkCheck:
    state = BuildState(tmp_path, None, SiteUrls(), origins=origins or {})
    return LinkCheck(state, tmp_path / "docs")


# --- recording: the links as written, before MkDocs makes URLs of them -------------------------

def test_the_recorder_keeps_markdown_links_as_written_and_only_while_a_page_is_converted():
    recording = LinkRecording()
    md = markdown.Markdown(extensions=["toc", "footnotes", LinkRecorderExtension(recording)])
    text = ("# Titel\n\n[B](../b/index.md#abschnitt) und ![Bild](../../assets/bild.png) und [oben](#titel),\n"
            "<https://example.org/x> und <post@example.org> und [Mail](mailto:post@example.org).\n\n"
            '<p><a href="roh.md">roh</a></p>\n')
    recording.start()
    md.convert(text)
    assert recording.stop() == ("../b/index.md#abschnitt", "../../assets/bild.png", "#titel")
    md.reset()
    md.convert(text)  # outside the window (a PDF or feed conversion): nothing recorded
    assert recording.current is None and recording.stop() == ()


def test_html_references_reads_ids_names_and_urls():
    anchors, urls = html_references('<h2 id="a">A</h2><p><a name="alt"></a><a href="x/#y">x</a>'
                                    '<img src="b.png" alt=""><span id="c"></span></p>')
    assert anchors == {"a", "alt", "c"}
    assert urls == {"x/#y", "b.png"}
    assert html_references("") == (frozenset(), set())


# --- resolving: as MkDocs documents a Markdown link, relative to the page's file ---------------

@pytest.mark.parametrize(("link", "target", "anchor"), [
    ("../b/index.md", "leitfaeden/b/index.md", ""),
    ("../b/index.md#teil", "leitfaeden/b/index.md", "teil"),
    ("a-1.0.0.pdf", "leitfaeden/a/a-1.0.0.pdf", ""),
    ("../../assets/bild.png", "assets/bild.png", ""),
    ("#oben", "leitfaeden/a/index.md", "oben"),
    ("..%2Fb%2Findex.md", "leitfaeden/b/index.md", ""),
])
def test_links_to_files_of_the_site_resolve(link, target, anchor):
    resolved = resolve("leitfaeden/a/index.md", link, site_files())
    assert (resolved.target, resolved.anchor, resolved.problem) == (target, anchor, None)


@pytest.mark.parametrize("link", ["https://example.org/", "//example.org/x", "mailto:post@example.org"])
def test_external_links_are_not_checked(link):
    assert resolve("leitfaeden/a/index.md", link, site_files()).target is None
    assert resolve("leitfaeden/a/index.md", link, site_files()).problem is None


@pytest.mark.parametrize(("link", "problem"), [
    ("../gibt-es-nicht/index.md",
     "Link '../gibt-es-nicht/index.md' führt ins Leere: die Seite 'leitfaeden/gibt-es-nicht/index.md' gibt es nicht"),
    ("../b.html", "Link '../b.html' führt ins Leere: die Seite 'leitfaeden/b.html' gibt es nicht"),
    ("../../impressum.html",
     "Link '../../impressum.html' führt ins Leere: die Seite 'impressum.html' gibt es nicht – meinten Sie '../../impressum.md'?"),
    ("../b/", "Link '../b/' wird nicht erkannt: Seiten bitte über ihre .md-Datei verlinken, z. B. ../anderer-leitfaden/index.md"),
    ("/leitfaeden/b/", "Link '/leitfaeden/b/' ist absolut: bitte relativ zur .md-Datei verlinken"),
])
def test_links_that_lead_nowhere_are_problems_in_german(link, problem):
    assert resolve("leitfaeden/a/index.md", link, site_files()).problem == problem


def test_a_link_read_from_the_page_address_instead_of_its_file_gets_a_hint():
    """impressum.md is built as impressum/: '../index.md' counts from the file's folder, the editor counted from the URL."""
    files = site_files()
    problem = resolve("impressum.md", "../leitfaeden/a/index.md", files).problem
    assert problem == ("Link '../leitfaeden/a/index.md' führt ins Leere: die Seite '../leitfaeden/a/index.md' gibt es "
                       "nicht – meinten Sie 'leitfaeden/a/index.md'?")


# --- the check: anchors, locations, one report per mistake -----------------------------------

def test_missing_sections_are_reported_on_the_page_and_across_pages(tmp_path, caplog):
    docs = tmp_path / "docs"
    (docs / "leitfaeden" / "a").mkdir(parents=True)
    (docs / "leitfaeden" / "a" / "index.md").write_text(
        "# A\n\nSiehe [B](../b/index.md#fehlt).\n\nUnd [hier](#auch-fehlt), [B oben](../b/index.md#da).\n"
        "Noch einmal [B](../b/index.md#fehlt).\n", encoding="utf-8")
    check = check_of(tmp_path)
    check.record("leitfaeden/a/index.md", PageLinks(("../b/index.md#fehlt", "#auch-fehlt", "../b/index.md#da",
                                                     "../b/index.md#fehlt", "a-1.0.0.pdf#seite=2"), frozenset({"a"})))
    check.record("leitfaeden/b/index.md", PageLinks((), frozenset({"b", "da"})))
    with caplog.at_level(logging.WARNING):
        problems = check.report(site_files(), logging.getLogger("mkdocs.plugins.scschule"))
    assert [p.format(tmp_path) for p in problems] == [
        "docs/leitfaeden/a/index.md:3: Link '../b/index.md#fehlt': die Seite 'leitfaeden/b/index.md' hat keinen "
        "Abschnitt '#fehlt'",
        "docs/leitfaeden/a/index.md:5: Link '#auch-fehlt': diesen Abschnitt gibt es auf der Seite nicht",
    ]  # the repeated link once; a PDF has no sections to check
    assert [r.getMessage() for r in caplog.records] == [p.format(tmp_path) for p in problems]
    assert all(r.levelno == logging.WARNING for r in caplog.records)  # fails a strict build
    assert check.state.problems == problems  # and `scschule check` lists them


def test_a_page_not_converted_in_this_build_is_not_checked_against(tmp_path):
    """``mkdocs build --dirty`` skips unchanged pages: their anchors are unknown, not missing."""
    check = check_of(tmp_path)
    check.record("leitfaeden/a/index.md", PageLinks(("../b/index.md#irgendwo",), frozenset()))
    assert check.report(site_files(), logging.getLogger("test")) == []


def test_generated_pages_report_at_the_editors_file_and_rebased_links_as_written(tmp_path):
    """A guide's comparison page is one folder deeper than its text: the editor wrote the link without '../'."""
    guide = tmp_path / "guides" / "b" / "index.md"
    guide.parent.mkdir(parents=True)
    guide.write_text("---\ntitle: B\n---\n\n# B\n\nZu [A](../a/index.md#weg) und [X](../x/index.md).\n", encoding="utf-8")
    check = check_of(tmp_path, {"leitfaeden/b/index.md": (guide,), "leitfaeden/b/vergleich/index.md": (guide,)})
    check.record("leitfaeden/a/index.md", PageLinks((), frozenset({"a"})))
    check.record("leitfaeden/b/index.md", PageLinks(("../a/index.md#weg", "../x/index.md"), frozenset()))
    check.record("leitfaeden/b/vergleich/index.md", PageLinks(("../../a/index.md#weg",), frozenset()))
    problems = check.report(site_files(), logging.getLogger("test"))
    assert [p.format(tmp_path) for p in problems] == [
        "guides/b/index.md:7: Link '../a/index.md#weg': die Seite 'leitfaeden/a/index.md' hat keinen Abschnitt '#weg'",
        "guides/b/index.md:7: Link '../x/index.md' führt ins Leere: die Seite 'leitfaeden/x/index.md' gibt es nicht",
        "guides/b/index.md:7: Link '../a/index.md#weg': die Seite 'leitfaeden/a/index.md' hat keinen Abschnitt '#weg'",
    ]


def test_only_pages_whose_links_all_resolve_may_be_cached(tmp_path):
    check = check_of(tmp_path)
    files = site_files()
    assert check.all_resolve("leitfaeden/a/index.md", ["../b/index.md#fehlt", "https://example.org/"], files)
    assert not check.all_resolve("leitfaeden/a/index.md", ["../b/index.md", "../c/index.md"], files)
    assert not check.all_resolve("leitfaeden/a/index.md", ["/impressum/"], files)


def test_records_survive_the_cache_as_json():
    links = PageLinks(("../b/index.md#x", "bild.png"), frozenset({"a", "b"}))
    assert PageLinks.from_json(links.as_json()) == links
