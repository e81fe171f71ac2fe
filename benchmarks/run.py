"""Build benchmark: the portal against vanilla MkDocs + Material on the same Markdown.

    .venv/bin/python benchmarks/run.py --n 500 2000 10000

For every N it generates the synthetic portal (see ``synth.py``), builds it and
its vanilla twin with ``/usr/bin/time -v``, and prints wall time, peak memory,
output size, output pages and cost per output page for both, plus the ratios.
A second build of the portal with nothing changed shows what the caches save.
Results are also written as JSON (``--json``) for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Build:
    seconds: float
    peak_mb: float
    output_mb: float
    pages: int

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / max(self.pages, 1)

    @property
    def kb_per_page(self) -> float:
        return 1024 * self.output_mb / max(self.pages, 1)


def build(project: Path, site: Path) -> Build:
    """One ``mkdocs build`` under /usr/bin/time -v (public tools only)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    if Path(TIME).exists():
        command = [TIME, "-v", *command]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    files = [p for p in site.rglob("*") if p.is_file()]
    return Build(
        seconds=seconds,
        peak_mb=int(rss.group(1)) / 1024 if rss else float("nan"),
        output_mb=sum(p.stat().st_size for p in files) / 2**20,
        pages=sum(p.suffix == ".html" for p in files),
    )


def measure(n: int, workdir: Path) -> dict:
    portal, vanilla = generate(n, workdir / f"n{n}")
    ours = build(portal, portal / "site")
    again = build(portal, portal / "site")  # nothing changed: caches hit
    base = build(vanilla, vanilla / "site")
    row = {
        "n": n,
        "portal": asdict(ours) | {"ms_per_page": ours.ms_per_page, "kb_per_page": ours.kb_per_page},
        "portal_rebuild_s": again.seconds,
        "vanilla": asdict(base) | {"ms_per_page": base.ms_per_page, "kb_per_page": base.kb_per_page},
        "ratio_cost_per_page": ours.ms_per_page / base.ms_per_page,
        "ratio_size_per_page": ours.kb_per_page / base.kb_per_page,
        "ratio_wall": ours.seconds / base.seconds,
    }
    shutil.rmtree(workdir / f"n{n}", ignore_errors=True)
    return row


def report(rows: list[dict]) -> str:
    lines = [
        "| N | portal s | pages | ms/page | peak MB | MB out | KB/page | rebuild s | vanilla s | pages | ms/page | peak MB | MB out | KB/page | cost/page ratio | size/page ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        p, v = r["portal"], r["vanilla"]
        lines.append(
            f"| {r['n']} | {p['seconds']:.1f} | {p['pages']} | {p['ms_per_page']:.1f} | {p['peak_mb']:.0f} | {p['output_mb']:.1f} | {p['kb_per_page']:.1f} "
            f"| {r['portal_rebuild_s']:.1f} | {v['seconds']:.1f} | {v['pages']} | {v['ms_per_page']:.1f} | {v['peak_mb']:.0f} | {v['output_mb']:.1f} | {v['kb_per_page']:.1f} "
            f"| {r['ratio_cost_per_page']:.2f} | {r['ratio_size_per_page']:.2f} |"
        )
    if len(rows) > 1:
        by_n = {r["n"]: r for r in rows}
        if 2000 in by_n and 10000 in by_n:
            lines.append(f"\nLinearity: time(10,000) / time(2,000) = {by_n[10000]['portal']['seconds'] / by_n[2000]['portal']['seconds']:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[500, 2000, 10000], help="content items per run")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-bench-"))
    rows = []
    for n in args.n:
        rows.append(measure(n, workdir))
        print(report(rows[-1:]), flush=True)
    print()
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
