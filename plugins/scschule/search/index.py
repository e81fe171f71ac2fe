"""Search documents and the prebuilt lunr index (no MkDocs import).

A build turns every rendered page into a :class:`SearchDocument`, then
:func:`build_index` makes two JSON files for the browser:

- ``index.json``: the serialized lunr index (lunr.js loads it with ``lunr.Index.load``);
  document refs are short numbers, no term positions are stored;
- ``docs.json``: per ref only what a result shows and the facets filter on:
  title, URL, type, date, a short text for the snippet, Handlungsfelder, bundles.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import lxml.html
from lunr.builder import Builder
from lunr.idf import idf
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.vector import Vector

from ..content.items import ItemRef
from . import german

# Content type by the first URL segment; everything else is a page ("Seite").
TYPES = {"leitfaeden": "Leitfaden", "kurse": "Kurs", "schuelerzeitung": "Schülerzeitung", "kommunen": "Kommune"}
PAGE = "Seite"
TYPE_ORDER = ("Leitfaden", "Kurs", "Schülerzeitung", "Kommune", PAGE)
TITLE_BOOST = 10
SNIPPET_CHARS = 280
# Rendered parts that are no reading text: permalink anchors, scripts, forms.
_NOT_TEXT = ("//script | //style | //noscript | //form | //template"
             " | //a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]")
_SPACES = re.compile(r"\s+")
_SEPARATOR = re.compile(r"[\s\xa0-]+")


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
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath(_NOT_TEXT):
        element.drop_tree()  # keeps the element's tail text
    return _SPACES.sub(" ", " ".join(root.itertext())).strip()


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


def tokens(text: str) -> list[str]:
    """lunr's tokenizer (lower case, split at white space and hyphens), as one regex split."""
    return [t for t in _SEPARATOR.split(text.lower()) if t]


def corpus_words(documents: Iterable[SearchDocument]) -> set[str]:
    """Every distinct folded word of the corpus: the decompounder's vocabulary."""
    raw: set[str] = set()
    for doc in documents:
        raw.update(tokens(doc.title))
        raw.update(tokens(doc.text))
    return {german.fold(german.trim(word)) for word in raw}


class Analyzer:
    """Runs the index pipeline once per distinct word; a corpus repeats its words a lot."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.cache: dict[str, list[str]] = {}

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word in tokens(text):
            found = self.cache.get(word)
            if found is None:
                found = self.cache[word] = [str(t) for t in self.pipeline.run([Token(word)])]
            out.extend(found)
        return out


def snippet_text(text: str, limit: int = SNIPPET_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"


# No metadata (term positions) is kept, so every posting's metadata is empty; lunr's
# own ``add`` makes a fresh ``defaultdict`` for each of them (one per page and term).
_NO_METADATA: dict = {}


class TermsBuilder(Builder):
    """lunr's ``Builder`` fed with analyzed terms, keeping less per posting.

    ``add_terms`` records exactly what ``Builder.add`` records for a document whose
    fields are these term lists (same term order and ``_index``, term frequencies,
    field lengths), without a ``Token`` per word and with one shared empty metadata
    dict per posting instead of a new one: at 2,000 pages that is 1.3 million dicts.
    ``_create_field_vectors`` computes lunr's BM25 scores with lunr's formula and
    ``idf``, but builds each vector from its sorted elements in one go (lunr inserts
    element by element with a binary search) and drops each page's term frequencies
    once its vector exists. Everything else (``build``, token set, ``serialize``) is lunr's.
    """

    def add_terms(self, ref: str, fields: dict[str, list[str]]) -> None:
        assert not self.metadata_whitelist, "shared empty metadata only without a whitelist"
        self._documents[ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            terms = fields[field_name]
            field_ref = f"{field_name}/{ref}"
            frequencies = Counter(terms)  # in order of first occurrence, like lunr's defaultdict
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in frequencies:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = self.inverted_index[term] = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                posting[field_name][ref] = _NO_METADATA

    def _create_field_vectors(self):
        k1, b, inverted_index = self._k1, self._b, self.inverted_index
        idf_of: dict[str, float] = {}
        self.field_vectors = {}
        frequencies_of, self.field_term_frequencies = self.field_term_frequencies, {}
        for field_ref in list(frequencies_of):  # lunr's order: pages as added, fields as declared
            frequencies = frequencies_of.pop(field_ref)
            field_name, doc_ref = field_ref.split("/", 1)
            field_length = self.field_lengths[field_ref]
            average = self.average_field_length[field_name]
            field_boost = self._fields[field_name].boost
            doc_boost = self._documents[doc_ref].get("boost", 1)
            scored = []
            for term, tf in frequencies.items():
                posting = inverted_index[term]
                term_idf = idf_of.get(term)
                if term_idf is None:
                    term_idf = idf_of[term] = idf(posting, self.document_count)
                # The expression of lunr's Builder._create_field_vectors, operation for operation.
                score = term_idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (field_length / average)) + tf)
                score *= field_boost
                score *= doc_boost
                scored.append((posting["_index"], round(score, 3)))
            scored.sort()
            self.field_vectors[field_ref] = Vector([x for pair in scored for x in pair])


@contextmanager
def _without_cyclic_gc():
    """lunr allocates millions of small acyclic objects; the cyclic collector only
    rescans them over and over (about 30 % of the time at 2,000 pages)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_index(documents: list[SearchDocument], *, snippet_chars: int = SNIPPET_CHARS) -> tuple[dict, list[dict]]:
    """The serialized lunr index and the display records, both keyed by list position."""
    with _without_cyclic_gc():
        return _build_index(documents, snippet_chars)


