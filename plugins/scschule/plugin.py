"""The ``scschule`` core plugin: loads the portal once per build and shares it with the other plugins.

It sits above the composition root (:mod:`scschule.portal`): every capability plugin
reads the loaded portal and the build's shared state through
:func:`scschule.site.build.state_of`, never by loading collections itself.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from .content.problems import ContentError, error
from .portal import ServeSession, load_portal, open_placeholders, watched_folders
from .taxonomy import REGION_FOLDER
from .site.autocomplete import remove_invalid_autocomplete
from .site.build import BuildState, project_root, site_context, template_bytecode
from .site.cache import files_digest
from .site.linkcheck import LinkCheck, LinkRecorderExtension, LinkRecording, PageLinks, html_references
from .site.pages import fill_html_blocks
from .site.rendercache import RenderCache
from .site.themecache import ThemeCache, site_digest
from .site.sitemap import content_dates

log = logging.getLogger("mkdocs.plugins.scschule")
VERIFY_ENV = "SCSCHULE_VERIFY_CACHE"


class PortalConfig(Config):
    today = c.Optional(c.Type(str))  # ISO date; fixes "today" for reproducible builds
    fail_on_content_errors = c.Type(bool, default=True)
    render_cache = c.Type(bool, default=True)  # reuse the HTML of unchanged pages across builds


class PortalPlugin(BasePlugin[PortalConfig]):
    """Loads the collections next to mkdocs.yml, validates them and keeps the build's state."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state: BuildState | None = None
        self.serving = False
        self.link_check: LinkCheck | None = None
        self.link_recording = LinkRecording()
        self.render_cache: RenderCache | None = None
        self.theme_cache: ThemeCache | None = None
        self.nav = None
        self.session: ServeSession | None = None  # serve only: what a rebuild may take over
        self.markdown_extensions: list | None = None  # the site's, while a cached page is "converted" without them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps the instance across serve's rebuilds (MkDocs caches plugins that have it),
        and with it the serve session: what a rebuild may reuse."""
        self.serving = command == "serve"
        self.session = ServeSession() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Record every page's links as written while it is converted (for the link check)."""
        extensions = [e for e in config.markdown_extensions if not isinstance(e, LinkRecorderExtension)]
        config.markdown_extensions = [*extensions, LinkRecorderExtension(self.link_recording)]
        return config

    @event_priority(100)  # before every capability plugin that reads the portal
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = project_root(config)
        site = site_context(config, date.fromisoformat(self.config.today) if self.config.today else None)
        try:
            portal = load_portal(root, today=site.today, preview=self.serving,
                                 session=self.session.collections if self.session else None)
        except ContentError as exc:  # a wrong region/ file: nothing can be checked without the region
            log.error(exc.problem.format(root))
            raise PluginError(f"Die Region in {REGION_FOLDER}/ ist fehlerhaft: {exc.problem.format(root)}") from None
        stages = self.session.stages if self.session else None
        if self.session is not None:
            log.info("Sammlungen neu gelesen: %s", ", ".join(self.session.collections.reloaded) or "keine")
            stages.start()
        self.state = BuildState(root, portal, site, serving=self.serving, stages=stages)
        self.link_check = LinkCheck(self.state, Path(config.docs_dir))  # a rebuild in `mkdocs serve` starts anew
        # An environment variable, not an option: mkdocs.yml is part of every entry's key.
        verify = os.environ.get(VERIFY_ENV, "") not in ("", "0")
        setup = self._conversion_setup(config)
        self.render_cache = RenderCache.open(root, *setup, verify=verify) if self.config.render_cache else None
        self.theme_cache, self.code_digest = None, setup[1]
        for problem in portal.problems:
            self.state.report(log, problem, logging.ERROR if problem.is_error else logging.INFO)
        for problem in open_placeholders(root):  # warnings: a new site builds, `scschule check` lists them
            self.state.report(log, problem, logging.INFO)
        if portal.errors and self.config.fail_on_content_errors:
            raise PluginError(f"{len(portal.errors)} Fehler im Inhalt; Details oben oder mit 'scschule check'.")
        return files

    @staticmethod
    def _conversion_setup(config: MkDocsConfig) -> tuple:
        """What every page's conversion depends on besides its own text: mkdocs.yml (Markdown
        extensions and their settings, URL style, validation), the package's code (the custom
        fences) and the versions of MkDocs and Python-Markdown."""
        from importlib import metadata

        code = files_digest(Path(__file__).parent.rglob("*.py"))
        versions = [metadata.version(name) for name in ("mkdocs", "markdown", "pymdown-extensions")]
        return Path(config.config_file_path).read_bytes(), code, *versions

    @event_priority(100)  # before any plugin reads page.meta
    def apply_page_meta(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        meta = self.state.page_meta.pop(page.file.src_uri, None)
        if meta:
            page.meta.update(meta)
        return markdown

    @event_priority(-100)  # after every plugin changed the Markdown: the final text is the key
    def reuse_conversion(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        self.link_recording.start()
        if self.render_cache is None:
            return markdown
        markdown = self.render_cache.before_conversion(page, markdown)
        if not markdown and self.render_cache.cached_entry(page):
            # Nothing to convert: MkDocs still makes a Python-Markdown instance with every extension for
            # the page (a third of an unchanged page's cost). Without extensions until on_page_content.
            self.markdown_extensions, config.markdown_extensions = config.markdown_extensions, []
        return markdown

    on_page_markdown = CombinedEvent(apply_page_meta, reuse_conversion)

    @event_priority(110)  # first: the HTML as converted, before any plugin changes it
    def restore_conversion(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """The page's HTML as converted or from the cache; its links and anchors go to the link check."""
        written = self.link_recording.stop()
        if self.markdown_extensions is not None:
            config.markdown_extensions, self.markdown_extensions = self.markdown_extensions, None
        cached = self.render_cache.cached(page) if self.render_cache is not None else None
        if cached is not None:
            html, links = cached
            self.link_check.record(page.file.src_uri, links)
            return html
        anchors, urls = html_references(html)
        links = PageLinks(written, anchors)
        self.link_check.record(page.file.src_uri, links)
        if self.render_cache is not None:
            self.render_cache.check(page, html, links)
            if self.link_check.all_resolve(page.file.src_uri, written, files):
                self.render_cache.store(page, html, links, urls)
            else:
                self.render_cache.discard(page)
        return html

    @event_priority(100)  # before the search index and the feeds read the page
    def fill_page_html_blocks(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.state.html_blocks.pop(page.file.src_uri, None)  # popped: held only until the page is converted
        if not blocks:
            return html
        html, missing = fill_html_blocks(html, blocks)
        for index in missing:
            log.warning(f"{page.file.src_uri}: HTML-Baustein {index} fehlt nach der Umwandlung (Platzhalter verloren).")
        return html

    on_page_content = CombinedEvent(restore_conversion, fill_page_html_blocks)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Every link in a generated HTML block must lead to a page or file of the site.

        MkDocs checks Markdown links; the HTML blocks of generated pages are checked
        here, once all plugins have added their files. A warning fails a strict build.
        """
        urls = {"" if f.url == "./" else f.url for f in files}
        self.nav = nav
        if self.render_cache is not None:
            self.render_cache.site_urls = frozenset(urls)
        for src_uri, targets in self.state.html_links.items():
            origins = self.state.origins.get(src_uri) or (Path(src_uri),)
            for target in sorted(targets - urls):
                self.state.report(log, error(origins[0], 0, f"Link auf '{target}' (Seite {src_uri}) führt zu "
                                                            "keiner Seite und keiner Datei der Website"))
        return nav

    def check_links_and_dates(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is converted now: check the links and anchors of all of them, and hand the
        sitemap (overrides/sitemap.xml, rendered before the pages) the dates the content records."""
        self.link_check.report(files, log)
        env.bytecode_cache = template_bytecode(project_root(config))  # the theme's templates, compiled once
        item_dates = {item.url: item.date for item in self.state.portal.items() if item.date}
        pages = ((file.page.url, file.page.meta) for file in files.documentation_pages() if file.page is not None)
        env.globals["content_dates"] = content_dates(pages, item_dates)
        return env

    @event_priority(-100)  # last: every plugin's on_env has changed what the pages' templates read
    def reuse_themed_output(self, env, *, config: MkDocsConfig, files: Files):
        """Pages whose themed output is stored are written from it (see :mod:`scschule.site.themecache`)."""
        if self.render_cache is None or self.nav is None:
            return env
        site = site_digest(config, self.nav, self.code_digest, self.state.site.today)
        self.theme_cache = ThemeCache.open(project_root(config), site, verify=self.render_cache.verify)
        self.theme_cache.prepare(env, [f.page for f in files.documentation_pages() if f.page is not None])
        return env

    on_env = CombinedEvent(check_links_and_dates, reuse_themed_output)

    @event_priority(100)  # first, before any plugin changes the output
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """Material's toggle checkboxes with valid markup (see :mod:`scschule.site.autocomplete`),
        and the output kept so (or taken so) by the theme cache."""
        if self.theme_cache is not None and self.theme_cache.was_reused(page):
            return output  # stored after this step already
        output = remove_invalid_autocomplete(output)
        if self.theme_cache is not None:
            self.theme_cache.after_render(page, output)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The same for pages rendered from a theme template alone, e.g. 404.html."""
        return remove_invalid_autocomplete(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.session is not None:
            log.info("Aus dem letzten Durchlauf übernommen: %s", self.session.stages.summary())
            self.session.stages.finish()
        if self.render_cache is not None:
            removed = self.render_cache.prune()
            log.info("Seiten: %d umgewandelt, %d aus dem Cache (%d alte Einträge entfernt)",
                     self.render_cache.converted, self.render_cache.reused, removed)
            if self.theme_cache is not None:
                removed = self.theme_cache.prune()
                log.info("Seitenrahmen: %d gerendert, %d aus dem Cache (%d alte Einträge entfernt)",
                         self.theme_cache.rendered, self.theme_cache.reused, removed)
                self.render_cache.mismatches += self.theme_cache.mismatches
            if self.render_cache.verify:
                for mismatch in self.render_cache.mismatches:
                    log.error(f"Render-Cache weicht ab: {mismatch}")
                if self.render_cache.mismatches:
                    raise PluginError(f"Prüfung des Render-Caches: {len(self.render_cache.mismatches)} von "
                                      f"{self.render_cache.verified} Seiten weichen von der Umwandlung ab.")
                log.info("Prüfung des Render-Caches: %d Seiten umgewandelt und mit dem Cache verglichen, "
                         "keine Abweichung", self.render_cache.verified)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        from .site.watcher import use_native_observer

        for folder in watched_folders(project_root(config)):
            if folder.is_dir():
                server.watch(str(folder))
        use_native_observer(server)  # after our own watches; config.watch and later plugins' go to it as well
        return server
