"""deploy/build-site.sh, the build both pipelines publish, on every push and every night.

With ProperDocs it gives the same site as MkDocs (only the generator meta differs). Built for a
Pages address, every link moves under it. And the nightly build publishes a scheduled newsletter
issue: built on its date the issue is in the archive, on its own page and in the feeds, while an
issue dated the next day is nowhere (tests/test_workflows.py checks the schedule triggers).
`today` is the core plugin's option that `--today` of `scschule` sets too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import feedparser
import yaml

from projecttools import ROOT, copy_project

BIN = Path(sys.executable).parent
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')
PAGES = "https://beispiel.gitlab.io/smartcities-schule"  # no slash: the script adds it
ISSUE_DATE = date(2027, 1, 20)  # after every issue of the repository: the test's own scheduled issues
TITLES = {98: "Testausgabe, fällig am Tag des Builds", 99: "Testausgabe, fällig erst am Tag danach"}
SCHEDULED_ISSUE = """---
issue: {number}
date: {date}
title: "{title}"
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


def deploy_build(project: Path, out: Path, site_url: str = "", engine: str = "properdocs") -> subprocess.CompletedProcess:
    shutil.copytree(ROOT / "deploy", project / "deploy", dirs_exist_ok=True)
    executable = BIN / engine
    assert executable.is_file(), f"{engine} fehlt: pip install -e '.[test]'"
    env = {**os.environ, "ENGINE": str(executable)}
    return subprocess.run(["bash", str(project / "deploy" / "build-site.sh"), str(out), site_url],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def nightly_on(project: Path, today: date) -> Path:
    """The build of the night of ``today``; without PDFs, which a new site address renders all again."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scschule\n" in text and "  - scschule-guides\n" in text
    text = text.replace("  - scschule\n", f'  - scschule:\n      today: "{today.isoformat()}"\n', 1)
    config.write_text(text.replace("  - scschule-guides\n", "  - scschule-guides:\n      pdf: false\n", 1),
                      encoding="utf-8")
    return project


def feed_titles(site: Path, name: str) -> list[str]:
    return [entry.title for entry in feedparser.parse((site / "schuelerzeitung" / name).read_bytes()).entries]


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_mkdocs_builds_the_same_site_as_properdocs(built_site, tmp_path):
    """ProperDocs is the engine (the session's site); MkDocs 1.6 must keep building the same site."""
    project = copy_project(tmp_path / "project")
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    result = deploy_build(project, tmp_path / "mkdocs", site_url, engine="mkdocs")
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs" in (built_site / "index.html").read_bytes()
    assert b'content="mkdocs-' in (tmp_path / "mkdocs" / "index.html").read_bytes()
    properdocs, mkdocs = site_files(built_site), site_files(tmp_path / "mkdocs")
    assert sorted(properdocs) == sorted(mkdocs)
    differing = [name for name in mkdocs
                 if GENERATOR_META.sub(b"", mkdocs[name]) != GENERATOR_META.sub(b"", properdocs[name])]
    assert not differing, f"MkDocs baut anders als ProperDocs: {differing[:10]}"
    assert not list(project.glob("mkdocs.deploy.*.yml")), "die temporäre Konfiguration bleibt liegen"


def test_the_nightly_build_publishes_the_issue_due_that_day_under_the_pages_address(project, tmp_path):
    folder = project / "newsletter" / str(ISSUE_DATE.year)
    folder.mkdir(parents=True, exist_ok=True)
    for offset, (number, title) in enumerate(TITLES.items()):
        issue = SCHEDULED_ISSUE.format(number=number, date=ISSUE_DATE + timedelta(days=offset), title=title)
        (folder / f"{number}-testausgabe.md").write_text(issue, encoding="utf-8")
    result = deploy_build(nightly_on(project, ISSUE_DATE), tmp_path / "public", PAGES)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "public"

    due, tomorrow = TITLES[98], TITLES[99]
    archive = (site / "schuelerzeitung" / "index.html").read_text(encoding="utf-8")
    assert due in (site / "schuelerzeitung" / "98" / "index.html").read_text(encoding="utf-8")
    assert due in archive and tomorrow not in archive
    assert not (site / "schuelerzeitung" / "99").exists()
    for feed in ("rss.xml", "atom.xml"):
        titles = feed_titles(site, feed)
        assert f"Ausgabe 98: {due}" in titles
        assert not [title for title in titles if tomorrow in title]

    not_found = (site / "404.html").read_text(encoding="utf-8")
    # GitLab and GitHub Pages serve 404.html for every unknown address at any depth: absolute paths.
    assert re.search(r'href="/smartcities-schule/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', not_found)
    assert f'<link rel="canonical" href="{PAGES}/impressum/">' in \
        (site / "impressum" / "index.html").read_text(encoding="utf-8")
    assert f"<link>{PAGES}/schuelerzeitung/98/</link>" in (site / "schuelerzeitung" / "rss.xml").read_text(encoding="utf-8")
    assert not list(project.glob("mkdocs.deploy.*.yml"))


def test_the_build_script_refuses_to_run_without_an_output_folder(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "deploy" / "build-site.sh")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "usage: deploy/build-site.sh OUT_DIR [SITE_URL]" in result.stderr
