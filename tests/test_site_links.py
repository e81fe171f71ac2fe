"""Relative links of generated pages: the string-only path arithmetic gives exactly posixpath.relpath."""

import itertools
import posixpath

import pytest

from scschule.site.urls import relative_link


def plugin_with_state(**state):
    """The core plugin as it is during a build, with its build state (no portal needed here)."""
    from pathlib import Path

    from scschule.plugin import PortalPlugin
    from scschule.site.build import BuildState
    from scschule.site.context import SiteContext

    plugin = PortalPlugin()
    plugin.state = BuildState(Path("/projekt"), None, SiteContext(), **state)
    return plugin

SOURCES = ["index.md", "kommunen/index.md", "kommunen/olpe/index.md", "kurse/kurs-1/einheit-2.md",
           "handlungsfelder/hf-1/index.md", "kommunen/kreis/olpe/index.md"]
TARGETS = ["", "kommunen/", "kommunen/olpe/", "kommunen/olpe/#karte", "kurse/kurs-1/einheit-2.md",
           "leitfaeden/open-data/1.0.0/", "handlungsfelder/hf-1/", "impressum/", "./kommunen/../kurse/",
           "/leitfaeden/", "../aussen/"]


@pytest.mark.parametrize(("source", "target"), list(itertools.product(SOURCES, TARGETS)))
def test_relative_link_is_relpath_from_the_page_folder(source, target):
    path, _, anchor = target.partition("#")
    src = path if path.endswith(".md") else posixpath.join(path, "index.md")
    expected = posixpath.relpath(src, posixpath.dirname(source) or ".")
    assert relative_link(source, target) == (f"{expected}#{anchor}" if anchor else expected)


def test_relative_link_examples():
    assert relative_link("kommunen/olpe/index.md", "kommunen/soest/") == "../soest/index.md"
    assert relative_link("index.md", "kommunen/") == "kommunen/index.md"
    assert relative_link("kommunen/olpe/index.md", "kommunen/olpe/#karte") == "index.md#karte"


# --- HTML blocks of generated pages: final URLs, recorded and checked --------------------------

PAGE_SOURCES = ["index.md", "kommunen/index.md", "kommunen/olpe/index.md", "kurse/kurs-1/einheit-2.md",
                "leitfaeden/x/1.0.0.md"]
