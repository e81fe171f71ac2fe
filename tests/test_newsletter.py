"""Schülerzeitung: publishing rule, validation, feeds and e-mail edition (no MkDocs build)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsletter_fixtures import ISSUES, SITE_URL, TODAY, newsletter_project, write_issues
from scschule.portal import load_portal
from scschule.newsletter.feeds import feed_files
from scschule.newsletter.model import Status
from scschule.site.context import SiteContext
from scschule.site.urls import SiteUrls
from projecttools import copy_region, region_taxonomy

FIXED_TODAY = date.fromisoformat(TODAY)
SETTINGS = SiteContext(SITE_URL, "Testportal", "Testredaktion", ["admonition", "attr_list", "toc"],
                        {"toc": {"permalink": True}})


def portal_at(root: Path, today: date = FIXED_TODAY, **kwargs):
    portal = load_portal(root, today=today, **kwargs, taxonomy=region_taxonomy())
    assert not portal.errors, [p.format(root) for p in portal.errors]
    return portal


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scschule.cli", *args], cwd=cwd, capture_output=True, text=True)


# --- publishing rule -------------------------------------------------------------------------

def test_drafts_and_future_issues_are_not_published(tmp_path):
    portal = portal_at(write_issues(tmp_path))
    status = {i.number: i.status(FIXED_TODAY) for i in portal.issues}
    assert status == {1: Status.PUBLISHED, 2: Status.PUBLISHED, 3: Status.DRAFT, 4: Status.SCHEDULED}
    assert [i.number for i in portal.visible_issues] == [1, 2]
    listed = [item.url for item in portal.items() if item.kind == "Schülerzeitung"]
    assert listed == ["schuelerzeitung/1/", "schuelerzeitung/2/"]
    # Not in the cross-link pages either: Soest is tagged only by the draft and the scheduled issue.
    assert "soest" not in portal.tags.municipalities
    assert [i.url for i in portal.tags.municipalities["arnsberg"]] == ["schuelerzeitung/2/", "schuelerzeitung/1/"]


def test_scheduled_issue_appears_on_its_date_and_draft_never(tmp_path):
    write_issues(tmp_path)
    day_before = portal_at(tmp_path, date(2026, 11, 30))
    on_the_day = portal_at(tmp_path, date(2026, 12, 1))
    years_later = portal_at(tmp_path, date(2030, 1, 1))
    assert [i.number for i in day_before.visible_issues] == [1, 2]
    assert [i.number for i in on_the_day.visible_issues] == [1, 2, 4]
    assert [i.number for i in years_later.visible_issues] == [1, 2, 4]
    assert "soest" in on_the_day.tags.municipalities


def test_preview_shows_drafts_and_scheduled_issues(tmp_path):
    portal = portal_at(write_issues(tmp_path), preview=True)
    assert [i.number for i in portal.visible_issues] == [1, 2, 3, 4]
    assert "soest" in portal.tags.municipalities


# --- validation ------------------------------------------------------------------------------

def only(issues: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in ISSUES.items() if name in issues} | {
        name: text for name, text in issues.items() if name not in ISSUES
    }


def problems_of(root: Path, files: dict[str, str]) -> list[str]:
    write_issues(root, files)
    return [p.format(root) for p in load_portal(root, today=FIXED_TODAY, taxonomy=region_taxonomy()).problems]


def issue_text(number: int, day: str, extra: str = "") -> str:
    return (f"---\nissue: {number}\ndate: {day}\ntitle: T{number}\nsummary: S\nauthors: [Redaktion]\n"
            f"{extra}---\n\nText.\n")


def test_file_name_must_match_number_and_year(tmp_path):
    problems = problems_of(tmp_path, {
        "2026/05-falsche-nummer.md": issue_text(6, "2026-05-01"),
        "2025/07-falsches-jahr.md": issue_text(7, "2026-07-01"),
        "2026/Ausgabe acht.md": issue_text(8, "2026-09-01"),
    })
    errors = [p for p in problems if "Dateiname" in p]
    assert sorted(e.split(":")[0] + ":" + e.split(":")[1] for e in errors) == [
        "newsletter/2025/07-falsches-jahr.md:1",
        "newsletter/2026/05-falsche-nummer.md:1",
        "newsletter/2026/Ausgabe acht.md:1",
    ]
    assert "erwartet wird newsletter/2026/06-<kurzname>.md" in next(e for e in errors if "05-falsche" in e)


def test_numbers_must_rise_with_dates(tmp_path):
    problems = problems_of(tmp_path, {
        "2026/01-a.md": issue_text(1, "2026-05-01"),
        "2026/02-b.md": issue_text(2, "2026-03-01"),  # earlier than issue 1: error at its date line
        "2026/03-c.md": issue_text(3, "2026-05-01"),  # same day as issue 1 is fine
    })
    assert problems == [
        "newsletter/2026/02-b.md:3: date: Ausgabe 2 ist auf 2026-03-01 datiert, also vor Ausgabe 1 "
        "(2026-05-01); die Nummern müssen mit dem Datum steigen"
    ]


def test_gap_in_numbering_is_a_warning(tmp_path):
    write_issues(tmp_path, {"2026/01-a.md": issue_text(1, "2026-01-01"), "2026/04-d.md": issue_text(4, "2026-07-01")})
    portal = load_portal(tmp_path, today=FIXED_TODAY, taxonomy=region_taxonomy())
    assert not portal.errors
    assert [p.format(tmp_path) for p in portal.problems] == [
        "newsletter/2026/04-d.md:2: Warnung: issue: Lücke in der Nummerierung, Ausgabe 2–3 fehlt"
    ]


def test_cover_needs_alt_text_and_an_existing_file(tmp_path):
    problems = problems_of(tmp_path, {
        "2026/01-a.md": issue_text(1, "2026-01-01", "cover:\n  src: titel.png\n"),
        "2026/02-b.md": issue_text(2, "2026-02-01", "cover:\n  src: fehlt.png\n  alt: Bild\n"),
        "2026/03-c.md": issue_text(3, "2026-03-01", "cover:\n  src: https://example.com/x.png\n  alt: Bild\n"),
    })
    assert problems == [
        "newsletter/2026/01-a.md:7: cover.alt: Pflichtfeld fehlt",
        "newsletter/2026/02-b.md:8: cover.src: Bilddatei 'fehlt.png' nicht gefunden",
        "newsletter/2026/03-c.md:8: cover.src: Bild bitte als Datei neben der Ausgabe ablegen und relativ "
        "angeben (keine Adresse im Internet)",
    ]


def test_updated_must_not_precede_date(tmp_path):
    problems = problems_of(tmp_path, {"2026/01-a.md": issue_text(1, "2026-03-01", "updated: 2026-02-01\n")})
    assert problems == ["newsletter/2026/01-a.md:7: updated: darf nicht vor 'date' liegen"]


def test_check_reports_newsletter_errors_without_traceback(tmp_path):
    copy_region(tmp_path)
    write_issues(tmp_path, {"2026/01-a.md": issue_text(1, "2026-05-01"), "2026/02-b.md": issue_text(2, "2026-03-01")})
    result = run_cli("check", str(tmp_path), "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "newsletter/2026/02-b.md:3: date: Ausgabe 2" in result.stdout
    assert "Traceback" not in result.stderr


# --- feeds ------------------------------------------------------------------------------------

def parsed_feeds(root: Path, today: date = FIXED_TODAY) -> dict[str, feedparser.FeedParserDict]:
    files = feed_files(portal_at(root, today), SETTINGS)
    return {path: feedparser.parse(xml) for path, xml in files.items()}


def test_feeds_parse_cleanly_with_published_issues_newest_first(tmp_path):
    feeds = parsed_feeds(write_issues(tmp_path))
    for path in ("schuelerzeitung/rss.xml", "schuelerzeitung/atom.xml"):
        feed = feeds[path]
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert [e.link for e in feed.entries] == [SITE_URL + "schuelerzeitung/2/", SITE_URL + "schuelerzeitung/1/"]
        assert [e.id for e in feed.entries] == [SITE_URL + "schuelerzeitung/2/", SITE_URL + "schuelerzeitung/1/"]
        newest = feed.entries[0]
        assert newest.title == "Ausgabe 2: Zweite Testausgabe"
        assert newest.summary == "Zusammenfassung zwei."
        assert "Text der ersten Ausgabe" in feed.entries[1].content[0].value
        assert "¶" not in newest.content[0].value  # the page's heading permalinks stay on the page
    assert feeds["schuelerzeitung/rss.xml"].version == "rss20"
    assert feeds["schuelerzeitung/atom.xml"].version == "atom10"


def test_feeds_take_issue_text_already_rendered_for_the_pages(tmp_path):
    """The build hands over each issue's text as converted for its page: no second conversion,
    links made absolute against the issue's page; an issue without it is converted here."""
    portal = portal_at(write_issues(tmp_path))
    from_page = '<h2 id="x">Von der Seite</h2>\n<p><a href="../1/">Ausgabe davor</a> <img alt="Karte" src="karte.png"></p>'
    atom = feedparser.parse(feed_files(portal, SETTINGS, {2: from_page})["schuelerzeitung/atom.xml"])
    newest, older = atom.entries
    html = BeautifulSoup(newest.content[0].value, "html.parser")
    assert html.h2.get_text() == "Von der Seite"
    assert html.find("a", string="Ausgabe davor")["href"] == SITE_URL + "schuelerzeitung/1/"
    assert html.find("img", alt="Karte")["src"] == SITE_URL + "schuelerzeitung/2/karte.png"
    assert "Text der ersten Ausgabe" in older.content[0].value  # not handed over: converted from Markdown


