"""The correctness gate of the caches on 500 generated items (issue 29, point 5).

tests/test_cache_gate.py builds the real site after every kind of edit; this test does the
same on the benchmark's synthetic portal (``benchmarks/synth.py``, 500 items, PDFs off), where
the nav, the lists and the search index are several times larger: after each edit a build
with every cache on must write byte for byte (``diff -r``, search index included) what a cold
build of a copy without ``.cache/`` and with ``render_cache: false`` writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from projecttools import ROOT, run_build
from test_cache_gate import TODAY, a_guide, body_text, cold_build, differences, replace_once

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate  # noqa: E402

ITEMS = 500


def issues(project: Path) -> list[Path]:
    return sorted((project / "newsletter").glob("*/*.md"))


def title(project: Path) -> None:  # the nav and every list that shows the guide change
    guide = a_guide(project)
    line = next(line for line in guide.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    assert line.endswith("'"), line  # synth.py writes its front matter with PyYAML: single quotes
    replace_once(guide, line, line[:-1] + " (überarbeitet)'")


def deleted_item(project: Path) -> None:  # an issue from the middle: lists, feeds, search, prev/next
    middle = issues(project)[len(issues(project)) // 2]
    middle.unlink()


def renamed_item(project: Path) -> None:  # its URL changes
    first = issues(project)[0]
    first.rename(first.with_name(f"{first.stem}-umbenannt.md"))


EDITS = [body_text, title, deleted_item, renamed_item]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    portal, _ = generate(ITEMS, tmp_path_factory.mktemp("gate"), pdf=False)
    replace_once(portal / "mkdocs.yml", "  - scschule\n", f"  - scschule:\n      today: '{TODAY}'\n")
    return portal


def test_every_cache_on_writes_the_site_a_cold_build_writes_on_500_items(synthetic, tmp_path):
    project = synthetic
    guides = len(list(a_guide(project).parent.parent.glob("*/index.md")))
    assert guides >= 100 and len(issues(project)) >= 100  # the 500 items are there
    first = run_build(project)
    assert first.returncode == 0, first.stderr[-4000:]
    [(pages, _)] = re.findall(r"Seiten: (\d+) umgewandelt, (\d+) aus dem Cache", first.stderr)
    for edit in EDITS:
        edit(project)
        warm = run_build(project)
        assert warm.returncode == 0, (edit.__name__, warm.stderr[-4000:])
        [(converted, reused)] = re.findall(r"Seiten: (\d+) umgewandelt, (\d+) aus dem Cache", warm.stderr)
        assert int(reused) > int(pages) - 20, (edit.__name__, warm.stderr[-3000:])  # the warm path was taken
        if edit is not title:  # a title changes the nav, and with it every page's frame
            [(_, themed)] = re.findall(r"Seitenrahmen: (\d+) gerendert, (\d+) aus dem Cache", warm.stderr)
            assert int(themed) > int(pages) // 2, (edit.__name__, warm.stderr[-3000:])
        cold = cold_build(project, tmp_path / "cold")
        assert differences(project / "site", cold) == "", edit.__name__
    assert (project / "site" / "assets" / "scschule" / "search" / "index.json").is_file()  # compared above
