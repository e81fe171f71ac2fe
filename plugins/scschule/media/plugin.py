"""MkDocs adapter: serves medien/, checks every media block once, fills the players in.

Order within one build: ``on_files`` adds the files of ``medien/``; ``on_page_markdown``
checks the blocks of each page (in the editors' files the page's text comes from, so
problems carry their lines) and reports every problem through the build state;
``on_page_content`` replaces the fence's slots with the player before the search index
and the feeds read the page.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..content.media import (FENCE_NAME, MEDIA, MEDIA_FENCE, SERVED_TYPES, Block, Media, MediaOptions, media_folder,
                             scan_markdown)
from ..site.build import (add_asset, link_stylesheet, plugin_config, plugin_settings, project_root, site_of, state_of,
                          template_bytecode)
from .render import MediaRenderer
from .rules import MediaSettings, check_media, same_site_problem

log = logging.getLogger("mkdocs.plugins.scschule.media")

CSS_URI = "assets/scschule/media.css"


MediaConfig = plugin_config(MEDIA)  # declared once, by MediaOptions


class MediaPlugin(BasePlugin[MediaConfig]):
    def on_config(self, config):
        self.root = project_root(config)
        self.options: MediaOptions = plugin_settings(MEDIA, config, self.config, log)
        return config

    def on_pre_build(self, *, config) -> None:
        self.checked: dict[Path, dict[str, Media | None]] = {}  # file -> block key -> media (None: invalid)
        self.media: dict[str, Media | None] = {}
        self.renderer = MediaRenderer(self.root, template_bytecode(self.root))

    def on_files(self, files: Files, *, config) -> Files:
        site_url = site_of(config).site_url  # the core plugin's on_files ran first
        base_url = self.options.base_url
        if base_url:
            reason = same_site_problem(base_url, site_url)
            if reason:
                raise PluginError(f"plugins: scschule-media: {reason}")
        self.settings = MediaSettings(self.options.max_size_mb, base_url, self.options.caption_tolerance, site_url)
        folder = media_folder(self.root)
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix.lower() in SERVED_TYPES:
                    uri = path.relative_to(self.root).as_posix()
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        add_asset(files, config, __package__, "media.css", CSS_URI)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if FENCE_NAME not in markdown:
            return markdown
        blocks = scan_markdown(markdown, Path(page.file.src_uri))
        if not blocks:
            return markdown
        state = state_of(config)
        known: dict[str, Media | None] = {}
        for origin in state.origins_of(page.file):
            known.update(self._checked_file(origin, state))
        for block in blocks:
            if block.key not in known:  # text not from an editor's file: lines of the page's Markdown
                known[block.key] = self._check(block, state)
            self.media[block.key] = known[block.key]
        return markdown

    def _checked_file(self, path: Path, state) -> dict[str, Media | None]:
        """Every block of one editor's file, checked once per build however many pages show it."""
        if path not in self.checked:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            self.checked[path] = {block.key: self._check(block, state) for block in scan_markdown(text, path)}
        return self.checked[path]

    def _check(self, block: Block, state) -> Media | None:
        media, problems = check_media(self.root, block, self.settings)
        for problem in problems:
            state.report(log, problem)
        return media if not any(p.is_error for p in problems) else None

    @event_priority(50)  # before the search index and the feeds read the page's HTML
    def on_page_content(self, html: str, *, page, config, files) -> str:
        if not MEDIA_FENCE.has_slots(html):
            return html
        count = itertools.count(1)  # ids unique within the page

        def player(key: str, slot: str) -> str:
            media = self.media.get(key)
            if media is None:
                return '<div class="scs-media-slot"><p>Dieser Medien-Block ist fehlerhaft (siehe Meldungen des Builds).</p></div>'
            return self.renderer.render(media, page.url, f"scs-media-{next(count)}")

        return MEDIA_FENCE.fill(html, player)

    def on_post_page(self, output: str, *, page, config) -> str:
        if 'class="scs-media ' not in output:
            return output
        return link_stylesheet(output, page.url, CSS_URI)

    def on_serve(self, server, *, config, builder):
        folder = media_folder(self.root)
        if folder.is_dir():
            server.watch(str(folder))
        return server