def test_issue_text_is_cut_from_its_page_only_when_framed():
    from scschule.newsletter.pages import BODY_END, BODY_START, body_of_page

    page = f"<h1>Ausgabe 1</h1>\n{BODY_START}\n<p>Text</p>\n{BODY_END}\n<h2>Themen dieser Ausgabe</h2>"
    assert body_of_page(page) == "<p>Text</p>"
    assert body_of_page("<h1>Ausgabe 1</h1><p>Text</p>") is None
    assert body_of_page(f"{BODY_END}<p>Text</p>{BODY_START}") is None


def test_atom_entries_carry_dates_with_time_zone_authors_and_categories(tmp_path):
    atom = parsed_feeds(write_issues(tmp_path))["schuelerzeitung/atom.xml"]
    newest = atom.entries[0]
    assert newest.published == "2026-01-15T00:00:00+01:00"  # Europe/Berlin in winter
    assert newest.updated == "2026-02-01T00:00:00+01:00"  # the 'updated' field
    assert atom.entries[1].updated == "2025-11-20T00:00:00+01:00"  # defaults to the date
    assert atom.feed.updated == "2026-02-01T00:00:00+01:00"
    assert [a.name for a in newest.authors] == ["Anna Beispiel", "Redaktion"]
    assert {(t.term, t.label) for t in newest.tags} == {
        ("verwaltung-teilhabe", "Verwaltung & Teilhabe"), ("M01", "M01 Regionale Datenplattform"),
        ("olpe", "Olpe"), ("arnsberg", "Arnsberg"),
    }
    rss = parsed_feeds(tmp_path)["schuelerzeitung/rss.xml"]
    assert rss.entries[0].published == "Thu, 15 Jan 2026 00:00:00 +0100"
    assert {t.term for t in rss.entries[0].tags} == {"Verwaltung & Teilhabe", "M01 Regionale Datenplattform", "Olpe", "Arnsberg"}
    assert rss.entries[0].author_detail.name == "Anna Beispiel"


