"""An issue's body as HTML with absolute links: shared by the feeds and the e-mail edition.

The body is rendered with Python-Markdown and the site's own ``markdown_extensions``
(so it reads like the page), or taken from the converted page during a build; then
every relative link and image is made absolute against the issue's page with lxml.
"""

from __future__ import annotations

import lxml.html
import markdown
from lxml.html import builder

from ..site.context import SiteContext
from ..site.urls import inner_html
from .model import Issue

NEEDS_SITE_URL = "Feeds und E-Mails"


def markdown_converter(site: SiteContext) -> markdown.Markdown:
    """A converter with the site's extensions; reusable for many issues (setting one up is costly)."""
    return site.markdown_factory()()


def body_html(issue: Issue, site: SiteContext, md: markdown.Markdown | None = None) -> str:
    """The issue's body as HTML, with every link and image absolute."""
    md = md.reset() if md is not None else markdown_converter(site)
    return portable_html(md.convert(issue.body), issue, site)


def portable_html(html: str, issue: Issue, site: SiteContext) -> str:
    """HTML of ``issue``'s body, as rendered for its page, made fit for a feed or e-mail."""
    container = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in container.find_class("headerlink"):  # the page's ¶ permalinks mean nothing in a feed or e-mail
        if anchor.tag == "a":
            anchor.drop_tree()
    site.urls.absolutize_tree(container, site.absolute(issue.url))
    return inner_html(container)


def cover_html(issue: Issue, site: SiteContext, cover_path: str | None) -> str:
    if cover_path is None or issue.meta.cover is None:
        return ""
    cover = builder.P(builder.IMG(src=site.absolute(cover_path), alt=issue.meta.cover.alt))
    return lxml.html.tostring(cover, encoding="unicode")