def _build_index(documents: list[SearchDocument], snippet_chars: int) -> tuple[dict, list[dict]]:
    decompound = german.DecompoundToken(german.Decompounder(corpus_words(documents)))
    pipeline = Pipeline()
    pipeline.add(german.trimmer_de, german.stop_word_filter_de, german.umlaut_fold_de, decompound, german.stemmer_de)
    analyzer = Analyzer(pipeline)
    builder = TermsBuilder()
    # What lunr.de uses at query time, plus our umlaut folding (also registered in search.js).
    builder.search_pipeline.add(german.trimmer_de, german.umlaut_fold_de, german.stemmer_de)
    builder.ref("ref")
    builder.field("title", boost=TITLE_BOOST)
    builder.field("text")
    for ref, doc in enumerate(documents):
        builder.add_terms(str(ref), {"title": analyzer.terms(doc.title), "text": analyzer.terms(doc.text)})
    serialized = builder.build().serialize()  # the Index object (vectors, token set) is dropped right away
    del builder, analyzer
    index = compact(serialized)
    del serialized

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


# The compact index format: lunr's serialized index with postings and vectors as
# delta-coded integer lists (a third of the size). ``search.js`` expands it back to
# exactly lunr's format before ``lunr.Index.load``; nothing is computed there.
def compact(lunr_json: dict) -> dict:
    fields = lunr_json["fields"]
    terms = [term for term, _ in lunr_json["invertedIndex"]]  # sorted by lunr
    position = {posting["_index"]: i for i, (_, posting) in enumerate(lunr_json["invertedIndex"])}
    postings = [[_deltas(sorted(int(ref) for ref in posting[field])) for field in fields]
                for _, posting in lunr_json["invertedIndex"]]
    vectors = []
    for field_ref, elements in lunr_json["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        pairs = sorted((position[elements[i]], round(elements[i + 1] * 1000)) for i in range(0, len(elements), 2))
        vectors.append([int(ref), fields.index(field), _deltas([p[0] for p in pairs]), [p[1] for p in pairs]])
    return {"version": lunr_json["version"], "fields": fields, "pipeline": lunr_json["pipeline"],
            "terms": terms, "postings": postings, "vectors": vectors}


def expand(compact_json: dict) -> dict:
    """Back to lunr's serialized index (the same as search.js's ``expand``)."""
    fields = compact_json["fields"]
    inverted = []
    for i, (term, lists) in enumerate(zip(compact_json["terms"], compact_json["postings"])):
        posting: dict = {"_index": i}
        for field, deltas in zip(fields, lists):
            posting[field] = {str(ref): {} for ref in _undeltas(deltas)}
        inverted.append([term, posting])
    vectors = []
    for ref, field, index_deltas, scores in compact_json["vectors"]:
        elements: list = []
        for index, score in zip(_undeltas(index_deltas), scores):
            elements += [index, score / 1000]
        vectors.append([f"{fields[field]}/{ref}", elements])
    return {"version": compact_json["version"], "fields": fields, "fieldVectors": vectors,
            "invertedIndex": inverted, "pipeline": compact_json["pipeline"]}


def _deltas(numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *numbers], numbers)]


def _undeltas(deltas: list[int]) -> list[int]:
    out, total = [], 0
    for d in deltas:
        total += d
        out.append(total)
    return out
