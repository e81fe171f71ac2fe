"""The built site: cross-link pages, footer, collections loaded without copying."""

from __future__ import annotations

from datetime import date

from scschule.portal import load_portal
from projecttools import ROOT, built_page, run_build


def test_bundle_page_lists_every_item_tagged_with_it(built_site):
    portal = load_portal(ROOT, today=date.today())
    tagged = portal.tags.bundles.get("M01", [])
    assert tagged, "the included content should tag something with M01"
    page = built_page(built_site, "massnahmenbuendel/m01")
    assert page.h1.get_text(strip=True) == "M01: Regionale Datenplattform"
    text = page.get_text(" ", strip=True)
    assert "1.925.000 Euro" in text
    assert "Offene Regionale Datenplattform" in text  # a sub-measure
    listed = {a.get_text(strip=True) for a in page.select("article a")}
    for item in tagged:
        assert item.title in listed


def test_every_taxonomy_entry_has_a_page(built_site):
    portal = load_portal(ROOT, today=date.today())
    for field in portal.taxonomy.handlungsfelder.values():
        assert built_page(built_site, field.url.rstrip("/")).h1.get_text(strip=True) == field.title
    for bundle in portal.taxonomy.bundles.values():
        assert (built_site / bundle.url / "index.html").is_file()


def test_footer_links_legal_pages_on_home(built_site):
    footer = built_page(built_site, "").select_one("footer")
    labels = {a.get_text(strip=True) for a in footer.find_all("a")}
    assert {"Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit"} <= labels


def test_build_leaves_docs_untouched_and_fails_on_content_errors(project):
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    assert run_build(project).returncode == 0
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before
    guide = next((project / "guides").glob("*/index.md"))
    guide.write_text(guide.read_text(encoding="utf-8").replace("bundles: [", "bundles: [M42, ", 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "unbekannte(s) Maßnahmenbündel 'M42'" in result.stderr
    assert "Traceback" not in result.stderr


class RecordingServer:
    """Stands in for MkDocs' LiveReloadServer: records what the plugin asks it to watch."""

    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_every_collection(project):
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    server = RecordingServer()
    config.plugins["scschule"].on_serve(server, config=config, builder=None)
    # Every collection's folder, taxonomy/bundles (extra text of bundle pages) and the region's facts included.
    names = ("guides", "newsletter", "courses", "referate", "municipalities", "taxonomy/bundles", "okr", "pausenhof/themen",
             "region")
    expected = {str(project / name) for name in names if (project / name).is_dir()}
    assert str(project / "taxonomy/bundles") in expected and str(project / "region") in expected
    assert set(server.watched) == expected
