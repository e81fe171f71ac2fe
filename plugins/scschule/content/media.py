"""Media blocks: what a ```medien fence in a guide, unit or issue says, and its files.

Plain Python (no MkDocs). The ``scschule-media`` capability checks and renders the
blocks; guides (PDF), courses (preparation minutes) and the newsletter (feed
enclosures) read the same blocks through this module, so what a block means is
written once. Files live in the folder ``medien/`` next to ``mkdocs.yml`` and are
served at ``/medien/<path>``; a block may instead name a ``url`` below the configured
media base URL of the same site (large files kept out of git).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from pydantic import Field, field_validator, model_validator

from .collection import Capability
from .fences import NamedBlock, SlotFence, fences
from .problems import ContentError, Problem, error
from .records import Record, validate
from .source import Source, parse_yaml

MEDIA_FENCE = SlotFence("medien", "scs-media-slot", "data-scs-media",
                        "Video oder Audio (wird beim Erstellen der Website eingesetzt).")
FENCE_NAME = MEDIA_FENCE.name
MEDIA_FOLDER = "medien"  # next to mkdocs.yml; also the URL folder in the site

# The containers the duration can be read from (mutagen) and browsers play without plugins.
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4"}
AUDIO_TYPES = {".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".opus": "audio/ogg"}
MEDIA_TYPES = {**VIDEO_TYPES, **AUDIO_TYPES}
POSTER_TYPES = (".png", ".jpg", ".jpeg", ".webp")
TRANSCRIPT_TYPES = (".md", ".txt")
# Files of medien/ the site serves (transcripts are page text, not downloads).
SERVED_TYPES = (*MEDIA_TYPES, ".vtt", *POSTER_TYPES)

_DURATION = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})$")


def _relative_path(value: str | None) -> str | None:
    """A path inside medien/: relative, no '..', forward slashes."""
    if value is None:
        return None
    path = PurePosixPath(value)
    if "://" in value or value.startswith("//"):
        raise ValueError(f"eine Adresse ist hier nicht erlaubt: Dateien liegen in {MEDIA_FOLDER}/ und werden vom Portal "
                         "selbst ausgeliefert; Einbettungen von Videoplattformen oder anderen Hosts geben Daten der "
                         "Besucherinnen und Besucher an Dritte")
    if value.startswith("/") or ".." in path.parts or "\\" in value:
        raise ValueError(f"Pfad innerhalb von {MEDIA_FOLDER}/ erwartet (ohne '/' am Anfang, ohne '..' und '\\')")
    return str(path)


class MediaSpec(Record):
    """The options of one ```medien block (keys in English like all front matter)."""

    title: str = Field(min_length=1)
    file: str | None = None  # below medien/
    url: str | None = None  # below the media base URL (same site), instead of file
    captions: str | None = None  # German WebVTT, below medien/
    chapters: str | None = None  # WebVTT chapters, below medien/
    poster: str | None = None  # still image, below medien/
    transcript: str | None = None  # Markdown or text file below medien/
    licence: str = Field(min_length=1)
    speech: bool = True  # a video without any speech (e.g. music only) needs no captions
    duration: str | None = None  # "m:ss", only for a url (the file is not here to read)
    size: int | None = Field(default=None, ge=1)  # bytes, only for a url

    _paths = field_validator("file", "captions", "chapters", "poster", "transcript")(_relative_path)

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None and not _DURATION.match(value):
            raise ValueError("Dauer im Format m:ss oder h:mm:ss erwartet, z. B. 2:05")
        return value

    @model_validator(mode="after")
    def _one_target(self) -> MediaSpec:
        if bool(self.file) == bool(self.url):
            raise ValueError("genau eines von 'file' (Datei in medien/) oder 'url' (Adresse der Medienablage) angeben")
        if self.url and (self.duration is None or self.size is None):
            raise ValueError("eine Datei unter 'url' braucht 'duration' (m:ss) und 'size' (Bytes), "
                             "weil sie beim Erstellen nicht gelesen werden kann")
        if self.file and (self.duration is not None or self.size is not None):
            raise ValueError("'duration' und 'size' werden aus der Datei gelesen; nur bei 'url' angeben")
        return self

    @property
    def name(self) -> str:
        """The media file's name with its extension (from file or url)."""
        return PurePosixPath(self.file or self.url.split("?", 1)[0]).name

    @property
    def mime_type(self) -> str | None:
        return MEDIA_TYPES.get(PurePosixPath(self.name).suffix.lower())

    @property
    def is_video(self) -> bool:
        return PurePosixPath(self.name).suffix.lower() in VIDEO_TYPES

    @property
    def stated_seconds(self) -> float | None:
        if self.duration is None:
            return None
        match = _DURATION.match(self.duration)
        return int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + int(match["s"])


@dataclass(frozen=True)
class Block(NamedBlock):
    """One ```medien fence as written: where it is and its YAML text."""


def replace_blocks(text: str, path: Path, replacement) -> str:
    """``text`` with every ```medien fence replaced by ``replacement(media)`` (Markdown, same indent);
    an invalid block is left as it is (the build reports it)."""
    lines = text.splitlines(keepends=True)
    plain = [line.rstrip("\n") for line in lines]
    out: list[str] = []
    last = 0
    for fence in fences(plain):
        if not MEDIA_FENCE.info.match(fence.info):
            continue
        out += lines[last:fence.start]
        last = min(fence.end + 1, len(lines))
        block = Block(path, fence.start + 1, textwrap.dedent("\n".join(fence.body(plain))))
        replaced = replacement(block)
        if replaced is None:
            out += lines[fence.start:last]
        else:
            out += [fence.indent + line if line.strip() else line for line in replaced.splitlines(keepends=True)]
            out.append("\n")
    return "".join(out + lines[last:])


def duration_text(seconds: float) -> str:
    """"1:18" or "1:02:05": how players show a duration."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def scan_markdown(text: str, path: Path, first_line: int = 1) -> list[Block]:
    """Every ```medien fence in ``text`` (also indented, e.g. inside admonitions)."""
    return [Block(b.path, b.line, b.body) for b in MEDIA_FENCE.blocks(text, path, first_line)]


def parse_block(block: Block) -> tuple[MediaSpec | None, Source | None, list[Problem]]:
    """The block's options; every problem points at the line of the offending key."""
    try:
        data, lines = parse_yaml(block.path, block.body, first_line=block.line + 1)
    except ContentError as exc:
        return None, None, [error(block.path, exc.problem.line, f"Medien-Block: {exc.problem.message}")]
    source = Source(block.path, data, lines=lines)
    spec, problems = validate(MediaSpec, source)
    return spec, source, [error(p.path, p.line, f"Medien-Block: {p.message}") for p in problems]


