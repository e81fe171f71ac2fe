"""Media blocks (issue 20): every rule of a ```medien block as a German ``path:line`` problem.

The rules run on real files: the committed sample video (its duration read by mutagen),
WebVTT parsed by webvtt-py, and transcripts and posters as an editor would add them.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from projecttools import ROOT
from scschule.content.media import media_in, scan_markdown
from scschule.media.render import MediaRenderer
from scschule.media.rules import MediaSettings, check_media, read_cues, same_site_problem

SAMPLE = ROOT / "medien" / "leitfaeden"
VIDEO = "datenplattform-erklaert"
SITE = "https://schule.smartcities-suedwestfalen.example/"
SETTINGS = MediaSettings(max_size_mb=20, base_url=None, caption_tolerance=5, site_url=SITE)

GOOD = {
    "title": '"Erklärvideo"',
    "file": f"v/{VIDEO}.mp4",
    "captions": f"v/{VIDEO}.de.vtt",
    "chapters": f"v/{VIDEO}.kapitel.vtt",
    "poster": f"v/{VIDEO}.png",
    "transcript": f"v/{VIDEO}.transkript.md",
    "licence": "CC BY 4.0",
}


@pytest.fixture
def media_project(tmp_path: Path) -> Path:
    """A project folder with the sample video's files in medien/v/."""
    shutil.copytree(SAMPLE, tmp_path / "medien" / "v")
    (tmp_path / "guides" / "g").mkdir(parents=True)
    return tmp_path


def write_block(project: Path, options: dict[str, str], *, before: str = "## Abschnitt\n\nText.\n\n") -> Path:
    lines = "\n".join(f"{key}: {value}" for key, value in options.items())
    path = project / "guides" / "g" / "index.md"
    path.write_text(f"---\ntitle: G\n---\n\n{before}```medien\n{lines}\n```\n", encoding="utf-8")
    return path


def problems_of(project: Path, options: dict[str, str], settings: MediaSettings = SETTINGS):
    path = write_block(project, options)
    (block,) = scan_markdown(path.read_text(encoding="utf-8"), path)
    media, problems = check_media(project, block, settings)
    return media, [p.format(project) for p in problems]


def line_of(project: Path, key: str) -> int:
    """Line of ``key:`` (or of the fence, for "```medien") in the guide written by write_block."""
    text = (project / "guides" / "g" / "index.md").read_text(encoding="utf-8").splitlines()
    start = key if key.startswith("```") else f"{key}:"
    return next(i for i, line in enumerate(text, 1) if line.startswith(start))


def test_the_sample_block_is_valid_and_its_duration_is_read_from_the_file(media_project):
    media, problems = problems_of(media_project, GOOD)
    assert problems == []
    assert media.spec.is_video and media.spec.mime_type == "video/mp4"
    cues = read_cues(SAMPLE / f"{VIDEO}.de.vtt")[0]
    # The file lasts as long as its speech plus the closing pause; mutagen reads it from the container.
    assert cues[-1].end < media.seconds < cues[-1].end + 2
    assert media.size == (SAMPLE / f"{VIDEO}.mp4").stat().st_size
    assert media.minutes == 2  # 1:18 rounded up


@pytest.mark.parametrize("missing, message", [
    ("captions", "Untertitel fehlen: ein Video mit Sprache braucht eine deutsche WebVTT-Datei"),
    ("transcript", "Transkript fehlt: jedes Video und Audio braucht unter 'transcript' eine Textfassung"),
])
def test_a_video_without_captions_or_transcript_is_rejected(media_project, missing, message):
    options = {k: v for k, v in GOOD.items() if k != missing}
    media, problems = problems_of(media_project, options)
    assert media is not None  # the options are valid; the medium is not accessible
    (problem,) = problems
    # A missing key has no line of its own: the problem points at the block's opening fence.
    assert problem.startswith(f"guides/g/index.md:{line_of(media_project, '```medien')}: Medien-Block „Erklärvideo“: {message}")


