"""A second accessibility engine (issue 15, section 3): pa11y with HTML_CodeSniffer, WCAG 2.1 AA,
on one example page of every page type, in Debian's chromium. Zero errors.

pa11y runs once (one node process, one browser) over all example pages and a canary page with
known errors; the canary proves that the engine ran and reports what it should."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from quality.page_types import PAGE_TYPES, example_url_or_skip
from quality.validators import PA11Y, ROOT, require

pytestmark = pytest.mark.browser

RUNNER = ROOT / "tests" / "quality" / "pa11y-run.js"
CANARY = """<!doctype html><html><head><title>Kanarienvogel</title></head>
<body><img src="bild.png"><input type="text"></body></html>"""
CANARY_CODES = ("H57.2", "H37", "H91.InputText.Name")  # no lang, an image without alt, a nameless field

by_type = pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])


@pytest.fixture(scope="module")
def pa11y_results(base_url, site_root, tmp_path_factory) -> dict[str, list[dict]]:
    require(PA11Y, "pa11y (npm)")
    canary = tmp_path_factory.mktemp("pa11y") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    urls = [canary.as_uri()]
    urls += [base_url + url for page_type in PAGE_TYPES if page_type.is_built(site_root)
             and (url := page_type.example_url(site_root))]
    result = subprocess.run(["node", str(RUNNER), *urls], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, f"pa11y ist abgebrochen: {result.stderr[-3000:]}"
    return json.loads(result.stdout)


def test_pa11y_runs_and_finds_known_errors(pa11y_results):
    canary = next(issues for url, issues in pa11y_results.items() if url.startswith("file:"))
    codes = " ".join(issue["code"] for issue in canary if issue["type"] == "error")
    missing = [code for code in CANARY_CODES if code not in codes]
    assert not missing, f"pa11y meldet bekannte Fehler der Prüfseite nicht: {missing}; gemeldet: {codes}"


@by_type
def test_html_codesniffer_finds_no_errors(pa11y_results, base_url, site_root, page_type):
    url = base_url + example_url_or_skip(page_type, site_root)
    errors = [issue for issue in pa11y_results[url] if issue["type"] == "error"]
    shown = "\n".join(f"- {e['code']}\n    {e['selector']}\n    {e['message']}\n    {e['context'][:160]}"
                      for e in errors[:20])
    assert not errors, f"{url}: {len(errors)} Fehler (pa11y, HTML_CodeSniffer):\n{shown}"
