"""Search benchmark: the portal's prebuilt German lunr index against Material's built-in search.

    .venv/bin/python benchmarks/search/run.py            # N = 200 and 2000
    .venv/bin/python benchmarks/search/run.py --n 200 --runs 5 --json results.json

For every N it writes the same N synthetic German Markdown pages into two projects:
``ours`` (Material theme with this project's overrides, plugins ``scschule`` and
``scschule-search``) and ``material`` (vanilla Material with its ``search`` plugin,
language ``de``). It builds both, then reports:

- index build CPU time (ours: the plugin's own timing; both: the whole ``mkdocs build``),
- index size raw and gzip-compressed (ours: index.json + docs.json; Material:
  search/search_index.json), plus the search JavaScript each side loads,
- in headless Debian chromium, the time from navigation start to the first result
  shown: the page is loaded, then the query is typed into the header search field
  as a person would; the median of ``--runs`` fresh browser contexts (empty cache);
- the bytes transferred before the first result (every resource the browser had
  finished loading by then, page included), raw as served and gzip-compressed as a
  server with compression would send them; ours fetches the snippet texts (texts/)
  only after the first result, so they are reported apart.

``--real`` adds the portal itself (this repository's content, built as ``make build``
does) for ours; Material cannot build the portal's generated pages, so it has no row there.

Sites are served from 127.0.0.1 only. Nothing here needs the network.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERY = "Datenplattform"
SECTIONS = {"leitfaeden": 0.4, "schuelerzeitung": 0.3, "kurse": 0.3}
# Compounds the synthetic text mixes in, so decompounding has real work to do.
COMPOUNDS = ["Datenplattform", "Bürgerbeteiligung", "Sensordaten", "Stadtverwaltung", "Klimaschutzkonzept",
             "Parkraummanagement", "Beteiligungsverfahren", "Verkehrsplanung", "Schulgebäude", "Energieverbrauch"]

MATERIAL = {"input": ".md-search__input", "result": ".md-search-result__item"}
OURS = {"input": "#scs-search-q", "result": "[data-scs-search-panel] .scs-result"}


# --- synthetic corpus ------------------------------------------------------------------

def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (ROOT / "guides").glob("*/index.md"):
        words.update(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", path.read_text(encoding="utf-8").split("---", 2)[-1]))
    return sorted(words) + COMPOUNDS


class Writer:
    def __init__(self, seed: int = 1):
        self.random = random.Random(seed)
        self.words = vocabulary()

    def sentence(self) -> str:
        return " ".join(self.random.choices(self.words, k=self.random.randint(8, 16))).capitalize() + "."

    def page(self, title: str) -> str:
        parts = [f"# {title}\n"]
        for number in range(4):
            parts.append(f"## Abschnitt {number + 1}: {self.random.choice(self.words)}\n")
            parts += [" ".join(self.sentence() for _ in range(self.random.randint(3, 6))) + "\n" for _ in range(3)]
        return "\n".join(parts)


def generate(n: int, dest: Path) -> tuple[Path, Path]:
    writer = Writer()
    ours, material = dest / "ours", dest / "material"
    pages: dict[str, str] = {"index.md": "# Start\n\nSynthetisches Portal für den Suchbenchmark.\n"}
    sections = list(SECTIONS)
    for i in range(n):
        section = writer.random.choices(sections, weights=list(SECTIONS.values()))[0]
        title = f"{writer.random.choice(COMPOUNDS)} {i}: {writer.random.choice(writer.words)}"
        pages[f"{section}/eintrag-{i}.md"] = writer.page(title)
    for project in (ours, material):
        for path, text in pages.items():
            (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
            (project / "docs" / path).write_text(text, encoding="utf-8")
    base = {"site_name": "Suchbenchmark", "site_url": "https://example.invalid/", "use_directory_urls": True,
            "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore",
                                                                          "not_found": "ignore"}},
            "nav": ["index.md"]}
    theme = {"name": "material", "language": "de", "font": False}
    (ours / "mkdocs.yml").write_text(yaml.safe_dump({
        **base, "theme": {**theme, "custom_dir": str(ROOT / "overrides")},
        "plugins": ["scschule", "scschule-search"]}, allow_unicode=True), encoding="utf-8")
    (material / "mkdocs.yml").write_text(yaml.safe_dump({
        **base, "theme": theme, "plugins": [{"search": {"lang": "de"}}]}, allow_unicode=True), encoding="utf-8")
    return ours, material


# --- build and sizes -------------------------------------------------------------------

def build(project: Path) -> tuple[float, float | None]:
    """CPU seconds of the whole build and, for ours, the CPU seconds of the index build the
    plugin logs. CPU time, not wall time: a shared 2-core machine makes wall time noisy."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"Build in {project} fehlgeschlagen:\n{result.stderr[-3000:]}")
    logged = re.search(r"Suchindex: \d+ Seiten in [\d.]+ s \(CPU ([\d.]+) s\)", result.stderr)
    return seconds, float(logged.group(1)) if logged else None


