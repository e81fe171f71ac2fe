"""What would Zensical make of this site today? A report, not a switch (issue 28, item 5).

    .venv/bin/python benchmarks/zensical_view.py [--workdir DIR] [--json FILE]

1. installs ``ZENSICAL`` into a virtualenv of its own under ``--workdir`` (never the
   project's ``.venv``), with pydantic: ``mkdocs.yml`` names two of the package's
   Markdown fence formatters (``!!python/name:scschule…``), and Zensical imports them
   (the package's ``plugins/`` folder goes on its PYTHONPATH, nothing is installed from it);
2. copies what a build needs into ``--workdir`` and builds that copy with Zensical twice:
   as configured (``strict: true``, to record where it stops) and with ``strict: false``
   in the copy's ``mkdocs.yml``, to see everything it renders;
3. builds the same copy with MkDocs, the project's engine (this Python's ``mkdocs``);
4. prints which pages each engine wrote, by section, which files of other kinds (PDFs,
   feeds, calendar, data, media, search index) and which widgets and media players each
   site has, which links lead nowhere, and wall time and peak memory of every step;
5. with ``--vanilla N``: builds the plain-Markdown twin of the synthetic portal of N items
   (``synth.py``, the benchmark's baseline without project plugins) with both engines, to
   compare the engines' speed on pages both can render.

It downloads a package, so it is not part of the test run; its report logic is tested
in ``tests/test_zensical_view.py``. The figures in the README ("The engine") come from it.
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
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

# Pinned. 0.0.74 and every 0.1.x need the package zensical-ui, which the package index
# used here does not offer (pip: "No matching distribution found for zensical-ui");
# 0.0.73 is the newest version that installs. Raise it when a newer one installs.
ZENSICAL = "zensical==0.0.73"
# What the fence formatters named in mkdocs.yml import besides the standard library and PyYAML.
FENCE_REQUIREMENTS = ("pydantic>=2.7,<3",)

# Left behind when the project is copied: the environment, earlier output, caches, tests.
NOT_COPIED_AT_TOP = {".git", ".venv", "node_modules", "site", "out", "vorschau", "public", ".cache",
                     ".pytest_cache", "tests", "benchmarks"}
NOT_COPIED_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info")

FEEDS = {"rss.xml", "atom.xml", "feed.json"}
MEDIA = {".mp4", ".webm", ".m4v", ".mp3", ".ogg", ".oga", ".m4a", ".vtt"}
SEARCH_INDEX_FOLDERS = ("assets/scschule/search/", "search/")
SEARCH_INDEX_FILES = {"search.json", "search_index.json"}
# Markup only the project's plugins write: a widget's figure and a media player.
FEATURE_MARKERS = {"widgets": 'class="scs-widget', "media players": 'class="scs-media'}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^\s*(Warning|Error):\s*(.+?)\s*$")
_LOCATION = re.compile(r"\[\s*([^\]\s]+:\d+(?::\d+)?)\s*\]")
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass
class Step:
    """One measured command."""

    name: str
    returncode: int
    seconds: float
    cpu_seconds: float
    peak_mib: float
    output: str = field(repr=False, default="")


@dataclass
class Section:
    name: str
    mkdocs: int
    zensical: int
    only_mkdocs: list[str]
    only_zensical: list[str]


# --- report logic (tested) -------------------------------------------------------------------


def html_pages(site: Path) -> set[str]:
    """Every HTML file of a built site, as a POSIX path relative to the site."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def section_of(page: str) -> str:
    """The site section of a page: its first folder, "/" for pages at the top."""
    parts = PurePosixPath(page).parts
    return parts[0] if len(parts) > 1 else "/"


def compare_pages(mkdocs: set[str], zensical: set[str]) -> list[Section]:
    """Pages of both builds side by side, one row per section, in the order of the section names."""
    by_section: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for page in mkdocs:
        by_section[section_of(page)][0].add(page)
    for page in zensical:
        by_section[section_of(page)][1].add(page)
    return [Section(name, len(ours), len(theirs), sorted(ours - theirs), sorted(theirs - ours))
            for name, (ours, theirs) in sorted(by_section.items())]


def kind_of(path: str) -> str | None:
    """What a non-HTML file of the site is, for the comparison; None for theme assets and the like."""
    pure = PurePosixPath(path)
    suffix = pure.suffix.lower()
    if suffix == ".html":
        return None
    if pure.name in SEARCH_INDEX_FILES or path.startswith(SEARCH_INDEX_FOLDERS):
        return "search index"
    if pure.name in FEEDS:
        return "feeds (RSS, Atom, JSON Feed)"
    if suffix == ".pdf":
        return "PDFs"
    if suffix == ".ics":
        return "calendars (iCalendar)"
    if suffix in MEDIA:
        return "media files and captions"
    if suffix in (".csv", ".json") and not path.startswith("assets/"):
        return "data (CSV, JSON)"
    return None


def files_by_kind(site: Path) -> Counter:
    kinds = (kind_of(path.relative_to(site).as_posix()) for path in site.rglob("*") if path.is_file())
    return Counter(kind for kind in kinds if kind)


