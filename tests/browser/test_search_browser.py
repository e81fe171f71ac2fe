"""The search in a real browser: Debian's chromium driven by Playwright on the built site,
served from 127.0.0.1. Nothing may be requested from any other host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def server(base_url: str) -> str:
    return base_url


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    foreign = [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
               and urlsplit(u).netloc != urlsplit(server).netloc]
    context.close()
    assert foreign == [], f"Anfragen an fremde Hosts: {foreign}"


def test_header_field_shows_live_results_for_a_compound_part(tab, server):
    tab.goto(server + "/impressum/", wait_until="load")
    field = tab.get_by_label("Portal durchsuchen")
    field.click()
    field.press_sequentially("Plattform", delay=30)
    results = tab.locator("[data-scs-search-panel] .scs-result")
    results.first.wait_for()
    assert "Datenplattform" in " ".join(results.all_inner_texts())
    status = tab.locator("[data-scs-search-status]")
    assert status.get_attribute("role") == "status"
    assert re.match(r"\d+ Treffer", status.inner_text())
    marks = tab.locator("[data-scs-search-panel] mark").all_inner_texts()
    assert any("plattform" in m.lower() for m in marks)
    assert any(u.endswith("/assets/scschule/search/index.json") for u in tab.requests)


def test_header_results_are_reachable_by_keyboard(tab, server):
    tab.goto(server + "/", wait_until="load")
    field = tab.get_by_label("Portal durchsuchen")
    field.focus()
    tab.keyboard.type("Buerger")
    # Wait for the options of the whole query, not for the first ones of a part of it.
    tab.locator("#scs-search-listbox[data-scs-search-query='Buerger'] [role=option]").first.wait_for()
    tab.keyboard.press("ArrowDown")
    tab.wait_for_function("""() => {
        const id = document.activeElement.getAttribute('aria-activedescendant');
        return document.activeElement.id === 'scs-search-q' && !!id
            && document.getElementById(id).getAttribute('aria-selected') === 'true';
    }""")
    tab.keyboard.press("Escape")
    tab.locator("[data-scs-search-panel]").wait_for(state="hidden")
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert tab.evaluate("document.activeElement.id") == "scs-search-q"


def test_header_form_submits_to_the_search_page(tab, server):
    tab.goto(server + "/impressum/", wait_until="load")
    field = tab.get_by_label("Portal durchsuchen")
    field.fill("Beteiligung")
    field.press("Enter")
    tab.wait_for_url("**/suche/?q=Beteiligung")
    tab.locator("[data-scs-search-page-results] .scs-result").first.wait_for()
    assert tab.get_by_label("Suchbegriff").input_value() == "Beteiligung"


def test_search_page_facets_filter_and_update_the_shareable_url(tab, server):
    tab.goto(server + "/suche/?q=Daten", wait_until="load")
    results = tab.locator("[data-scs-search-page-results] .scs-result")
    results.first.wait_for()
    all_types = set(tab.locator("[data-scs-search-page-results] .scs-result__type").all_inner_texts())
    assert len(all_types) > 1
    tab.get_by_label("Art", exact=True).select_option("Leitfaden")
    tab.wait_for_url("**/suche/?q=Daten&typ=Leitfaden")
    tab.wait_for_function("""() => [...document.querySelectorAll('[data-scs-search-page-results] .scs-result__type')]
                                    .every(e => e.textContent === 'Leitfaden')""")
    status = tab.locator("[data-scs-search-page-status]").inner_text()
    assert re.match(r"\d+ Treffer", status) and results.count() > 0
    # The facet survives a reload of the shared URL.
    tab.reload(wait_until="load")
    assert tab.get_by_label("Art", exact=True).input_value() == "Leitfaden"


def test_results_render_data_as_text_never_as_html(tab, server):
    tab.goto(server + "/suche/?q=Kommune", wait_until="load")
    tab.locator("[data-scs-search-page-results] .scs-result").first.wait_for()
    # Only our own elements appear inside results: headings, links, paragraphs, time, mark, span.
    tags = tab.evaluate("""() => [...new Set([...document.querySelectorAll('[data-scs-search-page-results] *')]
                                  .map(e => e.tagName.toLowerCase()))].sort()""")
    assert set(tags) <= {"li", "h2", "a", "p", "span", "time", "mark"}


def test_typo_shows_meinten_sie_with_a_link_and_the_corrected_hits(tab, server):
    tab.goto(server + "/suche/?q=Datenplatform", wait_until="load")
    suggestion = tab.locator(".scs-search-suggestion a")
    suggestion.wait_for()
    assert suggestion.inner_text() == "Datenplattform"
    assert "Datenplattform" in " ".join(tab.locator("[data-scs-search-page-results] .scs-result__title").all_inner_texts())
    status = tab.locator("[data-scs-search-page-status]")
    assert status.inner_text().startswith("Keine Treffer für „Datenplatform“. Meinten Sie „Datenplattform“?")
    suggestion.click()
    tab.wait_for_url("**/suche/?q=Datenplattform")
    tab.locator("[data-scs-search-page-results] .scs-result").first.wait_for()
    assert tab.locator(".scs-search-suggestion").count() == 0


def test_zero_results_in_the_header_panel_offer_overviews_and_are_announced(tab, server):
    tab.goto(server + "/impressum/", wait_until="load")
    field = tab.get_by_label("Portal durchsuchen")
    field.click()
    field.fill("Xylophonkonzert")
    help_links = tab.locator("[data-scs-search-panel] .scs-search-help a")
    help_links.first.wait_for()
    labels = help_links.all_inner_texts()
    assert "Alle Leitfäden" in labels and "Handlungsfelder" in labels and "Maßnahmenbündel" in labels
    status = tab.locator("[data-scs-search-status]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith("Keine Treffer für „Xylophonkonzert“.")
    help_links.first.click()
    tab.wait_for_url("**/leitfaeden/")


def test_snippet_shows_the_match_once_the_texts_are_there(tab, server):
    tab.goto(server + "/suche/?q=Qualitaet", wait_until="load")
    tab.wait_for_function("""() => [...document.querySelectorAll('[data-scs-search-page-results] .scs-result__snippet mark')]
                                    .some(m => m.textContent === 'Qualität')""")
    assert any("/assets/scschule/search/texts/" in u for u in tab.requests)


def test_highlights_mark_whole_matching_words_only(tab, server):
    tab.goto(server + "/suche/?q=B%C3%BCrger", wait_until="load")
    tab.locator("[data-scs-search-page-results] .scs-result").first.wait_for()
    tab.wait_for_function("() => document.querySelectorAll('[data-scs-search-page-results] mark').length > 0")
    marks = tab.locator("[data-scs-search-page-results] mark").all_inner_texts()
    assert all(m.lower().startswith(("bürger", "buerger")) for m in marks), marks
