"""Search documents and the prebuilt lunr index (no MkDocs import).

A build turns every rendered page into a :class:`SearchDocument`, then
:func:`build_index` makes two JSON files for the browser:

- ``index.json``: the serialized lunr index (lunr.js loads it with ``lunr.Index.load``);
  document refs are short numbers, no term positions are stored;
- ``docs.json``: per ref only what a result shows and the facets filter on:
  title, URL, type, date, the page's first words (the snippet until the text is
  there), Handlungsfelder, bundles;
- ``texts/<n>.json``: the reading text (up to ``TEXT_CHARS``) of refs ``n * TEXT_SHARD``
  and on, fetched only for the results on screen and only after they are shown, so that
  the snippet can show the passage around the match without slowing the first result.

Ranking (lunr's BM25 with these boosts, documented in the README):

- a word in the title counts ``TITLE_BOOST`` times a word in the text;
- pages that are no content item (overviews, lists, the portal's own pages) have a
  document boost of ``LIST_BOOST``: the item whose title matches comes first;
- text repeated on many pages (``BOILERPLATE_*``: the standard sentences of the
  municipality pages) is not indexed at all, it would only push those pages up;
- filter and sort variants of a list are not indexed (``search: {exclude: true}``).
"""

from __future__ import annotations

import gc
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import lxml.html

from ..content.collection import Kind
from ..content.items import ItemRef
from . import german

if TYPE_CHECKING:  # lunr (and with it NLTK) is imported where an index is built
    from lunr.pipeline import Pipeline

# Pages outside every collection's URL folder are of this type.
PAGE = "Seite"
TITLE_BOOST = 10
LIST_BOOST = 0.5
SNIPPET_CHARS = 280
TEXT_CHARS = 20_000  # of each page in texts/, for snippets around the match
TEXT_SHARD = 50  # pages per file in texts/
# A run of BOILERPLATE_WORDS words found on at least BOILERPLATE_SHARE of all pages
# (and BOILERPLATE_MIN_PAGES pages) is boilerplate: a template's standard sentence.
BOILERPLATE_WORDS = 6
BOILERPLATE_SHARE = 0.05
BOILERPLATE_MIN_PAGES = 5
MIN_PART = 4  # the decompounder's shortest vocabulary part (``german.Decompounder``'s min_part)
# Rendered parts that are no reading text: permalink anchors, scripts, forms, and lists
# marked ``data-search-exclude`` (Material's attribute for the same purpose): the item
# lists of overview pages, so a search finds the item itself, not every list naming it.
_NOT_TEXT = ("//script | //style | //noscript | //form | //template | //*[@data-search-exclude]"
             " | //a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]")


@dataclass(frozen=True)
class SearchDocument:
    title: str
    url: str  # site-relative, directory style: "leitfaeden/open-data/"
    text: str
    type: str
    date: date | None = None
    handlungsfelder: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()
    is_item: bool = True  # False for overviews, lists and the portal's own pages


@dataclass(frozen=True)
class SearchTypes:
    """Result types: a collection kind by the first segment of its URL folder, else "Seite"."""

    by_folder: dict[str, str]

    @classmethod
    def of(cls, kinds: Iterable[Kind]) -> SearchTypes:
        return cls({kind.url_prefix.strip("/"): kind.label for kind in kinds})

    @property
    def order(self) -> tuple[str, ...]:
        """The facets of the search page, in the collections' order."""
        return (*dict.fromkeys(self.by_folder.values()), PAGE)

    def of_url(self, url: str) -> str:
        return self.by_folder.get(url.strip("/").split("/", 1)[0], PAGE)