def test_feed_content_has_only_absolute_links(tmp_path):
    atom = parsed_feeds(write_issues(tmp_path))["schuelerzeitung/atom.xml"]
    html = BeautifulSoup(atom.entries[0].content[0].value, "html.parser")
    hrefs = {a.get_text(): a["href"] for a in html.find_all("a") if a.get_text() in ("Olpe", "Archiv", "extern")}
    assert hrefs == {"Olpe": SITE_URL + "kommunen/olpe/", "Archiv": SITE_URL + "schuelerzeitung/#2025",
                     "extern": "https://example.com/x"}
    images = html.find_all("img")
    assert [(i["src"], i["alt"]) for i in images] == [
        (SITE_URL + "schuelerzeitung/2/titel.png", "Ein Testbild"),  # the cover
        (SITE_URL + "schuelerzeitung/2/titel.png", "Grafik"),
    ]
    for tag in html.find_all(href=True):
        assert tag["href"].startswith("https://"), tag


@pytest.mark.parametrize("url, expected", [
    ("../../kommunen/olpe/index.md", SITE_URL + "kommunen/olpe/"),
    ("../../impressum.md#kontakt", SITE_URL + "impressum/#kontakt"),
    ("#abschnitt", SITE_URL + "schuelerzeitung/2/#abschnitt"),
    ("bild.png", SITE_URL + "schuelerzeitung/2/bild.png"),
    ("/assets/logo.svg", "https://example.org/assets/logo.svg"),
    ("mailto:redaktion@example.org", "mailto:redaktion@example.org"),
])
def test_absolute_url(url, expected):
    assert SiteUrls(True, SITE_URL).absolute_link(url, SITE_URL + "schuelerzeitung/2/") == expected


