"""The watcher's share of a save: from the save until ``serve`` notices it, polling against native.

    .venv/bin/python benchmarks/watcher.py --saves 11 --warmup 1

Starts two ``properdocs serve`` processes on one copy of this project's content each: one
with the engine's polling watcher (``SCSCHULE_POLLING_WATCHER=1``), one with the native
observer the core plugin puts in its place (inotify on Linux). Then, alternating between the
two, it appends a sentence to one guide and times, from the save, the server's log lines
"Detected file changes" (the watcher's latency) and "Building documentation..." (the build
starts, after the engine's 0.1 s debounce), then waits for "Reloading browsers" before the
next save. Each line is timed when it arrives on the server's output (the engine's log
handler flushes every line). Prints the load average, the median and the range. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import free_port, served  # noqa: E402
from synth import ROOT  # noqa: E402

from scschule.guides.model import GUIDES  # noqa: E402
from scschule.site.watcher import POLLING_ENV  # noqa: E402

DEADLINE = 600  # seconds for one step of a save
DETECTED, BUILDING, RELOADED = "Detected file changes", "Building documentation...", "Reloading browsers"


class WatchedSite:
    """One ``properdocs serve`` whose log lines are recorded with the time they arrive."""

    def __init__(self, project: Path, polling: bool):
        self.project, self.port = project, free_port()
        self.guide = sorted(GUIDES.path(project).glob("*/index.md"))[0]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", POLLING_ENV: "1" if polling else "0"}
        self.server = subprocess.Popen([sys.executable, "-m", "properdocs", "serve", "--dev-addr",
                                        f"127.0.0.1:{self.port}"], cwd=project, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.saves = 0

    def _read(self) -> None:
        for line in self.server.stdout:
            self.lines.append((time.perf_counter(), line))

    def _when(self, text: str, after: int, what: str) -> float:
        """The arrival time of the first line containing ``text`` among the lines from index ``after``."""
        started = time.perf_counter()
        while time.perf_counter() - started < DEADLINE:
            for arrived, line in self.lines[after:]:
                if text in line:
                    return arrived
            if self.server.poll() is not None:
                raise SystemExit(f"serve ended ({what}):\n{''.join(line for _, line in self.lines[-40:])}")
            time.sleep(0.005)
        raise SystemExit(f"not within {DEADLINE} s: {what}")

    def first_build(self) -> None:
        self._when("Serving on", 0, "first build")
        while not served(f"http://127.0.0.1:{self.port}/"):
            time.sleep(0.05)

    def save(self) -> tuple[float, float]:
        """Seconds from the save to the change detected and to the build started; returns after the reload."""
        self.saves += 1
        before = len(self.lines)
        saved = time.perf_counter()  # when the save starts: a native observer may report the write before close()
        with self.guide.open("a", encoding="utf-8") as handle:
            handle.write(f"\nGespeichert zum {self.saves}. Mal im Messlauf.\n")
        detected = self._when(DETECTED, before, f"save {self.saves} detected")
        building = self._when(BUILDING, before, f"save {self.saves} building")
        self._when(RELOADED, before, f"save {self.saves} reloaded")
        return detected - saved, building - saved

    def stop(self) -> None:
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()


def spread(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ({min(times) * 1000:.0f}–{max(times) * 1000:.0f}, n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=11, help="counted saves per watcher")
    parser.add_argument("--warmup", type=int, default=1, help="saves before the counted ones")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-watcher-"))
    ignore = shutil.ignore_patterns(".git", ".venv", "site", "node_modules")
    sites = {}
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    try:
        for name in ("polling", "native"):
            shutil.copytree(ROOT, workdir / name, ignore=ignore)
            sites[name] = WatchedSite(workdir / name, polling=name == "polling")
        for site in sites.values():
            site.first_build()
        times = {name: ([], []) for name in sites}
        for round_ in range(args.warmup + args.saves):
            for name, site in sites.items():
                detected, building = site.save()
                if round_ >= args.warmup:
                    times[name][0].append(detected)
                    times[name][1].append(building)
    finally:
        for site in sites.values():
            site.stop()
    print("| watcher | save to \"Detected file changes\", ms: median (range, saves) | save to build start, ms |")
    print("|---|---:|---:|")
    for name, (detected, building) in times.items():
        print(f"| {name} | {spread(detected)} | {spread(building)} |")
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