def html_to_text(html: str) -> str:
    """The reading text of rendered page content, whitespace collapsed."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath(_NOT_TEXT):
        element.drop_tree()  # keeps the element's tail text
    return " ".join(" ".join(root.itertext()).split())  # str.split: the same white space as \s, in C


def item_for(url: str, items_by_url: dict[str, ItemRef]) -> ItemRef | None:
    """The content item a page belongs to: itself, or the nearest parent (a course for its units)."""
    parts = url.strip("/").split("/")
    for depth in range(len(parts), 0, -1):
        item = items_by_url.get("/".join(parts[:depth]) + "/")
        if item is not None:
            return item
    return None


def make_document(title: str, url: str, html: str, items_by_url: dict[str, ItemRef],
                  types: SearchTypes) -> SearchDocument:
    return document_of_text(title, url, html_to_text(html), items_by_url, types)


def document_of_text(title: str, url: str, text: str, items_by_url: dict[str, ItemRef],
                     types: SearchTypes) -> SearchDocument:
    """The document of a page whose reading text (``html_to_text``) is known already."""
    if text.startswith(title):  # the H1 repeats the title
        text = text[len(title):].lstrip(" ¶")
    item = item_for(url, items_by_url)
    return SearchDocument(
        title=title, url=url, text=text, type=types.of_url(url),
        date=item.date if item else None,
        handlungsfelder=item.handlungsfelder if item else (),
        bundles=item.bundles if item else (),
        is_item=item is not None,
    )


tokens = german.split_words  # the tokenizer of both sides (search.js sets lunr's separator to it)


def corpus_words(documents: Iterable[SearchDocument]) -> set[str]:
    """Every distinct folded word of the corpus: the decompounder's vocabulary."""
    raw: set[str] = set()
    for doc in documents:
        raw.update(tokens(doc.title))
        raw.update(tokens(doc.text))
    return {german.fold(german.trim(word)) for word in raw}


# A capitalised word after a word that ends no sentence: a noun (German capitalises nouns).
_NOUN_IN_SENTENCE = re.compile(r"(?<=[\w,;)\u201c\"] )[A-ZÄÖÜ][a-zäöüß]+")


def corpus_nouns(documents: Iterable[SearchDocument]) -> set[str]:
    """Folded lower-case words the corpus writes capitalised inside a sentence."""
    found: set[str] = set()
    for doc in documents:
        found.update(_NOUN_IN_SENTENCE.findall(doc.text))
    return {german.fold(word.lower()) for word in found}


def runs_of(text: str) -> set[int]:
    """Hashes of every run of ``BOILERPLATE_WORDS`` words of the text."""
    words = tokens(text)
    return {hash(tuple(words[i:i + BOILERPLATE_WORDS])) for i in range(len(words) - BOILERPLATE_WORDS + 1)}


def boilerplate_runs(documents: Sequence[SearchDocument]) -> set[int]:
    """Hashes of the word runs that repeat on many pages (see ``BOILERPLATE_*``): on at least
    ``threshold`` pages.

    Counting every run of every page at once held a count for each of them (nearly all occur
    once): the largest peak of a big build's memory. A run on at least ``threshold`` pages is on at
    least two pages of some block when the pages are split into fewer than ``threshold`` blocks,
    so counts per block find every candidate, and a second pass counts the candidates only.
    The result is exactly the runs with ``threshold`` pages or more.
    """
    threshold = max(BOILERPLATE_MIN_PAGES, BOILERPLATE_SHARE * len(documents))
    blocks = math.ceil(threshold) - 1  # fewer than threshold blocks (threshold >= 5)
    size = max(1, math.ceil(len(documents) / blocks))
    candidates: set[int] = set()
    for start in range(0, len(documents), size):
        in_block: Counter[int] = Counter()
        for doc in documents[start:start + size]:
            in_block.update(runs_of(doc.text))
        candidates.update(run for run, pages in in_block.items() if pages >= 2)
    pages_with: Counter[int] = Counter()
    for doc in documents:
        pages_with.update(runs_of(doc.text) & candidates)
    return {run for run, pages in pages_with.items() if pages >= threshold}


def indexed_words(text: str, boilerplate: set[int] = frozenset()) -> list[str]:
    """The words of the text without those of boilerplate runs, plus the joined forms of its words."""
    words = tokens(text)
    if boilerplate:
        keep = [True] * len(words)
        for i in range(len(words) - BOILERPLATE_WORDS + 1):
            if hash(tuple(words[i:i + BOILERPLATE_WORDS])) in boilerplate:
                keep[i:i + BOILERPLATE_WORDS] = [False] * BOILERPLATE_WORDS
        words = [w for w, k in zip(words, keep) if k]
    return words + german.joined_forms(text)


