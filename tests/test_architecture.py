"""The package's layers (README, "Architecture") hold: import-linter's contracts from pyproject.toml.

The other tests prove the contracts can fail: a copy of the package with one
forbidden import of each kind is rejected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(plugins: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(plugins)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_layers_are_kept():
    result = lint_imports(ROOT / "plugins", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plugins", tmp_path / "plugins", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path / "plugins" / "scschule"


def add_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}  # noqa: E402\n")


def test_a_forbidden_import_breaks_the_contracts(tmp_path):
    package = package_copy(tmp_path)
    with (package / "content" / "items.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport mkdocs  # noqa: E402\n")  # the content model may not know MkDocs
    with (package / "courses" / "pages.py").open("a", encoding="utf-8") as handle:
        handle.write("\nfrom ..guides import model as _guides  # noqa: E402\n")  # nor one capability another
    result = lint_imports(tmp_path / "plugins", tmp_path)
    assert result.returncode == 1
    assert "Contracts: 1 kept, 2 broken." in result.stdout
    assert "scschule.courses.pages -> scschule.guides.model" in result.stdout
    assert "scschule.content.items -> mkdocs" in result.stdout


def test_only_the_adapters_may_know_mkdocs(tmp_path):
    """Each capability's plugin.py is its only MkDocs-bound module: a renderer, a site helper
    or a capability's model that imports MkDocs or the theme breaks the contract."""
    package = package_copy(tmp_path)
    add_line(package / "guides" / "pdf.py", "from mkdocs.structure.files import File as _File")
    add_line(package / "site" / "context.py", "import material as _material")
    add_line(package / "widgets" / "plugin.py", "from mkdocs.structure.pages import Page as _Page")  # allowed
    result = lint_imports(tmp_path / "plugins", tmp_path)
    assert result.returncode == 1
    assert "Only the adapters know MkDocs and the theme BROKEN" in result.stdout
    assert "scschule.guides.pdf -> mkdocs" in result.stdout
    assert "scschule.site.context -> material" in result.stdout
    assert "scschule.widgets.plugin -> mkdocs" not in result.stdout
    assert "Contracts: 2 kept, 1 broken." in result.stdout


def test_a_plain_module_may_not_reach_mkdocs_through_an_adapter(tmp_path):
    package = package_copy(tmp_path)
    add_line(package / "newsletter" / "feeds.py", "from ..site.build import state_of as _state_of")
    result = lint_imports(tmp_path / "plugins", tmp_path)
    assert result.returncode == 1
    assert "Nothing but an adapter imports an adapter BROKEN" in result.stdout
    assert "scschule.newsletter.feeds -> scschule.site.build" in result.stdout
    assert "Contracts: 2 kept, 1 broken." in result.stdout
