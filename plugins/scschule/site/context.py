"""The site context: what every page, feed, calendar, PDF and e-mail needs from the site's configuration.

Plain Python (no MkDocs). The adapter layer builds one :class:`SiteContext` per build
from ``mkdocs.yml`` (:func:`scschule.site.build.site_context`) and every renderer
reads it, so the site address, the URL style, the repository and the day the build
is for are unpacked from the configuration in one place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import markdown

from .urls import SiteUrls


@dataclass(frozen=True)
class SiteContext:
    """One build's view of the site's configuration (``site_url``, ``use_directory_urls``, ``repo_url``, ...)."""

    site_url: str = ""  # "https://…/", always ending in "/"; "" if mkdocs.yml has none
    site_name: str = ""
    site_author: str = ""
    markdown_extensions: tuple[Any, ...] = ()  # as MkDocs resolved them: names and extension objects
    mdx_configs: Mapping[str, dict] = field(default_factory=dict, compare=False)
    directory_urls: bool = True  # use_directory_urls
    repo_url: str | None = None  # the forge, for "new issue" links of the intake forms
    today: date = field(default_factory=date.today)  # the day the build is for (the core plugin's `today`)

    def __post_init__(self) -> None:
        if self.site_url and not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        object.__setattr__(self, "markdown_extensions", tuple(self.markdown_extensions))

    @property
    def urls(self) -> SiteUrls:
        return SiteUrls(self.directory_urls, self.site_url)

    def absolute(self, target: str) -> str:
        """Absolute URL of a site path ('kommunen/olpe/'), a source or a file; ValueError without site_url."""
        return self.urls.absolute(target)

    def require_site_url(self, what: str) -> SiteContext:
        """This context, or ValueError (German) if ``what`` needs absolute addresses and there is no site_url."""
        if not self.site_url:
            raise ValueError(f"site_url fehlt in mkdocs.yml; {what} brauchen absolute Adressen")
        return self

    def markdown_factory(self) -> Callable[[], markdown.Markdown]:
        """A maker of fresh converters with the site's Markdown extensions (setting one up is costly)."""
        extensions, configs = list(self.markdown_extensions), dict(self.mdx_configs)
        return lambda: markdown.Markdown(extensions=extensions, extension_configs=configs)

    @property
    def markdown_setup(self) -> str:
        """The Markdown extensions and their settings as text, for cache keys.

        Objects in the settings (e.g. custom fences) are keyed by type, not by address.
        """
        names = sorted(e if isinstance(e, str) else type(e).__name__ for e in self.markdown_extensions)
        return json.dumps([names, dict(self.mdx_configs)], default=lambda o: type(o).__name__, sort_keys=True)
