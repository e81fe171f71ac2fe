"""Media blocks in a real browser (issue 20): served by the site itself, captions selectable,
transcript reachable by keyboard, axe-clean, usable without JavaScript and at 320 px."""

from __future__ import annotations

import pytest

import test_quality_browser as page_checks  # as a module: its tests are not collected here a second time
from quality.page_types import PageType
from test_quality_browser import RequestLog, assert_focus_visible, assert_no_axe_violations, focused, tab_until

GUIDE = "/leitfaeden/datenplattform-fiware-ngsi-ld/"
UNIT = "/kurse/die-datenplattform-verstehen/gemeinsame-plattform/"
SUMMARY = "details.scs-media__transkript > summary"
FIRST_CUE = "Die Offene Regionale Datenplattform ist das gemeinsame technische Fundament"


def open_page(tab, base_url: str, url: str) -> RequestLog:
    log = RequestLog(tab, base_url)
    response = tab.goto(base_url + url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return log


@pytest.mark.parametrize("url", [GUIDE, UNIT])
def test_the_video_loads_from_the_site_itself_without_any_third_party_request(tab, base_url, url):
    log = open_page(tab, base_url, url)
    # preload="metadata": the browser fetches enough of the file to know its duration.
    tab.wait_for_function("() => document.querySelector('figure.scs-media video').readyState >= 1")
    video = tab.evaluate("""() => { const v = document.querySelector('figure.scs-media video');
        return {src: v.currentSrc, duration: v.duration, paused: v.paused, autoplay: v.autoplay, error: v.error}; }""")
    assert video["src"] == f"{base_url}/medien/leitfaeden/datenplattform-erklaert.mp4"
    assert 77 < video["duration"] < 79 and video["error"] is None
    assert video["paused"] and not video["autoplay"]
    tab.wait_for_load_state("networkidle")
    assert any(u.endswith("/medien/leitfaeden/datenplattform-erklaert.mp4") for u in log.urls), log.urls
    assert not log.foreign(), "Anfragen an fremde Server:\n" + "\n".join(log.foreign())


def test_german_captions_and_chapters_are_tracks_the_viewer_can_select(tab, base_url):
    open_page(tab, base_url, GUIDE)
    tracks = tab.evaluate("""() => [...document.querySelector('figure.scs-media video').textTracks]
        .map(t => ({kind: t.kind, language: t.language, label: t.label, mode: t.mode}))""")
    assert tracks == [{"kind": "captions", "language": "de", "label": "Deutsch", "mode": "showing"},
                      {"kind": "chapters", "language": "de", "label": "Kapitel", "mode": "disabled"}]
    # Switching captions off and on, as the player's menu does, keeps the cues of the WebVTT file.
    tab.evaluate("() => { const t = document.querySelector('figure.scs-media video').textTracks[0]; t.mode = 'hidden'; t.mode = 'showing'; }")
    tab.wait_for_function("() => { const t = document.querySelector('figure.scs-media video').textTracks[0]; "
                          "return t.cues && t.cues.length > 0; }")
    first = tab.evaluate("() => document.querySelector('figure.scs-media video').textTracks[0].cues[0].text")
    assert first.startswith(FIRST_CUE)
    tab.evaluate("() => { document.querySelector('figure.scs-media video').textTracks[1].mode = 'hidden'; }")
    tab.wait_for_function("() => { const t = document.querySelector('figure.scs-media video').textTracks[1]; "
                          "return t.cues && t.cues.length === 2; }")
    chapters = tab.evaluate("() => [...document.querySelector('figure.scs-media video').textTracks[1].cues].map(c => c.text)")
    assert chapters == ["Worum es geht", "FIWARE und der Context Broker"]


def test_the_transcript_opens_by_keyboard_with_visible_focus(tab, base_url):
    open_page(tab, base_url, GUIDE)
    assert not tab.is_visible(".scs-media__transkript-text")
    assert tab_until(tab, SUMMARY), "Transkript per Tabulator nicht erreichbar"
    assert_focus_visible(focused(tab, SUMMARY), "Transkript")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(".scs-media__transkript-text", state="visible")
    assert "„Gehirn“ der smarten Region" in tab.inner_text(".scs-media__transkript-text")
    assert_no_axe_violations(tab, "Transkript geöffnet")


def test_focus_stays_visible_on_the_players_own_controls(tab, base_url):
    open_page(tab, base_url, GUIDE)
    assert tab_until(tab, "figure.scs-media video"), "Player per Tabulator nicht erreichbar"
    stops = 0
    # The controls are in the browser's shadow tree: the page only sees the player as focused.
    while tab.evaluate("() => document.activeElement.matches('figure.scs-media video')") and stops < 8:
        assert_focus_visible(focused(tab), f"Player, Tab-Halt {stops + 1}")
        tab.keyboard.press("Tab")
        stops += 1
    assert stops >= 1


def test_player_download_and_transcript_work_without_javascript(browser, base_url):
    context = browser.new_context(locale="de-DE", java_script_enabled=False, service_workers="block")
    try:
        tab = context.new_page()
        open_page(tab, base_url, GUIDE)
        assert tab.locator("figure.scs-media video[controls][preload=metadata]").count() == 1
        download = tab.locator("figure.scs-media .scs-media__fakten a[download]").first
        assert download.get_attribute("href").endswith("medien/leitfaeden/datenplattform-erklaert.mp4")
        tab.click(SUMMARY)
        tab.wait_for_selector(".scs-media__transkript-text", state="visible")
    finally:
        context.close()


def test_the_player_reflows_at_320_css_pixels(tab, base_url):
    tab.set_viewport_size({"width": 320, "height": 640})
    open_page(tab, base_url, GUIDE)
    sizes = tab.evaluate("""() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth,
        video: document.querySelector('figure.scs-media video').getBoundingClientRect().right})""")
    assert sizes["page"] <= sizes["viewport"] and sizes["video"] <= sizes["viewport"], sizes


# The portal's page checks (tests/browser/test_quality_browser.py), as they are, on the unit with media.
# The guide with media is the example of the page type "data-widgets" there, so they run on it already.
MEDIA_PAGES = [PageType("media-course-unit", f"{UNIT.strip('/')}/index.html", lambda root: UNIT)]
PAGE_CHECKS = [page_checks.test_axe_finds_no_wcag_violations_and_the_basics_hold,
               page_checks.test_skip_link_moves_to_the_content_with_visible_focus,
               page_checks.test_content_reflows_at_320_css_pixels,
               page_checks.test_footer_legal_links_are_reachable_by_keyboard_with_visible_focus,
               page_checks.test_menu_opens_and_is_usable_by_keyboard_on_a_narrow_screen,
               page_checks.test_search_field_is_reachable_by_keyboard,
               page_checks.test_no_request_leaves_for_another_host_or_fails_and_the_console_shows_no_error]


@pytest.mark.parametrize("page_type", MEDIA_PAGES, ids=[p.name for p in MEDIA_PAGES])
@pytest.mark.parametrize("page_check", PAGE_CHECKS, ids=[c.__name__.removeprefix("test_") for c in PAGE_CHECKS])
def test_the_portals_page_checks_pass_on_pages_with_media(tab, base_url, site_root, page_type, page_check):
    assert (site_root / page_type.built_when).is_file(), page_type.built_when  # never skipped: the pages exist
    page_check(tab, base_url, site_root, page_type)
