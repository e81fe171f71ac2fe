"""Guide pages: the catalogue with its filter pages, each guide, each archived version, each comparison.

Archived versions and comparisons get their own source paths next to the guide
(``leitfaeden/<slug>/1.0.0.md`` is served at ``/leitfaeden/<slug>/1.0.0/``), so
relative links written in the guide resolve the same on every version's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..content import german
from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from .diff import compare
from .model import GUIDE, LEVELS, Guide, GuideVersion
from .pdf import pdf_uri

CATALOGUE = GUIDE.url_prefix
# A relative Markdown link target or reference definition (not a scheme, root or anchor).
_RELATIVE_LINK = re.compile(r"(\]\(|^\[[^\]]+\]:\s*)(?![a-zA-Z][\w+.-]*:|/|#|<)", re.MULTILINE)

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..portal import Portal
    from ..site.cache import Reuse


def comparison_src(guide: Guide, old: str, new: str) -> str:
    return f"{guide.url}vergleich/{old}-{new}.md"


def version_src(guide: Guide, version: str) -> str:
    return guide.url + ("index.md" if version == guide.meta.version else f"{version}.md")


@dataclass(frozen=True)
class Filter:
    """One static filter page of the catalogue."""

    group: str  # "Handlungsfeld", ...
    label: str
    url: str
    guides: tuple[Guide, ...]


def guide_pages(portal: Portal, renderer: PageRenderer, *, pdf: bool,
                pdf_ready: Callable[[Guide, str], bool] = lambda guide, version: True,
                reuse: Reuse | None = None) -> list[GeneratedPage]:
    """The guides' pages; ``pdf_ready(guide, version)`` says whether that PDF is in the site
    (``mkdocs serve`` renders none, see :meth:`GuidesPlugin.add_pdfs`). ``reuse`` (a serve session's,
    :func:`scschule.site.build.stages_of`) keeps the catalogue and each guide's pages while what they
    show is unchanged: a saved guide renders its own pages again, and the catalogue only if its row changed."""
    reuse = reuse or (lambda part, reads, inputs, make: make())
    guides = sorted(portal.guides, key=lambda g: (-g.meta.updated.toordinal(), g.meta.title))
    common = {"taxonomy": portal.taxonomy, "region": portal.taxonomy.region, "pdf": pdf, "pdf_uri": pdf_uri,
              "pdf_ready": pdf_ready,
              "version_src": version_src, "comparison_src": comparison_src,
              "fact_list": lambda link, meta, minutes: fact_list(portal.taxonomy, link, meta, minutes)}

    def catalogue() -> list[GeneratedPage]:
        filters = catalogue_filters(portal, guides)
        pages = [renderer.page(src_of(CATALOGUE), "katalog.md", guides=guides, groups=filters, active=None, **common)]
        return pages + [
            renderer.page(f"{f.url}index.md", "katalog.md", guides=list(f.guides), groups=filters, active=f, **common)
            for group in filters.values() for f in group
        ]

    def own_pages(guide: Guide) -> list[GeneratedPage]:
        pages = [renderer.page(version_src(guide, guide.meta.version), "leitfaden.md", guide=guide,
                               version=guide.current, overdue=guide.is_overdue(portal.today),
                               history=history(guide), origins=(guide.source.path,), **common)]
        for old in guide.archive:
            pages.append(renderer.page(version_src(guide, old.version), "version.md", guide=guide, version=old,
                                       history=history(guide), origins=(old.source.path,), **common))
        for old, new in zip(guide.versions, guide.versions[1:]):
            pages.append(comparison_page(renderer, guide, old, new))
        return pages

    def ready(guide: Guide) -> tuple[bool, ...]:
        return tuple(pdf_ready(guide, version.version) for version in guide.versions)

    def rows() -> tuple:
        return (pdf, *((guide.url, repr(guide.meta), guide.reading_minutes, ready(guide)) for guide in guides))

    pages = list(reuse("katalog", (), rows, catalogue))  # a copy: the session keeps its list
    for guide in guides:  # a guide's record holds its files' text and data (not the lines of its keys)
        pages += reuse(f"leitfaden:{guide.slug}", (),
                       lambda guide=guide: (pdf, repr(guide), guide.is_overdue(portal.today), ready(guide)),
                       lambda guide=guide: own_pages(guide))
    return pages


def fact_list(taxonomy, link, meta, minutes: int) -> list[tuple[str, Markup]]:
    """(label, HTML) pairs shown above a guide version's text; ``link`` is the page's HTML link."""

    def links(keys, table, text) -> Markup:
        return Markup(", ").join(
            Markup('<a href="{}">{}</a>').format(link(table[k].url), text(table[k])) if k in table else k
            for k in keys
        )

    authors = [links(meta.authors.municipalities, taxonomy.municipalities, lambda p: p.name),
               escape(", ".join(meta.authors.organisations))]
    facts = [
        ("Version", f"{meta.version} vom {german.long_date(meta.updated)}"),
        ("Autorinnen und Autoren", Markup(", ").join(a for a in authors if a) or "Redaktion der Smart Cities: Schule"),
        ("Handlungsfelder", links(meta.handlungsfelder, taxonomy.handlungsfelder, lambda f: f.title)),
        ("Maßnahmenbündel", links(meta.bundles, taxonomy.bundles, lambda b: f"{b.id} {b.title}")),
        ("Kommunen", links(meta.municipalities, taxonomy.municipalities, lambda p: p.name)),
        ("Stufe", meta.level),
        ("Lesezeit", f"etwa {minutes} Minuten"),
        ("Lizenz", meta.licence),
    ]
    return [(label, escape(value)) for label, value in facts if value]


def history(guide: Guide) -> list[dict]:
    """Changelog rows, newest first, with the version each one replaced (for the comparison link)."""
    previous = {new.version: old.version for old, new in zip(guide.versions, guide.versions[1:])}
    archived = {v.version for v in guide.versions}
    rows = sorted(guide.meta.changelog, key=lambda e: tuple(int(p) for p in e.version.split(".")), reverse=True)
    return [
        {"entry": e, "readable": e.version in archived, "previous": previous.get(e.version)}
        for e in rows
    ]


def comparison_page(renderer: PageRenderer, guide: Guide, old: GuideVersion, new: GuideVersion) -> GeneratedPage:
    result = compare(old.body, new.body)
    # The page sits one folder deeper than the guide: rebase the guide's relative links.
    body = _RELATIVE_LINK.sub(lambda m: m.group(1) + "../", result.markdown)
    return renderer.page(comparison_src(guide, old.version, new.version), "vergleich.md", guide=guide,
                         old=old, new=new, body=body, inserted=result.inserted, deleted=result.deleted,
                         old_src=version_src(guide, old.version), new_src=version_src(guide, new.version),
                         origins=(new.source.path, old.source.path))


def catalogue_filters(portal: Portal, guides: list[Guide]) -> dict[str, list[Filter]]:
    """Filter pages for every Handlungsfeld, bundle, municipality and level that has guides."""
    taxonomy = portal.taxonomy
    by: dict[str, dict[str, list[Guide]]] = {k: defaultdict(list) for k in ("hf", "bundle", "place", "level")}
    for guide in guides:
        m = guide.meta
        for key in m.handlungsfelder:
            by["hf"][key].append(guide)
        for key in m.bundles:
            by["bundle"][key].append(guide)
        for key in dict.fromkeys([*m.municipalities, *m.authors.municipalities]):
            by["place"][key].append(guide)
        by["level"][m.level].append(guide)

    def make(group: str, table: dict, label, folder: str, slug=lambda key: key) -> list[Filter]:
        return [
            Filter(group, label(key), f"{CATALOGUE}{folder}/{slug(key)}/", tuple(table[key]))
            for key in sorted(table, key=lambda k: _order(k, label))
        ]

    return {
        "Handlungsfeld": make("Handlungsfeld", by["hf"], lambda k: taxonomy.handlungsfelder[k].title, "handlungsfeld"),
        "Maßnahmenbündel": make("Maßnahmenbündel", by["bundle"], lambda k: f"{k} {taxonomy.bundles[k].title}",
                                "buendel", str.lower),
        "Kommune": make("Kommune", by["place"], lambda k: taxonomy.municipalities[k].name, "kommune"),
        "Stufe": [Filter("Stufe", level, f"{CATALOGUE}stufe/{level.lower()}/", tuple(by["level"][level]))
                  for level in LEVELS if level in by["level"]],
    }


def _order(key: str, label) -> str:
    return label(key).casefold()
