"""Where one ``serve`` rebuild after a guide save spends its time (a cProfile of the engine's build).

    .venv/bin/python benchmarks/profile_rebuild.py [--workdir /dev/shm/profile]

Copies this project, builds it once as ``properdocs serve`` does (``on_startup(command="serve")``,
the serve address as ``site_url``), appends a sentence to one guide, then profiles the rebuild
(``load_config`` plus ``build``, what serve's builder runs per save; the watcher's polling and
debounce are not in it). Prints the rebuild's wall time and the functions with the largest
cumulative time. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import properdocs.replacement  # noqa: F401  (mkdocs.* is properdocs.*, as under `properdocs serve`)
from properdocs.commands.build import build
from properdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


def serve_build(project: Path, first: bool) -> None:
    """As serve's builder: a new config each time; the engine keeps the instances of plugins
    with ``on_startup`` in the Plugins option's cache, and makes new ones of the others."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "preview"))
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to copy (e.g. a synth.py portal)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-profile-"))
    project = workdir / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "preview"))
    serve_build(project, first=True)  # the first build fills the caches
    guide = sorted((project / "guides").glob("*/index.md"))[0]  # synth.py: guides/leitfaden-1/ sorts first
    guide.write_text(guide.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    serve_build(project, first=False)
    profile.disable()
    print(f"rebuild after one guide save: {time.perf_counter() - started:.2f} s wall (under cProfile)", file=sys.stderr)
    profile.dump_stats(str(workdir / "rebuild.prof"))
    pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
