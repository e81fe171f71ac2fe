"""The nightly build publishes a scheduled newsletter issue: built the day before its date the issue
is nowhere on the site, built on its date it is in the archive, on its own page and in the feeds.

The pipelines run that build every night (tests/test_workflows.py checks the schedule triggers);
`today` is the core plugin's option that `--today` of `scschule` sets too.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import feedparser

from projecttools import run_build

ISSUE_DATE = date(2027, 1, 20)  # after every issue of the repository: the test's own scheduled issue
TITLE = "Testausgabe für den nächtlichen Build"
SCHEDULED_ISSUE = f"""---
issue: 99
date: {ISSUE_DATE.isoformat()}
title: "{TITLE}"
summary: "Nur für den Test: eine Ausgabe, die erst an ihrem Datum erscheint."
authors: ["Redaktion der Smart Cities: Schule"]
handlungsfelder: [bildung]
bundles: []
municipalities: []
draft: false
---

## Erscheint erst an ihrem Datum

Diese Ausgabe gibt es nur in diesem Test.
"""


def build_on(project: Path, today: date) -> Path:
    """A strict build of ``project`` as the nightly pipeline would run it on ``today``."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - scschule\n", f'  - scschule:\n      today: "{today.isoformat()}"\n', 1)
    text = text.replace("  - scschule-guides\n", "  - scschule-guides:\n      pdf: false\n", 1)
    dated = project.parent / f"{project.name}-{today.isoformat()}"
    dated.mkdir()
    for part in project.iterdir():
        (dated / part.name).symlink_to(part)
    (dated / "mkdocs.yml").unlink()
    (dated / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = run_build(dated)
    assert result.returncode == 0, result.stderr
    return dated / "site"


def feed_titles(site: Path, name: str) -> list[str]:
    return [entry.title for entry in feedparser.parse((site / "schuelerzeitung" / name).read_bytes()).entries]


def test_a_scheduled_issue_appears_with_the_first_build_on_its_date(project):
    folder = project / "newsletter" / str(ISSUE_DATE.year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "99-testausgabe.md").write_text(SCHEDULED_ISSUE, encoding="utf-8")

    before = build_on(project, ISSUE_DATE - timedelta(days=1))
    assert not (before / "schuelerzeitung" / "99").exists()
    assert TITLE not in (before / "schuelerzeitung" / "index.html").read_text(encoding="utf-8")
    assert not [t for t in feed_titles(before, "rss.xml") + feed_titles(before, "atom.xml") if TITLE in t]

    on_the_day = build_on(project, ISSUE_DATE)
    assert TITLE in (on_the_day / "schuelerzeitung" / "99" / "index.html").read_text(encoding="utf-8")
    assert TITLE in (on_the_day / "schuelerzeitung" / "index.html").read_text(encoding="utf-8")
    assert f"Ausgabe 99: {TITLE}" in feed_titles(on_the_day, "rss.xml")
    assert f"Ausgabe 99: {TITLE}" in feed_titles(on_the_day, "atom.xml")