def test_a_video_without_speech_needs_no_captions_but_still_a_transcript(media_project):
    options = {k: v for k, v in GOOD.items() if k != "captions"} | {"speech": "false"}
    assert problems_of(media_project, options)[1] == []


@pytest.mark.parametrize("text, reason", [
    ("Hallo\n", "kein gültiges WebVTT (Invalid format)"),
    ("WEBVTT\n\n00:00:0x --> 00:00:02.000\nHallo\n", "kein gültiges WebVTT (Invalid cue block"),
    ("WEBVTT\n\n", "kein gültiges WebVTT (keine einzige Zeitangabe)"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHallo\n", "kein gültiges WebVTT (Eintrag 1: Ende 2 s liegt nicht nach dem Anfang 5 s)"),
    (b"WEBVTT\n\n00:00:00.000 --> 00:01:17.000\n\xff\xfe\n", "nicht lesbar als UTF-8-Text"),
])
def test_captions_that_are_not_valid_webvtt_are_rejected_at_the_captions_line(media_project, text, reason):
    vtt = media_project / "medien" / "v" / f"{VIDEO}.de.vtt"
    vtt.write_bytes(text if isinstance(text, bytes) else text.encode())
    _, problems = problems_of(media_project, GOOD)
    line = line_of(media_project, "captions")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"guides/g/index.md:{line}: Medien-Block „Erklärvideo“: "
                                  f"Untertiteldatei medien/v/{VIDEO}.de.vtt: {reason}")


@pytest.mark.parametrize("end, message", [
    ("00:00:40.000", "endet bei 0:40, das Medium dauert 1:18: die Untertitel decken nicht das ganze Medium ab"),
    ("00:05:00.000", "reicht bis 5:00, das Medium dauert nur 1:18 (gehört sie zu einer anderen Datei?)"),
])
def test_captions_must_cover_the_duration_read_from_the_file(media_project, end, message):
    vtt = media_project / "medien" / "v" / f"{VIDEO}.de.vtt"
    vtt.write_text(f"WEBVTT\n\n00:00:00.000 --> {end}\nText\n", encoding="utf-8")
    _, problems = problems_of(media_project, GOOD)
    line = line_of(media_project, "captions")
    assert problems == [f"guides/g/index.md:{line}: Medien-Block „Erklärvideo“: Untertiteldatei medien/v/{VIDEO}.de.vtt {message}"]


def test_captions_may_end_within_the_tolerance_before_the_end(media_project):
    vtt = media_project / "medien" / "v" / f"{VIDEO}.de.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:01:14.000\nText\n", encoding="utf-8")
    assert problems_of(media_project, GOOD)[1] == []


@pytest.mark.parametrize("key, value, message", [
    ("file", "v/gibt-es-nicht.mp4", "Datei medien/v/gibt-es-nicht.mp4 fehlt"),
    ("captions", "v/fehlt.de.vtt", "Untertiteldatei medien/v/fehlt.de.vtt fehlt"),
    ("chapters", "v/fehlt.vtt", "Kapiteldatei medien/v/fehlt.vtt fehlt"),
    ("transcript", "v/fehlt.md", "Transkript medien/v/fehlt.md fehlt"),
    ("poster", "v/fehlt.png", "Vorschaubild medien/v/fehlt.png fehlt"),
    ("captions", f"v/{VIDEO}.srt", f"Untertitel v/{VIDEO}.srt: WebVTT-Datei (.vtt) erwartet"),
    ("file", "v/film.webm", "Dateityp von 'film.webm' wird nicht unterstützt; erlaubt: .mp4"),
])
def test_missing_files_and_wrong_types_are_reported_at_their_key(media_project, key, value, message):
    _, problems = problems_of(media_project, GOOD | {key: value})
    line = line_of(media_project, key)
    assert problems and problems[0].startswith(f"guides/g/index.md:{line}: Medien-Block „Erklärvideo“: {message}"), problems


