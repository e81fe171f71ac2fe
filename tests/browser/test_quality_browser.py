"""Real-browser quality gate (issue 9), on one example page of every page type:
axe-core WCAG 2.0/2.1 A+AA (also after opening the menu, searching, expanding widgets),
keyboard use (skip link, visible focus with enough contrast, menu, search, footer links),
reflow at 320 CSS pixels, document basics, and zero requests to any host but the local server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from quality.page_types import PAGE_TYPES, PageType, example_url_or_skip
from quality.browser_checks import HEADER_NAME_STATE, REFLOW_STATE, SCROLL_REGIONS
from quality.site import SITE_NAME

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = {"width": 480, "height": 860}
WIDE = {"width": 1280, "height": 900}
MAX_TABS = 60  # enough to cross header, tabs and a long navigation
NARROW_TAB_STOPS = 12  # header, search and the first links of the content
SEARCH_FIELD = "input[role=combobox], input[type=search], input[name=query], .md-search__input"
DRAWER_BUTTON = "button[data-scs-drawer-button]"  # replaces Material's <label for=__drawer> (docs/assets/portal.js)

by_type = pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])


class RequestLog:
    """Every request a tab makes, to prove nothing leaves for a third-party host; and every request
    that failed (HTTP error or no answer) and every console error or uncaught exception."""

    def __init__(self, tab, base_url: str):
        self.own_host = urlsplit(base_url).netloc
        self.urls: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        tab.on("request", lambda request: self.urls.append(request.url))
        tab.on("response", lambda response: response.status >= 400
               and self.failed.append(f"HTTP {response.status} {response.url}"))
        # ERR_ABORTED: the browser cancelled the request itself, because the test moved on to another
        # page (a video's metadata, the search's snippet texts); an HTTP error or a refused
        # connection is still a failure.
        tab.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
               and self.failed.append(f"{request.failure} {request.url}"))
        tab.on("console", lambda message: message.type == "error"
               and self.console_errors.append(f"{message.text} ({message.location.get('url')})"))
        tab.on("pageerror", lambda error: self.console_errors.append(f"Ausnahme: {error}"))

    def foreign(self) -> list[str]:
        return [url for url in self.urls
                if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != self.own_host]


def open_example(tab, base_url: str, site_root: Path, page_type: PageType, viewport=WIDE) -> RequestLog:
    url = example_url_or_skip(page_type, site_root)
    tab.set_viewport_size(viewport)
    log = RequestLog(tab, base_url)
    response = tab.goto(base_url + url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return log


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(violation["nodes"]) > 8:
            lines.append(f"    … und {len(violation['nodes']) - 8} weitere Stellen")
    return "\n".join(lines)


FOCUS_STATE = """(selector) => {
    const rgba = (text) => {
        const m = /rgba?\\(([^)]+)\\)/.exec(text || "");
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    // The colour behind an element: its own and its ancestors' backgrounds, composited on white.
    const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let out = [255, 255, 255];
        for (const c of layers.reverse()) out = out.map((v, k) => c[k] * c[3] + v * (1 - c[3]));
        return out;
    };
    const luminance = (c) => {
        const s = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const behindRing = (el, style) => {
        const box = el.getBoundingClientRect();
        const reach = parseFloat(style.outlineWidth) + Math.max(0, parseFloat(style.outlineOffset) || 0) + 1;
        const [midX, midY] = [box.left + box.width / 2, box.top + box.height / 2];
        // Only where the ring is painted: inside the nearest container that clips (e.g. the drawer).
        let clip = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const cs = getComputedStyle(p);
            if (cs.overflowX !== "visible" || cs.overflowY !== "visible") { clip = p.getBoundingClientRect(); break; }
        }
        // Beside the element first (the ring's sides), then above and below it.
        for (const [x, y] of [[box.left - reach, midY], [box.right + reach, midY], [midX, box.top - reach],
                              [midX, box.bottom + reach]]) {
            if (x < Math.max(0, clip.left) || y < Math.max(0, clip.top)
                || x >= Math.min(innerWidth, clip.right) || y >= Math.min(innerHeight, clip.bottom)) continue;
            const under = document.elementsFromPoint(x, y).find(e => e !== el && !el.contains(e));
            if (under) return under;
        }
        return el.parentElement;
    };
    const el = document.activeElement;
    if (!el || el === document.body) return {tag: "body", matches: false};
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
    return {
        tag: el.tagName.toLowerCase(), html: el.outerHTML.slice(0, 160),
        text: (el.innerText || el.value || "").trim(), href: el.getAttribute("href"),
        outline: outline, shadow: style.boxShadow !== "none",
        // The ring is drawn around the element, so it must stand out against what is behind it.
        // The ring is drawn around the element, so it must stand out against what is painted there:
        // the element under a point just beyond the ring (positioned elements such as the skip link
        // sit on top of the header, not on their parent's background).
        ringContrast: outline ? contrast(rgba(style.outlineColor), background(behindRing(el, style))) : null,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                  && box.top < innerHeight && box.left < innerWidth,
        inContent: !!el.closest("article, .md-content"),
        inNavigation: !!el.closest(".md-sidebar--primary, .md-nav--primary"),
        matches: el.matches(selector),
    };
}"""


def focused(tab, selector: str = "none") -> dict:
    """What has keyboard focus, and whether the focus is visibly marked on screen."""
    return tab.evaluate(FOCUS_STATE, selector)


def assert_no_axe_violations(tab, state: str = "") -> None:
    if not tab.evaluate("() => typeof axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))  # inline: the site itself never ships axe-core
    result = tab.evaluate("""(tags) => axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""", AXE_TAGS)
    violations = result["violations"]
    where = f"{tab.url}{' (' + state + ')' if state else ''}"
    assert not violations, f"{where}: {len(violations)} axe-Verstöße\n{describe_violations(violations)}"


def tab_until(tab, selector: str) -> bool:
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        if tab.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def assert_focus_visible(state: dict, where: str) -> None:
    assert state["tag"] != "body", f"{where}: kein Element hat den Fokus"
    assert state["outline"] or state["shadow"], f"{where}: Fokus nicht sichtbar markiert: {state.get('html')}"
    assert state["onScreen"], f"{where}: fokussiertes Element liegt außerhalb des Bildschirms: {state.get('html')}"
    if state["ringContrast"] is not None:  # WCAG 1.4.11: 3:1 for the focus indicator
        assert state["ringContrast"] >= 3, (
            f"{where}: Fokusrahmen hebt sich nur {state['ringContrast']:.2f}:1 vom Hintergrund ab: {state.get('html')}")


@by_type
def test_axe_finds_no_wcag_violations_and_the_basics_hold(tab, base_url, site_root, page_type):
    open_example(tab, base_url, site_root, page_type)
    # The basics, on the page as the browser shows it (after scripts ran).
    facts = tab.evaluate("""() => ({
        lang: document.documentElement.lang, title: document.title,
        h1: document.querySelectorAll("h1").length,
        imagesWithoutAlt: [...document.images].filter(img => !img.hasAttribute("alt")).map(img => img.src),
        // Every form control has a name, Material's hidden toggle checkboxes included (IBM's checker).
        unnamedFields: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(f =>
            !(f.getAttribute("aria-label") || "").trim()
            && ![...(f.labels || [])].some(l => l.textContent.trim() || l.getAttribute("aria-label"))
        ).map(f => f.outerHTML.slice(0, 120)),
        labelButtons: document.querySelectorAll("label[role=button]").length,
    })""")
    assert facts["lang"] == "de"
    assert facts["h1"] == 1, f"{tab.url}: {facts['h1']} h1"
    assert SITE_NAME in facts["title"] and facts["title"].strip() != SITE_NAME, facts["title"]
    assert not facts["imagesWithoutAlt"], facts["imagesWithoutAlt"]
    assert not facts["unnamedFields"], f"{tab.url}: Formularfelder ohne Namen: {facts['unnamedFields']}"
    assert not facts["labelButtons"], f"{tab.url}: <label role=button> statt eines echten <button>"
    assert_no_axe_violations(tab)


@by_type
def test_skip_link_moves_to_the_content_with_visible_focus(tab, base_url, site_root, page_type):
    open_example(tab, base_url, site_root, page_type)
    tab.keyboard.press("Tab")
    skip = focused(tab)
    assert skip["tag"] == "a" and skip["text"].startswith("Zum Inhalt"), f"erster Tab-Halt ist kein Skip-Link: {skip}"
    assert_focus_visible(skip, "Skip-Link")
    tab.keyboard.press("Enter")
    target = skip["href"].split("#", 1)[1]
    tab.wait_for_function("(id) => location.hash === '#' + id", arg=target)
    assert tab.evaluate("(id) => !!document.getElementById(id)?.closest('article, .md-content')", target)
    # Keyboard users continue from the content, not from the top of the page again.
    tab.keyboard.press("Tab")
    after = focused(tab)
    assert after.get("inContent"), f"nach dem Skip-Link landet der Fokus nicht im Inhalt: {after}"
    assert_focus_visible(after, "Erster Link im Inhalt")


@by_type
def test_content_reflows_at_320_css_pixels(tab, base_url, site_root, page_type):
    """WCAG 1.4.10: at 320 CSS pixels nothing but scroll containers may need sideways scrolling;
    those that scroll take focus and have a name."""
    open_example(tab, base_url, site_root, page_type, viewport={"width": 320, "height": 640})
    overflow = tab.evaluate(REFLOW_STATE)
    assert overflow["scrollWidth"] <= overflow["width"] + 1, (
        f"{tab.url}: Seite ist {overflow['scrollWidth']} px breit statt {overflow['width']} px; zu breit:\n"
        + "\n".join(overflow["elements"]))
    # WCAG 2.1.1/4.1.2: a table that scrolls sideways instead takes focus (keyboard users scroll it)
    # and has a name (screen readers announce it).
    bad = [region for region in tab.evaluate(SCROLL_REGIONS)
           if not (region["focusable"] and region["name"] and region["region"])]
    assert not bad, f"{tab.url}: scrollbare Tabellen ohne Fokus oder Namen:\n" + "\n".join(map(str, bad))


@by_type
def test_footer_legal_links_are_reachable_by_keyboard_with_visible_focus(tab, base_url, site_root, page_type):
    open_example(tab, base_url, site_root, page_type)
    # Shift+Tab from the top of the page walks backwards from its end, where the footer is.
    for _ in range(12):
        tab.keyboard.press("Shift+Tab")
        state = focused(tab, ".scs-legal-links a")
        if state["matches"]:
            break
    else:
        pytest.fail("Die Links im Fußbereich sind mit der Tastatur nicht erreichbar")
    assert_focus_visible(state, "Link im Fußbereich")


@by_type
def test_menu_opens_and_is_usable_by_keyboard_on_a_narrow_screen(tab, base_url, site_root, page_type):
    open_example(tab, base_url, site_root, page_type, viewport=NARROW)
    # Every Tab stop from the top is on screen and visibly marked; the closed menu's links
    # (slid out of view) must not take focus. The menu button is one of the stops.
    stops = []
    for number in range(1, NARROW_TAB_STOPS + 1):
        tab.keyboard.press("Tab")
        state = focused(tab, DRAWER_BUTTON)
        assert_focus_visible(state, f"{tab.url}: Tab-Halt {number} bei geschlossenem Menü (vorher: {stops[-1:]})")
        stops.append(state)
    assert any(stop["matches"] for stop in stops), "Menü-Schaltfläche ist mit Tab nicht erreichbar"
    tab.focus(DRAWER_BUTTON)
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.getElementById('__drawer').checked")
    tab.wait_for_function("""() => {
        const box = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
        return box.left >= 0 && box.right > 0;
    }""")
    # In the open menu, Tab moves through its links, visibly.
    for number in range(3):
        state = focused(tab)
        assert state.get("inNavigation") and state["tag"] == "a", f"Fokus nicht im geöffneten Menü: {state}"
        assert_focus_visible(state, "Link im Menü")
        tab.keyboard.press("Tab")
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert focused(tab, DRAWER_BUTTON)["matches"], "Escape schließt das Menü nicht zur Schaltfläche zurück"


def test_menu_and_search_start_closed_even_when_the_browser_restored_them(tab, base_url, site_root):
    """Firefox restores a checkbox's state after a reload; Material's autocomplete="off", which
    prevented that, is invalid on checkboxes and removed by the build (scschule.site.autocomplete),
    so portal.js closes both toggles on load. Simulated here: the page arrives with both checked."""
    def checked_toggles(route):
        page = route.fetch().text()
        route.fulfill(body=page.replace('id="__drawer"', 'id="__drawer" checked', 1)
                      .replace('id="__search"', 'id="__search" checked', 1), content_type="text/html; charset=utf-8")

    url = example_url_or_skip(PAGE_TYPES[0], site_root)
    tab.set_viewport_size(NARROW)
    tab.route(base_url + url, checked_toggles)
    response = tab.goto(base_url + url, wait_until="load")
    assert response is not None and response.ok
    assert tab.evaluate("() => document.getElementById('__drawer').defaultChecked"), "die Seite kam nicht angekreuzt an"
    tab.wait_for_function("""() => ['__drawer', '__search'].every((id) => !document.getElementById(id).checked)
        && document.querySelector('button[data-scs-drawer-button]').getAttribute('aria-expanded') === 'false'""")
    assert tab.evaluate("() => document.querySelectorAll('input.md-toggle[autocomplete]').length") == 0
    tab.click(DRAWER_BUTTON)
    tab.wait_for_function("() => document.getElementById('__drawer').checked")


@by_type
def test_search_field_is_reachable_by_keyboard(tab, base_url, site_root, page_type):
    open_example(tab, base_url, site_root, page_type)
    if not tab.query_selector(SEARCH_FIELD):
        if not (site_root / "suche").is_dir() and not (site_root / "search").is_dir():
            pytest.skip("Die Suche ist noch nicht gebaut (kein Suchfeld, kein /suche/)")
        pytest.fail(f"{tab.url}: kein Suchfeld auf der Seite, obwohl es eine Suche gibt")
    assert tab_until(tab, SEARCH_FIELD), "Suchfeld ist mit Tab nicht erreichbar"
    tab.keyboard.type("Daten")
    assert tab.evaluate("() => document.activeElement.value") == "Daten"


SEARCH_RESULT_LINK = ".scs-search__results a, .scs-search-results a, .md-search-result a"


def _type_search(tab, base_url, site_root, query: str) -> None:
    open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["home"])
    if not tab.query_selector(SEARCH_FIELD):
        pytest.skip("Die Suche ist noch nicht gebaut")
    assert tab_until(tab, SEARCH_FIELD), "Suchfeld ist mit Tab nicht erreichbar"
    tab.keyboard.type(query)


HEADER_OPTIONS = "#scs-search-listbox[data-scs-search-query] [role=option]"


def test_live_search_results_can_be_opened_by_keyboard(tab, base_url, site_root):
    """The header's combobox: ArrowDown marks an option (aria-activedescendant, focus stays in the
    field, the option visibly marked), Enter opens it."""
    _type_search(tab, base_url, site_root, "Datenplattform")
    tab.wait_for_function("""() => document.querySelector('#scs-search-listbox')
        ?.getAttribute('data-scs-search-query') === 'Datenplattform'
        && document.querySelectorAll('#scs-search-listbox [role=option]').length > 0""")
    tab.keyboard.press("ArrowDown")
    tab.wait_for_function("""() => {
        const field = document.activeElement, id = field.getAttribute('aria-activedescendant');
        const option = id && document.getElementById(id);
        return field.getAttribute('role') === 'combobox' && field.getAttribute('aria-expanded') === 'true'
            && option && option.getAttribute('aria-selected') === 'true';
    }""")
    marked = tab.evaluate("""() => {
        const option = document.getElementById(document.activeElement.getAttribute('aria-activedescendant'));
        const style = getComputedStyle(option);
        return {outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                href: new URL(option.dataset.href, location.href).href};
    }""")
    assert marked["outline"], "die gewählte Option ist nicht sichtbar markiert"
    tab.keyboard.press("Enter")
    tab.wait_for_url(marked["href"])
    assert tab.evaluate("() => document.querySelectorAll('h1').length") == 1


def test_enter_in_the_search_field_shows_the_search_page_with_results(tab, base_url, site_root):
    _type_search(tab, base_url, site_root, "Datenplattform")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/suche/**")
    tab.wait_for_selector(SEARCH_RESULT_LINK, state="visible", timeout=10_000)
    assert tab_until(tab, SEARCH_RESULT_LINK), "Die Treffer der Suchseite sind mit Tab nicht erreichbar"
    assert_focus_visible(focused(tab), "Treffer auf der Suchseite")


@by_type
def test_no_request_leaves_for_another_host_or_fails_and_the_console_shows_no_error(tab, base_url, site_root,
                                                                                    page_type):
    log = open_example(tab, base_url, site_root, page_type, viewport=NARROW)
    # Live data widgets ask the deployment's data proxy (data-scs-url), which this static test server
    # does not run; tests/browser/test_widgets_live.py serves and checks those requests.
    live = tab.evaluate("() => [...document.querySelectorAll('[data-scs-url]')].map(e => new URL(e.dataset.scsUrl, location.href).href.split('?')[0])")
    # Interactions that could lazy-load something: the menu, the search, expandable widgets.
    drawer = tab.query_selector(DRAWER_BUTTON)
    if drawer:
        drawer.click()
    search = tab.query_selector(SEARCH_FIELD)
    if search and search.is_visible():
        search.fill("Datenplattform")
        search.press("Enter")
    for summary in tab.query_selector_all("details > summary"):
        if summary.is_visible():
            summary.click()
    tab.wait_for_load_state("networkidle")
    assert log.urls, "keine Anfrage aufgezeichnet – die Aufzeichnung funktioniert nicht"
    assert not log.foreign(), f"{tab.url}: Anfragen an fremde Server:\n" + "\n".join(log.foreign())
    failed = [failure for failure in log.failed if not any(url in failure for url in live)]
    assert not failed, f"{tab.url}: fehlgeschlagene Anfragen:\n" + "\n".join(failed)
    errors = [error for error in log.console_errors if not any(url in error for url in live)]
    assert not errors, f"{tab.url}: Fehler in der Konsole:\n" + "\n".join(errors)


def test_the_request_log_sees_a_failed_request_and_a_console_error(tab, base_url, site_root):
    """The check above can fail: a missing file and a script error on a real page are reported."""
    log = open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["home"])
    tab.evaluate("() => { fetch('/gibt-es-nicht.json').catch(() => {}); setTimeout(() => { throw new Error('Probe'); }); }")
    tab.wait_for_function("() => performance.getEntriesByName(location.origin + '/gibt-es-nicht.json').length > 0")
    tab.wait_for_load_state("networkidle")
    assert any("404" in failure and "gibt-es-nicht.json" in failure for failure in log.failed), log.failed
    assert any("Probe" in error for error in log.console_errors), log.console_errors


# --- states a visitor reaches by interacting, checked with axe as well


def _search_results_open(tab, base_url, site_root):
    open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["home"])
    field = tab.query_selector(SEARCH_FIELD)
    if field is None:
        pytest.skip("Die Suche ist noch nicht gebaut")
    field.focus()
    tab.keyboard.type("Datenplattform")
    tab.wait_for_selector(".scs-search__results li, .md-search-result__item", state="visible", timeout=10_000)
    return "Suchergebnisse im Kopf geöffnet"


def _search_page_with_query(tab, base_url, site_root):
    url = example_url_or_skip(PAGE_TYPES_BY_NAME["search"], site_root)
    tab.goto(f"{base_url}{url}?q=Datenplattform", wait_until="load")
    tab.wait_for_load_state("networkidle")
    return "Suchseite mit Treffern"


def _menu_open(tab, base_url, site_root):
    open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["home"], viewport=NARROW)
    tab.focus(DRAWER_BUTTON)
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.getElementById('__drawer').checked")
    return "Menü geöffnet"


def _widgets_expanded(tab, base_url, site_root):
    open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["data-widgets"])
    for summary in tab.query_selector_all("details > summary"):
        if summary.is_visible():
            summary.click()
    return "alle aufklappbaren Bereiche geöffnet"


def _not_found_page(tab, base_url, site_root):
    # What a web server shows for unknown addresses (this test server answers 404 by itself).
    log = RequestLog(tab, base_url)
    tab.goto(f"{base_url}/404.html", wait_until="load")
    assert tab.title().startswith("Seite nicht gefunden"), tab.title()
    assert not log.foreign(), log.foreign()
    return "Seite nicht gefunden"


PAGE_TYPES_BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}
INTERACTIVE_STATES = [_search_results_open, _search_page_with_query, _menu_open, _widgets_expanded, _not_found_page]


@pytest.mark.parametrize("reach_state", INTERACTIVE_STATES, ids=[f.__name__.strip("_") for f in INTERACTIVE_STATES])
def test_axe_finds_no_violations_after_interaction(tab, base_url, site_root, reach_state):
    state = reach_state(tab, base_url, site_root)
    assert_no_axe_violations(tab, state)


@pytest.mark.parametrize("width", [320, 375, 414, 480])
def test_the_site_name_is_readable_in_the_header_on_narrow_screens(tab, base_url, site_root, width):
    """Issue 15: between 320 and 414 px the header search left "S" or "Sma…" of the name."""
    open_example(tab, base_url, site_root, PAGE_TYPES_BY_NAME["registry"], viewport={"width": width, "height": 700})
    name = tab.evaluate(HEADER_NAME_STATE)
    assert name["text"] == SITE_NAME, name
    assert name["visible"] and name["inside"] and not name["cut"], f"{width} px: Name im Kopf abgeschnitten: {name}"

