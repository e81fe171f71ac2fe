"""The Referatreihe: what remains of a past talk, ``referate/<event-id>/index.md``.

A talk is an event of kind ``referat`` in ``courses/termine.yml`` (title, date,
place). Once it has taken place, the folder named like the event's id keeps what
remains of it: the front matter names the speakers (organisation and role; a name
only where the file states it), a summary, the slides (a PDF next to the file), the
guides and courses it relates to and its taxonomy tags; the text below it holds the
recording as a ```medien block (the media rules apply: a talk's video always needs
German captions, whatever ``speech`` says) and anything else worth keeping.

The file and the event are joined by the composition root
(:func:`check_talk_references`, :func:`archived_talks`); this module gets events as
plain objects with ``id``, ``meta.kind``, ``meta.title``, ``start`` and ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from pydantic import Field, field_validator

from ..content.collection import Capability, Collection, Kind, slug_folder
from ..content.items import ItemRef
from ..content.loading import load_each
from ..content.media import parse_block, scan_markdown
from ..content.problems import Problem, error, warning
from ..content.records import Record, Tagged, validate
from ..content.source import Source, read_markdown
from ..taxonomy import Taxonomy

FOLDER = "referate"
SERIES_URL = "referate/"
TALK = Kind("talk", "Referat", "Referate", SERIES_URL, about="Referate zu")
PDF_MAGIC = b"%PDF-"


class Speaker(Record):
    organisation: str = Field(min_length=1)  # e.g. "Stadt Soest"
    role: str = Field(min_length=1)  # e.g. "Projektleitung Smart City"
    name: str | None = None  # only where the speaker agreed to be named


class TalkFrontMatter(Tagged):
    summary: str = Field(min_length=1)
    speakers: list[Speaker] = Field(min_length=1)
    slides: str | None = None  # PDF file next to index.md
    guides: list[str] = []
    courses: list[str] = []

    @field_validator("slides")
    @classmethod
    def _slides(cls, value: str | None) -> str | None:
        if value is None:
            return None
        path = PurePosixPath(value)
        if "/" in value or "\\" in value or value.startswith(".") or path.suffix.lower() != ".pdf":
            raise ValueError("Dateiname einer PDF-Datei im Ordner des Referats erwartet, z. B. folien.pdf")
        return value


@dataclass(frozen=True)
class Talk:
    meta: TalkFrontMatter
    source: Source

    @property
    def id(self) -> str:
        """The event's id: the folder's name."""
        return self.source.path.parent.name

    @property
    def url(self) -> str:
        return f"{SERIES_URL}{self.id}/"

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def slides_path(self) -> Path | None:
        return self.source.path.parent / self.meta.slides if self.meta.slides else None

    @property
    def slides_uri(self) -> str | None:
        return f"{self.url}{self.meta.slides}" if self.meta.slides else None


@dataclass(frozen=True)
class ArchivedTalk:
    """A past talk of the series with what remains of it (``talk`` is None if nothing was kept)."""

    event: object  # courses.events.Event
    talk: Talk | None

    @property
    def title(self) -> str:
        return self.event.meta.title

    @property
    def day(self) -> date:
        return self.event.start.date()

    def ref(self) -> ItemRef:
        m = self.talk.meta
        return ItemRef(TALK.label, self.title, self.talk.url, m.summary, self.day,
                       tuple(m.handlungsfelder), tuple(m.bundles), tuple(m.municipalities))


def load_talks(folder: Path, taxonomy: Taxonomy) -> tuple[list[Talk], list[Problem]]:
    def build(source: Source) -> tuple[Talk | None, list[Problem]]:
        meta, problems = validate(TalkFrontMatter, source)
        if meta is None:
            return None, problems
        talk = Talk(meta, source)
        problems += taxonomy.check_tags(meta, source) + _check_slides(talk) + _check_recordings(source)
        return (talk if not any(p.is_error for p in problems) else None), problems

    if not folder.is_dir():
        return [], []
    return load_each(folder.glob("*/index.md"), read_markdown, build)


def _check_slides(talk: Talk) -> list[Problem]:
    path = talk.slides_path
    if path is None:
        return []
    line = talk.source.line_of("slides")
    if not path.is_file():
        return [error(talk.source.path, line, f"slides: Datei '{talk.meta.slides}' fehlt im Ordner des Referats")]
    with path.open("rb") as handle:
        if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
            return [error(talk.source.path, line, f"slides: '{talk.meta.slides}' ist keine PDF-Datei")]
    return []


def _check_recordings(source: Source) -> list[Problem]:
    """A recorded talk is speech: its video needs captions even where the block says ``speech: false``."""
    problems = []
    for block in scan_markdown(source.body, source.path, source.body_line):
        spec, block_source, _ = parse_block(block)  # the block's own problems are the media plugin's to report
        if spec is not None and spec.is_video and not spec.captions:
            problems.append(error(source.path, block_source.line_of("captions") if block_source else block.line,
                                  "Medien-Block: die Aufzeichnung eines Referats braucht deutsche Untertitel "
                                  "('captions: <datei>.vtt' in medien/)"))
    return problems


def check_talk_references(talks, events, guides: set[str], courses: set[str], today: date) -> list[Problem]:
    """Each talk folder must name a past event of kind ``referat``; its guides and courses must exist."""
    by_id = {event.id: event for event in events}
    problems = []
    for talk in talks:
        source, event = talk.source, by_id.get(talk.id)
        if event is None:
            problems.append(error(source.path, 1, f"Ordner '{FOLDER}/{talk.id}/': einen Termin mit der Kennung "
                                                  f"'{talk.id}' gibt es in courses/termine.yml nicht"))
        elif event.meta.kind != "referat":
            problems.append(error(source.path, 1, f"Ordner '{FOLDER}/{talk.id}/': der Termin '{talk.id}' ist kein "
                                                  f"Referat (kind: {event.meta.kind})"))
        elif not event.is_past(today):
            problems.append(warning(source.path, 1, f"Das Referat '{talk.id}' hat noch nicht stattgefunden; das "
                                                    "Archiv zeigt es erst nach seinem Termin"))
        for key, known, what in (("guides", guides, "Leitfaden"), ("courses", courses, "Kurs")):
            for index, slug in enumerate(getattr(talk.meta, key)):
                if slug not in known:
                    problems.append(error(source.path, source.line_of(key, index),
                                          f"{key}.{index}: einen {what} '{slug}' gibt es nicht"))
    return problems


def series_events(events) -> list:
    return [event for event in events if event.meta.kind == "referat"]


def archived_talks(events, talks, today: date) -> list[ArchivedTalk]:
    """Every past talk of the series, most recent first, with its archive file where there is one."""
    by_id = {talk.id: talk for talk in talks}
    past = [event for event in series_events(events) if event.is_past(today)]
    return [ArchivedTalk(event, by_id.get(event.id)) for event in sorted(past, key=lambda e: e.start, reverse=True)]


TALKS: Collection[Talk] = Collection(
    "talks", FOLDER, (TALK,),
    load=lambda folder, context: load_talks(folder, context.taxonomy),
    key=lambda talk: talk.id,
    key_of=slug_folder,
)
REFERATE_CAPABILITY = Capability("scschule-referate", (TALKS,))
