"""One example page of every page type, found in the built site so it follows the content.

A page type whose section does not exist in the site yet (another capability not built) is
skipped with a reason; once the section exists, failing to find an example is an error.
Set SCSCHULE_REQUIRE_ALL_PAGE_TYPES=1 to turn the skips into failures as well.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

VERSION_FOLDER = re.compile(r"v?\d+(\.\d+)*")
WIDGET_MARKER = re.compile(r"widget", re.IGNORECASE)


def _pages_under(root: Path, folder: str) -> list[str]:
    """Sub-folders of ``folder`` that are pages (have an index.html), sorted by name."""
    base = root / folder
    if not base.is_dir():
        return []
    return [child.name for child in sorted(base.iterdir()) if (child / "index.html").is_file()]


def _url(*parts: str) -> str:
    return "/" + "".join(part.strip("/") + "/" for part in parts if part)


def _fixed(folder: str) -> Callable[[Path], str | None]:
    return lambda root: _url(folder) if (root / folder / "index.html").is_file() else None


def _first_under(folder: str, prefer: tuple[str, ...] = ()) -> Callable[[Path], str | None]:
    def find(root: Path) -> str | None:
        names = _pages_under(root, folder)
        chosen = next((n for n in prefer if n in names), names[0] if names else None)
        return _url(folder, chosen) if chosen else None
    return find


def _guide_versions(root: Path) -> list[tuple[str, str]]:
    return [(guide, version) for guide in _pages_under(root, "leitfaeden")
            for version in _pages_under(root, f"leitfaeden/{guide}") if VERSION_FOLDER.fullmatch(version)]


def _guide(root: Path) -> str | None:
    # A guide that also has archived versions shows the most of a guide page; one other than the
    # data-widget example, so that the two page types cover two different pages where possible.
    versioned = [guide for guide, _ in _guide_versions(root)]
    others = [guide for guide in versioned if f"leitfaeden/{guide}" not in WIDGET_CANDIDATES]
    if versioned:
        return _url("leitfaeden", (others or versioned)[0])
    guides = _pages_under(root, "leitfaeden")
    return _url("leitfaeden", guides[0]) if guides else None


def _guide_version(root: Path) -> str | None:
    versioned = _guide_versions(root)
    return _url("leitfaeden", *versioned[0]) if versioned else None


def _guide_comparison(root: Path) -> str | None:
    for guide in _pages_under(root, "leitfaeden"):
        pairs = _pages_under(root, f"leitfaeden/{guide}/vergleich")
        if pairs:
            return _url("leitfaeden", guide, "vergleich", pairs[0])
    return None


def _course_unit(root: Path) -> str | None:
    for course in _pages_under(root, "kurse"):
        units = _pages_under(root, f"kurse/{course}")
        if units:
            return _url("kurse", course, units[0])
    return None


WIDGET_CANDIDATES = ("leitfaeden/datenplattform-fiware-ngsi-ld", "massnahmenbuendel/m01")


def _widget_page(root: Path) -> str | None:
    """The first page known to embed data widgets whose HTML carries a widget element."""
    from bs4 import BeautifulSoup

    for folder in WIDGET_CANDIDATES:
        index = root / folder / "index.html"
        if not index.is_file():
            continue
        content = BeautifulSoup(index.read_bytes(), "lxml").find("article") or BeautifulSoup("", "lxml")
        for tag in content.find_all(True):
            names = " ".join([*tag.get("class", []), tag.get("id", ""), *tag.attrs.keys()])
            if WIDGET_MARKER.search(names):
                return _url(folder)
    return None


@dataclass(frozen=True)
class PageType:
    name: str
    built_when: str  # glob (relative to the site) that matches once this page type is generated
    find: Callable[[Path], str | None]

    def example_url(self, root: Path) -> str | None:
        return self.find(root)

    def is_built(self, root: Path) -> bool:
        return any(root.glob(self.built_when))


PAGE_TYPES = [
    PageType("home", "index.html", _fixed("")),
    PageType("handlungsfeld", "handlungsfelder/*/index.html", _first_under("handlungsfelder")),
    PageType("bundle", "massnahmenbuendel/*/index.html", _first_under("massnahmenbuendel", ("m01",))),
    PageType("guides-overview", "leitfaeden/index.html", _fixed("leitfaeden")),
    PageType("guide", "leitfaeden/*/index.html", _guide),
    PageType("guide-version", "leitfaeden/*/*/index.html", _guide_version),
    PageType("guide-comparison", "leitfaeden/*/vergleich", _guide_comparison),
    PageType("newsletter-archive", "schuelerzeitung", _fixed("schuelerzeitung")),
    PageType("newsletter-issue", "schuelerzeitung", _first_under("schuelerzeitung")),
    PageType("registry", "kommunen", _fixed("kommunen")),
    PageType("municipality", "kommunen", _first_under("kommunen", ("arnsberg",))),
    PageType("course", "kurse", _first_under("kurse")),
    PageType("course-unit", "kurse", _course_unit),
    PageType("calendar", "termine", _fixed("termine")),
    PageType("lecture-series", "referate/index.html", _fixed("referate")),
    # A talk page exists only once a past talk has its archive folder; the portal has none yet, so the
    # quality gates run on the fixture site's talk (tests/test_formats_site.py, tests/browser/test_formats_browser.py).
    PageType("pausenhof", "pausenhof/index.html", _fixed("pausenhof")),
    PageType("search", "suche", _fixed("suche")),
    PageType("okr", "wirkung/index.html", _fixed("wirkung")),
    PageType("okr-data", "wirkung/daten/index.html", _fixed("wirkung/daten")),
    PageType("data-widgets", "**/*widget*", _widget_page),
    PageType("impressum", "impressum", _fixed("impressum")),
    PageType("datenschutz", "datenschutz", _fixed("datenschutz")),
    PageType("barrierefreiheit", "barrierefreiheit", _fixed("barrierefreiheit")),
    PageType("leichte-sprache", "leichte-sprache", _fixed("leichte-sprache")),
]


def example_url_or_skip(page_type: PageType, root: Path) -> str:
    """The example page's URL; skips while the page type is not built, fails after that."""
    import pytest

    if not page_type.is_built(root) and not os.environ.get("SCSCHULE_REQUIRE_ALL_PAGE_TYPES"):
        pytest.skip(f"Seitenart '{page_type.name}' ist noch nicht gebaut (nichts passt zu {page_type.built_when})")
    url = page_type.example_url(root)
    assert url, f"Seitenart '{page_type.name}': die Website enthält {page_type.built_when}, aber keine Beispielseite"
    return url