@pytest.mark.parametrize("url, expected", [
    ("../../kommunen/olpe/index.md", SITE_URL + "kommunen/olpe/index.html"),
    ("../../impressum.md#kontakt", SITE_URL + "impressum.html#kontakt"),
    ("../../kommunen/README.md", SITE_URL + "kommunen/index.html"),
])
def test_absolute_url_without_directory_urls(url, expected):
    urls = SiteUrls(False, SITE_URL)
    assert urls.absolute_link(url, SITE_URL + "schuelerzeitung/2/index.html") == expected
    assert urls.absolute("schuelerzeitung/2/") == SITE_URL + "schuelerzeitung/2/index.html"


def test_ids_stay_the_same_when_title_and_body_are_edited(tmp_path):
    write_issues(tmp_path)
    before = parsed_feeds(tmp_path)
    path = tmp_path / "newsletter/2026/02-zweite-ausgabe.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Zweite Testausgabe", "Neuer Titel").replace("Aus den Kommunen", "Neu"), encoding="utf-8")
    after = parsed_feeds(tmp_path)
    for name in ("schuelerzeitung/rss.xml", "schuelerzeitung/atom.xml", "kommunen/olpe/atom.xml"):
        assert [e.title for e in after[name].entries] != [e.title for e in before[name].entries]
        assert [e.id for e in after[name].entries] == [e.id for e in before[name].entries]


def test_unpublished_issues_are_in_no_feed_until_their_date(tmp_path):
    write_issues(tmp_path)
    feeds = parsed_feeds(tmp_path)
    assert all("Geheimer Entwurf" not in str(f.entries) and "Geplante Ausgabe" not in str(f.entries) for f in feeds.values())
    later = parsed_feeds(tmp_path, date(2026, 12, 1))
    assert [e.title for e in later["schuelerzeitung/atom.xml"].entries][0] == "Ausgabe 4: Geplante Ausgabe"
    assert len(later["kommunen/soest/atom.xml"].entries) == 1


def test_one_atom_feed_per_municipality_with_the_issues_naming_it(tmp_path):
    feeds = parsed_feeds(write_issues(tmp_path))
    municipal = {path: feed for path, feed in feeds.items() if path.startswith("kommunen/")}
    assert len(municipal) == 59
    for path, feed in municipal.items():
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
    assert [e.title for e in municipal["kommunen/arnsberg/atom.xml"].entries] == [
        "Ausgabe 2: Zweite Testausgabe", "Ausgabe 1: Erste Testausgabe"]
    assert [e.title for e in municipal["kommunen/olpe/atom.xml"].entries] == ["Ausgabe 2: Zweite Testausgabe"]
    empty = municipal["kommunen/soest/atom.xml"]
    assert empty.entries == [] and empty.feed.title == "Schülerzeitung: Soest"
    olpe = municipal["kommunen/olpe/atom.xml"].feed
    assert {(l.rel, l.href) for l in olpe.links} == {("alternate", SITE_URL + "kommunen/olpe/"),
                                                    ("self", SITE_URL + "kommunen/olpe/atom.xml")}


