"""The render cache: a page whose Markdown, front matter, configuration and link targets are
unchanged reuses its converted HTML from the previous build.

Python-Markdown's conversion is the largest cost of rebuilding an unchanged page.
MkDocs offers no event to skip it, so the cache uses the documented return values
of the page events: when ``on_page_markdown`` finds an entry, it returns an empty
text as the page's Markdown (nothing to convert), and ``on_page_content`` returns
the cached HTML and sets the page's documented ``toc`` (a list of
:class:`~mkdocs.structure.toc.AnchorLink`) before any other plugin sees the page.
What the link check needs of the page (its links as written and its anchors,
:class:`~scschule.site.linkcheck.PageLinks`) is part of the entry, so a reused page
is checked like a converted one; MkDocs' own link records are not used.

An entry's key is a digest of the page's final Markdown (after every plugin's
``on_page_markdown``, so generated pages are keyed by their generated text), its
front matter, its source path and URL, and the site's configuration (mkdocs.yml,
the Markdown setup, the package version). The entry also records the site URLs
its links and images point to; it is used only while each of them still exists,
so renaming or removing a link target converts the pages that link to it again.
A page with a link that leads to no file is never stored (MkDocs leaves such a
link as written): the next build converts it again, and the check reports it again.

Verify mode (``SCSCHULE_VERIFY_CACHE=1``) converts every page
anyway and compares the result with the entry the cache would have used: any
difference in HTML, title, table of contents or link records is a mismatch, and
the build fails (see :meth:`RenderCache.check`).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from mkdocs.structure.toc import AnchorLink

from .cache import ContentCache
from .linkcheck import PageLinks

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

CACHE_NAME = "pages"


@dataclass
class PendingPage:
    key: str
    entry: dict | None  # the cached entry on a hit; None: convert, then store


@dataclass
class RenderCache:
    """One build's view of the on-disk page cache."""

    cache: ContentCache
    site_urls: frozenset[str] = frozenset()  # every URL of the build's files ('' for the home page)
    pending: dict[str, PendingPage] = field(default_factory=dict)  # src_uri -> page between the two events
    used: set[str] = field(default_factory=set)  # keys read or written in this build
    converted: int = 0
    reused: int = 0
    verify: bool = False  # convert every page anyway and compare with the entry it would reuse
    verified: int = 0
    mismatches: list[str] = field(default_factory=list)  # "src_uri: what differs", in verify mode

    @classmethod
    def open(cls, project: Path, *configuration: object, verify: bool = False) -> RenderCache:
        return cls(ContentCache(project, CACHE_NAME, *configuration), verify=verify)

    def key(self, page: Page, markdown: str) -> str:
        meta = json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False)
        return self.cache.key(markdown, meta, page.file.src_uri, page.url)

    def before_conversion(self, page: Page, markdown: str) -> str:
        """The Markdown MkDocs should convert: the page's own, or nothing when the cache has the result."""
        key = self.key(page, markdown)
        self.used.add(key)
        entry = self._entry(key)
        self.pending[page.file.src_uri] = PendingPage(key, entry)
        if entry is None or self.verify:
            self.converted += 1
            return markdown
        self.reused += 1
        if entry["title"] is not None:
            page.meta["title"] = entry["title"]  # MkDocs takes the title from the h1 it no longer sees
        return ""

    def cached_entry(self, page: Page) -> bool:
        """Whether ``page`` is taken from the cache (between the two events; never in verify mode)."""
        pending = self.pending.get(page.file.src_uri)
        return pending is not None and pending.entry is not None and not self.verify

    def cached(self, page: Page) -> tuple[str, PageLinks] | None:
        """On a hit: the page's HTML and link records, with its table of contents put back. None: it was converted."""
        pending = self.pending.get(page.file.src_uri)
        if pending is None or pending.entry is None or self.verify:
            return None
        del self.pending[page.file.src_uri]
        page.toc = [_anchor_link(item) for item in pending.entry["toc"]]
        return pending.entry["html"], PageLinks.from_json(pending.entry["links"])

    def check(self, page: Page, html: str, links: PageLinks) -> None:
        """Verify mode: the page as just converted against the entry the cache would have used."""
        pending = self.pending.get(page.file.src_uri)
        if not self.verify or pending is None or pending.entry is None:
            return
        self.verified += 1
        fresh = {"html": html, "title": None if "title" in page.meta else page.title,
                 "toc": [_token(item) for item in page.toc], "links": links.as_json()}
        differing = [name for name, value in fresh.items()
                     if json.loads(json.dumps(value, ensure_ascii=False)) != pending.entry[name]]
        if differing:
            self.mismatches.append(f"{page.file.src_uri}: {', '.join(differing)}")

    def store(self, page: Page, html: str, links: PageLinks, urls: set[str]) -> None:
        """Keep the freshly converted page (the home page never: MkDocs treats its title specially)."""
        pending = self.pending.pop(page.file.src_uri, None)
        if pending is None or page.is_homepage:
            return
        entry = {
            "html": html,
            "title": None if "title" in page.meta else page.title,
            "toc": [_token(item) for item in page.toc],
            "links": links.as_json(),
            "targets": sorted(_targets(urls, page.url)),
        }
        self.cache.write(pending.key, json.dumps(entry, ensure_ascii=False).encode("utf-8"), ".json")

    def discard(self, page: Page) -> None:
        """The page is converted but not stored."""
        self.pending.pop(page.file.src_uri, None)

    def _entry(self, key: str) -> dict | None:
        data = self.cache.read(key, ".json")
        if data is None:
            return None
        entry = json.loads(data)
        if "links" not in entry:  # an entry of an earlier version of this cache
            return None
        return entry if all(url in self.site_urls for url in entry["targets"]) else None

    def prune(self) -> int:
        """Delete the entries this build did not use (the site as it is now is what stays cached)."""
        removed = 0
        for path in self.cache.folder.glob("*.json") if self.cache.folder.is_dir() else []:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _token(item) -> dict:
    """A table-of-contents entry (an AnchorLink's documented attributes) as JSON."""
    return {"title": item.title, "id": item.id, "level": item.level, "children": [_token(c) for c in item.children]}


def _anchor_link(token: dict) -> AnchorLink:
    item = AnchorLink(token["title"], token["id"], token["level"])
    item.children = [_anchor_link(child) for child in token["children"]]
    return item


def _targets(urls: set[str], page_url: str) -> set[str]:
    """Site URLs of the relative links and images among ``urls`` (the page's dependencies)."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    targets = set()
    for url in urls:
        parts = urlsplit(url)
        raw = parts.path
        if not raw or parts.scheme or parts.netloc or url.startswith(("/", "//")):
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(raw)))
        if path.startswith(".."):
            continue
        path = "" if path == "." else path
        targets.add(path + "/" if raw.endswith("/") and path else path)
    return targets