def sizes(files: list[Path]) -> tuple[int, int]:
    data = [f.read_bytes() for f in files]
    return sum(map(len, data)), sum(len(gzip.compress(d, compresslevel=6)) for d in data)


# --- browser ---------------------------------------------------------------------------

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


FIRST_RESULT_PROBE = """
(selector) => {
  window.__firstResult = null;
  const check = () => {
    if (window.__firstResult === null && document.querySelector(selector)) window.__firstResult = performance.now();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
}
"""


LOADED_BEFORE_FIRST_RESULT = """
() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
  .filter(e => e.responseEnd <= window.__firstResult).map(e => e.name)
"""


def bytes_before(site: Path, base: str, urls: list[str], also: tuple[Path, ...] = ()) -> tuple[int, int]:
    """Raw and gzip bytes of the site files behind ``urls`` (only those of this site), plus
    ``also``: what a web worker fetched (the page's timeline does not list it)."""
    files = list(also)
    for url in dict.fromkeys(urls):
        if not url.startswith(base):
            continue
        path = site / url[len(base):].split("?")[0].lstrip("/")
        files.append(path / "index.html" if path.is_dir() else path)
    return sizes([f for f in files if f.is_file()])


def first_result_ms(browser, url: str, selectors: dict, runs: int, loaded: list | None = None) -> float:
    """Median ms from navigation start to the first result, query typed right after load;
    ``loaded`` gets the URLs the last run had loaded by then."""
    times = []
    for _ in range(runs):
        context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.add_init_script(f"({FIRST_RESULT_PROBE})({json.dumps(selectors['result'])})")
        page.goto(url, wait_until="load")
        page.locator(selectors["input"]).click()
        page.locator(selectors["input"]).press_sequentially(QUERY, delay=20)
        page.wait_for_function("window.__firstResult !== null", timeout=120_000)
        times.append(page.evaluate("window.__firstResult"))
        if loaded is not None:
            loaded[:] = page.evaluate(LOADED_BEFORE_FIRST_RESULT)
        context.close()
    return statistics.median(times)


# --- report ----------------------------------------------------------------------------

def measure(n: int, workdir: Path, runs: int) -> dict:
    ours, material = generate(n, workdir / f"n{n}")
    ours_build, ours_index_s = build(ours)
    material_build, _ = build(material)
    asset = ours / "site" / "assets" / "scschule" / "search"
    ours_index = sizes([asset / "index.json", asset / "docs.json"])
    ours_texts = sizes(sorted((asset / "texts").glob("*.json")))
    ours_js = sizes([asset / "search.js", *sorted((asset / "vendor").glob("*.js"))])
    material_index = sizes([material / "site" / "search" / "search_index.json"])
    material_js = sizes(sorted((material / "site" / "assets" / "javascripts" / "workers").glob("search*.js")))

    from playwright.sync_api import sync_playwright

    row = {"n": n, "ours_build_s": ours_build, "ours_index_build_s": ours_index_s, "material_build_s": material_build,
           "ours_index_bytes": ours_index[0], "ours_index_gzip": ours_index[1],
           "ours_texts_bytes": ours_texts[0], "ours_texts_gzip": ours_texts[1],
           "material_index_bytes": material_index[0], "material_index_gzip": material_index[1],
           "ours_js_bytes": ours_js[0], "ours_js_gzip": ours_js[1],
           "material_worker_js_bytes": material_js[0], "material_worker_js_gzip": material_js[1]}
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, project, selectors in (("ours", ours, OURS), ("material", material, MATERIAL)):
            server, base = serve(project / "site")
            try:
                loaded: list[str] = []
                row[f"{name}_first_result_ms"] = first_result_ms(browser, base + "/", selectors, runs, loaded)
                worker = (project / "site" / "search" / "search_index.json",) if name == "material" else ()
                row[f"{name}_bytes_before_first"], row[f"{name}_gzip_before_first"] = bytes_before(
                    project / "site", base, loaded, worker)
            finally:
                server.shutdown()
                server.server_close()
        browser.close()
    row["ratio_first_result"] = row["ours_first_result_ms"] / row["material_first_result_ms"]
    row["ratio_index_bytes"] = row["ours_index_bytes"] / row["material_index_bytes"]
    row["ratio_index_gzip"] = row["ours_index_gzip"] / row["material_index_gzip"]
    return row


