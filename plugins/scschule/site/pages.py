"""Generated pages: Markdown rendered from Jinja templates, handed to MkDocs as virtual files.

Generated Markdown links to other pages by their source ``.md`` path, relative to
the page (``href``), so MkDocs resolves and validates every cross-link like a
hand-written one.

Long generated lists and tables (items of a Handlungsfeld, a guide's facts and
versions, the catalogue) are HTML instead, written in a template inside
``{% call html_block() %}…{% endcall %}``: Markdown sees only a placeholder comment,
and the portal plugin puts the HTML in its place after conversion. Python-Markdown's
parsing of thousands of list entries and raw HTML blocks was the largest cost of a
build. Their links (``link``) are final URLs relative to the page, and every target
is recorded in ``GeneratedPage.html_links`` so the portal plugin can check it exists.

A template's front matter is read here with libyaml and handed to the page as
``GeneratedPage.meta`` (MkDocs would parse it again with pure-Python PyYAML).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date

import jinja2
import yaml
from markupsafe import escape
from mkdocs.structure.files import File

from ..content.source import FAST_LOADER

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
          "August", "September", "Oktober", "November", "Dezember")


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "massnahmenbuendel/m01/index.md"
    markdown: str
    html_links: frozenset[str] = field(default=frozenset())  # site URLs that the page's HTML blocks link to
    html_blocks: tuple[str, ...] = ()  # HTML for the placeholders in ``markdown``, in order
    meta: dict = field(default_factory=dict)  # the template's front matter (title, description, search)

    @property
    def text(self) -> str:
        """The page as its template wrote it: the Markdown with the HTML blocks in place."""
        return fill_html_blocks(self.markdown, self.html_blocks)[0]


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str]:
    """A generated page's front matter (parsed) and the Markdown after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    return yaml.load(match[1], Loader=FAST_LOADER) or {}, text[match.end():].lstrip("\n")


def html_placeholder(index: int) -> str:
    return f"<!--scschule-html-{index}-->"


HTML_PLACEHOLDER = re.compile(r"<!--scschule-html-(\d+)-->")


def fill_html_blocks(html: str, blocks: tuple[str, ...]) -> tuple[str, list[int]]:
    """Put each block in place of its placeholder; also returns the blocks whose placeholder is missing."""
    used: set[int] = set()

    def block(match: re.Match) -> str:
        index = int(match[1])
        if index >= len(blocks):
            return match[0]
        used.add(index)
        return blocks[index]

    return HTML_PLACEHOLDER.sub(block, html), [i for i in range(len(blocks)) if i not in used]


def src_of(url: str) -> str:
    """Source path of a directory-style URL: 'kommunen/olpe/' -> 'kommunen/olpe/index.md'."""
    if url.endswith(".md"):
        return url
    return posixpath.join(url, "index.md") if url else "index.md"


def relative_link(from_src: str, to_url: str) -> str:
    """Link from the page whose source is ``from_src`` to the page at ``to_url``."""
    target, _, anchor = to_url.partition("#")
    rel = _relpath(src_of(target), posixpath.dirname(from_src) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page built from ``src_uri`` ('a/b.md' -> 'a/b/')."""
    url = File(src_uri, None, "", directory_urls).url
    return "" if url == "./" else url


def site_url(target: str, directory_urls: bool = True) -> str:
    """Site URL of a link target given as a page URL ('kommunen/olpe/'), a source ('x.md') or a file."""
    if not target or target.endswith("/") or target.endswith(".md"):
        return page_url(src_of(target), directory_urls)
    return target


def relative_url(from_page_url: str, to_url: str) -> str:
    """URL of ``to_url`` relative to the page at ``from_page_url`` (both site URLs)."""
    start = from_page_url if from_page_url.endswith("/") or not from_page_url else posixpath.dirname(from_page_url)
    rel = _relpath(to_url or ".", start.rstrip("/") or ".")
    return rel + "/" if (not to_url or to_url.endswith("/")) and not rel.endswith("/") else rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two site-relative paths, as string work only.

    ``relpath`` makes both paths absolute first (two ``os.getcwd()`` calls per
    link); generated pages hold tens of thousands of links. Paths that are
    absolute or climb above the site root take ``relpath`` itself.
    """
    path, start = posixpath.normpath(path), posixpath.normpath(start)
    if path.startswith(("/", "..")) or start.startswith(("/", "..")):
        return posixpath.relpath(path, start)
    to_parts = [] if path == "." else path.split("/")
    from_parts = [] if start == "." else start.split("/")
    common = 0
    for a, b in zip(to_parts, from_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(from_parts) - common) + to_parts[common:]
    return "/".join(parts) if parts else "."


def german_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def german_number(value: int | float) -> str:
    return f"{value:,.0f}".replace(",", ".")


class PageRenderer:
    """Renders one capability's Markdown templates (``<package>/templates/*.md``)."""

    def __init__(self, package: str, directory_urls: bool = True):
        self.directory_urls = directory_urls
        self.site_urls: dict[str, str] = {}  # link target -> site URL: the same targets recur on many pages
        self.env = jinja2.Environment(
            # A capability's own templates first, then the shared ones (e.g. item lists).
            loader=jinja2.ChoiceLoader(
                [jinja2.PackageLoader(package, "templates"), jinja2.PackageLoader("scschule.site", "templates")]
            ),
            autoescape=False,  # output is Markdown; HTML fragments escape with |e
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # a renderer lives for one build: no stat() of the template per page
        )
        self.env.filters["german_date"] = german_date
        self.env.filters["german_number"] = german_number

    def page(self, src_uri: str, template: str, **context) -> GeneratedPage:
        here = page_url(src_uri, self.directory_urls)
        html_links: set[str] = set()
        html_blocks: list[str] = []

        def href(url: str) -> str:
            """Markdown link target: the source path, resolved and checked by MkDocs."""
            return relative_link(src_uri, url)

        def link(url: str) -> str:
            """HTML link target (escaped): the final URL, recorded for the portal plugin's check."""
            target, _, anchor = url.partition("#")
            target_url = self.site_urls.get(target)
            if target_url is None:
                target_url = self.site_urls[target] = site_url(target, self.directory_urls)
            html_links.add(target_url)
            rel = relative_url(here, target_url)
            return escape(f"{rel}#{anchor}" if anchor else rel)

        def html_block(caller) -> str:
            """``{% call html_block() %}<ul>…</ul>{% endcall %}``: HTML that Markdown never parses."""
            html_blocks.append(caller().strip())
            return f"\n\n{html_placeholder(len(html_blocks) - 1)}\n\n"

        text = self.env.get_template(template).render(href=href, link=link, html_block=html_block,
                                                      page_src=src_uri, **context)
        meta, markdown = split_front_matter(text)
        return GeneratedPage(src_uri, markdown, frozenset(html_links), tuple(html_blocks), meta)