@dataclass(frozen=True)
class Probe:
    """What the media file itself says."""

    seconds: float
    size: int


def probe(path: Path) -> Probe | None:
    """Duration (read by mutagen from the container) and size of a media file; None if unreadable."""
    import mutagen  # only builds with media need it

    try:
        media = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError):
        return None
    length = getattr(getattr(media, "info", None), "length", None)
    if not length or length <= 0:
        return None
    return Probe(float(length), path.stat().st_size)


@dataclass(frozen=True)
class Media:
    """A block whose options are valid, with what is known about its file."""

    spec: MediaSpec
    block: Block
    source: Source  # the block's options with their lines
    seconds: float | None  # from the file (or stated for a url); None if the file is missing or unreadable
    size: int | None

    @property
    def uri(self) -> str:
        """Where the media file is: a site path ("medien/…", relative to the site root) or the url."""
        return f"{MEDIA_FOLDER}/{self.spec.file}" if self.spec.file else self.spec.url

    def absolute_url(self, site_url: str) -> str:
        """The file's address for feeds and PDFs (``site_url`` ends with '/')."""
        return urljoin(site_url, self.uri)

    @property
    def minutes(self) -> int | None:
        """Whole minutes, rounded up (what a learner plans for)."""
        return None if self.seconds is None else whole_minutes(self.seconds)


def whole_minutes(seconds: float) -> int:
    """A duration in whole minutes, rounded up (what a learner plans for), at least 1."""
    return max(1, -(-int(round(seconds)) // 60))


def media_folder(project: Path) -> Path:
    return project / MEDIA_FOLDER


def load_media(project: Path, block: Block) -> tuple[Media | None, list[Problem]]:
    """A block's options and its file's duration and size (problems only about the options)."""
    spec, source, problems = parse_block(block)
    if spec is None:
        return None, problems
    if spec.file:
        found = probe(media_folder(project) / spec.file) if (media_folder(project) / spec.file).is_file() else None
        seconds, size = (found.seconds, found.size) if found else (None, None)
    else:
        seconds, size = spec.stated_seconds, spec.size
    return Media(spec, block, source, seconds, size), problems


def media_in(project: Path, text: str, path: Path, first_line: int = 1) -> list[Media]:
    """Every valid media block of a Markdown text (for PDFs, preparation times, feeds)."""
    return [media for block in scan_markdown(text, path, first_line)
            if (media := load_media(project, block)[0]) is not None]


def transcript_text(project: Path, spec: MediaSpec) -> str | None:
    """The transcript as written (Markdown or plain text), or None if it is not there."""
    if not spec.transcript:
        return None
    path = media_folder(project) / spec.transcript
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def transcript_markdown(project: Path, spec: MediaSpec) -> str | None:
    """The transcript as Markdown: a .txt file's paragraphs become paragraphs as they are."""
    text = transcript_text(project, spec)
    if text is None or not spec.transcript.endswith(".txt"):
        return text
    # Python-Markdown's backslash escapes, plus entities for what it has none for ('&', '<').
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]()>#+\-.!])", r"\\\1", text)


def text_alternative(project: Path, media: Media, href: str) -> str:
    """The medium as text, where no player can be (the guide PDF): what it is, its link, its transcript."""
    spec = media.spec
    kind = "Video" if spec.is_video else "Audio"
    facts = ", ".join(x for x in (f"Dauer {duration_text(media.seconds)} Min." if media.seconds else "",
                                  f"Lizenz: {spec.licence}") if x)
    transcript = transcript_markdown(project, spec) or ""
    return f"**{kind}: {spec.title}** ({facts}), online: <{href}>\n\n**Transkript**\n\n{transcript.strip()}\n"


class MediaOptions(Record):
    """The options of the ``scschule-media`` plugin."""

    max_size_mb: float = 20  # larger files are a warning: they bloat the repository
    base_url: str | None = None  # where large files are served from, on the same site ("/medienablage/")
    caption_tolerance: float = 5  # seconds the captions may end before the medium ends


MEDIA = Capability("scschule-media", settings=MediaOptions, fence=MEDIA_FENCE)
