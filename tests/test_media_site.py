"""Media blocks in a real build: the player, the files in the site, search, and ``scschule check``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from projecttools import ROOT, built_page, run_build
from test_search import load_site_index, titles

GUIDE_URL = "leitfaeden/datenplattform-fiware-ngsi-ld"
UNIT_URL = "kurse/die-datenplattform-verstehen/gemeinsame-plattform"
SAMPLE = "medien/leitfaeden/datenplattform-erklaert"
TODAY = "2026-11-30"


def test_the_guide_and_the_unit_show_the_sample_video_served_by_the_site(built_site):
    for url in (GUIDE_URL, UNIT_URL):
        page = built_page(built_site, url)
        (figure,) = page.select("figure.scs-media")
        video = figure.find("video")
        assert video.has_attr("controls") and video["preload"] == "metadata"
        assert not video.has_attr("autoplay") and not video.has_attr("muted")
        base = f"https://site.test/{url}/"
        source = urljoin(base, video.find("source")["src"])
        assert source == f"https://site.test/{SAMPLE}.mp4" and video.find("source")["type"] == "video/mp4"
        assert urljoin(base, video["poster"]) == f"https://site.test/{SAMPLE}.png"
        captions = video.find("track", kind="captions")
        assert captions["srclang"] == "de" and captions.has_attr("default")
        assert urljoin(base, captions["src"]) == f"https://site.test/{SAMPLE}.de.vtt"
        assert urljoin(base, video.find("track", kind="chapters")["src"]) == f"https://site.test/{SAMPLE}.kapitel.vtt"
        # Without JavaScript: a download link inside the element and in the facts.
        assert video.find("a")["href"] == video.find("source")["src"]
        facts = figure.select_one(".scs-media__fakten").get_text(" ", strip=True)
        assert "Dauer: 1:18 Min." in facts and "MP4, 341 KB" in facts and "Lizenz: CC BY 4.0" in facts
        assert [li.get_text(" ", strip=True) for li in figure.select(".scs-media__kapitel li")] == [
            "0:00 Worum es geht", "0:38 FIWARE und der Context Broker"]
        transcript = figure.find("details", class_="scs-media__transkript")
        assert transcript.summary.get_text(strip=True).startswith("Transkript:")
        assert "das „Gehirn“ der smarten Region" in transcript.get_text()
        assert not transcript.has_attr("open")
        stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
        assert any(href.endswith("assets/scschule/media.css") for href in stylesheets)
        # Every address of the player is on the site itself.
        for element in figure.select("[src], [href], [poster]"):
            for attribute in ("src", "href", "poster"):
                if element.has_attr(attribute):
                    assert not urlsplit(element[attribute]).netloc, element


def test_the_files_of_medien_are_in_the_site_unchanged_and_transcripts_are_page_text_only(built_site):
    for suffix in (".mp4", ".de.vtt", ".kapitel.vtt", ".png"):
        assert (built_site / f"{SAMPLE}{suffix}").read_bytes() == (ROOT / f"{SAMPLE}{suffix}").read_bytes()
    assert not (built_site / f"{SAMPLE}.transkript.md").exists()


def test_pages_without_media_get_no_media_stylesheet(built_site):
    page = built_page(built_site, "leitfaeden/open-data-mit-ckan")
    assert not page.select("figure.scs-media")
    assert not [link for link in page.select("link[rel=stylesheet]") if "media.css" in link["href"]]


def test_the_transcript_is_indexed_by_search(built_site):
    index, docs = load_site_index(built_site)
    unit = (ROOT / "courses" / "die-datenplattform-verstehen" / "gemeinsame-plattform.md").read_text(encoding="utf-8")
    assert "Gehirn" not in unit  # only the transcript of the unit's video says it
    assert "Eine Plattform für die ganze Region – Die Datenplattform verstehen" in titles(index, docs, "Gehirn")


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scschule.cli", "check", str(project), "--today", TODAY],
                          capture_output=True, text=True)


def insert_after(path: Path, marker: str, text: str) -> int:
    """Insert ``text`` after the first line starting with ``marker``; returns the line of its first line (the fence)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(marker)) + 1
    lines[index:index] = ["\n", text, "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


def test_check_and_the_build_reject_inaccessible_media_in_guides_units_and_issues(project):
    guide = project / "guides" / "open-data-mit-ckan" / "index.md"
    no_captions = insert_after(guide, "## ", (
        "```medien\ntitle: Ohne Untertitel\nfile: leitfaeden/datenplattform-erklaert.mp4\n"
        "transcript: leitfaeden/datenplattform-erklaert.transkript.md\nlicence: CC BY 4.0\n```\n"))
    unit = project / "courses" / "digitale-beteiligung" / "beteiligung-planen.md"
    youtube = insert_after(unit, "### ", (
        "```medien\ntitle: Fremdes Video\nurl: https://www.youtube.com/watch?v=x.mp4\nduration: \"1:00\"\n"
        "size: 1000\ntranscript: leitfaeden/datenplattform-erklaert.transkript.md\nlicence: CC BY 4.0\n```\n")) + 2
    issue = next((project / "newsletter").glob("*/*.md"))
    missing = insert_after(issue, "## ", (
        "```medien\ntitle: Fehlt\nfile: schuelerzeitung/fehlt.m4a\n"
        "transcript: leitfaeden/datenplattform-erklaert.transkript.md\nlicence: CC BY 4.0\n```\n")) + 2

    result = check(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if "Medien-Block" in line] == sorted([
        f"{guide.relative_to(project)}:{no_captions}: Medien-Block „Ohne Untertitel“: Untertitel fehlen: ein Video mit "
        "Sprache braucht eine deutsche WebVTT-Datei unter 'captions' (WCAG 1.2.2); ein Video ganz ohne Sprache "
        "bekommt 'speech: false'",
        f"{issue.relative_to(project)}:{missing}: Medien-Block „Fehlt“: Datei medien/schuelerzeitung/fehlt.m4a fehlt",
        f"{unit.relative_to(project)}:{youtube}: Medien-Block „Fremdes Video“: 'www.youtube.com' ist ein fremder Host: "
        "Medien von Videoplattformen oder anderen Servern übermitteln Daten der Besucherinnen und Besucher an Dritte. "
        "Das Portal liefert jede Datei selbst aus (Datei in medien/ oder in der Medienablage der Website)",
    ]), lines
    build = run_build(project)
    assert build.returncode != 0
    assert f"{guide.relative_to(project)}:{no_captions}: Medien-Block „Ohne Untertitel“: Untertitel fehlen" in build.stderr


def test_a_media_base_url_on_another_host_fails_the_check_with_a_german_message(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scschule-media" in text
    config.write_text(text.replace("  - scschule-media", "  - scschule-media:\n      base_url: https://cdn.example.com/medien/\n"
                                   "  # - scschule-media", 1), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("scschule-media: base_url 'https://cdn.example.com/medien/' liegt nicht auf der Website "
            "https://schule.smartcities-suedwestfalen.example") in result.stdout
