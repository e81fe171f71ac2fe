"""A copy of the project with the fixtures of tests/fixtures/formats: a past talk with its recording
and slides, upcoming talks, a Pausenhofgespräch and topic proposals in every status (test data only)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from projecttools import copy_project, run_build

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TODAY = date(2026, 12, 1)
REPO_URL = "https://github.com/beispiel/smartcities-schule"
TALK = "referat-2026-11-12-offene-daten"


def set_option(root: Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text, f"mkdocs.yml enthält '{old}' nicht mehr"
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def install_formats(root: Path, *, repo_url: str = REPO_URL, api_url: str | None = None) -> Path:
    """Put the fixtures into the project copy ``root``; "today" is fixed to 2026-12-01."""
    shutil.copy2(FIXTURES / "termine.yml", root / "courses" / "termine.yml")
    shutil.copytree(FIXTURES / "referate", root / "referate", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "pausenhof", root / "pausenhof", dirs_exist_ok=True)
    set_option(root, "  - scschule\n", f"  - scschule:\n      today: \"{TODAY.isoformat()}\"\n")
    set_option(root, "# repo_url: https://github.com/<organisation>/<repository>\n", f"repo_url: {repo_url}\n")
    if api_url:
        set_option(root, "  - scschule-pausenhof", f"  - scschule-pausenhof:\n      api_url: {api_url}\n      timeout: 2\n"
                                                  "      retries: 0\n      budget: 10\n  #")
    return root


def formats_project(dest: Path, **options) -> Path:
    return install_formats(copy_project(dest), **options)


def build_formats_site(dest: Path) -> Path:
    root = formats_project(dest)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
