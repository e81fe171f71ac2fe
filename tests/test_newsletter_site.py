"""Schülerzeitung in a built site: pages, archive, cross-links, feeds, autodiscovery, preview."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from projecttools import ROOT, built_page as page, run_build
from newsletter_fixtures import SITE_URL, newsletter_project
from scschule.portal import load_portal


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = newsletter_project(tmp_path_factory.mktemp("newsletter") / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_only_published_issues_get_pages(small_site):
    assert (small_site / "schuelerzeitung/1/index.html").is_file()
    assert (small_site / "schuelerzeitung/2/index.html").is_file()
    assert not (small_site / "schuelerzeitung/3").exists()  # draft
    assert not (small_site / "schuelerzeitung/4").exists()  # scheduled for December
    everything = " ".join(p.read_text(encoding="utf-8") for p in small_site.rglob("*.html"))
    assert "Geheimer Entwurf" not in everything and "Geplante Ausgabe" not in everything
    assert "Vorschau" not in everything


def test_archive_groups_by_year_newest_first(small_site):
    archive = page(small_site, "schuelerzeitung")
    assert archive.h1.get_text(strip=True) == "Schülerzeitung"
    assert [h.get_text(strip=True) for h in archive.select("article h2")] == ["2026", "2025"]
    entries = [li.get_text(" ", strip=True) for li in archive.select("article li")]
    assert entries[0].startswith("Ausgabe 2 vom 15. Januar 2026: Zweite Testausgabe")
    assert "Zusammenfassung zwei." in entries[0]
    assert entries[1].startswith("Ausgabe 1 vom 20. November 2025: Erste Testausgabe")
    links = {a.get_text(strip=True): a["href"] for a in archive.select("article a")}
    assert links["Zweite Testausgabe"] == "2/" and links["RSS-Feed"] == "rss.xml"


def test_issue_page_links_tags_neighbours_and_cover(small_site):
    issue = page(small_site, "schuelerzeitung/2")
    assert [h.get_text(strip=True) for h in issue.find_all("h1")] == ["Ausgabe 2: Zweite Testausgabe"]
    links = {a.get_text(strip=True): a["href"] for a in issue.select("article a")}
    assert links["Verwaltung & Teilhabe"] == "../../handlungsfelder/verwaltung-teilhabe/"
    assert links["M01 Regionale Datenplattform"] == "../../massnahmenbuendel/m01/"
    assert links["Olpe"] == "../../kommunen/olpe/"
    assert links["Ausgabe 1: Erste Testausgabe"] == "../1/"
    assert issue.select_one('a[rel="prev"]')["href"] == "../1/"
    assert issue.select_one('a[rel="next"]') is None  # issue 3 and 4 are not published
    assert page(small_site, "schuelerzeitung/1").select_one('a[rel="next"]')["href"] == "../2/"
    cover = issue.select_one('article img[alt="Ein Testbild"]')
    assert (small_site / "schuelerzeitung/2" / cover["src"]).is_file()
    assert "aktualisiert am 1. Februar 2026" in issue.get_text(" ")


def test_tag_pages_list_published_issues(small_site):
    for url in ("kommunen/olpe", "massnahmenbuendel/m01", "handlungsfelder/verwaltung-teilhabe"):
        titles = [a.get_text(strip=True) for a in page(small_site, url).select("article a")]
        assert "Ausgabe 2: Zweite Testausgabe" in titles, url
    soest = page(small_site, "kommunen/soest").get_text(" ")
    assert "Geplante Ausgabe" not in soest and "Geheimer Entwurf" not in soest


def test_every_page_announces_both_feeds(small_site):
    pages = list(small_site.rglob("index.html"))
    assert len(pages) > 70  # home, archive, issues, taxonomy and 59 municipality pages
    for path in pages:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found = {link["type"]: link["href"] for link in html.select('head link[rel~="alternate"]')}
        url = SITE_URL + path.parent.relative_to(small_site).as_posix() + "/"
        assert urljoin(url, found["application/rss+xml"]) == SITE_URL + "schuelerzeitung/rss.xml", path
        assert urljoin(url, found["application/atom+xml"]) == SITE_URL + "schuelerzeitung/atom.xml", path


def test_built_feeds_parse_and_match_the_pages(small_site):
    rss = feedparser.parse((small_site / "schuelerzeitung/rss.xml").read_bytes())
    atom = feedparser.parse((small_site / "schuelerzeitung/atom.xml").read_bytes())
    for feed in (rss, atom):
        assert not feed.bozo
        assert [e.link for e in feed.entries] == [SITE_URL + "schuelerzeitung/2/", SITE_URL + "schuelerzeitung/1/"]
    assert len(list(small_site.glob("kommunen/*/atom.xml"))) == 59
    json_feed = json.loads((small_site / "schuelerzeitung/feed.json").read_bytes())
    assert [i["url"] for i in json_feed["items"]] == [e.link for e in atom.entries]
    archive = page(small_site, "schuelerzeitung")
    assert {a.get_text(): a["href"] for a in archive.select("article a") if "Feed" in a.get_text()} == {
        "RSS-Feed": "rss.xml", "Atom-Feed": "atom.xml", "JSON Feed": "feed.json"}
    olpe = feedparser.parse((small_site / "kommunen/olpe/atom.xml").read_bytes())
    assert not olpe.bozo and [e.link for e in olpe.entries] == [SITE_URL + "schuelerzeitung/2/"]


def test_built_feed_entries_carry_the_text_of_the_issue_pages(small_site):
    """The feeds take each issue's text from its converted page, so page and feed say the same."""
    atom = feedparser.parse((small_site / "schuelerzeitung/atom.xml").read_bytes())
    for entry in atom.entries:
        page_html = BeautifulSoup((small_site / entry.link.removeprefix(SITE_URL) / "index.html").read_text(), "html.parser")
        feed_html = BeautifulSoup(entry.content[0].value, "html.parser")
        feed_headings = [h.get_text(strip=True) for h in feed_html.find_all(["h2", "h3"])]
        assert feed_headings, entry.link
        page_headings = [h.get_text(strip=True).rstrip("¶") for h in page_html.select("article h2, article h3")]
        assert page_headings[:len(feed_headings)] == feed_headings  # the issue's text comes before "Themen dieser Ausgabe"
        assert "Themen dieser Ausgabe" not in feed_html.get_text()  # the page's frame stays out of the feed
        assert "scschule:" not in entry.content[0].value


