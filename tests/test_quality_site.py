"""Quality gate on the built HTML, without a browser (issue 9): links, anchors, orphans,
third-party resources, titles/headings/alt texts, and the legal pages in every footer."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from quality.page_types import PAGE_TYPES, example_url_or_skip
from quality.site import NOT_LINKED_PAGES, SITE_NAME, BuiltSite, Page, prebuilt_site

ROOT = Path(__file__).resolve().parent.parent


def _site_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml may carry !!python tags; only the plain site_url line matters here.
    line = next((line for line in text.splitlines() if line.startswith("site_url:")), "site_url: ''")
    return yaml.safe_load(line)["site_url"] or ""


@pytest.fixture(scope="module")
def site(request) -> BuiltSite:
    root = prebuilt_site() or request.getfixturevalue("built_site")
    return BuiltSite(root, _site_url())


def _report(problems: list[str], limit: int = 40) -> str:
    shown = "\n".join(problems[:limit])
    more = f"\n… und {len(problems) - limit} weitere" if len(problems) > limit else ""
    return f"{len(problems)} Problem(e):\n{shown}{more}"


# --- helpers under test: a tiny hand-made site shows that each check catches what it should


def _write(root: Path, rel: str, body: str, title: str = "Seite") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="de"><head><title>{title}</title></head><body>{body}</body></html>',
                    encoding="utf-8")


def test_link_checker_finds_broken_links_anchors_orphans_and_third_party(tmp_path: Path):
    _write(tmp_path, "index.html", '<a href="a/">A</a> <a href="a/#da">ok</a> <a href="a/#weg">kaputt</a>'
           ' <a href="fehlt/">fehlt</a> <a href="https://example.org/">extern ok</a>'
           ' <img src="https://cdn.example.org/x.png" alt="x"> <link rel="canonical" href="https://example.org/">'
           ' <link rel="stylesheet" href="//fonts.example.org/a.css">'
           ' <figure data-scs-url="https://broker.example.org/x" data-scs-context="https://ctx.example.org/"></figure>'
           ' <figure data-scs-url="/datenplattform/broker/x"></figure>')
    _write(tmp_path, "a/index.html", '<h2 id="da">Da</h2><a href="../">zurück</a>')
    _write(tmp_path, "waise/index.html", "<p>niemand verlinkt mich</p>")
    site = BuiltSite(tmp_path)
    home = site.page_at("/")
    problems = [site.problem(link) for link in home.links()]
    assert [p for p in problems if p] == [
        '/: <a href="a/#weg">: Anker #weg fehlt auf der Zielseite',
        '/: <a href="fehlt/"> führt ins Leere',
    ]
    assert {p.relative_to(tmp_path).as_posix() for p in site.reachable_from(home)} == {"index.html", "a/index.html"}
    third_party = [link.value for link in home.loaded_resources() if not site.is_internal(home, link.value)]
    assert third_party == ["//fonts.example.org/a.css", "https://cdn.example.org/x.png", "https://broker.example.org/x"]


def test_style_checker_finds_fonts_and_images_from_other_hosts(tmp_path: Path):
    _write(tmp_path, "index.html", '<p style="background: url(https://img.example.org/b.png)">x</p>'
           '<style>@import "//fonts.example.org/f.css";</style>')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.css").write_text(
        '@font-face { src: url("https://fonts.example.org/x.woff2") } .ok { background: url(../logo.svg) }')
    assert sorted(BuiltSite(tmp_path).foreign_style_urls()) == [
        "/: //fonts.example.org/f.css",
        "/: https://img.example.org/b.png",
        "/assets/a.css: https://fonts.example.org/x.woff2",
    ]


def _page_type(name: str):
    return next(page_type for page_type in PAGE_TYPES if page_type.name == name)


def test_page_types_are_skipped_until_built_and_required_afterwards(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SCSCHULE_REQUIRE_ALL_PAGE_TYPES", raising=False)
    course, unit = _page_type("course"), _page_type("course-unit")
    with pytest.raises(pytest.skip.Exception, match="noch nicht gebaut"):
        example_url_or_skip(course, tmp_path)
    (tmp_path / "kurse").mkdir()  # the section exists, but no course in it: an error now
    with pytest.raises(AssertionError, match="keine Beispielseite"):
        example_url_or_skip(course, tmp_path)
    _write(tmp_path, "kurse/b/index.html", "")
    _write(tmp_path, "kurse/a/index.html", "")
    _write(tmp_path, "kurse/a/einheit-1/index.html", "")
    assert example_url_or_skip(course, tmp_path) == "/kurse/a/"
    assert example_url_or_skip(unit, tmp_path) == "/kurse/a/einheit-1/"
    monkeypatch.setenv("SCSCHULE_REQUIRE_ALL_PAGE_TYPES", "1")
    with pytest.raises(AssertionError, match="keine Beispielseite"):
        example_url_or_skip(_page_type("calendar"), tmp_path)


def test_guide_examples_prefer_a_guide_with_archived_versions(tmp_path: Path):
    for rel in ("leitfaeden/a-ohne/index.html", "leitfaeden/b-mit/index.html", "leitfaeden/b-mit/1.0.0/index.html",
                "leitfaeden/b-mit/vergleich/1.0.0-1.1.0/index.html"):
        _write(tmp_path, rel, "")
    assert example_url_or_skip(_page_type("guide"), tmp_path) == "/leitfaeden/b-mit/"
    assert example_url_or_skip(_page_type("guide-version"), tmp_path) == "/leitfaeden/b-mit/1.0.0/"
    assert example_url_or_skip(_page_type("guide-comparison"), tmp_path) == "/leitfaeden/b-mit/vergleich/1.0.0-1.1.0/"


def test_widget_example_is_a_page_with_a_widget_element(tmp_path: Path):
    widgets = _page_type("data-widgets")
    _write(tmp_path, "assets/scschule/widgets.js", "")
    _write(tmp_path, "massnahmenbuendel/m01/index.html", "<article><p>ohne</p></article>")
    with pytest.raises(AssertionError, match="keine Beispielseite"):
        example_url_or_skip(widgets, tmp_path)
    _write(tmp_path, "massnahmenbuendel/m01/index.html", '<article><figure class="scs-widget"></figure></article>')
    assert example_url_or_skip(widgets, tmp_path) == "/massnahmenbuendel/m01/"


# --- the real site


def test_every_internal_link_and_anchor_resolves(site: BuiltSite):
    problems = [problem for page in site.pages.values() for link in page.links()
                if (problem := site.problem(link))]
    assert not problems, _report(problems)


def test_no_page_is_orphaned(site: BuiltSite):
    home = site.page_at("/")
    reached = site.reachable_from(home)
    orphans = [page.url for path, page in site.pages.items()
               if path not in reached and path.relative_to(site.root).as_posix() not in NOT_LINKED_PAGES]
    assert not orphans, "Von der Startseite aus nicht erreichbar:\n" + "\n".join(orphans)


def test_no_page_loads_anything_from_another_host(site: BuiltSite):
    problems = [f"{link.where()} lädt von einem fremden Server" for page in site.pages.values()
                for link in page.loaded_resources() if not site.is_internal(page, link.value)]
    assert not problems, _report(problems)


def test_no_stylesheet_loads_from_another_host(site: BuiltSite):
    problems = site.foreign_style_urls()
    assert not problems, _report(problems)


def test_every_page_is_german_with_one_h1_alt_texts_and_a_title(site: BuiltSite):
    problems = []
    for page in site.pages.values():
        html = page.soup.find("html")
        if html is None or html.get("lang") != "de":
            problems.append(f"{page.url}: <html lang> ist nicht \"de\"")
        h1s = page.soup.find_all("h1")
        if len(h1s) != 1:
            problems.append(f"{page.url}: {len(h1s)} <h1> statt genau einer")
        for img in page.soup.find_all("img"):
            if not img.has_attr("alt"):
                problems.append(f"{page.url}: <img src=\"{img.get('src')}\"> ohne alt-Text")
        if not page.title or SITE_NAME not in page.title or page.title.strip() == SITE_NAME:
            problems.append(f"{page.url}: Titel \"{page.title}\" nennt nicht Seite und Portal")
    assert not problems, _report(problems)


# Material's own toggles are hidden checkboxes driven by their <label for>; not form fields for readers.
HIDDEN_TOGGLE = {"md-toggle", "md-nav__toggle"}
UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}


def structure_problems(page: Page) -> list[str]:
    """Tables without header cells, form fields without a label, ids used twice (WCAG 1.3.1, 4.1.1/4.1.2)."""
    problems = []
    for table in page.soup.find_all("table"):
        if not table.find("th"):
            problems.append(f"{page.url}: Tabelle ohne Kopfzellen (<th>): {str(table)[:80]}")
    labelled = {label["for"] for label in page.soup.find_all("label", attrs={"for": True})}
    for field in page.soup.find_all(["input", "select", "textarea"]):
        if field.get("type", "text") in UNLABELLED_OK or HIDDEN_TOGGLE & set(field.get("class", [])):
            continue
        if not (field.get("id") in labelled or field.get("aria-label") or field.get("aria-labelledby")
                or field.find_parent("label") or field.get("title")):
            problems.append(f"{page.url}: Formularfeld ohne Beschriftung: {str(field)[:100]}")
    seen: dict[str, int] = defaultdict(int)
    for tag in page.soup.find_all(id=True):
        seen[tag["id"]] += 1
    problems += [f"{page.url}: id=\"{key}\" kommt {count}-mal vor" for key, count in seen.items() if count > 1]
    return problems


def test_structure_checker_finds_headerless_tables_unlabelled_fields_and_twin_ids(tmp_path: Path):
    _write(tmp_path, "index.html", '<table><tr><td>1</td></tr></table><input id="q"><input id="q" aria-label="ok">'
           '<input class="md-toggle" type="checkbox" id="t"><label for="f">F</label><select id="f"></select>')
    assert structure_problems(BuiltSite(tmp_path).page_at("/")) == [
        "/: Tabelle ohne Kopfzellen (<th>): <table><tr><td>1</td></tr></table>",
        '/: Formularfeld ohne Beschriftung: <input id="q"/>',
        '/: id="q" kommt 2-mal vor',
    ]


def test_tables_have_header_cells_fields_have_labels_and_ids_are_unique(site: BuiltSite):
    problems = [problem for page in site.pages.values() for problem in structure_problems(page)]
    assert not problems, _report(problems)


def test_page_titles_differ(site: BuiltSite):
    by_title: dict[str, list[str]] = defaultdict(list)
    for page in site.pages.values():
        by_title[page.title].append(page.url)
    duplicates = [f"\"{title}\": {', '.join(urls)}" for title, urls in by_title.items() if len(urls) > 1]
    assert not duplicates, "Mehrere Seiten mit demselben Titel:\n" + "\n".join(duplicates)


# --- legal pages (BGG §12b, BITV 2.0 §4, DSGVO) in the footer of every page

FOOTER_LINKS = {
    "Impressum": ("impressum/index.html", ""),
    "Datenschutzerklärung": ("datenschutz/index.html", ""),
    "Erklärung zur Barrierefreiheit": ("barrierefreiheit/index.html", ""),
    "Barriere melden": ("barrierefreiheit/index.html", "feedback"),
    "Leichte Sprache": ("leichte-sprache/index.html", ""),
}


def _footer_targets(site: BuiltSite, page: Page) -> dict[str, tuple[str, str]]:
    footer = page.soup.find("footer")
    found = {}
    for a in footer.find_all("a", href=True) if footer else []:
        target = site.resolve(page, a["href"])
        if target and target.path:
            found[a.get_text(" ", strip=True)] = (target.path.relative_to(site.root).as_posix(), target.fragment)
    return found


def test_every_page_links_the_legal_pages_and_feedback_contact_in_its_footer(site: BuiltSite):
    problems = []
    for page in site.pages.values():
        found = _footer_targets(site, page)
        missing = [text for text, target in FOOTER_LINKS.items() if found.get(text) != target]
        if missing:
            problems.append(f"{page.url}: im Fußbereich fehlt {', '.join(missing)}")
    assert not problems, _report(problems)


def _text(site: BuiltSite, url: str) -> tuple[Page, str]:
    page = site.page_at(url)
    assert page is not None, f"{url} fehlt"
    article = page.soup.find("article") or page.soup
    return page, article.get_text(" ", strip=True)


def _section(page: Page, heading_id: str):
    heading = page.soup.find(id=heading_id)
    assert heading is not None, f"{page.url}: Abschnitt #{heading_id} fehlt"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2"):
            break
        parts.append(sibling)
    return parts


def test_accessibility_statement_has_the_parts_bgg_12b_asks_for(site: BuiltSite):
    page, text = _text(site, "/barrierefreiheit/")
    # Parts that are not accessible, each with the reason.
    not_accessible = _section(page, "nicht-barrierefreie-inhalte")
    items = [li.get_text(" ", strip=True) for part in not_accessible for li in part.find_all("li")]
    assert items, "Keine nicht barrierefreien Inhalte aufgeführt"
    assert all("Grund" in item or "weil" in item or "deshalb" in item for item in items), items
    # Feedback contact, reachable from every page via the footer (checked above).
    feedback = _section(page, "feedback")
    assert any(part.find("a", href=True) or "@" in part.get_text() or "[" in part.get_text() for part in feedback)
    # The arbitration bodies, linked.
    hrefs = {a["href"] for a in page.soup.find_all("a", href=True)}
    assert "https://www.schlichtungsstelle-bgg.de/" in hrefs
    assert any("ombudsstelle" in href for href in hrefs), "Link zur Ombudsstelle NRW fehlt"
    assert "Stand der Vereinbarkeit" in text and "Erstellung dieser Erklärung" in text


def test_privacy_statement_says_what_the_site_does_not_collect(site: BuiltSite):
    _, text = _text(site, "/datenschutz/")
    for promise in ("keine Cookies", "nichts von fremden Servern", "keine Analyse"):
        assert promise in text, promise


def test_easy_language_page_explains_what_the_site_offers_and_how_to_use_it(site: BuiltSite):
    page, text = _text(site, "/leichte-sprache/")
    headings = [h.get_text(" ", strip=True) for h in page.soup.find_all("h2")]
    # BITV 2.0 §4: the content, how to navigate, the accessibility statement, further easy texts.
    for topic in ("Was gibt es hier", "Wie benutze ich", "barriere-frei", "mehr in Leichter Sprache"):
        assert any(topic in h for h in headings), (topic, headings)
    assert page.soup.find("a", href=re.compile(r"barrierefreiheit/")), "Link zur Erklärung zur Barrierefreiheit fehlt"
    # Leichte Sprache: short sentences (BITV 2.0 §4, Regeln für Leichte Sprache).
    article = page.soup.find("article")
    blocks = [block.get_text(" ", strip=True) for block in article.find_all(["p", "li"])]
    sentences = [s.strip() for block in blocks for s in re.split(r"[.?!:]", block) if s.strip()]
    too_long = [s for s in sentences if len(s.split()) > 15]
    assert not too_long, too_long
    assert "Tastatur" in text and "Such" in text, "Bedienung (Tastatur, Suche) wird nicht erklärt"


def test_axe_core_is_only_a_test_tool_not_shipped(site: BuiltSite):
    shipped = [path.relative_to(site.root).as_posix() for path in site.root.rglob("*axe*")]
    assert not shipped, shipped
    vendored = ROOT / "tests" / "vendor" / "axe-core"
    assert (vendored / "axe.min.js").is_file() and (vendored / "LICENSE").is_file()
    assert "axe-core 4.14.1" in (vendored / "VERSIONS").read_text(encoding="utf-8")
    assert (vendored / "axe.min.js").read_text(encoding="utf-8").startswith("/*! axe v4.14.1")


@pytest.mark.parametrize("url", ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"])
def test_legal_pages_mark_every_operator_placeholder(site: BuiltSite, url: str):
    """Operator data not known yet stands in [brackets]; such a page must say so visibly."""
    page, text = _text(site, url)
    placeholders = re.findall(r"\[[^\]]{3,}\]", text)
    if placeholders:
        warnings = [a.get_text(" ", strip=True) for a in page.soup.select(".admonition.warning .admonition-title")]
        assert any("Platzhalter" in w for w in warnings), (url, placeholders)


def test_impressum_names_provider_contact_and_responsible_person(site: BuiltSite):
    page, _ = _text(site, "/impressum/")
    headings = {h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.soup.find_all("h2")}
    assert {"Anbieter", "Kontakt", "Verantwortlich für den Inhalt"} <= headings, headings


def test_robots_txt_names_the_sitemap_at_the_published_address(site: BuiltSite):
    """Issue 15, section 4: crawlers find the sitemap; robots.txt follows site_url."""
    from urllib.robotparser import RobotFileParser

    robots = site.root / "robots.txt"
    assert robots.is_file(), "robots.txt fehlt in der gebauten Website"
    parser = RobotFileParser()
    parser.parse(robots.read_text(encoding="utf-8").splitlines())
    sitemap = _site_url().rstrip("/") + "/sitemap.xml"
    assert parser.site_maps() == [sitemap], f"robots.txt nennt {parser.site_maps()} statt {sitemap}"
    assert (site.root / "sitemap.xml").is_file(), "die genannte sitemap.xml fehlt"
    assert parser.can_fetch("*", _site_url() + "leitfaeden/"), "robots.txt sperrt Seiten des Portals"


def test_feed_links_do_not_make_the_theme_request_a_missing_sitemap(site: BuiltSite):
    """Material requests sitemap.xml beside every link[rel=alternate] (exact value); the feed links
    are 'alternate feed' so that no page asks for /schuelerzeitung/sitemap.xml."""
    problems = []
    for page in site.pages.values():
        for link in page.soup.select('head link[rel="alternate"]'):
            target = site.absolute(page, link["href"]).rsplit("/", 1)[0] + "/sitemap.xml"
            if site.file_for_path(urlsplit(target).path) is None:
                problems.append(f"{page.url}: {link} → {urlsplit(target).path} fehlt")
    assert not problems, _report(problems)


def landmark_and_table_problems(page: Page) -> list[str]:
    """Navigation landmarks without a name, empty header cells, row labels written as data cells
    (issue 15, section 3: IBM's checker and Lighthouse found each of them)."""
    problems = []
    for nav in page.soup.find_all("nav"):
        label = nav.get("aria-label", "").strip()
        labelled_by = [page.soup.find(id=ref) for ref in nav.get("aria-labelledby", "").split()]
        if not label and not any(ref and ref.get_text(strip=True) for ref in labelled_by):
            problems.append(f"{page.url}: <nav class=\"{' '.join(nav.get('class', []))}\"> ohne Namen")
    for table in page.soup.select("article table"):
        for th in table.find_all("th"):
            if not th.get_text(strip=True) and not th.get("aria-label"):
                problems.append(f"{page.url}: leere Kopfzelle <th> in einer Tabelle")
    return problems


def test_landmark_and_table_checker_finds_what_it_should():
    page = Page.__new__(Page)
    page.url = "/probe/"
    page.__dict__["soup"] = BeautifulSoup(
        '<nav aria-labelledby="x"><label id="x"><span></span></label></nav><nav aria-label="Themen"></nav>'
        "<article><table><tr><th></th><th>Spalte</th></tr></table></article>", "lxml")
    problems = landmark_and_table_problems(page)
    assert len(problems) == 2 and "ohne Namen" in problems[0] and "leere Kopfzelle" in problems[1], problems


def test_every_navigation_is_named_and_no_header_cell_is_empty(site: BuiltSite):
    problems = [problem for page in site.pages.values() for problem in landmark_and_table_problems(page)]
    assert not problems, _report(problems)


@pytest.mark.parametrize("url", ["/leitfaeden/datenplattform-fiware-ngsi-ld/", "/leitfaeden/datenplattform-fiware-ngsi-ld/1.0.0/"])
def test_the_tenant_table_of_the_data_platform_guide_has_row_headers(site: BuiltSite, url: str):
    page = site.page_at(url)
    assert page is not None, f"{url} fehlt"
    table = next(t for t in page.soup.select("article table") if "Regionaler Mandant" in t.get_text())
    rows = table.select("tbody tr")
    assert [row.find("th", scope="row").get_text(strip=True) for row in rows] == ["Inhalt", "Zugriff", "Nutzen"]
    assert all(th.get_text(strip=True) for th in table.select("thead th"))


def test_the_data_page_shows_the_slug_placeholder_as_text(site: BuiltSite):
    """Issue 15, section 2: an unescaped <slug> was an unknown element, readers saw "/kommunen//"."""
    page = site.page_at("/kommunen/daten/")
    assert page is not None, "/kommunen/daten/ fehlt"
    text = page.soup.select_one("article").get_text(" ")
    assert "/kommunen/<slug>/" in text and "/kommunen//" not in text
    assert page.soup.find("slug") is None
