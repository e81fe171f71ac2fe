"""Synthetic portal generator for the build benchmark.

``generate(n, dest)`` writes two projects with the same Markdown:

- ``dest/portal``: this project's configuration and hand-written pages plus N
  synthetic content items spread over all collections (guides, some with an
  archived version; newsletter issues; courses with units; the registry);
- ``dest/vanilla``: the same Markdown texts as plain pages of a vanilla
  MkDocs + Material site with a small nav and no project plugins.

Text is drawn, with a fixed seed, from the vocabulary of the project's own
guides, so it is German with realistic word lengths and compounds.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HANDLUNGSFELDER = ["stadtgestaltung", "umwelt-klima", "energie", "mobilitaet", "verwaltung-teilhabe",
                   "gesundheit-sicherheit", "kultur-tourismus", "bildung", "wertschoepfung-innovation", "new-work"]
BUNDLES = [f"M{n:02d}" for n in range(1, 17)]
PIONEERS = ["arnsberg", "bad-berleburg", "menden-sauerland", "olpe", "soest"]
UNITS_PER_COURSE = 4
DATE = "2026-11-01"


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
    for path in (ROOT / "guides").glob("*/index.md"):
        words.update(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", path.read_text(encoding="utf-8").split("---", 2)[-1]))
    return sorted(words) or ["Datenplattform", "Kommune", "Verwaltung", "Bürgerbeteiligung", "Sensoren"]


class Writer:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.words = vocabulary()

    def sentence(self) -> str:
        words = self.random.choices(self.words, k=self.random.randint(8, 16))
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(3, 6)))

    def body(self, sections: int = 4) -> str:
        parts = []
        for index in range(sections):
            parts.append(f"## Abschnitt {index + 1}: {self.random.choice(self.words)}\n")
            parts.extend(self.paragraph() + "\n" for _ in range(3))
            parts.append("\n".join(f"- {self.sentence()}" for _ in range(3)) + "\n")
        return "\n".join(parts)

    def tags(self) -> dict:
        return {
            "handlungsfelder": self.random.sample(HANDLUNGSFELDER, 2),
            "bundles": self.random.sample(BUNDLES, 2),
            "municipalities": self.random.sample(PIONEERS, 2),
        }


def front(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def guide_file(w: Writer, index: int, version: str, changelog: list[dict], body: str) -> str:
    return front({
        "title": f"Leitfaden {index}: {w.random.choice(w.words)}",
        "summary": w.sentence(),
        "version": version,
        "updated": DATE,
        "review_by": "2030-01-01",
        "authors": {"municipalities": w.random.sample(PIONEERS, 1)},
        **w.tags(),
        "level": w.random.choice(["Einstieg", "Vertiefung"]),
        "changelog": changelog,
    }, body)


def generate(n: int, dest: Path, seed: int = 1) -> tuple[Path, Path]:
    """Write the synthetic portal and its vanilla twin below ``dest``."""
    portal, vanilla = dest / "portal", dest / "vanilla"
    shutil.rmtree(dest, ignore_errors=True)
    for part in ("mkdocs.yml", "docs", "overrides", "municipalities", "snapshots"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, portal / part)
        elif source.is_file():
            portal.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, portal / part)
    shutil.copytree(ROOT / "docs", vanilla / "docs")
    w = Writer(seed)
    mix = Mix.of(n)
    same_markdown: list[tuple[str, str]] = []  # (vanilla path, text)

    for i in range(mix.guides):
        slug = f"leitfaden-{i}"
        body = w.body()
        old = {"version": "1.0.0", "date": DATE, "note": "Erstfassung."}
        if i % 4 == 0:  # every fourth guide has an archived earlier version
            new = {"version": "1.1.0", "date": DATE, "note": "Abschnitt ergänzt."}
            old_body = body.rsplit("## ", 1)[0]
            write(portal / "guides" / slug / "versions" / "1.0.0.md", guide_file(w, i, "1.0.0", [old], old_body))
            text = guide_file(w, i, "1.1.0", [new, old], body)
            same_markdown.append((f"guides/{slug}-1.0.0.md", old_body))
        else:
            text = guide_file(w, i, "1.0.0", [old], body)
        write(portal / "guides" / slug / "index.md", text)
        same_markdown.append((f"guides/{slug}.md", body))

    for i in range(mix.issues):
        body = w.body(3)
        write(portal / "newsletter" / "2026" / f"{i + 1:02d}-ausgabe.md", front({
            "issue": i + 1, "date": DATE, "title": f"Ausgabe {i + 1}", "summary": w.sentence(),
            "authors": ["Redaktion"], **w.tags(),
        }, body))
        same_markdown.append((f"newsletter/ausgabe-{i + 1}.md", body))

    courses = max(1, mix.units // UNITS_PER_COURSE)
    for c in range(courses):
        units = [f"einheit-{u + 1}" for u in range(UNITS_PER_COURSE)]
        folder = portal / "courses" / f"kurs-{c}"
        write(folder / "course.yml", yaml.safe_dump({
            "title": f"Kurs {c}", "summary": w.sentence(), "audience": "Mitarbeitende der Kommunen",
            "handlungsfelder": w.tags()["handlungsfelder"], "bundles": w.tags()["bundles"],
            "moderators": ["Moderation der Smart Cities: Schule"], "units": units,
        }, allow_unicode=True, sort_keys=False))
        for u, unit in enumerate(units):
            body = w.body(2)
            write(folder / f"{unit}.md", front({
                "title": f"Einheit {u + 1}", "objectives": [w.sentence()], "questions": [w.sentence()],
                "preparation": [{"guide": "leitfaden-0", "kind": "Leitfaden", "minutes": 30}] if mix.guides else [],
                "session": [{"title": "Kurzvorträge", "kind": "praesentation", "minutes": 30}],
            }, body))
            same_markdown.append((f"courses/kurs-{c}-{unit}.md", body))

    for relative, text in same_markdown:
        write(vanilla / "docs" / relative, text)
    write(vanilla / "mkdocs.yml", yaml.safe_dump(VANILLA_CONFIG, allow_unicode=True, sort_keys=False))
    return portal, vanilla


# The baseline: Material with its own search, German UI, small nav, the same
# Markdown extensions as the portal, no project plugins.
VANILLA_CONFIG = {
    "site_name": "Vanilla",
    "site_url": "https://example.invalid/",
    "theme": {"name": "material", "language": "de", "font": False, "features": ["navigation.prune", "navigation.indexes"]},
    "nav": ["index.md", "impressum.md", "datenschutz.md", "barrierefreiheit.md", "leichte-sprache.md"],
    "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    "markdown_extensions": ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                            {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences"],
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
