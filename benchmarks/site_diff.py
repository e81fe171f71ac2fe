"""Which files of the built site change between two versions of the code?

    .venv/bin/python benchmarks/site_diff.py --base <git revision> [--today JJJJ-MM-TT]

builds this project's content twice on the same day: with the package as it is
at ``--base`` (installed from ``git archive`` into a temporary folder that comes
first on PYTHONPATH, so its own plugin entry points are the ones MkDocs finds)
and with the package as it is in the working tree. Both builds use the working
tree's content and configuration, so only the code differs. Prints every file
that is only in one site and, for every file that differs, its unified diff
(shortened). A refactoring should show no difference except where a fix says so.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = {".html", ".xml", ".json", ".csv", ".ics", ".css", ".js", ".txt", ".svg"}
SHOWN_LINES = 40


def package_at(revision: str, dest: Path) -> Path:
    """The package as it was at ``revision``, installed (not editable) into ``dest/lib``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / "source.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), revision], check=True)
    source = dest / "source"
    with tarfile.open(archive) as tar:
        tar.extractall(source, filter="data")
    lib = dest / "lib"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(lib), str(source)], check=True)
    return dest


def build(project: Path, site: Path, today: str, pythonpath: Path | None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCSCHULE_WIDGETS_OFFLINE": "1"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - scschule\n", f"  - scschule:\n      today: '{today}'\n", 1), encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
                                cwd=project, env=env, capture_output=True, text=True)
    finally:
        config.write_text(text, encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"build failed ({pythonpath or 'working tree'}):\n{result.stderr[-3000:]}")


def files_of(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in sorted(site.rglob("*")) if p.is_file()}


def compare(before: Path, after: Path) -> int:
    old, new = files_of(before), files_of(after)
    changed = 0
    for name in sorted(old.keys() - new.keys()):
        print(f"only before: {name}")
        changed += 1
    for name in sorted(new.keys() - old.keys()):
        print(f"only after:  {name}")
        changed += 1
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name].read_bytes(), new[name].read_bytes()
        if a == b:
            continue
        changed += 1
        print(f"differs:     {name}")
        if Path(name).suffix in TEXT:
            diff = list(difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                             b.decode("utf-8", "replace").splitlines(), lineterm="", n=0))
            for line in diff[2:SHOWN_LINES]:
                print(f"    {line[:300]}")
            if len(diff) > SHOWN_LINES:
                print(f"    … {len(diff) - SHOWN_LINES} more lines")
    print(f"{len(new)} files after, {changed} differ from before.")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision of the code to compare with")
    parser.add_argument("--today", default="2026-12-01", help="the day both builds are for")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="site-diff-") as temp:
        temp = Path(temp)
        lib = package_at(args.base, temp / "base") / "lib"
        project = temp / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "*.egg-info"))
        build(project, temp / "before", args.today, lib)
        build(project, temp / "after", args.today, None)
        compare(temp / "before", temp / "after")


if __name__ == "__main__":
    main()
