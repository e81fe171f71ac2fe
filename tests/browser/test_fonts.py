"""The site on a machine whose default font is not DejaVu (issue 15, section 1): Debian's
chromium started with a fontconfig file that makes Liberation Sans (fonts-liberation) the default
sans-serif and system-ui font and hides DejaVu entirely. Every page type must still reflow at 320
CSS pixels and show the site's name in the header; the test proves which font was really used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quality.browser_checks import HEADER_NAME_STATE, REFLOW_STATE
from quality.page_types import PAGE_TYPES, example_url_or_skip
from quality.site import SITE_NAME

pytestmark = pytest.mark.browser

SECOND_FONT = "Liberation Sans"
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <!-- as if DejaVu were not installed -->
  <selectfont><rejectfont><pattern><patelt name="family"><string>DejaVu Sans</string></patelt></pattern></rejectfont></selectfont>
  <selectfont><rejectfont><glob>/usr/share/fonts/truetype/dejavu/*</glob></rejectfont></selectfont>
  <alias binding="strong"><family>sans-serif</family><prefer><family>Liberation Sans</family></prefer></alias>
  <alias binding="strong"><family>system-ui</family><prefer><family>Liberation Sans</family></prefer></alias>
</fontconfig>
"""
by_type = pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])


@pytest.fixture(scope="module")
def liberation_tab(browser, tmp_path_factory):
    """One tab of a second chromium, started with FONTCONFIG_FILE pointing at the file above; the
    tests of this module navigate it in turn."""
    if not any(LIBERATION.glob("LiberationSans-*.ttf")):
        pytest.fail(f"{LIBERATION}: fonts-liberation fehlt (scripts/system-packages.sh)")
    from conftest import CHROMIUM, CHROMIUM_ARGS

    conf = tmp_path_factory.mktemp("fonts") / "fonts.conf"
    conf.write_text(FONTS_CONF, encoding="utf-8")
    other = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                        env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    context = other.new_context(locale="de-DE", service_workers="block")
    yield context.new_page()
    context.close()
    other.close()


def used_fonts(tab, selector: str) -> list[str]:
    """The platform fonts chromium really drew the element's text with (DevTools protocol)."""
    session = tab.context.new_cdp_session(tab)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [font["familyName"] for font in fonts]


def test_the_second_font_set_is_really_in_use(liberation_tab, base_url):
    liberation_tab.goto(base_url + "/", wait_until="load")
    fonts = used_fonts(liberation_tab, "article h1")
    assert fonts and all(name == SECOND_FONT for name in fonts), f"Überschrift gezeichnet mit {fonts}"
    assert not any("DejaVu" in name for name in used_fonts(liberation_tab, ".md-header__title"))


@by_type
def test_pages_reflow_and_show_the_site_name_with_another_font(liberation_tab, base_url, site_root, page_type):
    url = example_url_or_skip(page_type, site_root)
    liberation_tab.set_viewport_size({"width": 320, "height": 640})
    response = liberation_tab.goto(base_url + url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    overflow = liberation_tab.evaluate(REFLOW_STATE)
    assert overflow["scrollWidth"] <= overflow["width"] + 1, (
        f"{url} ({SECOND_FONT}): Seite ist {overflow['scrollWidth']} px breit statt {overflow['width']} px; zu breit:\n"
        + "\n".join(overflow["elements"]))
    name = liberation_tab.evaluate(HEADER_NAME_STATE)
    assert name["text"] == SITE_NAME and name["visible"] and name["inside"] and not name["cut"], (
        f"{url} ({SECOND_FONT}): Name im Kopf nicht lesbar: {name}")