def test_rss_channel_links_the_archive_and_names_itself_as_self(tmp_path):
    """feedgen takes the last link() as <channel><link> and the first rel=self as atom:link:
    the produced XML is read with lxml, not only with a tolerant feed reader."""
    from lxml import etree

    files = feed_files(portal_at(write_issues(tmp_path)), SETTINGS)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    channel = etree.fromstring(files["schuelerzeitung/rss.xml"]).find("channel")
    assert [link.text for link in channel.findall("link")] == [SITE_URL + "schuelerzeitung/"]
    self_links = channel.findall("atom:link", ns)
    assert [(l.get("rel"), l.get("href"), l.get("type")) for l in self_links] == [
        ("self", SITE_URL + "schuelerzeitung/rss.xml", "application/rss+xml")]
    atom = etree.fromstring(files["schuelerzeitung/atom.xml"])
    links = {(l.get("rel"), l.get("href")) for l in atom.findall("atom:link", ns)}
    assert links == {("self", SITE_URL + "schuelerzeitung/atom.xml"), ("alternate", SITE_URL + "schuelerzeitung/")}
    olpe = etree.fromstring(files["kommunen/olpe/atom.xml"])
    assert {(l.get("rel"), l.get("href")) for l in olpe.findall("atom:link", ns)} == {
        ("self", SITE_URL + "kommunen/olpe/atom.xml"), ("alternate", SITE_URL + "kommunen/olpe/")}


def json_feed_violations(doc: object) -> list[str]:
    """Breaches of the JSON Feed 1.1 rules (https://jsonfeed.org/version/1.1) that a reader relies on."""
    from datetime import datetime
    from urllib.parse import urlsplit

    def absolute(url: object) -> bool:
        return isinstance(url, str) and urlsplit(url).scheme in ("https", "http") and bool(urlsplit(url).netloc)

    def rfc3339(value: object) -> bool:
        try:
            return isinstance(value, str) and "T" in value and datetime.fromisoformat(value).tzinfo is not None
        except ValueError:
            return False

    def authors(value: object, where: str) -> list[str]:
        if not isinstance(value, list) or not value:
            return [f"{where}.authors: non-empty array expected"]
        return [f"{where}.authors[{i}]: name, url or avatar required" for i, a in enumerate(value)
                if not isinstance(a, dict) or not any(isinstance(a.get(k), str) and a[k] for k in ("name", "url", "avatar"))]

    if not isinstance(doc, dict):
        return ["top level: object expected"]
    found = []
    if doc.get("version") != "https://jsonfeed.org/version/1.1":
        found.append("version: must be https://jsonfeed.org/version/1.1")
    if not isinstance(doc.get("title"), str) or not doc["title"]:
        found.append("title: required string")
    for key in ("home_page_url", "feed_url"):
        if key in doc and not absolute(doc[key]):
            found.append(f"{key}: absolute URL expected")
    if "author" in doc:
        found.append("author: deprecated in 1.1, use authors")
    if "authors" in doc:
        found += authors(doc["authors"], "feed")
    items = doc.get("items")
    if not isinstance(items, list):
        return found + ["items: required array"]
    ids = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            found.append(f"{where}: object expected")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            found.append(f"{where}.id: required non-empty string")
        ids.append(item.get("id"))
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            found.append(f"{where}: content_html or content_text required")
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item and not absolute(item[key]):
                found.append(f"{where}.{key}: absolute URL expected")
        for key in ("date_published", "date_modified"):
            if key in item and not rfc3339(item[key]):
                found.append(f"{where}.{key}: RFC 3339 date-time expected")
        if "author" in item:
            found.append(f"{where}.author: deprecated in 1.1, use authors")
        if "authors" in item:
            found += authors(item["authors"], where)
        if "tags" in item and not (isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])):
            found.append(f"{where}.tags: array of strings expected")
    if len(set(ids)) != len(ids):
        found.append("items: ids must be unique")
    return found


