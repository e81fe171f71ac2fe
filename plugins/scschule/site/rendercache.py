"""The render cache: a page whose Markdown, front matter, configuration and link targets are
unchanged reuses its converted HTML from the previous build.

Python-Markdown's conversion is the largest cost of rebuilding an unchanged page.
MkDocs offers no event to skip it, so the cache works through the public page
events only: when ``on_page_markdown`` finds an entry, it hands MkDocs an empty
text to convert (nothing to do), and ``on_page_content`` puts the cached HTML, its
table of contents and its anchors back before any other plugin sees the page.

An entry's key is a digest of the page's final Markdown (after every plugin's
``on_page_markdown``, so generated pages are keyed by their generated text), its
front matter, its source path and URL, and the site's configuration (mkdocs.yml,
the Markdown setup, the package version). The entry also records the site URLs
its links and images point to; it is used only while each of them still exists,
so renaming or removing a link target converts the pages that link to it again.
A page whose conversion reported a problem (a dead link, a missing anchor) is
never stored: the next build converts it again and reports it again.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.structure.toc import AnchorLink, get_toc

from .cache import ContentCache

CACHE_NAME = "pages"
_TARGET = re.compile(r'\s(?:href|src)="([^"#?]*)[^"]*"')


@dataclass
class PendingPage:
    key: str
    entry: dict | None  # the cached entry on a hit; None: convert, then store
    problems_before: int = 0


@dataclass
class RenderCache:
    """One build's view of the on-disk page cache."""

    cache: ContentCache
    site_urls: frozenset[str] = frozenset()  # every URL of the build's files ('' for the home page)
    pending: dict[str, PendingPage] = field(default_factory=dict)  # src_uri -> page between the two events
    used: set[str] = field(default_factory=set)  # keys read or written in this build
    converted: int = 0
    reused: int = 0

    @classmethod
    def open(cls, project: Path, *configuration: object) -> RenderCache:
        return cls(ContentCache(project, CACHE_NAME, *configuration))

    def key(self, page, markdown: str) -> str:
        meta = json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False)
        return self.cache.key(markdown, meta, page.file.src_uri, page.url)

    def before_conversion(self, page, markdown: str, problems: int) -> str:
        """The Markdown MkDocs should convert: the page's own, or nothing when the cache has the result."""
        key = self.key(page, markdown)
        self.used.add(key)
        entry = self._entry(key)
        self.pending[page.file.src_uri] = PendingPage(key, entry, problems)
        if entry is None:
            self.converted += 1
            return markdown
        self.reused += 1
        if entry["title"] is not None:
            page.meta["title"] = entry["title"]  # MkDocs takes the title from the h1 it no longer sees
        return ""

    def after_conversion(self, page, html: str, files, problems: int) -> str:
        """The page's HTML: the cached one on a hit; else the fresh one, stored if it was converted cleanly."""
        pending = self.pending.pop(page.file.src_uri, None)
        if pending is None:
            return html
        if pending.entry is not None:
            return self._restore(page, pending.entry, files)
        if problems == pending.problems_before and not page.is_homepage:
            self._store(page, pending.key, html)
        return html

    def _entry(self, key: str) -> dict | None:
        data = self.cache.read(key, ".json")
        if data is None:
            return None
        entry = json.loads(data)
        return entry if all(url in self.site_urls for url in entry["targets"]) else None

    def _store(self, page, key: str, html: str) -> None:
        entry = {
            "html": html,
            "title": None if "title" in page.meta else page.title,
            "toc": [_token(item) for item in page.toc],
            "anchors": sorted(page.present_anchor_ids or ()),
            "links_to_anchors": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
            "targets": sorted(_targets(html, page.url)),
        }
        self.cache.write(key, json.dumps(entry, ensure_ascii=False).encode("utf-8"), ".json")

    @staticmethod
    def _restore(page, entry: dict, files) -> str:
        page.toc = get_toc(entry["toc"])
        page.present_anchor_ids = set(entry["anchors"])
        links = {files.get_file_from_path(src): anchors for src, anchors in entry["links_to_anchors"].items()}
        page.links_to_anchors = {file: anchors for file, anchors in links.items() if file is not None}
        return entry["html"]


    def prune(self) -> int:
        """Delete the entries this build did not use (the site as it is now is what stays cached)."""
        removed = 0
        for path in self.cache.folder.glob("*.json") if self.cache.folder.is_dir() else []:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _token(item: AnchorLink) -> dict:
    """A table-of-contents entry as Python-Markdown's toc token, which ``get_toc`` reads back."""
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


def _targets(html: str, page_url: str) -> set[str]:
    """Site URLs of the relative links and images in ``html`` (the page's dependencies)."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    targets = set()
    for raw in _TARGET.findall(html):
        if not raw or urlsplit(raw).scheme or raw.startswith(("/", "//")):
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(raw)))
        if path.startswith(".."):
            continue
        path = "" if path == "." else path
        targets.add(path + "/" if raw.endswith("/") and path else path)
    return targets
