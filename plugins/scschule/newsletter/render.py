"""An issue's body as HTML with absolute links: shared by the feeds and the e-mail edition.

The body is rendered with Python-Markdown and the site's own ``markdown_extensions``
(so it reads like the page), or taken from the converted page during a build; then
every relative link and image is made absolute against the issue's page with lxml.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
import markdown
from lxml import etree
from lxml.html import builder

from .model import Issue

# Attributes that carry a URL; srcset is handled separately.
URL_ATTRIBUTES = {"a": "href", "img": "src", "source": "src", "video": "src", "audio": "src",
                  "track": "src", "link": "href", "area": "href"}


@dataclass(frozen=True)
class SiteSettings:
    """What feeds and e-mails need from mkdocs.yml (kept free of MkDocs types)."""

    site_url: str
    site_name: str
    site_author: str = ""
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.site_url:
            raise ValueError("site_url fehlt in mkdocs.yml; Feeds und E-Mails brauchen absolute Adressen")
        object.__setattr__(self, "site_url", self.site_url.rstrip("/") + "/")

    def absolute(self, path: str) -> str:
        return urljoin(self.site_url, path)


def settings_from_config(config: Any) -> SiteSettings:
    """``config`` is a loaded MkDocs config (mapping-like)."""
    return SiteSettings(config["site_url"] or "", config["site_name"], config.get("site_author") or "",
                        list(config["markdown_extensions"]), dict(config["mdx_configs"]))


def markdown_converter(settings: SiteSettings) -> markdown.Markdown:
    """A converter with the site's extensions; reusable for many issues (setting one up is costly)."""
    return markdown.Markdown(extensions=settings.markdown_extensions, extension_configs=settings.mdx_configs)


def body_html(issue: Issue, settings: SiteSettings, md: markdown.Markdown | None = None) -> str:
    """The issue's body as HTML, with every link and image absolute."""
    md = md.reset() if md is not None else markdown_converter(settings)
    return portable_html(md.convert(issue.body), issue, settings)


def portable_html(html: str, issue: Issue, settings: SiteSettings) -> str:
    """HTML of ``issue``'s body, as rendered for its page, made fit for a feed or e-mail."""
    container = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in container.find_class("headerlink"):  # the page's ¶ permalinks mean nothing in a feed or e-mail
        if anchor.tag == "a":
            anchor.drop_tree()
    absolutize_tree(container, settings.absolute(issue.url))
    return inner_html(container)


def cover_html(issue: Issue, settings: SiteSettings, cover_path: str | None) -> str:
    if cover_path is None or issue.meta.cover is None:
        return ""
    cover = builder.P(builder.IMG(src=settings.absolute(cover_path), alt=issue.meta.cover.alt))
    return lxml.html.tostring(cover, encoding="unicode")


def absolutize(html: str, page_url: str) -> str:
    """Make every relative URL in ``html`` absolute against ``page_url``.

    Links to Markdown sources (``../../leitfaeden/x/index.md``) become the page's
    directory URL, as MkDocs builds them with ``use_directory_urls``.
    """
    container = lxml.html.fragment_fromstring(html, create_parent="div")
    absolutize_tree(container, page_url)
    return inner_html(container)


def absolutize_tree(root: lxml.html.HtmlElement, page_url: str) -> None:
    for element in root.iter(etree.Element):
        name = URL_ATTRIBUTES.get(element.tag)
        if name is not None and element.get(name) is not None:
            element.set(name, absolute_url(element.get(name), page_url))
        srcset = element.get("srcset")
        if srcset is not None:
            candidates = [part.strip().split(maxsplit=1) for part in srcset.split(",") if part.strip()]
            element.set("srcset", ", ".join(" ".join([absolute_url(c[0], page_url), *c[1:]]) for c in candidates))


def inner_html(container: lxml.html.HtmlElement) -> str:
    """The HTML inside ``container`` (lxml serializes an element with its tag)."""
    text = html_escape(container.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)


def absolute_url(url: str, page_url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return url  # already absolute (https:, mailto:, tel:, ...)
    joined = urlsplit(urljoin(page_url, url))
    path = joined.path
    if path.endswith(".md"):
        folder, name = posixpath.split(path)
        path = folder + "/" if name in ("index.md", "README.md") else posixpath.join(folder, name[:-3]) + "/"
    return urlunsplit((joined.scheme, joined.netloc, path, joined.query, joined.fragment))
