"""Guides in a real build: version pages, banners, comparison, catalogue, PDFs and their cache, release round trip."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from projecttools import ROOT, run_build
from scschule.content.source import read_markdown

GUIDES = sorted(p.parent for p in (ROOT / "guides").glob("*/index.md"))
ARCHIVED = sorted((ROOT / "guides").glob("*/versions/*.md"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path):
    return soup(path).select_one("article")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def pdf_counts(result: subprocess.CompletedProcess) -> tuple[int, int]:
    match = re.search(r"Leitfaden-PDFs: (\d+) erzeugt, (\d+) aus dem Cache", result.stderr)
    assert match, result.stderr
    return int(match.group(1)), int(match.group(2))


def search_urls(site: Path) -> set[str]:
    """Pages in the search index (the portal's own search plugin, or Material's built-in one)."""
    own = site / "assets" / "scschule" / "search" / "docs.json"
    if own.is_file():
        return {doc["u"] for doc in json.loads(own.read_text(encoding="utf-8"))}
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"] for doc in material["docs"]}


def build_ok(root: Path) -> subprocess.CompletedProcess:
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return result


def test_content_has_archived_versions():
    assert len(GUIDES) >= 2 and len({p.parent.parent for p in ARCHIVED}) >= 2


@pytest.mark.parametrize("folder", GUIDES, ids=lambda p: p.name)
def test_current_guide_page(built_site, folder):
    meta = read_markdown(folder / "index.md").data
    page = article(built_site / "leitfaeden" / folder.name / "index.html")
    assert page.h1.get_text(strip=True).startswith(meta["title"])
    assert len(page.find_all("h1")) == 1
    facts = page.select_one(".scs-guide-facts").get_text(" ", strip=True)
    assert f"Version {meta['version']}" in facts and "Minuten" in facts and meta["licence"] in facts
    table = page.find("h2", id="versionen").find_next("table")
    assert [row.find("td").get_text(strip=True).split(" ")[0] for row in table.tbody.find_all("tr")] == \
        sorted((e["version"] for e in meta["changelog"]), key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    pdf = page.find("a", class_="scs-pdf-link")
    assert pdf["href"] == f"{folder.name}-{meta['version']}.pdf"
    assert (built_site / "leitfaeden" / folder.name / pdf["href"]).stat().st_size > 1000


@pytest.mark.parametrize("archived", ARCHIVED, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_archived_version_page_has_banner_and_stays_out_of_search(built_site, archived):
    slug, version = archived.parent.parent.name, archived.stem
    page_path = built_site / "leitfaeden" / slug / version / "index.html"
    page = article(page_path)
    banner = page.select_one(".scs-archive-banner")
    assert re.fullmatch(rf"Sie lesen Version {re.escape(version)} vom \d+\. \w+ \d{{4}} – zur aktuellen Version",
                        " ".join(banner.find_all("p")[-1].get_text().split()))
    assert banner.find("a", string="zur aktuellen Version")["href"] == "../"
    # The archived text is shown, not the current one.
    old_body = read_markdown(archived).body
    first_heading = re.search(r"^## (.+)$", old_body, re.MULTILINE).group(1)
    assert first_heading in [h.get_text().rstrip("¶") for h in page.find_all("h2")]
    locations = search_urls(built_site)
    assert not any(loc.startswith(f"leitfaeden/{slug}/{version}/") for loc in locations)
    assert f"leitfaeden/{slug}/" in locations


@pytest.mark.parametrize("archived", ARCHIVED, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_comparison_page_is_linked_from_the_changelog(built_site, archived):
    slug = archived.parent.parent.name
    guide = built_site / "leitfaeden" / slug / "index.html"
    links = [a["href"] for a in article(guide).find_all("a", href=re.compile(r"^vergleich/"))]
    assert links, "no comparison linked"
    for href in links:
        page = article(guide.parent / href / "index.html")
        assert page.h1.get_text(strip=True).startswith("Änderungen:")
        marks = page.select("ins, del")
        # Legend (one ins + one del) plus at least one real change, each with a hidden text label.
        changes = [m for m in marks if m.select_one(".scs-visually-hidden")]
        assert changes or page.select(".scs-diff-block")
        for mark in changes:
            label = mark.select_one(".scs-visually-hidden").get_text()
            assert label == ("eingefügt: " if mark.name == "ins" else "entfernt: ")


def test_pdf_has_title_page_with_version_and_licence(built_site):
    archived = ARCHIVED[0]
    slug, version = archived.parent.parent.name, archived.stem
    meta = read_markdown(archived).data
    reader = PdfReader(built_site / "leitfaeden" / slug / f"{slug}-{version}.pdf")
    assert reader.metadata.title == meta["title"]
    first = reader.pages[0].extract_text()
    assert meta["title"].split()[0] in first
    assert f"Version{version}" in first.replace(" ", "").replace("\n", "")
    assert "Lizenz" in first and meta["licence"].replace(" ", "") in first.replace(" ", "")
    assert len(reader.pages) >= 2


def test_catalogue_sorted_by_update_and_filterable_without_javascript(built_site):
    page = article(built_site / "leitfaeden" / "index.html")
    rows = page.select("table tbody tr")
    assert len(rows) == len(GUIDES)
    dates = [read_markdown(ROOT / "guides" / Path(r.a["href"]).parts[0] / "index.md").data["updated"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    summaries = [d.summary.get_text(strip=True) for d in page.find_all("details")]
    assert [s.split(" ")[1] for s in summaries] == ["Handlungsfeld", "Maßnahmenbündel", "Kommune", "Stufe"]
    for group in ("handlungsfeld", "buendel", "kommune", "stufe"):
        links = page.select(f'details a[href^="{group}/"]')
        assert links, group
        target = built_site / "leitfaeden" / links[0]["href"] / "index.html"
        filtered = article(target)
        assert 0 < len(filtered.select("table tbody tr")) <= len(rows)
    einstieg = article(built_site / "leitfaeden" / "stufe" / "einstieg" / "index.html")
    titles = {a.get_text(strip=True) for a in einstieg.select("table tbody tr a")}
    expected = {read_markdown(f / "index.md").data["title"] for f in GUIDES if read_markdown(f / "index.md").data["level"] == "Einstieg"}
    assert titles == expected


def set_plugin_option(root: Path, plugin: str, option: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert f"  - {plugin}\n" in text
    config.write_text(text.replace(f"  - {plugin}\n", f"  - {plugin}:\n      {option}\n", 1), encoding="utf-8")


def test_pdf_cache_release_round_trip_and_review_notice(project):
    build_ok(project)
    assert pdf_counts(build_ok(project)) == (0, len(GUIDES) + len(ARCHIVED))  # unchanged: nothing rendered

    slug = GUIDES[0].name
    index = project / "guides" / slug / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    assert pdf_counts(build_ok(project))[0] == 1  # only the changed guide

    old_version = read_markdown(index).data["version"]
    major = int(old_version.split(".")[0]) + 1
    cli = [sys.executable, "-m", "scschule.cli"]
    released = subprocess.run([*cli, "guide", "release", slug, "--version", f"{major}.0.0", "--note", "Neuer Absatz.",
                               "--root", str(project), "--today", "2099-01-01"], capture_output=True, text=True)
    assert released.returncode == 0, released.stderr
    set_plugin_option(project, "scschule", "today: '2099-01-01'")
    result = build_ok(project)
    checked = subprocess.run([*cli, "check", str(project), "--today", "2099-01-01"], capture_output=True, text=True)
    assert f"guides/{slug}/index.md" not in checked.stdout
    # The new version, and the previous one again: its PDF now says 'archivierte Fassung' and has its own address.
    assert pdf_counts(result)[0] == 2
    site = project / "site" / "leitfaeden" / slug
    assert f"Version {major}.0.0 vom 1. Januar 2099" in text_of(article(site / "index.html"))
    assert f"Sie lesen Version {old_version} vom" in text_of(article(site / old_version / "index.html"))
    assert (site / "vergleich" / f"{old_version}-{major}.0.0" / "index.html").is_file()
    assert (site / f"{slug}-{old_version}.pdf").is_file() and (site / f"{slug}-{major}.0.0.pdf").is_file()
    # Every other guide is past its review date in 2099: readers see a notice.
    other = article(project / "site" / "leitfaeden" / GUIDES[1].name / "index.html")
    assert "Überprüfung fällig" in other.get_text()
    assert "Überprüfung fällig" not in article(site / "index.html").get_text()


def test_pdf_switch_turns_pdfs_off(project):
    set_plugin_option(project, "scschule-guides", "pdf: false")
    result = build_ok(project)
    assert "Leitfaden-PDFs" not in result.stderr
    assert not list((project / "site" / "leitfaeden").rglob("*.pdf"))
    assert not article(project / "site" / "leitfaeden" / GUIDES[0].name / "index.html").select(".scs-pdf-link")
