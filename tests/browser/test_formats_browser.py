"""The Referatreihe and the Pausenhof page in a real browser, on the fixture site (tests/formats_site.py):
axe without violations, reflow at 320 CSS pixels, no request to another host, no failed request."""

from __future__ import annotations

import pytest

from conftest import served
from formats_site import TALK, build_formats_site
from test_quality_browser import REFLOW_STATE, RequestLog, assert_no_axe_violations

PAGES = ["/referate/", f"/referate/{TALK}/", "/pausenhof/"]


@pytest.fixture(scope="module")
def formats_url(tmp_path_factory):
    site = build_formats_site(tmp_path_factory.mktemp("formats-browser") / "project")
    with served(site) as url:
        yield url


def open_page(tab, base: str, url: str, width: int = 1280) -> RequestLog:
    tab.set_viewport_size({"width": width, "height": 800})
    log = RequestLog(tab, base)
    response = tab.goto(base + url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return log


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_violations(tab, formats_url, url):
    open_page(tab, formats_url, url)
    assert tab.evaluate("() => document.querySelectorAll('h1').length") == 1
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_reflows_at_320_css_pixels(tab, formats_url, url):
    open_page(tab, formats_url, url, width=320)
    overflow = tab.evaluate(REFLOW_STATE)
    assert overflow["scrollWidth"] <= overflow["width"] + 1, "\n".join(overflow["elements"])


@pytest.mark.parametrize("url", PAGES)
def test_no_request_leaves_for_another_host_and_none_fails(tab, formats_url, url):
    log = open_page(tab, formats_url, url)
    tab.wait_for_load_state("networkidle")
    assert log.urls and not log.foreign(), log.foreign()
    assert not log.failed and not log.console_errors, log.failed + log.console_errors


def test_pa11y_finds_no_errors(formats_url):
    """The second engine (HTML_CodeSniffer, WCAG 2.1 AA) on the same pages, one node process for all."""
    import json
    import subprocess

    from quality.validators import PA11Y, ROOT, require

    require(PA11Y, "pa11y (npm)")
    urls = [formats_url + url for url in PAGES]
    result = subprocess.run(["node", str(ROOT / "tests" / "quality" / "pa11y-run.js"), *urls],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, f"pa11y ist abgebrochen: {result.stderr[-3000:]}"
    results = json.loads(result.stdout)
    assert set(results) == set(urls)
    errors = [f"{url}: {issue['code']} {issue['selector']}" for url, issues in results.items()
              for issue in issues if issue["type"] == "error"]
    assert not errors, "\n".join(errors)
