"""An issue's body as HTML with absolute links: shared by the feeds and the e-mail edition.

The body is rendered with Python-Markdown and the site's own ``markdown_extensions``
(so it reads like the page), or taken from the converted page during a build; then
every relative link and image is made absolute against the issue's page with lxml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lxml.html
import markdown
from lxml.html import builder

from ..site.urls import SiteUrls, inner_html
from .model import Issue


@dataclass(frozen=True)
class SiteSettings:
    """What feeds and e-mails need from mkdocs.yml (kept free of MkDocs types)."""

    site_url: str
    site_name: str
    site_author: str = ""
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, dict] = field(default_factory=dict)
    directory_urls: bool = True

    def __post_init__(self) -> None:
        if not self.site_url:
            raise ValueError("site_url fehlt in mkdocs.yml; Feeds und E-Mails brauchen absolute Adressen")
        object.__setattr__(self, "site_url", self.site_url.rstrip("/") + "/")

    @property
    def urls(self) -> SiteUrls:
        return SiteUrls(self.directory_urls, self.site_url)

    def absolute(self, target: str) -> str:
        """Absolute URL of a site path ('kommunen/olpe/'), a source or a file."""
        return self.urls.absolute(target)


def settings_from_config(config: Any) -> SiteSettings:
    """``config`` is a loaded MkDocs config (mapping-like)."""
    return SiteSettings(config["site_url"] or "", config["site_name"], config.get("site_author") or "",
                        list(config["markdown_extensions"]), dict(config["mdx_configs"]),
                        bool(config.get("use_directory_urls", True)))


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
    settings.urls.absolutize_tree(container, settings.absolute(issue.url))
    return inner_html(container)


def cover_html(issue: Issue, settings: SiteSettings, cover_path: str | None) -> str:
    if cover_path is None or issue.meta.cover is None:
        return ""
    cover = builder.P(builder.IMG(src=settings.absolute(cover_path), alt=issue.meta.cover.alt))
    return lxml.html.tostring(cover, encoding="unicode")
