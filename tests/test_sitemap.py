"""sitemap.xml: lastmod is the date the content records, never the build date (issue 27)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import yaml

from projecttools import ROOT
from scschule.site.sitemap import content_dates, recorded_date

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def lastmods(site) -> dict[str, str | None]:
    tree = ET.parse(site / "sitemap.xml")
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in tree.getroot().findall("s:url", NS)}


def test_each_page_has_the_date_its_content_records(built_site):
    found = lastmods(built_site)
    by_path = {loc.split("/", 3)[3]: mod for loc, mod in found.items()}
    for guide in sorted(ROOT.glob("guides/*/index.md")):
        assert by_path[f"leitfaeden/{guide.parent.name}/"] == front_matter(guide)["updated"].isoformat(), guide
    issues = sorted(ROOT.glob("newsletter/*/*.md"))
    assert issues
    dated = {str(front_matter(issue)["date"]) for issue in issues}
    assert {mod for path, mod in by_path.items() if path.startswith("schuelerzeitung/2")} <= dated
    # Hand-written pages record no date: no lastmod rather than the day of the build.
    assert by_path["impressum/"] is None and by_path[""] is None
    assert date.today().isoformat() not in {mod for mod in found.values()} - dated


def test_dates_from_front_matter_and_items():
    assert recorded_date({"updated": date(2026, 11, 22), "date": date(2026, 1, 1)}) == date(2026, 11, 22)
    assert recorded_date({"date": datetime(2026, 5, 4, 10, 30)}) == date(2026, 5, 4)
    assert recorded_date({"updated": "bald"}) is None  # no date: nothing claimed
    pages = [("leitfaeden/a/index.html", {}), ("impressum/", {}), ("b/", {"date": date(2026, 2, 3)})]
    assert content_dates(pages, {"leitfaeden/a/": date(2026, 3, 1)}) == \
        {"leitfaeden/a/index.html": "2026-03-01", "b/": "2026-02-03"}