def test_a_file_that_is_no_media_is_rejected(media_project):
    (media_project / "medien" / "v" / "kaputt.mp4").write_bytes(b"kein Video" * 100)
    _, problems = problems_of(media_project, GOOD | {"file": "v/kaputt.mp4"})
    assert problems == [f"guides/g/index.md:{line_of(media_project, 'file')}: Medien-Block „Erklärvideo“: "
                        "Dauer von medien/v/kaputt.mp4 lässt sich nicht lesen (keine gültige Mediendatei?)"]


def test_an_empty_transcript_is_rejected(media_project):
    (media_project / "medien" / "v" / f"{VIDEO}.transkript.md").write_text(" \n", encoding="utf-8")
    _, problems = problems_of(media_project, GOOD)
    assert problems == [f"guides/g/index.md:{line_of(media_project, 'transcript')}: Medien-Block „Erklärvideo“: "
                        f"Transkript medien/v/{VIDEO}.transkript.md ist leer oder nicht als UTF-8 lesbar"]


def test_a_large_file_is_a_warning_with_advice_on_git_lfs_and_the_media_url(media_project):
    media, problems = problems_of(media_project, GOOD, MediaSettings(0.1, None, 5, SITE))
    assert media is not None  # a warning: the page still shows the video
    (problem,) = problems
    assert problem.startswith(f"guides/g/index.md:{line_of(media_project, 'file')}: Warnung: Medien-Block „Erklärvideo“: "
                              f"medien/v/{VIDEO}.mp4 ist 0,3 MB groß (mehr als 0,1 MB).")
    assert "Git LFS" in problem and "'url' statt 'file'" in problem


@pytest.mark.parametrize("url, base_url, message", [
    ("https://www.youtube.com/watch?v=abc.mp4", "/medienablage/", "'www.youtube.com' ist ein fremder Host"),
    ("https://cdn.example.net/v.mp4", None, "'cdn.example.net' ist ein fremder Host"),
    ("/medienablage/v.mp4", None, "keine Medienablage eingerichtet"),
    ("/anderswo/v.mp4", "/medienablage/", "Adresse liegt nicht unter der Medienablage /medienablage/"),
])
def test_media_urls_must_be_below_the_media_base_url_of_the_same_site(media_project, url, base_url, message):
    options = {k: v for k, v in GOOD.items() if k != "file"} | {"url": url, "duration": '"1:18"', "size": "12000000"}
    _, problems = problems_of(media_project, options, MediaSettings(20, base_url, 5, SITE))
    line = line_of(media_project, "url")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"guides/g/index.md:{line}: Medien-Block „Erklärvideo“: {message}")


def test_a_url_below_the_media_base_url_is_accepted_with_stated_duration_and_size(media_project):
    options = {k: v for k, v in GOOD.items() if k != "file"} | {
        "url": f"{SITE}medienablage/v.mp4", "duration": '"1:18"', "size": "12000000"}
    media, problems = problems_of(media_project, options, MediaSettings(20, "/medienablage/", 5, SITE))
    assert problems == []
    assert (media.seconds, media.size, media.minutes) == (78, 12_000_000, 2)


@pytest.mark.parametrize("options, message", [
    (GOOD | {"file": "https://www.youtube.com/embed/abc"}, "file: eine Adresse ist hier nicht erlaubt"),
    ({k: v for k, v in GOOD.items() if k != "file"} | {"url": "/medienablage/v.mp4"},
     "eine Datei unter 'url' braucht 'duration' (m:ss) und 'size' (Bytes)"),
    (GOOD | {"url": "/medienablage/v.mp4"}, "genau eines von 'file'"),
    (GOOD | {"duration": '"1:18"'}, "'duration' und 'size' werden aus der Datei gelesen"),
    (GOOD | {"titel": "x"}, "titel: unbekanntes Feld (Tippfehler?)"),
    ({k: v for k, v in GOOD.items() if k != "licence"}, "licence: Pflichtfeld fehlt"),
    (GOOD | {"file": "../../geheim.mp4"}, "file: Pfad innerhalb von medien/ erwartet"),
])
def test_wrong_options_are_reported_in_german(media_project, options, message):
    media, problems = problems_of(media_project, options)
    assert media is None
    assert any(message in p and p.startswith("guides/g/index.md:") for p in problems), problems


