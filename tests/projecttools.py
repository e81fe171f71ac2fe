"""Project helpers shared by the tests: copy the project, run a real build.

A module of its own (not conftest) so that test files import it by a unique name;
tests/browser has a conftest.py of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_parts() -> tuple[str, ...]:
    """What a build needs: the configuration, the theme overrides, the caches and snapshots, and
    every collection's top folder (from the collection descriptors). Tests, .venv and site/ stay behind."""
    from scschule.content.media import MEDIA_FOLDER
    from scschule.portal import COLLECTIONS

    collections = (Path(collection.folder).parts[0] for collection in COLLECTIONS)
    return tuple(dict.fromkeys(("mkdocs.yml", "docs", "overrides", *collections, ".cache", "snapshots", MEDIA_FOLDER)))


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in project_parts():
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


# The engine the tests build with, as `make build` and the pipelines do; MkDocs builds the same
# site (tests/test_deploy_build.py compares the two).
ENGINE = "properdocs"


def engine(*args: str) -> list[str]:
    """The engine's command line: ``properdocs build ...`` run by this Python."""
    return [sys.executable, "-m", ENGINE, *args]


def run_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """``properdocs build --strict`` in ``root``, as an editor would run it."""
    return subprocess.run(engine("build", "--strict", "--config-file", str(root / "mkdocs.yml"),
                                 "--site-dir", str(root / "site"), *extra),
                          cwd=root, capture_output=True, text=True)


def built_page(site: Path, url: str):
    """The built page at directory URL ``url``, parsed, without the ¶ permalinks of headings."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return soup


def copy_region(dest: Path) -> None:
    """A project needs its region/ folder (issue 30): test projects built by hand get this one's."""
    shutil.copytree(ROOT / "region", dest / "region", dirs_exist_ok=True)


def region_taxonomy():
    """This repository's region (region/), for loading test projects that have none of their own."""
    from scschule.taxonomy import load_taxonomy

    return load_taxonomy(ROOT)
