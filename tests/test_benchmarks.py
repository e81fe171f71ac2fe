"""The benchmark's synthetic portal stays valid as the content models change.

Schema drift breaks this test, not a benchmark run of several minutes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from projecttools import ROOT, run_build

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import Mix, generate, set_pdf, widget_fences  # noqa: E402
from projecttools import region_taxonomy
from projecttools import copy_region

N = 20


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, Path]:
    return generate(N, tmp_path_factory.mktemp("bench"), pdf=False)


def test_synthetic_portal_passes_check(synthetic):
    portal, _ = synthetic
    result = subprocess.run([sys.executable, "-m", "scschule.cli", "check", str(portal)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 Fehler, 0 Warnungen." in result.stderr, result.stdout


def test_synthetic_portal_covers_every_collection(synthetic):
    portal, vanilla = synthetic
    mix = Mix.of(N)
    assert len(list((portal / "guides").glob("*/index.md"))) == mix.guides
    assert list((portal / "guides").glob("*/versions/*.md")), "guides with archived versions"
    assert len(list((portal / "newsletter").glob("*/*.md"))) == mix.issues
    assert list((portal / "courses").glob("*/course.yml")) and list((portal / "courses").glob("*/einheit-*.md"))
    assert len(list((portal / "municipalities").glob("*.yml"))) == len(list((ROOT / "municipalities").glob("*.yml")))
    fences = widget_fences()
    assert fences and all("```datenplattform" in f for f in fences)
    guides_text = "".join(p.read_text(encoding="utf-8") for p in (portal / "guides").glob("*/index.md"))
    assert "```datenplattform" in guides_text
    # The vanilla twin has the same Markdown bodies.
    vanilla_pages = list((vanilla / "docs").rglob("*.md"))
    assert len(vanilla_pages) >= mix.guides + mix.issues


def test_baseline_uses_the_portals_markdown_extensions(synthetic):
    """Same Markdown features on both sides; only the data-widget and media fences and the row headers
    of tables (scschule.site.tables) are the project's own code."""
    import yaml

    from scschule.media.fence import format_media
    from scschule.widgets.fence import format_widget

    portal, vanilla = synthetic

    def extensions(config: Path) -> dict:
        listed = yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.UnsafeLoader)["markdown_extensions"]
        return {next(iter(e)) if isinstance(e, dict) else e: (next(iter(e.values())) if isinstance(e, dict) else {})
                for e in listed}

    ours, baseline = extensions(portal / "mkdocs.yml"), extensions(vanilla / "mkdocs.yml")
    assert ours.pop("pymdownx.superfences") == {"custom_fences": [
        {"name": "datenplattform", "class": "datenplattform", "format": format_widget},
        {"name": "medien", "class": "medien", "format": format_media}]}
    assert baseline.pop("pymdownx.superfences") == {}
    assert ours.pop("scschule.site.tables") == {}
    assert baseline == ours


def test_synthetic_portal_builds_strict(synthetic):
    portal, vanilla = synthetic
    result = run_build(portal)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (portal / "site" / "leitfaeden" / "leitfaden-0" / "1.0.0" / "index.html").is_file()
    assert not list((portal / "site").rglob("*.pdf"))  # generated with pdf: false
    widget_pages = [p for p in (portal / "site" / "leitfaeden").rglob("index.html")
                    if 'class="scs-widget' in p.read_text(encoding="utf-8")]
    assert widget_pages, "widgets answered from the shipped snapshots"
    base = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(vanilla / "site")],
                          cwd=vanilla, capture_output=True, text=True)
    assert base.returncode == 0, base.stderr[-3000:]


def test_pdf_switch_round_trips(tmp_path):
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    copy_region(tmp_path)
    original = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    set_pdf(tmp_path, False)
    off = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"- scschule-guides:\n\s+pdf: false\n", off)
    set_pdf(tmp_path, False)
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == off
    set_pdf(tmp_path, True)
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == original


def test_benchmark_report_prints_ratios():
    from run import Build, report

    portal, vanilla = Build(10.0, 8.0, 300, 40, 400), Build(5.0, 4.0, 200, 30, 300)
    row = {"n": 2000, "config": "preview", "portal": portal.row(), "rebuild": portal.row(), "vanilla": vanilla.row(),
           "ratio_cost_per_page": 1.5, "ratio_cpu_per_page": 1.5, "ratio_rebuild_cpu_per_page": 1.5,
           "ratio_size_per_page": 1.0}
    big = row | {"n": 10000, "portal": Build(50.0, 40.0, 900, 200, 2000).row()}
    text = report([row, big])
    assert "| 2000 | preview | 400 |" in text
    assert "time(10,000) / time(2,000) = 5.00 wall, 5.00 CPU" in text


def test_the_build_benchmark_checks_the_targets_of_issue_29(capsys):
    from run import Build, targets
    from targets import verdict

    vanilla = Build(5.0, 4.0, 200, 30, 300)
    row = {"n": 10000, "config": "preview", "vanilla": vanilla.row(), "ratio_cpu_per_page": 1.4,
           "ratio_rebuild_cpu_per_page": 0.45,
           "portal": Build(10.0, 8.0, 1400, 40, 400).row(), "rebuild": Build(2.0, 2.4, 300, 40, 400).row()}
    met = targets([row, row | {"config": "default", "ratio_cpu_per_page": 9}])  # only the preview configuration counts
    assert [t.met for t in met] == [True, True, True]  # 1.4 ≤ 1.5; 0.45 ≤ 0.5 per page; 1400 MB < 1.5 GB
    assert "(whole: 0.60)" in met[1].measure  # 2.4 / 4.0 CPU s, printed beside the per-page ratio
    verdict(met, check=True)
    missed = targets([row | {"portal": Build(10.0, 8.0, 1600, 40, 400).row(), "ratio_rebuild_cpu_per_page": 0.6}])
    with pytest.raises(SystemExit, match="targets missed: unchanged build .*, peak memory, 10000 items"):
        verdict(missed, check=True)
    verdict(missed, check=False)  # without --check the verdict is printed only
    assert capsys.readouterr().out.count("| **no** |") == 4


def test_feeds_stay_the_same_size_as_the_newsletter_grows(tmp_path):
    """Feeds carry the newest FEED_LIMIT issues, so feed size and build work do not grow with the archive."""
    import xml.etree.ElementTree as ET

    from scschule.portal import load_portal
    from scschule.newsletter.feeds import FEED_LIMIT, feed_files
    from scschule.site.context import SiteContext

    portal_dir, _ = generate(FEED_LIMIT * 5 // 2 + 10, tmp_path / "many", pdf=False)  # more issues than the limit
    portal = load_portal(portal_dir, taxonomy=region_taxonomy())
    published = sorted(portal.visible_issues, key=lambda i: i.number, reverse=True)
    assert len(published) > FEED_LIMIT
    files = feed_files(portal, SiteContext("https://schule.example/", "Schule"))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(files["schuelerzeitung/atom.xml"]).findall(f"{atom}entry")
    assert [e.find(f"{atom}link").get("href") for e in entries] == \
        [f"https://schule.example/schuelerzeitung/{i.number}/" for i in published[:FEED_LIMIT]]
    rss_items = ET.fromstring(files["schuelerzeitung/rss.xml"]).findall("channel/item")
    assert len(rss_items) == FEED_LIMIT
    for path, xml in files.items():
        if path.startswith("kommunen/"):
            assert len(ET.fromstring(xml).findall(f"{atom}entry")) <= FEED_LIMIT
