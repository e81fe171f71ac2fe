"""The accessibility and privacy rules of a media block, each reported as a ``path:line`` problem.

WCAG 2.1: captions for speech in video (1.2.2), a full text alternative for video and
a transcript for audio (1.2.1/1.2.3/1.2.5, here: a transcript for every medium). GDPR:
the portal serves every file itself, so no host but the site's own is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..content import german
from ..content.media import (MEDIA_FOLDER, MEDIA_TYPES, POSTER_TYPES, TRANSCRIPT_TYPES, Block, Media,
                             duration_text, load_media, media_folder, transcript_text)
from ..content.problems import Problem, error, warning

PREFIX = "Medien-Block"


@dataclass(frozen=True)
class MediaSettings:
    max_size_mb: float  # larger files are a warning: they bloat the repository
    base_url: str | None  # where large files are served from, on the same site ("/medienablage/")
    caption_tolerance: float  # seconds the captions may end before the medium ends (closing music, silence)
    site_url: str = ""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def same_site_problem(base_url: str, site_url: str) -> str | None:
    """Why a configured media base URL is not on the portal's own site, or None if it is."""
    parts = urlsplit(base_url)
    if not parts.netloc:
        return None if base_url.startswith("/") else "base_url muss mit '/' beginnen oder eine Adresse der Website sein"
    site = urlsplit(site_url)
    if not site.netloc:
        return "base_url mit Host braucht site_url in mkdocs.yml, um zu prüfen, dass es dieselbe Website ist"
    if (parts.scheme, parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
        return (f"base_url '{base_url}' liegt nicht auf der Website {site.scheme}://{site.netloc} – Medien "
                "anderer Hosts übermitteln Daten der Besucherinnen und Besucher an Dritte")
    return None


def read_cues(path: Path) -> tuple[list[Cue], str | None]:
    """The cues of a WebVTT file parsed strictly by webvtt-py, or why it is not valid WebVTT."""
    import webvtt  # only builds with media need it

    try:
        document = webvtt.read(str(path), encoding="utf-8", strict=True)
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        return [], f"kein gültiges WebVTT ({exc})"
    except (UnicodeDecodeError, ValueError) as exc:
        return [], f"nicht lesbar als UTF-8-Text ({exc})"
    cues = [Cue(c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.text)
            for c in document.captions]
    if not cues:
        return [], "kein gültiges WebVTT (keine einzige Zeitangabe)"
    for index, cue in enumerate(cues, 1):
        if cue.end <= cue.start:
            return [], f"kein gültiges WebVTT (Eintrag {index}: Ende {cue.end:g} s liegt nicht nach dem Anfang {cue.start:g} s)"
        if index > 1 and cue.start < cues[index - 2].start:
            return [], f"kein gültiges WebVTT (Eintrag {index} beginnt vor dem vorigen)"
    return cues, None


def check_media(project: Path, block: Block, settings: MediaSettings) -> tuple[Media | None, list[Problem]]:
    """The block's media with every problem of its options and files."""
    media, problems = load_media(project, block)
    if media is None:
        return None, problems
    spec, source, path = media.spec, media.source, block.path
    folder = media_folder(project)

    def at(key: str) -> int:
        return source.line_of(key) if key in source.data else block.line

    def fail(key: str, message: str) -> None:
        problems.append(error(path, at(key), f"{PREFIX} „{spec.title}“: {message}"))

    if spec.url and not _check_url(spec.url, settings, fail):
        pass  # a foreign or misplaced address: its file type does not matter
    elif spec.mime_type is None:
        allowed = ", ".join(MEDIA_TYPES)
        fail("file" if spec.file else "url", f"Dateityp von '{spec.name}' wird nicht unterstützt; erlaubt: {allowed}")
    elif spec.url:
        pass  # not here to read: duration and size are stated in the block
    elif not (folder / spec.file).is_file():
        fail("file", f"Datei {MEDIA_FOLDER}/{spec.file} fehlt")
    elif media.seconds is None and spec.mime_type is not None:
        fail("file", f"Dauer von {MEDIA_FOLDER}/{spec.file} lässt sich nicht lesen (keine gültige Mediendatei?)")
    elif media.size is not None and media.size > settings.max_size_mb * 1_000_000:
        problems.append(warning(path, at("file"), (
            f"{PREFIX} „{spec.title}“: {MEDIA_FOLDER}/{spec.file} ist {german.number(media.size / 1e6, 1)} MB groß "
            f"(mehr als {german.number(settings.max_size_mb, 1)} MB). Große Dateien machen das Repository für alle "
            "langsam: speichern Sie sie mit Git LFS (git lfs track 'medien/**/*.mp4') oder legen Sie sie in die "
            "Medienablage der Website und geben Sie 'url' statt 'file' an (README, Abschnitt Medien).")))

    if spec.is_video and spec.speech and not spec.captions:
        fail("captions", "Untertitel fehlen: ein Video mit Sprache braucht eine deutsche WebVTT-Datei unter 'captions' "
                         "(WCAG 1.2.2); ein Video ganz ohne Sprache bekommt 'speech: false'")
    if spec.captions:
        _check_track(folder, spec.captions, "captions", "Untertitel", media.seconds, settings, fail, cover=True)
    if spec.chapters:
        _check_track(folder, spec.chapters, "chapters", "Kapitel", media.seconds, settings, fail, cover=False)
    if not spec.transcript:
        fail("transcript", "Transkript fehlt: jedes Video und Audio braucht unter 'transcript' eine Textfassung "
                           "(.md oder .txt in medien/; WCAG 1.2.1, 1.2.3)")
    elif PurePosixPath(spec.transcript).suffix.lower() not in TRANSCRIPT_TYPES:
        fail("transcript", f"Transkript {spec.transcript}: .md oder .txt erwartet")
    elif not (folder / spec.transcript).is_file():
        fail("transcript", f"Transkript {MEDIA_FOLDER}/{spec.transcript} fehlt")
    elif not (transcript_text(project, spec) or "").strip():
        fail("transcript", f"Transkript {MEDIA_FOLDER}/{spec.transcript} ist leer oder nicht als UTF-8 lesbar")
    if spec.poster:
        if PurePosixPath(spec.poster).suffix.lower() not in POSTER_TYPES:
            fail("poster", f"Vorschaubild {spec.poster}: erlaubt sind {', '.join(POSTER_TYPES)}")
        elif not (folder / spec.poster).is_file():
            fail("poster", f"Vorschaubild {MEDIA_FOLDER}/{spec.poster} fehlt")
    return media, problems


def _check_url(url: str, settings: MediaSettings, fail) -> bool:
    """Is ``url`` below the media base URL of the site? Reports why not."""
    parts = urlsplit(url)
    site = urlsplit(settings.site_url)
    if parts.netloc and (parts.scheme, parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
        fail("url", f"'{parts.netloc}' ist ein fremder Host: Medien von Videoplattformen oder anderen Servern "
                    "übermitteln Daten der Besucherinnen und Besucher an Dritte. Das Portal liefert jede Datei "
                    f"selbst aus (Datei in {MEDIA_FOLDER}/ oder in der Medienablage der Website)")
        return False
    if not settings.base_url:
        fail("url", "keine Medienablage eingerichtet (mkdocs.yml: plugins: scschule-media: base_url); "
                    f"legen Sie die Datei in {MEDIA_FOLDER}/ und geben Sie 'file' an")
        return False
    if not (url.startswith("/") or parts.netloc) or not parts.path.startswith(urlsplit(settings.base_url).path):
        fail("url", f"Adresse liegt nicht unter der Medienablage {settings.base_url}")
        return False
    return True


def _check_track(folder: Path, name: str, key: str, what: str, seconds: float | None,
                 settings: MediaSettings, fail, *, cover: bool) -> None:
    path = folder / name
    if PurePosixPath(name).suffix.lower() != ".vtt":
        fail(key, f"{what} {name}: WebVTT-Datei (.vtt) erwartet")
        return
    if not path.is_file():
        fail(key, f"{what}datei {MEDIA_FOLDER}/{name} fehlt")
        return
    cues, reason = read_cues(path)
    if reason:
        fail(key, f"{what}datei {MEDIA_FOLDER}/{name}: {reason}")
        return
    if seconds is None:
        return
    last = max(cue.end for cue in cues)
    if last > seconds + settings.caption_tolerance:
        fail(key, f"{what}datei {MEDIA_FOLDER}/{name} reicht bis {duration_text(last)}, das Medium dauert nur "
                  f"{duration_text(seconds)} (gehört sie zu einer anderen Datei?)")
    elif cover and last < seconds - settings.caption_tolerance:
        fail(key, f"{what}datei {MEDIA_FOLDER}/{name} endet bei {duration_text(last)}, das Medium dauert "
                  f"{duration_text(seconds)}: die Untertitel decken nicht das ganze Medium ab")
