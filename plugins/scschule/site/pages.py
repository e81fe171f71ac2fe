"""Generated pages: Markdown rendered from Jinja templates, handed to MkDocs as virtual files.

Generated Markdown links to other pages by their source ``.md`` path, relative to
the page, so MkDocs resolves and validates every cross-link like a hand-written one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date

import jinja2

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
          "August", "September", "Oktober", "November", "Dezember")


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "massnahmenbuendel/m01/index.md"
    markdown: str


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

    def __init__(self, package: str):
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
        def href(url: str) -> str:
            return relative_link(src_uri, url)

        text = self.env.get_template(template).render(href=href, page_src=src_uri, **context)
        return GeneratedPage(src_uri, text)