class Analyzer:
    """Runs the index pipeline once per distinct word; a corpus repeats its words a lot."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.cache: dict[str, list[str]] = {}

    def terms(self, words: list[str]) -> list[str]:
        from lunr.token import Token

        out: list[str] = []
        for word in words:
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


# lunr's BM25 parameters (``lunr.Builder`` defaults, which lunr.js uses as well).
K1, B = 1.2, 0.75


def compact_index(documents_terms: Iterable[tuple[list[str], ...]], boosts: tuple[float, ...],
                  fields: tuple[str, ...], pipeline: list[str], document_boosts: Sequence[float] = (),
                  extra: dict | None = None, cancelled=None) -> str:
    """The compact index (see :func:`expand`) as JSON text, of documents given as analyzed term lists per field.

    It is what ``compact(lunr.Builder.build().serialize())`` gives for the same terms,
    number for number (``tests/test_search.py`` checks this against lunr's own
    builder), computed directly: lunr's builder keeps a dict per posting, a
    ``Vector`` per field and a token set that ``serialize`` never writes; at 2,000
    pages that was half of the index's time and most of the build's peak memory.
    Each document's terms are counted as it comes and kept only as integer arrays,
    and each vector is JSON text as soon as it is scored: millions of Python ints
    would take ten times the memory of the finished file. ``document_boosts`` (by ref,
    default 1) are lunr's ``builder.add(doc, {"boost": b})``; ``extra`` are more keys of the
    head (lunr's ``Index.load`` ignores them). ``cancelled`` (a serve session's) is asked between
    documents and raises :class:`IndexCancelled`.
    """
    import lunr

    term_ids: dict[str, int] = {}
    postings: list[list[array]] = []  # term id -> per field, the refs that contain it (ascending)
    counted: list[tuple[array, array]] = []  # per (document, field) in lunr's order: term ids, frequencies
    lengths = [0] * len(fields)
    count = 0
    for ref, field_terms in enumerate(documents_terms):
        if cancelled is not None and cancelled():
            raise IndexCancelled
        count += 1
        for field, terms in enumerate(field_terms):
            frequencies = Counter(terms)
            lengths[field] += len(terms)
            ids = array("I")
            for term in frequencies:
                term_id = term_ids.get(term)
                if term_id is None:
                    term_id = term_ids[term] = len(postings)
                    postings.append([array("I") for _ in fields])
                postings[term_id][field].append(ref)
                ids.append(term_id)
            counted.append((ids, array("I", frequencies.values())))
    average = [total / count if count else 0 for total in lengths]
    terms = sorted(term_ids)
    position = [0] * len(terms)
    for i, term in enumerate(terms):
        position[term_ids[term]] = i
    # lunr's idf: documents with the term are counted once per field they have it in.
    idf = [math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in (sum(map(len, refs)) for refs in postings)]
    vectors = []
    for i, (ids, frequencies) in enumerate(counted):
        if cancelled is not None and i % len(fields) == 0 and cancelled():
            raise IndexCancelled
        ref, field = divmod(i, len(fields))
        if not ids:
            vectors.append(f"[{ref},{field},[],[]]")
            continue
        norm = K1 * (1 - B + B * (sum(frequencies) / average[field]))
        boost = boosts[field]
        document_boost = document_boosts[ref] if ref < len(document_boosts) else 1
        scored = sorted(
            # lunr's expression, rounded to 3 places when the vector is built, then kept as thousandths.
            (position[term_id], round(round(idf[term_id] * ((K1 + 1) * tf) / (norm + tf) * boost * document_boost, 3) * 1000))
            for term_id, tf in zip(ids, frequencies)
        )
        vectors.append(f"[{ref},{field},{_json_ints(_deltas([p for p, _ in scored]))},{_json_ints(s for _, s in scored)}]")
    head = json.dumps({"version": lunr.__TARGET_JS_VERSION__, "fields": list(fields), "pipeline": pipeline,
                       **(extra or {}), "terms": terms}, ensure_ascii=False, separators=(",", ":"))
    postings_json = ",".join("[" + ",".join(_json_ints(_deltas(refs)) for refs in postings[term_ids[term]]) + "]"
                             for term in terms)
    return f'{head[:-1]},"postings":[{postings_json}],"vectors":[{",".join(vectors)}]}}'


class IndexCancelled(Exception):
    """A serve session's index build was cancelled: a newer build has begun."""


def _json_ints(numbers: Iterable[int]) -> str:
    return "[" + ",".join(map(str, numbers)) + "]"


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


