#!/usr/bin/env python3
"""Makes the sample explainer video in medien/leitfaeden/ from a guide's own text.

How it is made (everything with Debian tools, nothing recorded, no person speaks):

1. The text is taken word for word from two sections of the guide
   guides/datenplattform-fiware-ngsi-ld/index.md (the first paragraph of each section
   named in SECTIONS below), Markdown emphasis removed.
2. Each caption chunk (a sentence, split at commas and colons into pieces of at most
   MAX_CUE characters) is spoken separately by espeak-ng (voice "de", a synthetic voice),
   so every cue's start and end are the measured lengths of the spoken audio: the
   captions have real timings, not estimated ones.
3. The pieces are joined with short pauses into one WAV file; ffmpeg encodes it as
   AAC (mono, 16 kHz, asked for 24 kbit/s; the encoder makes about 32) together with one still slide (drawn by ffmpeg's drawtext
   with DejaVu Sans) as H.264 at one frame per second. The slide is also the poster.
4. Captions (<name>.de.vtt), chapters (<name>.kapitel.vtt, one chapter per section)
   and the transcript (<name>.transkript.md, the same text) are written beside it.

Run it again after the guide's text changed:  .venv/bin/python scripts/make_sample_media.py
(tests/test_media_sample.py fails while the committed captions differ from what it makes).
Needs: espeak-ng, ffmpeg, fonts-dejavu-core (scripts/system-packages.sh).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "guides" / "datenplattform-fiware-ngsi-ld" / "index.md"
OUT = ROOT / "medien" / "leitfaeden"
NAME = "datenplattform-erklaert"
SECTIONS = ("Worum es geht", "FIWARE und der Context Broker")
SLIDE_LINES = ("Die regionale Datenplattform", "FIWARE, Context Broker, NGSI-LD",
               "Synthetische Stimme (espeak-ng), Text aus dem Leitfaden")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MAX_CUE = 84
PAUSE_CHUNK, PAUSE_SENTENCE, PAUSE_SECTION = 0.15, 0.35, 0.8  # seconds of silence after a piece
VOICE, SPEED = "de", 155  # words per minute


def paragraphs(markdown: str) -> list[tuple[str, str]]:
    """(section title, its first paragraph as plain text) for every section in SECTIONS."""
    found = []
    for title in SECTIONS:
        match = re.search(rf"^## {re.escape(title)}\n\n(.+?)\n\n", markdown, re.M | re.S)
        if match is None:
            sys.exit(f"Abschnitt „{title}“ nicht im Leitfaden {GUIDE} gefunden")
        text = re.sub(r"\*\*(.+?)\*\*", r"\1", match[1]).replace("\n", " ")
        found.append((title, text))
    return found


def chunks(paragraph: str) -> list[tuple[str, float]]:
    """Caption pieces of a paragraph, each with the pause that follows it."""
    pieces: list[tuple[str, float]] = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])", paragraph.strip()):
        parts = re.split(r"(?<=[,:])\s+(?!\d)", sentence)
        current = ""
        for part in parts:
            if current and len(current) + 1 + len(part) > MAX_CUE:
                pieces.append((current, PAUSE_CHUNK))
                current = part
            else:
                current = f"{current} {part}".strip()
        pieces.append((current, PAUSE_SENTENCE))
    return pieces


def speak(text: str, path: Path) -> float:
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-w", str(path), text], check=True)
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    sections = paragraphs(GUIDE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        frames, params, position = [], None, 0.0
        cues, chapters = [], []
        for number, (title, paragraph) in enumerate(sections):
            chapter_start = position
            pieces = chunks(paragraph)
            for index, (text, pause) in enumerate(pieces):
                wav = tmpdir / f"{number}-{index}.wav"
                length = speak(text, wav)
                with wave.open(str(wav)) as audio:
                    params = params or audio.getparams()
                    frames.append(audio.readframes(audio.getnframes()))
                if index == len(pieces) - 1:
                    pause = PAUSE_SECTION
                silence = int(pause * params.framerate)
                frames.append(b"\0" * silence * params.sampwidth * params.nchannels)
                cues.append((position, position + length, text))
                position += length + silence / params.framerate
            chapters.append((chapter_start, position, title))
        speech = tmpdir / "speech.wav"
        with wave.open(str(speech), "wb") as writer:
            writer.setparams(params)
            for chunk in frames:
                writer.writeframes(chunk)
        poster = out / f"{NAME}.png"
        draw = ",".join(
            f"drawtext=fontfile={FONT}:text='{line.replace(':', chr(92) + ':')}':fontcolor=white:"
            f"fontsize={size}:x=(w-text_w)/2:y={y}"
            for line, size, y in zip(SLIDE_LINES, (34, 24, 16), (120, 180, 300)))
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x1f4e79:s=640x360",
                        "-frames:v", "1", "-vf", draw, str(poster)], check=True)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "1", "-i", str(poster),
                        "-i", str(speech), "-c:v", "libx264", "-tune", "stillimage", "-pix_fmt", "yuv420p",
                        "-r", "1", "-c:a", "aac", "-b:a", "24k", "-ac", "1", "-ar", "16000", "-t", f"{position:.3f}",
                        "-map_metadata", "-1", "-fflags", "+bitexact", "-movflags", "+faststart",
                        str(out / f"{NAME}.mp4")], check=True)
    vtt = ["WEBVTT", ""]
    for start, end, text in cues:
        vtt += [f"{timestamp(start)} --> {timestamp(end)}", text, ""]
    (out / f"{NAME}.de.vtt").write_text("\n".join(vtt), encoding="utf-8")
    chapter_vtt = ["WEBVTT", ""]
    for start, end, title in chapters:
        chapter_vtt += [f"{timestamp(start)} --> {timestamp(end)}", title, ""]
    (out / f"{NAME}.kapitel.vtt").write_text("\n".join(chapter_vtt), encoding="utf-8")
    transcript = ["Sprecher: synthetische Stimme (espeak-ng). Der Text stammt aus dem Leitfaden.", ""]
    for title, paragraph in sections:
        transcript += [f"**{title}**", "", paragraph, ""]
    (out / f"{NAME}.transkript.md").write_text("\n".join(transcript), encoding="utf-8")
    for path in sorted(out.glob(f"{NAME}*")):
        print(f"{path}: {path.stat().st_size:,} Bytes")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"Zielordner (Standard: {OUT.relative_to(ROOT)})")
    main(parser.parse_args().out)
