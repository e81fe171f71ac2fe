"""Shared fixtures: a temporary copy of the project and a real MkDocs build of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a build needs; everything else (tests, .venv, site/) stays behind.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "guides", "newsletter", "courses", "municipalities", ".cache")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


def run_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in ``root``, as an editor would run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site"), *extra],
        cwd=root, capture_output=True, text=True,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the project's content and configuration."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The included content, built once per test session; returns the site folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