def test_serve_preview_shows_drafts_and_scheduled_with_banner(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = newsletter_project(tmp_path / "project")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    site = tmp_path / "preview"
    draft, scheduled = page(site, "schuelerzeitung/3"), page(site, "schuelerzeitung/4")
    assert "Vorschau: Entwurf" in draft.select_one(".admonition").get_text()
    assert "Vorschau: geplant für den 1. Dezember 2026" in scheduled.select_one(".admonition").get_text()
    assert page(site, "schuelerzeitung/2").select_one(".admonition") is None
    assert page(site, "schuelerzeitung/2").select_one('a[rel="next"]')["href"] == "../3/"
    # Feeds are for readers: even the preview publishes nothing early.
    atom = feedparser.parse((site / "schuelerzeitung/atom.xml").read_bytes())
    assert len(atom.entries) == 2
    # Every issue page handed its converted text to the feeds, so none was converted twice.
    assert sorted(config.plugins["scschule-newsletter"].bodies) == [1, 2, 3, 4]


def test_included_issues_build_into_pages_and_feeds(built_site):
    portal = load_portal(ROOT, today=date.today())
    published = portal.visible_issues
    assert len(published) >= 3
    atom = feedparser.parse((built_site / "schuelerzeitung/atom.xml").read_bytes())
    rss = feedparser.parse((built_site / "schuelerzeitung/rss.xml").read_bytes())
    assert not atom.bozo and not rss.bozo
    assert len(atom.entries) == len(rss.entries) == len(published)
    assert [e.title for e in atom.entries] == [f"Ausgabe {i.number}: {i.meta.title}" for i in reversed(published)]
    for issue in published:
        assert (built_site / issue.url / "index.html").is_file()
