"""The editor's loop: save a guide during ``mkdocs serve`` and time until the change is served.

    .venv/bin/python benchmarks/serve.py --n 0 2000 --saves 3

For each N (0: this project's own content; otherwise the synthetic portal of
``synth.py`` with N items and its vanilla MkDocs + Material twin on the same
Markdown), it starts ``mkdocs serve`` on a free loopback port, waits for the
first build, then ``--saves`` times appends a new sentence to one guide's file
and measures the time from the save until the served page contains it (polled
every 20 ms). Prints the median per site and the ratio portal / vanilla.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import ROOT, generate, set_pdf  # noqa: E402

from scschule.guides.model import GUIDES  # noqa: E402

DEADLINE = 600  # seconds for one build to show a save


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_until(predicate, what: str, server: subprocess.Popen) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < DEADLINE:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve ended ({what}):\n{server.stdout.read()[-3000:]}")
        if predicate():
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"not within {DEADLINE} s: {what}")


def save_to_served(project: Path, source: Path, page: str, saves: int) -> list[float]:
    """Seconds from each save of ``source`` until ``page`` (URL path) shows the new text."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: served(url), "first build", server)
        times = []
        for number in range(saves):
            marker = f"Gespeichert zum {number + 1}. Mal im Messlauf."
            with source.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{marker}\n")
            times.append(wait_until(lambda: marker in served(url), f"save {number + 1}", server))
        return times
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def measure(n: int, workdir: Path, saves: int) -> dict:
    if n == 0:
        project = workdir / "real"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "node_modules"))
        guide = sorted(GUIDES.path(project).glob("*/index.md"))[0]
        portal = save_to_served(project, guide, f"leitfaeden/{guide.parent.name}/", saves)
        return {"n": 0, "portal": portal, "vanilla": None}
    portal_dir, vanilla_dir = generate(n, workdir / f"n{n}", pdf=False)
    set_pdf(portal_dir, False)
    portal = save_to_served(portal_dir, GUIDES.path(portal_dir) / "leitfaden-1" / "index.md",
                            "leitfaeden/leitfaden-1/", saves)
    vanilla = save_to_served(vanilla_dir, vanilla_dir / "docs" / "guides" / "leitfaden-1" / "index.md",
                             "guides/leitfaden-1/", saves)
    return {"n": n, "portal": portal, "vanilla": vanilla}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[0, 2000], help="0 = the real site; else synthetic items")
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-serve-"))
    print("| N | portal save-to-served s (median) | vanilla s (median) | ratio |")
    print("|---:|---:|---:|---:|")
    for n in args.n:
        row = measure(n, workdir, args.saves)
        portal = statistics.median(row["portal"])
        vanilla = statistics.median(row["vanilla"]) if row["vanilla"] else None
        ratio = f"{portal / vanilla:.2f}" if vanilla else "–"
        print(f"| {n or 'real site'} | {portal:.2f} ({', '.join(f'{t:.2f}' for t in row['portal'])}) "
              f"| {f'{vanilla:.2f}' if vanilla else '–'} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
