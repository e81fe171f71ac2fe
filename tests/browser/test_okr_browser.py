"""/wirkung/ with trend charts and progress bars (recorded reviews), in chromium: axe, reflow, no third parties.

The quality gate covers /wirkung/ of the included content, which has no review yet; this
build adds reviews so that the charts, tables and bars are checked too.
"""

from __future__ import annotations

import pytest

from conftest import served
from test_quality_browser import RequestLog, assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def okr_url(okr_site):
    with served(okr_site) as url:
        yield url


def test_the_page_with_charts_has_no_axe_violations_and_loads_nothing_from_elsewhere(tab, okr_url):
    log = RequestLog(tab, okr_url)
    response = tab.goto(okr_url + "/wirkung/", wait_until="load")
    assert response is not None and response.ok
    assert tab.locator("svg.okr-trend").count() == 8
    tab.locator("details.okr-items summary").first.click()  # the counted items, opened
    tab.wait_for_selector("details.okr-items[open] a")
    assert_no_axe_violations(tab, "mit Verläufen, Liste geöffnet")
    assert log.foreign() == []


def test_charts_and_bars_reflow_at_320_css_pixels(tab, okr_url):
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(okr_url + "/wirkung/", wait_until="load")
    widths = tab.evaluate("""() => ({page: document.scrollingElement.scrollWidth, view: document.documentElement.clientWidth,
        charts: [...document.querySelectorAll('svg.okr-trend, svg.okr-bar')].map(e => e.getBoundingClientRect().right)})""")
    assert widths["page"] <= widths["view"] + 1, widths
    assert max(widths["charts"]) <= widths["view"] + 1, widths