def build_index(documents: list[SearchDocument], *, snippet_chars: int = SNIPPET_CHARS,
                lexicon: german.Lexicon | None = None, extra: dict | None = None) -> tuple[str, list[dict]]:
    """The compact lunr index (JSON text) and the display records, both keyed by list position.

    ``extra`` goes into the index's head for search.js, next to the stop words: the
    overviews and newest items that a search without hits points to."""
    with _without_cyclic_gc(), german.registered_pipeline():
        return _build_index(documents, snippet_chars, lexicon, extra or {})


def index_pipeline(decompounder: german.Decompounder) -> Pipeline:
    from lunr.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.add(german.trimmer_de, german.stop_word_filter_de, german.umlaut_fold_de,
                 german.DecompoundToken(decompounder), german.stemmer_de)
    return pipeline


def _build_index(documents: list[SearchDocument], snippet_chars: int,
                 lexicon: german.Lexicon | None, extra: dict) -> tuple[str, list[dict]]:
    analyzer = Analyzer(index_pipeline(german.Decompounder(corpus_words(documents), lexicon,
                                                           corpus_nouns=corpus_nouns(documents))))
    boilerplate = boilerplate_runs(documents)
    terms = ((analyzer.terms(indexed_words(doc.title)), analyzer.terms(indexed_words(doc.text, boilerplate)))
             for doc in documents)
    return _combine(documents, terms, snippet_chars, extra)


def _combine(documents: list[SearchDocument], documents_terms: Iterable[tuple[list[str], list[str]]],
             snippet_chars: int, extra: dict, cancelled=None) -> tuple[str, list[dict]]:
    """The index of the analysed terms and the display records: the cheap part of an index build."""
    from lunr.pipeline import Pipeline

    # What lunr.de uses at query time, plus our umlaut folding (also registered in search.js).
    search_pipeline = Pipeline()
    search_pipeline.add(german.trimmer_de, german.umlaut_fold_de, german.stemmer_de)
    index = compact_index(documents_terms,
                          boosts=(TITLE_BOOST, 1), fields=("title", "text"), pipeline=search_pipeline.serialize(),
                          document_boosts=[1 if doc.is_item else LIST_BOOST for doc in documents],
                          extra={"stopWords": sorted(german.STOP_WORDS), **extra}, cancelled=cancelled)
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


@dataclass(frozen=True)
class _Basis:
    """The corpus-wide inputs of a document's terms besides its own title and text."""

    words: frozenset[str]  # the decompounder's vocabulary: folded corpus words ...
    nouns: frozenset[str]  # ... and the nouns written capitalised inside a sentence
    boilerplate: frozenset[int]  # the word runs not indexed


@dataclass(eq=False)
class _Analysed:
    """What one document (title and text) contributes to the corpus-wide inputs, and its terms."""

    words: frozenset[str]
    nouns: frozenset[str]
    runs: frozenset[int]  # hashes of its word runs (boilerplate candidates)
    inputs: str  # the folded words the decompounder may split, one a line: one substring search for all
    terms: tuple[list[str], list[str]] | None = None  # title and text terms ...
    basis: _Basis | None = None  # ... valid for this basis


