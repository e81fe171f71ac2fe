"""The portal plugin: loads all content once per build and shares it with the other plugins.

Every other ``scschule-*`` plugin reads the loaded portal through :func:`portal_of`
instead of loading collections itself, so each file is parsed once per build.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..content.portal import COLLECTION_DIRS, Portal, load_portal
from .pages import GeneratedPage, PageRenderer, fill_html_blocks

log = logging.getLogger("mkdocs.plugins.scschule")

PLUGIN_NAME = "scschule"


class PortalConfig(Config):
    today = c.Optional(c.Type(str))  # ISO date; fixes "today" for reproducible builds
    fail_on_content_errors = c.Type(bool, default=True)


class PortalPlugin(BasePlugin[PortalConfig]):
    """Loads the collections next to mkdocs.yml and validates them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.serving = False
        self.html_links: dict[str, frozenset[str]] = {}  # generated page -> targets of its HTML blocks
        self.html_blocks: dict[str, tuple[str, ...]] = {}  # generated page -> its HTML blocks, until converted
        self.page_meta: dict[str, dict] = {}  # generated page -> its front matter, until the page is read

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @event_priority(100)  # before every capability plugin that reads the portal
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = project_root(config)
        today = date.fromisoformat(self.config.today) if self.config.today else None
        self.portal = load_portal(root, today=today, preview=self.serving)
        self.html_links, self.html_blocks, self.page_meta = {}, {}, {}
        for problem in self.portal.problems:
            (log.error if problem.is_error else log.info)(problem.format(root))
        if self.portal.errors and self.config.fail_on_content_errors:
            raise PluginError(f"{len(self.portal.errors)} Fehler im Inhalt; Details oben oder mit 'scschule check'.")
        return files

    @event_priority(100)  # before any plugin reads page.meta
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        meta = self.page_meta.pop(page.file.src_uri, None)
        if meta:
            page.meta.update(meta)
        return markdown

    @event_priority(100)  # before the search index and the feeds read the page
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.html_blocks.pop(page.file.src_uri, None)  # popped: held only until the page is converted
        if not blocks:
            return html
        html, missing = fill_html_blocks(html, blocks)
        for index in missing:
            log.warning(f"{page.file.src_uri}: HTML-Baustein {index} fehlt nach der Umwandlung (Platzhalter verloren).")
        return html

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Every link in a generated HTML block must lead to a page or file of the site.

        MkDocs checks Markdown links; the HTML blocks of generated pages are checked
        here, once all plugins have added their files. A warning fails a strict build.
        """
        urls = {"" if f.url == "./" else f.url for f in files}
        for src_uri, targets in self.html_links.items():
            for target in sorted(targets - urls):
                log.warning(f"{src_uri}: Link auf '{target}' führt zu keiner Seite und keiner Datei der Website.")
        return nav

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        for name in COLLECTION_DIRS:
            folder = project_root(config) / name
            if folder.is_dir():
                server.watch(str(folder))
        return server


def project_root(config: MkDocsConfig) -> Path:
    """The collections live next to mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def portal_of(config: MkDocsConfig) -> Portal:
    """The portal loaded by the ``scschule`` plugin for this build."""
    return _portal_plugin(config).portal


def _portal_plugin(config: MkDocsConfig) -> PortalPlugin:
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, PortalPlugin) or plugin.portal is None:
        raise PluginError("Das Plugin 'scschule' muss in mkdocs.yml vor den anderen scschule-Plugins stehen.")
    return plugin


def page_renderer(package: str, config: MkDocsConfig) -> PageRenderer:
    """The renderer of a capability's generated pages, for this site's URL style."""
    return PageRenderer(package, config.use_directory_urls)


def is_serving(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get(PLUGIN_NAME)
    return isinstance(plugin, PortalPlugin) and plugin.serving


def use_stylesheet(config: MkDocsConfig, uri: str) -> None:
    """Link a capability's stylesheet from every page (once, however often the config is reused)."""
    if uri not in config.extra_css:
        config.extra_css.append(uri)


def add_asset(files: Files, config: MkDocsConfig, package: str, name: str, dest_uri: str) -> None:
    """Ship ``<package>/assets/<name>`` as ``dest_uri`` in the site (no copy into docs/)."""
    from importlib import resources

    source = resources.files(package) / "assets" / name
    files.append(File.generated(config, dest_uri, abs_src_path=str(source)))


def add_pages(files: Files, config: MkDocsConfig, pages: list[GeneratedPage]) -> None:
    """Hand generated Markdown to MkDocs as virtual files (nothing is written to docs/)."""
    plugin = _portal_plugin(config)
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(f"Seite '{page.src_uri}' gibt es doppelt (erzeugt und in docs/).")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        if page.meta:
            plugin.page_meta[page.src_uri] = page.meta
        if page.html_links or page.html_blocks:
            plugin.html_links[page.src_uri] = page.html_links
            plugin.html_blocks[page.src_uri] = page.html_blocks
