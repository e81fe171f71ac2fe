"""The editor's loop: save a guide during ``mkdocs serve`` and time until the change is served.

    .venv/bin/python benchmarks/serve.py --n 0 500 --saves 11 --warmup 1

For each N (0: this project's own content; otherwise the synthetic portal of
``synth.py`` with N items and its vanilla MkDocs + Material twin on the same
Markdown), it starts ``mkdocs serve`` on a free loopback port (both sites at
once for N > 0), waits for the first build, then appends a new sentence to one
guide's file and measures the time from the save until the served page contains
it (polled every 20 ms): ``--warmup`` saves first (not counted), then ``--saves``
counted ones, portal and vanilla alternating, so a change of the machine's load
hits both. Prints the load average before and after, each serve process's peak memory,
the median and the range per site and the ratio portal / vanilla. Figures are printed, never asserted.
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
from targets import Target, verdict  # noqa: E402

from scschule.guides.model import GUIDES  # noqa: E402

DEADLINE = 600  # seconds for one build to show a save
PORTAL_INDEX = "assets/scschule/search/index.json"  # written by a background thread after serve's reload
VANILLA_INDEX = "search/search_index.json"  # Material's, written in the build


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


def wait_until(predicate, what: str, server: subprocess.Popen, log: Path) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < DEADLINE:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve ended ({what}):\n{log.read_text(errors='replace')[-3000:]}")
        if predicate():
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"not within {DEADLINE} s: {what}")


class ServedSite:
    """One ``mkdocs serve`` process, the file an editor saves, the page that shows it and the search index
    that belongs to it (the portal's serve writes it in the background after the reload)."""

    def __init__(self, project: Path, source: Path, page: str, index: str):
        self.source, self.port = source, free_port()
        self.url = f"http://127.0.0.1:{self.port}/{page}"
        self.index_url = f"http://127.0.0.1:{self.port}/{index}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        self.log = project.parent / f"serve-{project.name}-{self.port}.log"  # a file: a full pipe would stall serve
        with self.log.open("w") as log:
            self.server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                                            f"127.0.0.1:{self.port}"], cwd=project, env=env, stdout=log,
                                           stderr=subprocess.STDOUT)
        self.saves = 0
        self.index_after: list[float] = []  # seconds from served until the search index is there again

    def first_build(self) -> None:
        wait_until(lambda: served(self.url), "first build", self.server, self.log)

    def save(self) -> float:
        """Seconds from one save until the served page shows it; then waits until the search index is
        written too, so the next save never waits for the work of this one (an editor's saves are
        seconds apart), and records how long that took."""
        self.saves += 1
        marker = f"Gespeichert zum {self.saves}. Mal im Messlauf."
        with self.source.open("a", encoding="utf-8") as handle:
            handle.write(f"\n{marker}\n")
        took = wait_until(lambda: marker in served(self.url), f"save {self.saves}", self.server, self.log)
        self.index_after.append(wait_until(lambda: served(self.index_url), f"index {self.saves}", self.server, self.log))
        return took

    def peak_memory_mb(self) -> float:
        """The serve process's peak resident memory so far (Linux: VmHWM), in MB."""
        for line in Path(f"/proc/{self.server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.peak_mb = self.peak_memory_mb()
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()


def alternate(sites: dict[str, ServedSite], saves: int, warmup: int) -> dict[str, list[float]]:
    """Save times per site; also prints each serve process's peak memory when it stops."""
    times: dict[str, list[float]] = {name: [] for name in sites}
    try:
        for site in sites.values():
            site.first_build()
        for round_ in range(warmup + saves):
            for name, site in sites.items():
                took = site.save()
                if round_ >= warmup:
                    times[name].append(took)
        return times
    finally:
        for name, site in sites.items():
            site.stop()
            after = site.index_after[warmup:] or [float("nan")]
            print(f"{name}: peak memory of the serve process {site.peak_mb:.0f} MB; search index there "
                  f"{statistics.median(after):.2f} s (median) after the page", flush=True)


def measure(n: int, workdir: Path, saves: int, warmup: int) -> dict:
    if n == 0:
        project = workdir / "real"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "node_modules"))
        guide = sorted(GUIDES.path(project).glob("*/index.md"))[0]
        times = alternate({"portal": ServedSite(project, guide, f"leitfaeden/{guide.parent.name}/", PORTAL_INDEX)},
                          saves, warmup)
        return {"n": 0, "portal": times["portal"], "vanilla": None}
    portal_dir, vanilla_dir = generate(n, workdir / f"n{n}", pdf=False)
    set_pdf(portal_dir, False)
    times = alternate({
        "portal": ServedSite(portal_dir, GUIDES.path(portal_dir) / "leitfaden-1" / "index.md", "leitfaeden/leitfaden-1/",
                             PORTAL_INDEX),
        "vanilla": ServedSite(vanilla_dir, vanilla_dir / "docs" / "guides" / "leitfaden-1" / "index.md",
                              "guides/leitfaden-1/", VANILLA_INDEX),
    }, saves, warmup)
    return {"n": n, **times}


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f}, n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[0, 2000], help="0 = the real site; else synthetic items")
    parser.add_argument("--saves", type=int, default=11, help="counted saves per site")
    parser.add_argument("--warmup", type=int, default=1, help="saves before the counted ones")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target of issue 29 is missed")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-serve-"))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    print("| N | portal save-to-served s: median (range, saves) | vanilla s | ratio of medians |")
    print("|---:|---:|---:|---:|")
    found: list[Target] = []  # issue 29: the real site ≤ 1 s, N items ≤ 0.5 × vanilla
    for n in args.n:
        row = measure(n, workdir, args.saves, args.warmup)
        portal = statistics.median(row["portal"])
        vanilla = statistics.median(row["vanilla"]) if row["vanilla"] else None
        found.append(Target(f"save → served, {n} items, portal ÷ vanilla (medians)", portal / vanilla, 0.5) if vanilla
                     else Target("save → served, real site (median)", portal, 1, " s"))
        ratio = f"{portal / vanilla:.2f}" if vanilla else "–"
        print(f"| {n or 'real site'} | {spread(row['portal'])} | {spread(row['vanilla']) if vanilla else '–'} "
              f"| {ratio} |", flush=True)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    verdict(found, args.check)


if __name__ == "__main__":
    main()