class SearchSession:
    """Builds the index again and again (a serve session), analysing only what changed.

    A document's terms depend on its own title and text and on the corpus-wide ``_Basis``.
    The session keeps each document's terms by its title and text, with the basis they were
    made for. When the basis changes, a document is analysed again only if one of its words
    contains an added or removed vocabulary word (the decompounder splits a word into
    substrings, so no other word's split can change) or one of its runs became or stopped
    being boilerplate. The index is then combined from the terms exactly as a cold build
    combines them: byte for byte the same (``tests/test_search_serve.py``). In-process only:
    run hashes are Python's salted ``hash``. ``cancelled`` is asked between documents; a
    cancelled build returns None and leaves the session valid (every entry knows its basis).
    """

    def __init__(self, lexicon: german.Lexicon | None = None):
        self.lexicon = lexicon
        self.by_text: dict[tuple[str, str], _Analysed] = {}
        self.analysed_urls: list[str] = []  # the documents the last build analysed, for tests and the log

    def build_index(self, documents: list[SearchDocument], *, snippet_chars: int = SNIPPET_CHARS,
                    extra: dict | None = None, cancelled=lambda: False) -> tuple[str, list[dict]] | None:
        with _without_cyclic_gc(), german.registered_pipeline():
            return self._build(documents, snippet_chars, extra or {}, cancelled)

    def _build(self, documents, snippet_chars, extra, cancelled):
        self.analysed_urls = []
        entries = []
        for doc in documents:
            if cancelled():
                return None
            entries.append(self._entry(doc))
        pages_with: Counter[int] = Counter()
        for entry in entries:
            pages_with.update(entry.runs)
        threshold = max(BOILERPLATE_MIN_PAGES, BOILERPLATE_SHARE * len(documents))
        basis = _Basis(frozenset().union(*(e.words for e in entries)), frozenset().union(*(e.nouns for e in entries)),
                       frozenset(run for run, pages in pages_with.items() if pages >= threshold))
        changes: dict[int, tuple[tuple[str, ...], frozenset[int]]] = {}  # by id of an earlier basis
        for entry in entries:
            if entry.terms is None or entry.basis is basis:
                continue
            change = changes.get(id(entry.basis))
            if change is None:
                change = changes[id(entry.basis)] = _basis_change(entry.basis, basis)
            changed_words, changed_runs = change
            if ((changed_runs and not changed_runs.isdisjoint(entry.runs))
                    or any(word in entry.inputs for word in changed_words)):
                entry.terms = None
            else:
                entry.basis = basis
        analyzer = None
        for doc, entry in zip(documents, entries):
            if entry.terms is None:
                if cancelled():
                    self._keep(documents, entries, replace_all=False)
                    return None
                if analyzer is None:
                    analyzer = Analyzer(index_pipeline(german.Decompounder(basis.words, self.lexicon,
                                                                           corpus_nouns=basis.nouns)))
                entry.terms = (analyzer.terms(indexed_words(doc.title)),
                               analyzer.terms(indexed_words(doc.text, basis.boilerplate)))
                entry.basis = basis
                self.analysed_urls.append(doc.url)
        self._keep(documents, entries, replace_all=True)  # drops the entries of pages gone
        try:
            return _combine(documents, (entry.terms for entry in entries), snippet_chars, extra, cancelled)
        except IndexCancelled:
            return None

    def _keep(self, documents, entries, *, replace_all: bool) -> None:
        kept = {(doc.title, doc.text): entry for doc, entry in zip(documents, entries)}
        if replace_all:
            self.by_text = kept
        else:
            self.by_text.update(kept)

    def _entry(self, doc: SearchDocument) -> _Analysed:
        entry = self.by_text.get((doc.title, doc.text))
        if entry is None:
            runs = frozenset(runs_of(doc.text))
            folded = corpus_words([doc])
            joined = german.joined_forms(doc.title) + german.joined_forms(doc.text)  # see indexed_words
            inputs = folded | {german.fold(german.trim(w)) for w in joined}
            entry = _Analysed(frozenset(folded), frozenset(corpus_nouns([doc])), runs,
                              "\n".join(w for w in inputs if len(w) >= MIN_PART and w.isalpha()))
        return entry


def _basis_change(before: _Basis, after: _Basis) -> tuple[tuple[str, ...], frozenset[int]]:
    """The vocabulary words that may split a word differently, and the runs whose boilerplate status changed."""
    words = (before.words ^ after.words) | (before.nouns ^ after.nouns)
    return tuple(w for w in words if len(w) >= MIN_PART and w.isalpha()), before.boilerplate ^ after.boilerplate


def search_texts(documents: list[SearchDocument]) -> list[str]:
    """The reading text of each page by ref, for snippets around the match."""
    return [snippet_text(doc.text, TEXT_CHARS) for doc in documents]


def text_shards(texts: list[str]) -> list[list[str]]:
    """``texts/<n>.json`` is shard n: ``TEXT_SHARD`` texts each."""
    return [texts[i:i + TEXT_SHARD] for i in range(0, len(texts), TEXT_SHARD)]


# The compact index format: lunr's serialized index with postings and vectors as
# delta-coded integer lists (a third of the size); ``compact_index`` writes it.
# ``search.js`` expands it back to exactly lunr's format before ``lunr.Index.load``;
# nothing is computed there.
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


def _deltas(numbers: Sequence[int]) -> list[int]:
    return [b - a for a, b in zip([0, *numbers], numbers)]


def _undeltas(deltas: list[int]) -> list[int]:
    out, total = [], 0
    for d in deltas:
        total += d
        out.append(total)
    return out
