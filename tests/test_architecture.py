"""The package's layers (README, "Architecture") hold: import-linter's contracts from pyproject.toml.

The second test proves the contracts can fail: a copy of the package with one
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
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_forbidden_import_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "plugins", tmp_path / "plugins", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    package = tmp_path / "plugins" / "scschule"
    with (package / "content" / "items.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport mkdocs  # noqa: E402\n")  # the content model may not know MkDocs
    with (package / "courses" / "pages.py").open("a", encoding="utf-8") as handle:
        handle.write("\nfrom ..guides import model as _guides  # noqa: E402\n")  # nor one capability another
    result = lint_imports(tmp_path / "plugins", tmp_path)
    assert result.returncode == 1
    assert "Contracts: 0 kept, 2 broken." in result.stdout
    assert "scschule.courses.pages -> scschule.guides.model" in result.stdout
    assert "scschule.content.items -> mkdocs" in result.stdout
