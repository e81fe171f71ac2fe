"""Reading a built site as a visitor's browser would: pages, links, and where they lead.

Pure Python (BeautifulSoup + lxml); shared by the link tests and the browser tests.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

SITE_NAME = "Smart Cities: Schule"
# Pages served at the site root, not reached by links (the server shows it for unknown URLs).
NOT_LINKED_PAGES = {"404.html"}
# A made-up origin to resolve relative URLs against; any other host is third-party.
ORIGIN = "http://site.invalid"
# url(…) and @import in CSS that point at another host (scheme-relative counts).
FOREIGN_STYLE_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+(?:url\(\s*)?['"]?)\s*((?:https?:)?//[^'")\s;]+)""",
                               re.IGNORECASE)
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
# <link rel=...> values that make the browser fetch the target (canonical, alternate, next… do not).
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                "preconnect", "dns-prefetch", "modulepreload", "manifest", "mask-icon"}
# Elements whose src/href the browser loads by itself when showing the page.
LOADING_ATTRIBUTES = (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                      ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
                      ("video", "poster"), ("input", "src"), ("track", "src"))


def prebuilt_site() -> Path | None:
    """A site folder given in SCSCHULE_QUALITY_SITE, to check an existing build instead of building."""
    folder = os.environ.get("SCSCHULE_QUALITY_SITE")
    if not folder:
        return None
    path = Path(folder).resolve()
    if not (path / "index.html").is_file():
        raise FileNotFoundError(f"SCSCHULE_QUALITY_SITE={folder}: keine gebaute Website (index.html fehlt)")
    return path


@dataclass(frozen=True)
class Link:
    page: "Page"
    tag: str
    attribute: str
    value: str
    rels: frozenset[str] = frozenset()

    def where(self) -> str:
        return f"{self.page.url}: <{self.tag} {self.attribute}=\"{self.value}\">"


class Page:
    """One built HTML file, parsed once."""

    def __init__(self, site: "BuiltSite", path: Path):
        self.site = site
        self.path = path
        rel = path.relative_to(site.root).as_posix()
        self.url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.path.read_bytes(), "lxml")

    @cached_property
    def ids(self) -> set[str]:
        found = {tag["id"] for tag in self.soup.find_all(id=True)}
        return found | {tag["name"] for tag in self.soup.find_all("a", attrs={"name": True})}

    @property
    def title(self) -> str:
        return self.soup.title.get_text(" ", strip=True) if self.soup.title else ""

    def links(self) -> list[Link]:
        """Every URL in the page: anchors, stylesheets, scripts, images, embedded media."""
        found = [Link(self, "a", "href", a["href"]) for a in self.soup.find_all("a", href=True)]
        for tag in self.soup.find_all("link", href=True):
            rels = frozenset(rel.lower() for rel in tag.get("rel", []))
            found.append(Link(self, "link", "href", tag["href"], rels))
        for name, attribute in LOADING_ATTRIBUTES:
            for tag in self.soup.find_all(name, attrs={attribute: True}):
                found.append(Link(self, name, attribute, tag[attribute]))
        for tag in self.soup.find_all(["img", "source"], srcset=True):
            for candidate in tag["srcset"].split(","):
                if candidate.strip():
                    found.append(Link(self, tag.name, "srcset", candidate.split()[0]))
        return found

    def loaded_resources(self) -> list[Link]:
        """The URLs a browser fetches without any click: what must never be third-party."""
        loaded = [link for link in self.links()
                  if link.tag != "a" and (link.tag != "link" or link.rels & LOADING_RELS)]
        # URLs handed to the page's own scripts to fetch (e.g. a widget's live data): data-…-url/-src.
        for tag in self.soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.startswith("data-") and name.endswith(("url", "src")) and isinstance(value, str):
                    loaded.append(Link(self, tag.name, name, value))
        return loaded

    def page_links(self) -> list[Link]:
        return [link for link in self.links() if link.tag == "a"]


@dataclass(frozen=True)
class Target:
    """Where a URL leads inside the site."""

    path: Path | None  # the file, or None if nothing in the site answers the URL
    fragment: str


class BuiltSite:
    def __init__(self, root: Path, site_url: str = ""):
        self.root = root
        # Absolute links to the published address (e.g. canonical) are links into this site.
        self.site_url = site_url
        self.pages = {path: Page(self, path) for path in sorted(root.rglob("*.html"))}

    def page_at(self, url: str) -> Page | None:
        path = self.file_for_path(url)
        return self.pages.get(path) if path else None

    def is_internal(self, page: Page, value: str) -> bool:
        return urlsplit(self.absolute(page, value)).netloc == urlsplit(ORIGIN).netloc

    def absolute(self, page: Page, value: str) -> str:
        url = urljoin(ORIGIN + page.url, value.strip())
        if self.site_url and url.startswith(self.site_url):
            url = ORIGIN + "/" + url[len(self.site_url):]
        return url

    def resolve(self, page: Page, value: str) -> Target | None:
        """The target of an internal URL; None for external or non-HTTP URLs."""
        if value.strip().lower().startswith(IGNORED_SCHEMES) or not self.is_internal(page, value):
            return None
        parts = urlsplit(self.absolute(page, value))
        return Target(self.file_for_path(parts.path), unquote(parts.fragment))

    def file_for_path(self, url_path: str) -> Path | None:
        relative = unquote(url_path).lstrip("/")
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root.resolve()):
            return None
        if url_path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def problem(self, link: Link) -> str | None:
        """Why an internal link is broken, or None if it resolves (to a file and an anchor)."""
        target = self.resolve(link.page, link.value)
        if target is None:
            return None
        if target.path is None:
            return f"{link.where()} führt ins Leere"
        if target.fragment and target.path.suffix == ".html":
            if target.fragment not in self.pages[target.path].ids:
                return f"{link.where()}: Anker #{target.fragment} fehlt auf der Zielseite"
        return None

    def foreign_style_urls(self) -> list[str]:
        """Fonts, images and imports that stylesheets, <style> blocks or style="…" fetch from other hosts."""
        found = [f"/{css.relative_to(self.root).as_posix()}: {url}" for css in sorted(self.root.rglob("*.css"))
                 for url in FOREIGN_STYLE_URL.findall(css.read_text(encoding="utf-8", errors="replace"))]
        for page in self.pages.values():
            inline = [tag.get_text() for tag in page.soup.find_all("style")]
            inline += [tag["style"] for tag in page.soup.find_all(style=True)]
            found += [f"{page.url}: {url}" for text in inline for url in FOREIGN_STYLE_URL.findall(text)]
        return found

    def reachable_from(self, start: Page) -> set[Path]:
        """Breadth-first walk over the <a href> links from a page; returns the HTML files reached."""
        seen = {start.path}
        queue = [start]
        while queue:
            page = queue.pop()
            for link in page.page_links():
                target = self.resolve(page, link.value)
                if target and target.path in self.pages and target.path not in seen:
                    seen.add(target.path)
                    queue.append(self.pages[target.path])
        return seen