def test_a_yaml_error_in_the_block_points_at_its_line(media_project):
    path = media_project / "guides" / "g" / "index.md"
    path.write_text("# T\n\n```medien\ntitle: \"offen\nfile: x.mp4\n```\n", encoding="utf-8")
    (block,) = scan_markdown(path.read_text(encoding="utf-8"), path)
    media, problems = check_media(media_project, block, SETTINGS)
    assert media is None
    (problem,) = problems
    assert problem.format(media_project).startswith("guides/g/index.md:")
    assert "Medien-Block: YAML-Syntaxfehler" in problem.message


@pytest.mark.parametrize("base_url, ok", [
    ("/medienablage/", True),
    (f"{SITE}medienablage/", True),
    ("https://cdn.example.com/medien/", False),
    ("http://schule.smartcities-suedwestfalen.example/medien/", False),
    ("medienablage/", False),
])
def test_the_media_base_url_must_be_on_the_same_site(base_url, ok):
    assert (same_site_problem(base_url, SITE) is None) is ok


def test_blocks_inside_other_fences_are_text_and_blocks_in_admonitions_count(media_project):
    text = textwrap.dedent("""\
        ````markdown
        ```medien
        title: Beispiel im Code
        ```
        ````

        !!! note "Video"
            ```medien
            title: Eingerückt
            ```
        """)
    found = scan_markdown(text, Path("x.md"))
    assert [(b.line, b.body.strip()) for b in found] == [(8, "title: Eingerückt")]
    assert media_in(media_project, text, Path("x.md")) == []  # invalid blocks never reach the other capabilities


def test_audio_needs_a_transcript_but_no_captions_and_renders_as_audio(media_project):
    audio = media_project / "medien" / "v" / "ton.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(media_project / "medien" / "v" / f"{VIDEO}.mp4"),
                    "-vn", "-c:a", "copy", str(audio)], check=True)
    options = {"title": "Nur Ton", "file": "v/ton.m4a", "transcript": f"v/{VIDEO}.transkript.md", "licence": "CC0"}
    media, problems = problems_of(media_project, options)
    assert problems == [] and not media.spec.is_video and media.spec.mime_type == "audio/mp4"
    html = MediaRenderer(media_project).render(media, "leitfaeden/g/", "m1")
    soup = BeautifulSoup(html, "html.parser")
    player = soup.find("audio")
    assert player is not None and soup.find("video") is None
    assert player.has_attr("controls") and player["preload"] == "metadata" and not player.has_attr("autoplay")
    assert player.source["src"] == "../../medien/v/ton.m4a" and player.source["type"] == "audio/mp4"
    assert soup.select_one("details.scs-media__transkript summary").get_text() == "Transkript: Nur Ton"
    assert "„Gehirn“" in soup.select_one(".scs-media__transkript-text").get_text()
    without_transcript = {k: v for k, v in options.items() if k != "transcript"}
    assert "Transkript fehlt" in problems_of(media_project, without_transcript)[1][0]


def test_a_plain_text_transcript_is_shown_as_written(media_project, tmp_path):
    (media_project / "medien" / "v" / "t.txt").write_text("Absatz *eins* <b>\n\nAbsatz 2.\n", encoding="utf-8")
    media, problems = problems_of(media_project, GOOD | {"transcript": "v/t.txt"})
    assert problems == []
    soup = BeautifulSoup(MediaRenderer(media_project).render(media, "x/", "m1"), "html.parser")
    paragraphs = [p.get_text() for p in soup.select(".scs-media__transkript-text p")]
    assert paragraphs == ["Absatz *eins* <b>", "Absatz 2."]
