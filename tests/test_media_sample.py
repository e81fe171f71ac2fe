"""The sample video is made here, honestly: scripts/make_sample_media.py with espeak-ng and ffmpeg.

Runs the script with the real tools (it fails, never skips, when they are missing) and
checks that the committed captions and transcript are exactly what it makes from the
guide's current text, that the captions cover the video, and that the files stay small.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from projecttools import ROOT
from scschule.media.rules import read_cues

SCRIPT = ROOT / "scripts" / "make_sample_media.py"
COMMITTED = ROOT / "medien" / "leitfaeden"
NAME = "datenplattform-erklaert"


def ffprobe(path: Path) -> dict:
    result = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_script_makes_the_committed_captions_and_transcript_with_real_tools(tmp_path):
    """The words, their order, the chapters and the transcript are exactly the committed ones; the
    timings are measured from the speech the distribution's espeak-ng makes, which differs between
    Debian releases (about 40 ms a cue), so they are checked for what they must be, not byte for byte."""
    for tool in ("espeak-ng", "ffmpeg", "ffprobe"):
        assert shutil.which(tool), f"{tool} fehlt: bash scripts/system-packages.sh test"
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"{NAME}.transkript.md").read_text(encoding="utf-8") == \
        (COMMITTED / f"{NAME}.transkript.md").read_text(encoding="utf-8"), "make_sample_media.py erneut ausführen"
    made = ffprobe(tmp_path / f"{NAME}.mp4")
    assert sorted(s["codec_name"] for s in made["streams"]) == ["aac", "h264"]
    duration = float(made["format"]["duration"])
    for suffix in (".de.vtt", ".kapitel.vtt"):
        cues = read_cues(tmp_path / f"{NAME}{suffix}")[0]
        committed = read_cues(COMMITTED / f"{NAME}{suffix}")[0]
        assert [c.text for c in cues] == [c.text for c in committed], f"{suffix}: make_sample_media.py erneut ausführen"
        assert cues[0].start == 0 and all(a.end <= b.start for a, b in zip(cues, cues[1:]))
        assert duration - 2 < cues[-1].end <= duration  # the made captions cover the made video
    # Another release's voice speaks a little faster or slower, never a different text.
    assert abs(duration - float(ffprobe(COMMITTED / f"{NAME}.mp4")["format"]["duration"])) < 0.1 * duration


def test_the_committed_video_is_small_and_its_captions_are_its_transcript_with_real_timings():
    info = ffprobe(COMMITTED / f"{NAME}.mp4")
    duration = float(info["format"]["duration"])
    cues = read_cues(COMMITTED / f"{NAME}.de.vtt")[0]
    assert cues[0].start == 0 and duration - 2 < cues[-1].end <= duration
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))  # spoken one after the other
    transcript = (COMMITTED / f"{NAME}.transkript.md").read_text(encoding="utf-8")
    position = 0
    for cue in cues:  # every caption is in the transcript, in the same order
        position = transcript.find(cue.text, position)
        assert position >= 0, cue.text
    sizes = sum(path.stat().st_size for path in COMMITTED.glob(f"{NAME}*"))
    assert sizes < 400_000, f"Beispielmedien zusammen {sizes} Bytes"
    guide = (ROOT / "guides" / "datenplattform-fiware-ngsi-ld" / "index.md").read_text(encoding="utf-8")
    assert cues[0].text in guide  # the words are the guide's own
