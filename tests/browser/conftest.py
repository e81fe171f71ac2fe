"""Browser fixtures: the built site served on 127.0.0.1 and Debian's chromium driven by Playwright.

One browser and one context per session keep the suite fast; every test gets a fresh tab.
Playwright must never download a browser: we point it at the system chromium.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from quality.site import prebuilt_site

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects by marker
def pytest_collection_modifyitems(items):
    """Everything in tests/browser/ drives a browser: mark it so quick runs can leave it out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


@pytest.fixture(scope="session")
def site_root(request) -> Path:
    return prebuilt_site() or request.getfixturevalue("built_site")


@contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site served from a thread on a free local port, stopped on leaving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_root: Path) -> Iterator[str]:
    """The site served from a thread on a free local port."""
    with served(site_root) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} fehlt: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    yield context
    context.close()


@pytest.fixture
def tab(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()
