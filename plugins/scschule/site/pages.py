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

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from markupsafe import escape

from ..content import german
from ..content.source import FAST_LOADER
from .context import SiteContext
from .urls import forge_of, new_issue_url, relative_link, relative_url, site_url, url_of_source


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "massnahmenbuendel/m01/index.md"
    markdown: str
    html_links: frozenset[str] = field(default=frozenset())  # site URLs that the page's HTML blocks link to
    html_blocks: tuple[str, ...] = ()  # HTML for the placeholders in ``markdown``, in order
    meta: dict = field(default_factory=dict)  # the template's front matter (title, description, search)
    origins: tuple[Path, ...] = ()  # the editors' files its text comes from, for problems found in the page

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


def yaml_str(value: str) -> str:
    """A text as a YAML scalar for a template's front matter: a JSON string is a valid YAML double-quoted one."""
    return json.dumps(value, ensure_ascii=False)


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


class PageRenderer:
    """Renders one capability's Markdown templates (``<package>/templates/*.md``)."""

    def __init__(self, package: str, site: SiteContext | None = None,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        """``bytecode_cache``: compiled templates kept across builds (keyed by each template's source)."""
        site = site or SiteContext()
        self.site = site
        self.directory_urls = site.directory_urls
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
            bytecode_cache=bytecode_cache,
        )
        self.env.filters.update(german_date=german.long_date, german_short_date=german.short_date,
                                german_number=german.number, yaml_str=yaml_str)
        # The forge's "new issue" address of a form (mkdocs.yml repo_url); "" without one: no link.
        self.env.globals["forge"] = forge_of(site.repo_url)
        self.env.globals["issue_form_url"] = lambda form, title="", **prefill: new_issue_url(site.repo_url, form, prefill, title) or ""

    def page(self, src_uri: str, template: str, *, origins: tuple[Path, ...] = (), **context) -> GeneratedPage:
        here = url_of_source(src_uri, self.directory_urls)
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
        return GeneratedPage(src_uri, markdown, frozenset(html_links), tuple(html_blocks), meta, origins)