def pages_with_features(site: Path) -> Counter:
    """How many pages carry each kind of markup that only the project's plugins write."""
    found: Counter = Counter()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        found.update(name for name, marker in FEATURE_MARKERS.items() if marker in text)
    return found


def dead_links(site: Path) -> dict[str, list[str]]:
    """Links between pages of the site that lead to no file of it: target -> pages linking there."""
    files = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    dead: dict[str, set[str]] = defaultdict(set)
    for page in sorted(html_pages(site)):
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        for match in _HREF.finditer(text):
            target = _resolve(page, match.group(1) if match.group(1) is not None else match.group(2))
            if target is not None and target not in files and f"{target}/index.html".lstrip("/") not in files:
                dead[target].add(page)
    return {target: sorted(pages) for target, pages in sorted(dead.items())}


def _resolve(page: str, href: str) -> str | None:
    """The site path a link on ``page`` leads to; None for other hosts, other schemes and same-page anchors."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = PurePosixPath(page).parent
    path = PurePosixPath(unquote(parts.path)) if parts.path.startswith("/") else base / unquote(parts.path)
    resolved: list[str] = []
    for part in path.parts:
        if part in ("", ".", "/"):
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        resolved.append(part)
    target = "/".join(resolved)
    if parts.path.endswith("/") or not target:
        return f"{target}/index.html".lstrip("/")
    return target


def zensical_problems(output: str) -> list[tuple[str | None, str]]:
    """Zensical's warnings and errors as (file:line:column or None, message), from its console output."""
    problems: list[tuple[str | None, str]] = []
    for line in _ANSI.sub("", output).splitlines():
        warning = _WARNING.match(line)
        if warning:
            problems.append((None, f"{warning.group(1)}: {warning.group(2)}"))
            continue
        location = _LOCATION.search(line)
        if location and problems and problems[-1][0] is None and "╭" in line:
            problems[-1] = (location.group(1), problems[-1][1])
    return problems


# --- running the builds ---------------------------------------------------------------------

# Runs one command and writes the peak resident memory (KiB) and the CPU time (user + system,
# seconds) of it and its children to a file.
_MEASURE = """import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(code)"""


