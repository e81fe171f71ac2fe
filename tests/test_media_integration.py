"""Media everywhere the content goes (issue 20): the guide PDF, course preparation times, feeds."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import feedparser
import pypdf

from newsletter_fixtures import TODAY, write_issues
from projecttools import ROOT, built_page
from scschule.newsletter.feeds import feed_files
from scschule.site.context import SiteContext
from scschule.portal import load_portal
from projecttools import region_taxonomy

SAMPLE = "medien/leitfaeden/datenplattform-erklaert"
SITE_URL = "https://example.org/portal/"
BLOCK = """
```medien
title: "Erklärvideo"
file: leitfaeden/datenplattform-erklaert.mp4
captions: leitfaeden/datenplattform-erklaert.de.vtt
transcript: leitfaeden/datenplattform-erklaert.transkript.md
licence: CC BY 4.0
```
"""


def test_the_guide_pdf_has_the_link_and_the_transcript_instead_of_a_player(built_site):
    pdf = built_site / "leitfaeden" / "datenplattform-fiware-ngsi-ld" / "datenplattform-fiware-ngsi-ld-1.1.0.pdf"
    reader = pypdf.PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Video: Erklärvideo: die regionale Datenplattform (Dauer 1:18 Min., Lizenz: CC BY 4.0)" in text
    assert "Transkript Sprecher: synthetische Stimme (espeak-ng)." in text
    assert "das „Gehirn“ der smarten Region" in text
    assert "Video oder Audio (wird beim Erstellen" not in text  # no empty slot of the fence
    links = {annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
             for annotation in page.get("/Annots") or []}
    assert f"https://schule.smartcities-suedwestfalen.example/{SAMPLE}.mp4" in links


def test_preparation_counts_the_minutes_of_a_video_read_from_its_file(built_site):
    portal = load_portal(ROOT, today=date.fromisoformat("2026-11-30"))
    course = next(c for c in portal.courses if c.slug == "die-datenplattform-verstehen")
    unit = course.unit("gemeinsame-plattform")
    video = next(m for m in unit.meta.preparation if m.media)
    assert video.minutes == 2  # 1:18, rounded up
    assert unit.preparation_minutes == 45 + 2 + 30
    page = built_page(built_site, "kurse/die-datenplattform-verstehen/gemeinsame-plattform")
    items = [li.get_text(" ", strip=True) for li in page.select("li") if "Erklärvideo: die regionale" in li.get_text()]
    assert any(item.startswith("Video: Erklärvideo") and item.endswith("etwa 2 Min.") for item in items), items
    assert "etwa 1 Std. 17 Min." in page.get_text(" ", strip=True)


def test_a_missing_preparation_video_is_reported_at_its_line(project):
    unit = project / "courses" / "die-datenplattform-verstehen" / "gemeinsame-plattform.md"
    text = unit.read_text(encoding="utf-8").replace("media: leitfaeden/datenplattform-erklaert.mp4",
                                                    "media: leitfaeden/gibt-es-nicht.mp4")
    unit.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "gibt-es-nicht" in row)
    portal = load_portal(project, today=date.fromisoformat("2026-11-30"), taxonomy=region_taxonomy())
    assert [p.format(project) for p in portal.errors] == [
        f"courses/die-datenplattform-verstehen/gemeinsame-plattform.md:{line}: "
        "preparation.1.media: medien/leitfaeden/gibt-es-nicht.mp4 fehlt"]


def test_preparation_minutes_of_a_video_are_not_written_by_hand(project):
    unit = project / "courses" / "die-datenplattform-verstehen" / "gemeinsame-plattform.md"
    text = unit.read_text(encoding="utf-8").replace("    media: leitfaeden/datenplattform-erklaert.mp4\n",
                                                    "    media: leitfaeden/datenplattform-erklaert.mp4\n    minutes: 5\n")
    unit.write_text(text, encoding="utf-8")
    errors = [p.format(project) for p in load_portal(project, today=date.fromisoformat("2026-11-30"), taxonomy=region_taxonomy()).errors]
    assert len(errors) == 1 and "die Minuten eines Videos oder Audios werden aus der Datei gelesen" in errors[0], errors


def test_feed_entries_link_the_issue_media_as_enclosures_with_length_and_type(tmp_path):
    root = write_issues(tmp_path)
    shutil.copytree(ROOT / "medien", root / "medien")
    issue = root / "newsletter" / "2026" / "02-zweite-ausgabe.md"
    issue.write_text(issue.read_text(encoding="utf-8") + BLOCK, encoding="utf-8")
    portal = load_portal(root, today=date.fromisoformat(TODAY), taxonomy=region_taxonomy())
    assert not portal.errors
    files = feed_files(portal, SiteContext(SITE_URL, "Testportal", "Testredaktion"))
    size = str((ROOT / f"{SAMPLE}.mp4").stat().st_size)
    url = f"{SITE_URL}{SAMPLE}.mp4"

    rss = feedparser.parse(files["schuelerzeitung/rss.xml"])
    atom = feedparser.parse(files["schuelerzeitung/atom.xml"])
    for feed in (rss, atom):
        assert not feed.bozo, feed.get("bozo_exception")
        with_media, without = (next(e for e in feed.entries if e.title.startswith(f"Ausgabe {n}:")) for n in (2, 1))
        assert [(e["href"], e["length"], e["type"]) for e in with_media.enclosures] == [(url, size, "video/mp4")]
        assert with_media.link.startswith(SITE_URL + "schuelerzeitung/")  # the issue page stays the entry's link
        assert without.enclosures == []
    assert f'<link rel="enclosure" type="video/mp4" href="{url}" length="{size}"' in files["schuelerzeitung/atom.xml"].decode()
