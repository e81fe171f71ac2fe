"""Synthetic portal generator for the build benchmark.

``generate(n, dest)`` writes two projects with the same Markdown:

- ``dest/portal``: this project's configuration and hand-written pages plus N
  synthetic content items spread over all collections: guides (every fourth
  with an archived earlier version), newsletter issues, courses with units,
  the registry's municipalities (the project's own files) and data widgets
  answered from the snapshot cache;
- ``dest/vanilla``: the same Markdown texts as plain pages of a vanilla
  MkDocs + Material site with a small nav and no project plugins.

Text is drawn, with a fixed seed, from the vocabulary of the project's own
guides, so it is German with realistic word lengths and compounds. Tags come
from the package's taxonomy, so the generator follows the reference data.
The output must pass ``scschule check`` (tests/test_benchmarks.py).
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from scschule.content.fences import fences as fenced_blocks
from scschule.courses.model import COURSES
from scschule.guides.model import GUIDES
from scschule.newsletter.model import NEWSLETTER
from scschule.portal import content_folders
from scschule.registry.model import REGISTRY
from scschule.taxonomy import BUNDLE_TEXTS, REGION_FOLDER, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
# Copied from the project as they are; the other collections are synthetic.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", REGION_FOLDER, REGISTRY.folder, Path(BUNDLE_TEXTS.folder).parts[0], "snapshots")
UNITS_PER_COURSE = 4
ARCHIVE_EVERY = 4  # every fourth guide has an archived earlier version
WIDGET_EVERY = 50  # one guide in fifty shows a data widget
UPDATED = date(2026, 1, 15)  # in the past: everything synthetic is published
FIRST_ISSUE = date(2000, 1, 1)
GUIDES_PLUGIN = "scschule-guides"


@dataclass(frozen=True)
class Mix:
    guides: int
    issues: int
    units: int

    @classmethod
    def of(cls, n: int) -> Mix:
        guides = n * 2 // 5
        issues = n * 2 // 5
        return cls(guides, issues, n - guides - issues)


def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in GUIDES.path(ROOT).glob("*/index.md"):
        words.update(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", path.read_text(encoding="utf-8").split("---", 2)[-1]))
    return sorted(words) or ["Datenplattform", "Kommune", "Verwaltung", "Bürgerbeteiligung", "Sensoren"]


class Writer:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.words = vocabulary()
        taxonomy = load_taxonomy(ROOT)
        self.handlungsfelder = sorted(taxonomy.handlungsfelder)
        self.bundles = sorted(taxonomy.bundles)
        self.municipalities = sorted(taxonomy.municipalities)

    def word(self) -> str:
        return self.random.choice(self.words)

    def sentence(self) -> str:
        words = self.random.choices(self.words, k=self.random.randint(8, 16))
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(3, 6)))

    def body(self, sections: int = 4, level: int = 2, links: list[str] = ()) -> str:
        parts = []
        for index in range(sections):
            parts.append(f"{'#' * level} Abschnitt {index + 1}: {self.word()}\n")
            parts.extend(self.paragraph() + "\n" for _ in range(3))
            parts.append("\n".join(f"- {self.sentence()}" for _ in range(3)) + "\n")
        if links:
            parts.append("Siehe auch: " + ", ".join(f"[{self.word()}]({link})" for link in links) + ".\n")
        return "\n".join(parts)

    def tags(self) -> dict:
        return {
            "handlungsfelder": self.random.sample(self.handlungsfelder, 2),
            "bundles": self.random.sample(self.bundles, 2),
            "municipalities": self.random.sample(self.municipalities, 2),
        }


def front(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def guide_file(w: Writer, index: int, version: str, changelog: list[dict], tags: dict, body: str) -> str:
    return front({
        "title": f"Leitfaden {index}: {w.word()}",
        "summary": w.sentence(),
        "version": version,
        "updated": UPDATED.isoformat(),
        "review_by": (UPDATED + timedelta(days=3650)).isoformat(),
        "authors": {"municipalities": tags["municipalities"][:1]},
        **tags,
        "level": w.random.choice(["Einstieg", "Vertiefung"]),
        "changelog": changelog,
    }, body)


def generate(n: int, dest: Path, seed: int = 1, *, pdf: bool = True) -> tuple[Path, Path]:
    """Write the synthetic portal and its vanilla twin below ``dest``.

    ``pdf=False`` switches the guides' PDF download off (the documented
    preview switch ``pdf: false`` of the guides plugin).
    """
    portal, vanilla = dest / "portal", dest / "vanilla"
    shutil.rmtree(dest, ignore_errors=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, portal / part)
        elif source.is_file():
            portal.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, portal / part)
    if not pdf:
        set_pdf(portal, False)
    shutil.copytree(ROOT / "docs", vanilla / "docs")
    w = Writer(seed)
    mix = Mix.of(n)
    widgets = widget_fences()
    same_markdown: list[tuple[str, str]] = []  # (path below docs/ of the vanilla twin, Markdown)

    for i in range(mix.guides):
        slug = f"leitfaden-{i}"
        # Links to neighbours: cross-links MkDocs must resolve in every guide.
        links = [f"../leitfaden-{k}/index.md" for k in (i - 1, i + 1) if 0 <= k < mix.guides]
        body = w.body(links=links)
        if widgets and i % WIDGET_EVERY == 0:
            body += "\n" + widgets[(i // WIDGET_EVERY) % len(widgets)]
        tags = w.tags()
        first = {"version": "1.0.0", "date": UPDATED.isoformat(), "note": "Erstfassung."}
        if i % ARCHIVE_EVERY == 0:
            second = {"version": "1.1.0", "date": UPDATED.isoformat(), "note": "Abschnitt ergänzt."}
            old_body = body.rsplit("## ", 1)[0]
            write(GUIDES.path(portal) / slug / "versions" / "1.0.0.md", guide_file(w, i, "1.0.0", [first], tags, old_body))
            text = guide_file(w, i, "1.1.0", [second, first], tags, body)
            same_markdown.append((f"guides/{slug}/1.0.0.md", old_body))
        else:
            text = guide_file(w, i, "1.0.0", [first], tags, body)
        write(GUIDES.path(portal) / slug / "index.md", text)
        same_markdown.append((f"guides/{slug}/index.md", body))

    # Issues spread evenly over the years up to UPDATED; numbers rise with the dates.
    step = (UPDATED - FIRST_ISSUE).days / max(mix.issues, 1)
    for i in range(mix.issues):
        number, day = i + 1, FIRST_ISSUE + timedelta(days=int(i * step))
        body = w.body(3)
        write(NEWSLETTER.path(portal) / str(day.year) / f"{number:02d}-ausgabe.md", front({
            "issue": number, "date": day.isoformat(), "title": f"Ausgabe {number}", "summary": w.sentence(),
            "authors": ["Redaktion der Schülerzeitung"], **w.tags(),
        }, body))
        same_markdown.append((f"newsletter/{number}.md", body))

    courses = max(1, mix.units // UNITS_PER_COURSE)
    for c in range(courses):
        units = [f"einheit-{u + 1}" for u in range(UNITS_PER_COURSE)]
        folder = COURSES.path(portal) / f"kurs-{c}"
        tags = w.tags()
        write(folder / "course.yml", yaml.safe_dump({
            "title": f"Kurs {c}", "summary": w.sentence(), "audience": "Beschäftigte der Kommunen",
            "handlungsfelder": tags["handlungsfelder"], "bundles": tags["bundles"],
            "moderators": ["Moderation der Smart Cities: Schule"], "units": units,
        }, allow_unicode=True, sort_keys=False))
        for u, unit in enumerate(units):
            body = w.body(2, level=3)  # the unit page owns h1 and h2
            preparation = [{"kind": "aufgabe", "title": w.sentence(), "minutes": 20}]
            if mix.guides:
                preparation.insert(0, {"kind": "leitfaden", "guide": f"leitfaden-{(c + u) % mix.guides}", "minutes": 30})
            write(folder / f"{unit}.md", front({
                "title": f"Einheit {u + 1}: {w.word()}", "objectives": [w.sentence()], "questions": [w.sentence()],
                "preparation": preparation,
                "session": [{"title": "Kurzvorträge", "kind": "praesentation", "minutes": 30},
                            {"title": "Diskussion", "kind": "diskussion", "minutes": 20}],
            }, body))
            same_markdown.append((f"courses/kurs-{c}/{unit}.md", body))

    for relative, text in same_markdown:
        write(vanilla / "docs" / relative, text)
    write(vanilla / "mkdocs.yml", yaml.safe_dump(VANILLA_CONFIG, allow_unicode=True, sort_keys=False))
    return portal, vanilla


def widget_fences() -> list[str]:
    """The project's own data widgets (``datenplattform`` fences), as editors wrote them.

    They point at the sources configured in mkdocs.yml and have snapshots in the
    widget cache, which is copied along, so the benchmark never needs the network.
    """
    found: list[str] = []
    for folder in content_folders(ROOT):
        for path in sorted(folder.rglob("*.md")):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for fence in fenced_blocks(lines):
                text = "".join(lines[fence.start:fence.end + 1])
                if fence.info == "datenplattform" and not fence.indent and text not in found:
                    found.append(text)
    return found


def set_pdf(project: Path, enabled: bool) -> None:
    """Set the guides plugin's ``pdf`` option in ``project/mkdocs.yml`` (a text edit: the
    file holds ``!!python/name`` tags that a YAML round trip would lose)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = re.compile(rf"^(?P<indent>[ \t]*)- {GUIDES_PLUGIN}(:\n(?P=indent)    pdf: (true|false))?[ \t]*$", re.M)
    if not entry.search(text):
        raise SystemExit(f"{config}: '- {GUIDES_PLUGIN}' nicht gefunden; synth.set_pdf anpassen")
    option = f"- {GUIDES_PLUGIN}" if enabled else f"- {GUIDES_PLUGIN}:\n\\g<indent>    pdf: false"
    config.write_text(entry.sub(rf"\g<indent>{option}", text, count=1), encoding="utf-8")


# The baseline: Material with its own search, German UI, small nav, the same
# Markdown extensions as the portal's mkdocs.yml (only the data-widget fence, which
# is this project's code, is left out), no project plugins.
VANILLA_CONFIG = {
    "site_name": "Vanilla",
    "site_url": "https://example.invalid/",
    "theme": {"name": "material", "language": "de", "font": False, "features": ["navigation.prune", "navigation.indexes"]},
    "nav": ["index.md", "impressum.md", "datenschutz.md", "barrierefreiheit.md", "leichte-sprache.md"],
    "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    "markdown_extensions": ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                            {"toc": {"permalink": True, "permalink_title": "Link zu diesem Abschnitt"}},
                            "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde"],
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