def measured(name: str, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Step:
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", _MEASURE, rss.name, *command], cwd=cwd, env=env,
                                capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak_kib, cpu = (rss.read() or "0 0").split()
    return Step(name, result.returncode, round(seconds, 2), round(float(cpu), 2), round(int(peak_kib) / 1024, 1),
                result.stdout + result.stderr)


def copy_project(dest: Path) -> Path:
    def ignored(folder: str, names: list[str]) -> set[str]:
        at_top = NOT_COPIED_AT_TOP.intersection(names) if Path(folder) == ROOT else set()
        return at_top | NOT_COPIED_ANYWHERE(folder, names)

    shutil.copytree(ROOT, dest, ignore=ignored)
    return dest


def non_strict(config: Path) -> None:
    """Turn strict mode off in the copy's mkdocs.yml (text edit: the file has !!python tags)."""
    text, count = re.subn(r"(?m)^strict:\s*true\s*$", "strict: false", config.read_text(encoding="utf-8"))
    if count != 1:
        raise SystemExit(f"{config}: no line 'strict: true' found")
    config.write_text(text, encoding="utf-8")


def engines_on_vanilla(n: int, workdir: Path, zensical: Path) -> list[Step]:
    """Both engines on the synthetic portal's plain-Markdown twin of ``n`` items."""
    from synth import generate  # the benchmark's generator, next to this script

    _, vanilla = generate(n, workdir / "synth", pdf=False)
    pages = len(list((vanilla / "docs").rglob("*.md")))
    steps = [measured(f"zensical build, vanilla N={n} ({pages} pages)", [str(zensical), "build", "--clean"],
                      vanilla, {**os.environ, "NO_COLOR": "1"}),
             measured(f"mkdocs build, vanilla N={n} ({pages} pages)",
                      [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(workdir / "synth" / "mkdocs-site")],
                      vanilla)]
    for step in steps:
        if step.returncode:
            raise SystemExit(f"{step.name} failed:\n{step.output[-3000:]}")
    return steps


def _installed_version(venv: Path) -> str | None:
    """The Zensical version installed in ``venv``, None if there is none."""
    program = venv / "bin" / "zensical"
    if not program.exists():
        return None
    return subprocess.run([str(program), "--version"], capture_output=True, text=True).stdout.strip() or None


def run(workdir: Path, vanilla: int | None = None) -> dict:
    venv = workdir / "zensical-venv"
    steps: list[Step] = []
    pinned = ZENSICAL.partition("==")[2]
    if _installed_version(venv) != pinned:
        shutil.rmtree(venv, ignore_errors=True)
        steps.append(measured("python -m venv", [sys.executable, "-m", "venv", str(venv)], workdir))
        steps.append(measured(f"pip install {ZENSICAL}", [str(venv / "bin" / "pip"), "install", "-q",
                                                         ZENSICAL, *FENCE_REQUIREMENTS], workdir))
        if steps[-1].returncode:
            raise SystemExit(f"{ZENSICAL} does not install:\n{steps[-1].output}")
    version = _installed_version(venv)

    project = copy_project(workdir / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_COLOR": "1"}
    zensical = [str(venv / "bin" / "zensical"), "build", "--clean"]
    strict = measured("zensical build (strict, as configured)", zensical, project, env)
    steps.append(strict)
    non_strict(project / "mkdocs.yml")
    shutil.rmtree(project / "site", ignore_errors=True)
    built = measured("zensical build (strict: false)", zensical, project, env)
    steps.append(built)
    if built.returncode:
        raise SystemExit(f"Zensical fails even without strict mode:\n{built.output[-3000:]}")
    zensical_site = workdir / "zensical-site"
    shutil.rmtree(zensical_site, ignore_errors=True)
    shutil.move(project / "site", zensical_site)

    mkdocs_site = workdir / "mkdocs-site"
    shutil.rmtree(mkdocs_site, ignore_errors=True)
    mkdocs = measured("mkdocs build --strict", [sys.executable, "-m", "mkdocs", "build", "--strict",
                                               "--site-dir", str(mkdocs_site)], project)
    steps.append(mkdocs)
    if mkdocs.returncode:
        raise SystemExit(f"MkDocs fails on the copy:\n{mkdocs.output[-3000:]}")

    if vanilla:
        steps += engines_on_vanilla(vanilla, workdir, venv / "bin" / "zensical")
    sections = compare_pages(html_pages(mkdocs_site), html_pages(zensical_site))
    return {
        "zensical": version,
        "steps": [{k: v for k, v in asdict(step).items() if k != "output"} for step in steps],
        "strict_problems": zensical_problems(strict.output),
        "sections": [asdict(section) for section in sections],
        "files": {"mkdocs": files_by_kind(mkdocs_site), "zensical": files_by_kind(zensical_site)},
        "features": {"mkdocs": pages_with_features(mkdocs_site), "zensical": pages_with_features(zensical_site)},
        "dead_links": {"mkdocs": dead_links(mkdocs_site), "zensical": dead_links(zensical_site)},
        "sites": {"mkdocs": str(mkdocs_site), "zensical": str(zensical_site)},
    }


def report(result: dict, listed: int = 8) -> str:
    lines = [f"Zensical {result['zensical']}, compared with this project's MkDocs build", "",
             f"  {'step':<46} {'wall':>8} {'CPU':>8} {'peak memory':>12}"]
    for step in result["steps"]:
        lines.append(f"  {step['name']:<46} {step['seconds']:>6.2f} s {step['cpu_seconds']:>6.2f} s "
                     f"{step['peak_mib']:>8.1f} MiB  exit {step['returncode']}")
    problems = result["strict_problems"]
    lines += ["", f"Zensical, strict as configured: {len(problems)} problem(s)"]
    lines += [f"  {where or '?'}: {message}" for where, message in problems[:listed]]
    sections = result["sections"]
    total = [sum(s["mkdocs"] for s in sections), sum(s["zensical"] for s in sections)]
    lines += ["", f"HTML pages: MkDocs {total[0]}, Zensical {total[1]}",
              f"  {'section':<22} {'MkDocs':>7} {'Zensical':>9}"]
    for section in sections:
        lines.append(f"  {section['name']:<22} {section['mkdocs']:>7} {section['zensical']:>9}")
    only = [page for section in sections for page in section["only_zensical"]]
    if only:
        lines.append(f"  only in Zensical: {', '.join(only)}")
    kinds = sorted(set(result["files"]["mkdocs"]) | set(result["files"]["zensical"]))
    lines += ["", f"  {'other files':<30} {'MkDocs':>7} {'Zensical':>9}"]
    lines += [f"  {kind:<30} {result['files']['mkdocs'].get(kind, 0):>7} {result['files']['zensical'].get(kind, 0):>9}"
              for kind in kinds]
    lines += ["", f"  {'pages with':<30} {'MkDocs':>7} {'Zensical':>9}"]
    lines += [f"  {name:<30} {result['features']['mkdocs'].get(name, 0):>7} "
              f"{result['features']['zensical'].get(name, 0):>9}" for name in FEATURE_MARKERS]
    for engine in ("mkdocs", "zensical"):
        dead = result["dead_links"][engine]
        lines += ["", f"Links leading nowhere in the {engine} site: {len(dead)} target(s)"]
        lines += [f"  {target}  (from {', '.join(pages[:3])}{' …' if len(pages) > 3 else ''})"
                  for target, pages in list(dead.items())[:listed]]
    lines += ["", f"Sites kept for inspection: {result['sites']['mkdocs']}, {result['sites']['zensical']}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="folder for the virtualenv, the copy and both sites "
                                                     "(default: a new temporary folder; reused if given)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--vanilla", type=int, metavar="N", help="also build the synthetic portal's plain-Markdown "
                                                                 "twin of N items with both engines")
    args = parser.parse_args(argv)
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="zensical-view-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(workdir / "project", ignore_errors=True)
    result = run(workdir, args.vanilla)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
