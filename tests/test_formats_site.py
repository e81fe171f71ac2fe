"""The Referatreihe and the Pausenhof page in a real build of the fixture site (tests/formats_site.py):
a past talk with a recording appears in the archive, in search, on its Handlungsfeld and bundle pages
and in the feeds; the series has a calendar of its own; proposals are listed by status."""

from __future__ import annotations

import json

import feedparser
import icalendar
import pytest

from formats_site import REPO_URL, TALK, build_formats_site
from projecttools import built_page
from scschule.search.plugin import ASSET_DIR, DOCS_FILE


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_formats_site(tmp_path_factory.mktemp("formats") / "project")


def text_of(site, url: str) -> str:
    return built_page(site, url).select_one("article").get_text(" ", strip=True)


def test_the_past_talk_is_in_the_archive_and_the_upcoming_one_is_announced(site):
    page = built_page(site, "referate")
    article = page.select_one("article")
    archive = article.select("ul.scs-referate li")
    assert [li.get_text(" ", strip=True).split(",")[0].strip() for li in archive] == [
        "Testreferat: Offene Daten im Rathaus", "Testreferat ohne Archiv"]
    assert archive[0].a["href"] == f"{TALK}/"
    assert archive[1].a is None and "keine Aufzeichnung" in archive[1].get_text()
    assert "Testreferat: Sensoren" in article.get_text()  # upcoming
    assert "Test-Klassenfahrt" not in article.get_text()
    assert "kein Referat geplant" not in article.get_text()


def test_the_talk_page_has_the_captioned_recording_slides_and_links(site):
    page = built_page(site, f"referate/{TALK}")
    article = page.select_one("article")
    video = article.select_one("figure.scs-media video")
    assert video is not None
    track = video.select_one("track[kind=captions]")
    assert track is not None and track["srclang"] == "de"
    assert article.select_one('a[href="folien.pdf"]') is not None
    assert (site / "referate" / TALK / "folien.pdf").read_bytes().startswith(b"%PDF-")
    hrefs = {a["href"] for a in article.select("a[href]")}
    assert "../../leitfaeden/datenplattform-fiware-ngsi-ld/" in hrefs
    assert "../../kurse/die-datenplattform-verstehen/" in hrefs
    assert "../../handlungsfelder/verwaltung-teilhabe/" in hrefs
    assert "Testfunktion Datenkatalog, Testverwaltung" in article.get_text(" ", strip=True)


def test_the_talk_is_found_by_search_with_its_type_and_tags(site):
    docs = json.loads((site / ASSET_DIR / DOCS_FILE).read_text(encoding="utf-8"))
    talk = next(d for d in docs if d["u"] == f"referate/{TALK}/")
    assert talk["k"] == "Referat"
    assert "verwaltung-teilhabe" in talk["h"] and "M01" in talk["b"]


@pytest.mark.parametrize("url", ["handlungsfelder/verwaltung-teilhabe", "massnahmenbuendel/m01", "kommunen/soest"])
def test_the_talk_is_listed_on_its_tag_pages(site, url):
    links = {a["href"] for a in built_page(site, url).select("article a[href]")}
    assert any(href.endswith(f"referate/{TALK}/") for href in links), sorted(links)


def test_the_series_feeds_carry_the_archived_talk(site):
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((site / "referate" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert [e.title for e in feed.entries] == ["Testreferat: Offene Daten im Rathaus"]
        assert feed.entries[0].link == "https://schule.smartcities-suedwestfalen.example/referate/" + TALK + "/"


def test_the_series_has_a_calendar_of_its_own_and_the_school_calendar_keeps_every_event(site):
    series = icalendar.Calendar.from_ical((site / "referate" / "referate.ics").read_bytes())
    whole = icalendar.Calendar.from_ical((site / "termine" / "termine.ics").read_bytes())
    uids = lambda cal: sorted(str(e["uid"]).split("@")[0] for e in cal.walk("VEVENT"))  # noqa: E731
    assert uids(series) == ["referat-2026-10-01-ohne-archiv", TALK, "referat-2027-02-10-sensoren"]
    assert set(uids(series)) < set(uids(whole)) and "klassenfahrt-2027-03-01" in uids(whole)
    # The strict parser of PyPI ical, as for termine.ics (tests/test_calendar_ics.py).
    from ical.calendar_stream import IcsCalendarStream

    strict = IcsCalendarStream.calendar_from_ics((site / "referate" / "referate.ics").read_text(encoding="utf-8"))
    assert [e.summary for e in strict.events] == ["Testreferat ohne Archiv", "Testreferat: Offene Daten im Rathaus",
                                                  "Testreferat: Sensoren"]


def test_pausenhof_page_lists_proposals_by_status_with_links_to_vote(site):
    article = built_page(site, "pausenhof").select_one("article")
    sections = {h2.get_text(strip=True): h2 for h2 in article.select("h2")}
    assert list(sections) == ["Offene Vorschläge", "Eingeplante Themen", "Besprochene Themen", "Abgelehnte Vorschläge"]
    open_titles = [h3.get_text(strip=True) for h3 in article.select("ol.scs-pausenhof h3")]
    # Nothing fetched yet: the order of arrival, and the page says the counts are missing.
    assert open_titles == ["Testthema ohne Issue", "Testthema mit wenig Unterstützung", "Testthema mit viel Unterstützung"]
    assert "noch nicht gezählt" in article.get_text()
    vote = article.select_one("#thema-viel-unterstuetzt a[href^='https://github.com']")
    assert vote["href"] == f"{REPO_URL}/issues/12"
    text = article.get_text(" ", strip=True)
    assert "Test-Pausenhofgespräch im Januar" in text and "Testbegründung" in text
    assert article.select_one('a[href="https://example.org/notizen-testgespraech"]') is not None
    assert article.select_one("#thema-viel-unterstuetzt a[href$='kommunen/']") is None  # a district has no page
    assert article.select_one("#thema-wenig-unterstuetzt a[href='../kommunen/arnsberg/']") is not None
    # The form for new proposals is linked, for the forge in repo_url.
    assert article.select_one("a[href*='template=pausenhof-thema.yml']") is not None


def test_the_talk_page_and_the_pausenhof_page_are_valid_html(site):
    """The Nu HTML Checker on the fixture pages (the project's own site has no talk and no proposal)."""
    from quality.validators import run_vnu, vnu_allowlist

    pages = [site / "referate" / "index.html", site / "referate" / TALK / "index.html", site / "pausenhof" / "index.html"]
    allowed = vnu_allowlist()
    errors = [m for m in run_vnu(pages) if not any(a.covers(m) for a in allowed)]
    assert not errors, "\n".join(m.where(site) for m in errors)


def test_a_proposals_text_is_shown_as_text_never_as_markup(tmp_path_factory):
    """Proposal texts come from a public form: Markdown or HTML in them must not load or link anything."""
    from formats_site import formats_project
    from projecttools import run_build

    root = formats_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "pausenhof" / "themen" / "markup.yml").write_text(
        "title: '**Fett** <b>fett</b>'\n"
        "description: '![Zähler](https://tracker.example/x.gif) [Klick](javascript:alert(1)) <script>alert(1)</script>'\n"
        "proposed_by: olpe\ndate: 2026-11-20\nstatus: vorgeschlagen\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    entry = built_page(root / "site", "pausenhof").select_one("#thema-markup")
    assert entry.select("img, script, b, strong") == [] and not entry.select("a[href^='javascript']")
    assert "![Zähler](https://tracker.example/x.gif)" in entry.get_text() and "<b>fett</b>" in entry.get_text()
