"""Search documents and the prebuilt lunr index (no MkDocs import).

A build turns every rendered page into a :class:`SearchDocument`, then
:func:`build_index` makes two JSON files for the browser:

- ``index.json``: the serialized lunr index (lunr.js loads it with ``lunr.Index.load``);
  document refs are short numbers, no term positions are stored;
- ``docs.json``: per ref only what a result shows and the facets filter on:
  title, URL, type, date, a short text for the snippet, Handlungsfelder, bundles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup
from lunr.builder import Builder
from lunr.tokenizer import Tokenizer

from ..content.items import ItemRef
from . import german

# Content type by the first URL segment; everything else is a page ("Seite").
TYPES = {"leitfaeden": "Leitfaden", "kurse": "Kurs", "schuelerzeitung": "Schülerzeitung", "kommunen": "Kommune"}
PAGE = "Seite"
TYPE_ORDER = ("Leitfaden", "Kurs", "Schülerzeitung", "Kommune", PAGE)
TITLE_BOOST = 10
SNIPPET_CHARS = 280
# Rendered parts that are no reading text: permalink anchors, scripts, forms.
_NOT_TEXT = ("script", "style", "noscript", "form", "a.headerlink", "template")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDocument:
    title: str
    url: str  # site-relative, directory style: "leitfaeden/open-data/"
    text: str
    type: str
    date: date | None = None
    handlungsfelder: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()


def type_of(url: str) -> str:
    return TYPES.get(url.strip("/").split("/", 1)[0], PAGE)


def html_to_text(html: str) -> str:
    """The reading text of rendered page content, whitespace collapsed."""
    soup = BeautifulSoup(html, "lxml")
    for element in soup.select(", ".join(_NOT_TEXT)):
        element.decompose()
    return _SPACES.sub(" ", soup.get_text(" ")).strip()


def item_for(url: str, items_by_url: dict[str, ItemRef]) -> ItemRef | None:
    """The content item a page belongs to: itself, or the nearest parent (a course for its units)."""
    parts = url.strip("/").split("/")
    for depth in range(len(parts), 0, -1):
        item = items_by_url.get("/".join(parts[:depth]) + "/")
        if item is not None:
            return item
    return None


def make_document(title: str, url: str, html: str, items_by_url: dict[str, ItemRef]) -> SearchDocument:
    text = html_to_text(html)
    if text.startswith(title):  # the H1 repeats the title
        text = text[len(title):].lstrip(" ¶")
    item = item_for(url, items_by_url)
    return SearchDocument(
        title=title, url=url, text=text, type=type_of(url),
        date=item.date if item else None,
        handlungsfelder=item.handlungsfelder if item else (),
        bundles=item.bundles if item else (),
    )


def corpus_words(documents: Iterable[SearchDocument]) -> set[str]:
    """Every distinct folded word of the corpus: the decompounder's vocabulary."""
    words: set[str] = set()
    for doc in documents:
        for field in (doc.title, doc.text):
            words.update(german.fold(german.trim(str(t))) for t in Tokenizer(field))
    return words


def snippet_text(text: str, limit: int = SNIPPET_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"


def build_index(documents: list[SearchDocument], *, snippet_chars: int = SNIPPET_CHARS) -> tuple[dict, list[dict]]:
    """The serialized lunr index and the display records, both keyed by list position."""
    decompound = german.DecompoundToken(german.Decompounder(corpus_words(documents)))
    builder = Builder()
    builder.pipeline.add(german.trimmer_de, german.stop_word_filter_de, german.umlaut_fold_de,
                         decompound, german.stemmer_de)
    # What lunr.de uses at query time, plus our umlaut folding (also registered in search.js).
    builder.search_pipeline.add(german.trimmer_de, german.umlaut_fold_de, german.stemmer_de)
    builder.ref("ref")
    builder.field("title", boost=TITLE_BOOST)
    builder.field("text")
    for ref, doc in enumerate(documents):
        builder.add({"ref": str(ref), "title": doc.title, "text": doc.text})
    index = builder.build().serialize()

    docs = [
        {
            "t": doc.title,
            "u": doc.url,
            "k": doc.type,
            "d": doc.date.isoformat() if doc.date else "",
            "s": snippet_text(doc.text, snippet_chars),
            "h": list(doc.handlungsfelder),
            "b": list(doc.bundles),
        }
        for doc in documents
    ]
    return index, docs