def measure_real(workdir: Path, runs: int) -> dict:
    """Ours on the portal itself: its own content, its own configuration."""
    site = workdir / "real-site"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"Build des Portals fehlgeschlagen:\n{result.stderr[-3000:]}")
    logged = re.search(r"Suchindex: (\d+) Seiten in [\d.]+ s \(CPU ([\d.]+) s\)", result.stderr)
    asset = site / "assets" / "scschule" / "search"
    index = sizes([asset / "index.json", asset / "docs.json"])
    texts = sizes(sorted((asset / "texts").glob("*.json")))
    row = {"n": f"Portal ({logged.group(1)} Seiten)" if logged else "Portal",
           "ours_build_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
           "ours_index_build_s": float(logged.group(2)) if logged else None,
           "ours_index_bytes": index[0], "ours_index_gzip": index[1],
           "ours_texts_bytes": texts[0], "ours_texts_gzip": texts[1]}
    from playwright.sync_api import sync_playwright
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        server, base = serve(site)
        try:
            loaded: list[str] = []
            row["ours_first_result_ms"] = first_result_ms(browser, base + "/", OURS, runs, loaded)
            row["ours_bytes_before_first"], row["ours_gzip_before_first"] = bytes_before(site, base, loaded)
        finally:
            server.shutdown()
            server.server_close()
            browser.close()
    return row


def kb(value: int) -> str:
    return f"{value / 1024:,.0f}".replace(",", ".")


def report(rows: list[dict]) -> str:
    lines = [
        "| N | index build CPU s (ours) | build CPU s ours / Material | index KB ours / Material | gzip KB ours / Material "
        "| ratio raw | ratio gzip | first result ms ours / Material | ratio first result |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "material_build_s" not in r:
            continue
        lines.append(
            f"| {r['n']} | {r['ours_index_build_s']:.1f} | {r['ours_build_s']:.1f} / {r['material_build_s']:.1f} "
            f"| {kb(r['ours_index_bytes'])} / {kb(r['material_index_bytes'])} "
            f"| {kb(r['ours_index_gzip'])} / {kb(r['material_index_gzip'])} "
            f"| {r['ratio_index_bytes']:.2f} | {r['ratio_index_gzip']:.2f} "
            f"| {r['ours_first_result_ms']:.0f} / {r['material_first_result_ms']:.0f} | {r['ratio_first_result']:.2f} |")
    lines += ["", "| N | first result ms ours | KB before first result ours / Material (gzip) "
              "| texts/ KB, fetched after (gzip) |", "|---:|---:|---:|---:|"]
    for r in rows:
        material = (f" / {kb(r['material_bytes_before_first'])} ({kb(r['material_gzip_before_first'])})"
                    if "material_bytes_before_first" in r else "")
        lines.append(f"| {r['n']} | {r['ours_first_result_ms']:.0f} | {kb(r['ours_bytes_before_first'])} "
                     f"({kb(r['ours_gzip_before_first'])}){material} "
                     f"| {kb(r['ours_texts_bytes'])} ({kb(r['ours_texts_gzip'])}) |")
    synthetic = [r for r in rows if "material_build_s" in r]
    if not synthetic:
        return "\n".join(lines)
    r = synthetic[-1]
    lines.append(f"\nSearch JavaScript, raw / gzip KB: ours {kb(r['ours_js_bytes'])} / {kb(r['ours_js_gzip'])} "
                 f"(search.js + lunr + lunr-languages), Material worker {kb(r['material_worker_js_bytes'])} / "
                 f"{kb(r['material_worker_js_gzip'])}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[200, 2000], help="content items per run")
    parser.add_argument("--runs", type=int, default=3, help="browser runs per site (median)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--real", action="store_true", help="also measure ours on the portal itself")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scschule-search-bench-"))
    rows = []
    if args.real:
        rows.append(measure_real(workdir, args.runs))
        print(report(rows[-1:]), flush=True)
    for n in args.n:
        rows.append(measure(n, workdir, args.runs))
        print(report(rows[-1:]), flush=True)
    print()
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
