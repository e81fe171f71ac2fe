"""Shared fixtures: a temporary copy of the project and a real MkDocs build of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from projecttools import copy_project, run_build


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


@pytest.fixture(scope="session")
def okr_site(tmp_path_factory) -> Path:
    """The project with recorded OKR reviews (tests/okr_site.py), built once for the page and browser tests."""
    from okr_site import build_okr_site

    return build_okr_site(tmp_path_factory.mktemp("okr") / "project")


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API keeps an event loop running for the rest
    of the session, which would break tests that call asyncio.run after it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