def test_json_feed_rule_check_finds_breaches():
    """The rule check above is only worth something if it can fail."""
    assert json_feed_violations({"version": "https://jsonfeed.org/version/1", "items": [
        {"id": "", "url": "/relativ", "date_published": "2026-01-15", "author": {"name": "x"}},
        {"id": "a", "content_text": "t", "authors": [{}]}, {"id": "a", "content_html": "<p>", "tags": "Olpe"}]}) == [
        "version: must be https://jsonfeed.org/version/1.1", "title: required string",
        "items[0].id: required non-empty string", "items[0]: content_html or content_text required",
        "items[0].url: absolute URL expected", "items[0].date_published: RFC 3339 date-time expected",
        "items[0].author: deprecated in 1.1, use authors", "items[1].authors[0]: name, url or avatar required",
        "items[2].tags: array of strings expected", "items: ids must be unique"]


def test_json_feed_follows_version_1_1_with_the_same_entries(tmp_path):
    import json

    write_issues(tmp_path)
    files = feed_files(portal_at(tmp_path), SETTINGS)
    doc = json.loads(files["schuelerzeitung/feed.json"])
    assert json_feed_violations(doc) == []
    assert doc["feed_url"] == SITE_URL + "schuelerzeitung/feed.json"
    assert doc["home_page_url"] == SITE_URL + "schuelerzeitung/"
    assert doc["language"] == "de" and doc["authors"] == [{"name": "Testredaktion"}]
    atom = feedparser.parse(files["schuelerzeitung/atom.xml"])
    assert [i["id"] for i in doc["items"]] == [e.id for e in atom.entries]
    newest = doc["items"][0]
    assert newest["title"] == "Ausgabe 2: Zweite Testausgabe" and newest["summary"] == "Zusammenfassung zwei."
    assert newest["date_published"] == "2026-01-15T00:00:00+01:00"
    assert newest["date_modified"] == "2026-02-01T00:00:00+01:00"
    assert newest["authors"] == [{"name": "Anna Beispiel"}, {"name": "Redaktion"}]
    assert newest["image"] == SITE_URL + "schuelerzeitung/2/titel.png"
    assert set(newest["tags"]) == {"Verwaltung & Teilhabe", "M01 Regionale Datenplattform", "Olpe", "Arnsberg"}
    from lxml import etree

    atom_xml = etree.fromstring(files["schuelerzeitung/atom.xml"])
    atom_content = atom_xml.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content").text
    assert newest["content_html"] == atom_content  # the same rendering, not a second one
    assert "image" not in doc["items"][1] and "Text der ersten Ausgabe" in doc["items"][1]["content_html"]
    # On the date of the scheduled issue it appears first; drafts never.
    later = json.loads(feed_files(portal_at(tmp_path, date(2026, 12, 1)), SETTINGS)["schuelerzeitung/feed.json"])
    assert [i["title"] for i in later["items"]][:1] == ["Ausgabe 4: Geplante Ausgabe"]
    assert "Geheimer Entwurf" not in json.dumps(later)


def test_json_feed_without_issues_is_still_valid(tmp_path):
    import json

    write_issues(tmp_path, {"2026/03-entwurf.md": ISSUES["2026/03-entwurf.md"]})
    doc = json.loads(feed_files(portal_at(tmp_path), SETTINGS)["schuelerzeitung/feed.json"])
    assert json_feed_violations(doc) == [] and doc["items"] == []


# --- e-mail edition ----------------------------------------------------------------------------

def email_project(root: Path) -> Path:
    project = newsletter_project(root)
    path = project / "newsletter/2026/02-zweite-ausgabe.md"
    # Active content in a body must never reach an e-mail.
    path.write_text(path.read_text(encoding="utf-8") + '\n<script>alert(1)</script>\n\n<p onclick="x()">Klick</p>\n',
                    encoding="utf-8")
    return project