LINK_TARGETS = ["", "kommunen/", "kommunen/olpe/", "kurse/kurs-1/einheit-2.md", "leitfaeden/x/1.0.0.md",
                "schuelerzeitung/atom.xml", "leitfaeden/x/x-1.0.0.pdf"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(("source", "target"), list(itertools.product(PAGE_SOURCES, LINK_TARGETS)))
def test_html_links_are_what_mkdocs_makes_of_the_markdown_link(source, target, directory_urls):
    """``link`` in a template gives the URL MkDocs writes for the same Markdown link."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    from scschule.site.urls import relative_url, site_url, url_of_source

    def url_of(src: str) -> str:
        return File(src, None, "", directory_urls).url

    to_src = target if target.endswith(".md") else (posixpath.join(target, "index.md") if not target or target.endswith("/") else None)
    to_url = url_of(to_src) if to_src else target
    expected = get_relative_url(to_url, url_of(source))
    got = relative_url(url_of_source(source, directory_urls), site_url(target, directory_urls))
    assert posixpath.normpath(got) == posixpath.normpath(expected)
    assert url_of_source(source, directory_urls) == ("" if url_of(source) == "./" else url_of(source))
    assert got.endswith("/") == (directory_urls and to_src is not None)


def test_page_renderer_records_and_escapes_html_links(tmp_path):
    import jinja2

    from scschule.site.pages import PageRenderer

    renderer = PageRenderer("scschule.taxonomy")
    renderer.env.loader = jinja2.DictLoader({"t.md": '<a href="{{ link("kommunen/olpe/#a&b") }}">x</a> '
                                                    '<a href="{{ link("schuelerzeitung/atom.xml") }}">f</a> '
                                                    '[md]({{ href("kommunen/") }})'})
    page = renderer.page("leitfaeden/x/index.md", "t.md")
    assert page.markdown == ('<a href="../../kommunen/olpe/#a&amp;b">x</a> '
                             '<a href="../../schuelerzeitung/atom.xml">f</a> [md](../../kommunen/index.md)')
    assert page.html_links == {"kommunen/olpe/", "schuelerzeitung/atom.xml"}  # Markdown links are MkDocs' to check


def test_a_dead_link_in_an_html_block_is_a_build_warning(caplog):
    """The portal plugin checks every recorded target; a warning fails a strict build."""
    import logging

    from mkdocs.structure.files import File, Files

    plugin = plugin_with_state(
        html_links={"handlungsfelder/bildung/index.md": frozenset({"kommunen/olpe/", "kommunen/fehlt/", ""}),
                    "leitfaeden/index.md": frozenset({"schuelerzeitung/atom.xml"})})
    files = Files([File(src, "/nirgends", "/site", True) for src in ("index.md", "kommunen/olpe/index.md")]
                  + [File("schuelerzeitung/atom.xml", "/nirgends", "/site", True)])
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        plugin.on_nav(None, config=None, files=files)
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.plugins.scschule", "WARNING", "handlungsfelder/bildung/index.md:1: Link auf 'kommunen/fehlt/' "
                                               "(Seite handlungsfelder/bildung/index.md) führt zu keiner Seite "
                                               "und keiner Datei der Website")]
    assert [p.message for p in plugin.state.problems] == [caplog.records[0].getMessage().split(": ", 1)[1]]


def test_html_blocks_bypass_markdown_and_return_in_place(tmp_path):
    """HTML written in ``html_block`` reaches the page unparsed, in place of its placeholder."""
    import jinja2
    import markdown

    from scschule.site.pages import PageRenderer, fill_html_blocks

    renderer = PageRenderer("scschule.taxonomy")
    renderer.env.loader = jinja2.DictLoader({"t.md": (
        "# Titel\n\n{% call html_block() %}<ul><li>*kein Markdown*</li></ul>{% endcall %}\n"
        "Text mit *Betonung*.\n{% call html_block() %}<p><a href=\"{{ link('kommunen/') }}\">K</a></p>{% endcall %}")})
    page = renderer.page("leitfaeden/index.md", "t.md")
    assert "<ul>" not in page.markdown and "<a " not in page.markdown  # Markdown sees only placeholders
    assert page.html_blocks == ("<ul><li>*kein Markdown*</li></ul>", '<p><a href="../kommunen/">K</a></p>')
    html, missing = fill_html_blocks(markdown.markdown(page.markdown), page.html_blocks)
    assert missing == []
    assert html.split() == ("<h1>Titel</h1> <ul><li>*kein Markdown*</li></ul> <p>Text mit <em>Betonung</em>.</p> "
                            '<p><a href="../kommunen/">K</a></p>').split()


def test_a_lost_html_block_placeholder_is_reported():
    from scschule.site.pages import fill_html_blocks, html_placeholder

    html, missing = fill_html_blocks(f"<p>a</p>{html_placeholder(1)}{html_placeholder(7)}", ("<b>0</b>", "<b>1</b>"))
    assert html == f"<p>a</p><b>1</b>{html_placeholder(7)}"  # an unknown placeholder is left alone
    assert missing == [0]


def test_the_portal_plugin_fills_blocks_once_and_warns_about_lost_ones(caplog):
    import logging
    from types import SimpleNamespace

    from scschule.site.pages import html_placeholder

    plugin = plugin_with_state(html_blocks={"a/index.md": ("<ul></ul>",), "b/index.md": ("<ol></ol>",)})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a/index.md"))
    assert plugin.fill_page_html_blocks(f"<h1>A</h1>{html_placeholder(0)}", page=page, config=None, files=None) == "<h1>A</h1><ul></ul>"
    assert "a/index.md" not in plugin.state.html_blocks  # held only until the page is converted
    other = SimpleNamespace(file=SimpleNamespace(src_uri="b/index.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        assert plugin.fill_page_html_blocks("<h1>B</h1>", page=other, config=None, files=None) == "<h1>B</h1>"
    assert [r.getMessage() for r in caplog.records] == [
        "b/index.md: HTML-Baustein 0 fehlt nach der Umwandlung (Platzhalter verloren)."]
    hand_written = SimpleNamespace(file=SimpleNamespace(src_uri="impressum.md"))
    assert plugin.fill_page_html_blocks("<p>x</p>", page=hand_written, config=None, files=None) == "<p>x</p>"


def test_front_matter_of_generated_pages_becomes_page_meta():
    """Read once with libyaml in the renderer; the portal plugin hands it to the page before anyone reads meta."""
    import jinja2
    from types import SimpleNamespace

    from scschule.site.pages import PageRenderer

    renderer = PageRenderer("scschule.taxonomy")
    renderer.env.loader = jinja2.DictLoader({
        "t.md": '---\ntitle: {{ "Ä: \\"zitiert\\"" | tojson }}\nsearch:\n  exclude: true\n---\n\n# Überschrift\n',
        "plain.md": "# Ohne\n"})
    page = renderer.page("a/index.md", "t.md")
    assert page.meta == {"title": 'Ä: "zitiert"', "search": {"exclude": True}}
    assert page.markdown == "# Überschrift\n"  # MkDocs gets no front matter to parse again
    assert renderer.page("b/index.md", "plain.md").meta == {}
    plugin = plugin_with_state(page_meta={"a/index.md": page.meta})
    mkdocs_page = SimpleNamespace(file=SimpleNamespace(src_uri="a/index.md"), meta={})
    assert plugin.apply_page_meta("# Überschrift\n", page=mkdocs_page, config=None, files=None) == "# Überschrift\n"
    assert mkdocs_page.meta == page.meta
