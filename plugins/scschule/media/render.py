"""The player: HTML5 <video>/<audio> with captions, chapters, facts and the transcript below."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markdown

from ..content import german
from ..content.media import MEDIA_FOLDER, Media, duration_text, media_folder, transcript_markdown
from ..site.urls import relative_url
from .rules import read_cues


class MediaRenderer:
    """Renders valid media blocks; one per build (the transcript converter is reused)."""

    def __init__(self, project: Path, bytecode_cache: jinja2.BytecodeCache | None = None):
        self.project = project
        env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                 bytecode_cache=bytecode_cache)
        self.template = env.get_template("medien.html")
        self.markdown = markdown.Markdown(extensions=["abbr", "def_list", "tables"])
        self._transcripts: dict[str, str] = {}
        self._chapters: dict[str, list] = {}

    def transcript_html(self, media: Media) -> str:
        name = media.spec.transcript
        if name not in self._transcripts:
            self._transcripts[name] = self.markdown.reset().convert(transcript_markdown(self.project, media.spec) or "")
        return self._transcripts[name]

    def chapters(self, media: Media) -> list[tuple[str, str]]:
        name = media.spec.chapters
        if not name:
            return []
        if name not in self._chapters:
            cues = read_cues(media_folder(self.project) / name)[0]
            self._chapters[name] = [(duration_text(cue.start), cue.text) for cue in cues]
        return self._chapters[name]

    def render(self, media: Media, page_url: str, dom_id: str) -> str:
        spec = media.spec

        def href(name: str | None) -> str | None:
            return None if name is None else relative_url(page_url, f"{MEDIA_FOLDER}/{name}")

        source = relative_url(page_url, media.uri) if spec.file else spec.url
        return self.template.render(
            id=dom_id, spec=spec, source=source, video=spec.is_video,
            kind="Video" if spec.is_video else "Audio",
            format=spec.name.rsplit(".", 1)[-1].upper(),
            captions=href(spec.captions), chapters_track=href(spec.chapters), poster=href(spec.poster),
            duration=duration_text(media.seconds) if media.seconds else None,
            size=size_text(media.size) if media.size else None,
            chapters=self.chapters(media), transcript=self.transcript_html(media),
        )


def size_text(size: int) -> str:
    """German file size, e.g. "341 KB" or "12,4 MB" (decimal units, as downloads are labelled)."""
    if size < 1_000_000:
        return f"{german.number(max(1, round(size / 1000)))} KB"
    return f"{german.number(size / 1_000_000, 1)} MB"