def test_email_is_self_contained_with_absolute_links(tmp_path):
    project = email_project(tmp_path / "p")
    out = tmp_path / "out"
    result = run_cli("newsletter", "email", "2", "--out", str(out), "--today", TODAY, cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2.html", "2.txt"]
    raw = (out / "2.html").read_text(encoding="utf-8")
    html = BeautifulSoup(raw, "html.parser")
    assert not html.find_all(["script", "style", "link", "iframe"])
    assert "<script" not in raw.lower() and "onclick" not in raw.lower()
    urls = [tag[attr] for attr in ("href", "src") for tag in html.find_all(attrs={attr: True})]
    assert urls and all(u.startswith(("https://", "mailto:")) for u in urls), [u for u in urls if not u.startswith("https://")]
    assert SITE_URL + "kommunen/olpe/" in urls and SITE_URL + "schuelerzeitung/2/" in urls
    assert all(img.get("alt") for img in html.find_all("img"))
    assert html.find("table", attrs={"role": "presentation"}) is not None
    assert all(p.get("style") for p in html.find_all("p"))  # inline CSS everywhere
    assert html.h1.get_text() == "Ausgabe 2: Zweite Testausgabe"
    text = (out / "2.txt").read_text(encoding="utf-8")
    assert "Ausgabe 2: Zweite Testausgabe\n=============================" in text
    assert f"Olpe <{SITE_URL}kommunen/olpe/>" in text
    assert "<p" not in text and "alert" not in text


def test_email_refuses_to_overwrite_without_force(tmp_path):
    project = email_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    (out / "2.txt").write_text("alte Fassung", encoding="utf-8")
    result = run_cli("newsletter", "email", "2", "--out", str(out), "--today", TODAY, cwd=project)
    assert result.returncode == 1
    assert "2.txt:1: Datei gibt es schon; sie wird nur mit --force überschrieben" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "2.txt").read_text(encoding="utf-8") == "alte Fassung"
    assert not (out / "2.html").exists()  # nothing half-written
    forced = run_cli("newsletter", "email", "2", "--out", str(out), "--today", TODAY, "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert "Zweite Testausgabe" in (out / "2.txt").read_text(encoding="utf-8")


def test_email_of_unknown_or_unpublished_issue(tmp_path):
    project = newsletter_project(tmp_path / "p")
    missing = run_cli("newsletter", "email", "9", "--out", str(tmp_path / "o"), "--today", TODAY, cwd=project)
    assert missing.returncode == 1
    assert "Ausgabe 9 gibt es nicht (vorhanden: 1, 2, 3, 4)." in missing.stderr
    draft = run_cli("newsletter", "email", "3", "--out", str(tmp_path / "o"), "--today", TODAY, cwd=project)
    assert draft.returncode == 0
    assert "Warnung: Ausgabe 3 ist noch nicht veröffentlicht (Entwurf)" in draft.stderr
    bad_date = run_cli("newsletter", "email", "1", "--today", "2026-13-01", cwd=project)
    assert bad_date.returncode == 2 and "Datum im Format JJJJ-MM-TT erwartet" in bad_date.stderr


def test_email_refuses_content_with_errors(tmp_path):
    project = newsletter_project(tmp_path / "p")
    (project / "newsletter/2026/05-kaputt.md").write_text(textwrap.dedent(issue_text(5, "2026-01-01")), encoding="utf-8")
    result = run_cli("newsletter", "email", "1", "--out", str(tmp_path / "o"), "--today", TODAY, cwd=project)
    assert result.returncode == 1
    assert "newsletter/2026/05-kaputt.md:3: date: Ausgabe 5" in result.stderr
    assert not (tmp_path / "o").exists()


def test_absolutize_rewrites_every_url_kind_and_keeps_the_text():
    page = SITE_URL + "schuelerzeitung/2/"
    html = SiteUrls(True, SITE_URL).absolutize('Vorab &amp; <a href="../../leitfaeden/x/index.md#teil">Leitfaden</a> '
                      '<img src="karte.png" srcset="karte.png 1x, ../grosse-karte.png 2x" alt="Karte"> '
                      '<a href="mailto:redaktion@example.org">Mail</a> <a href="#oben">oben</a>', page)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text().startswith("Vorab & Leitfaden")
    assert [a["href"] for a in soup.find_all("a")] == [
        SITE_URL + "leitfaeden/x/#teil", "mailto:redaktion@example.org", page + "#oben"]
    assert soup.img["src"] == page + "karte.png"
    assert soup.img["srcset"] == f"{page}karte.png 1x, {SITE_URL}schuelerzeitung/grosse-karte.png 2x"
