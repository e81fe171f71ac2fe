"""Querying the built index in Python, exactly as ``assets/search.js`` does in the browser.

Each query word is split and analysed like the words of the index (see ``german``); it
must then match (as a prefix, so results come while typing), and an exact match of its
stem scores higher. A word that matches nothing at all is a typo, as far as the search
can tell: it is replaced by the index term closest to it within an edit distance that
grows with its length (``typo_distance``), and the visitor sees "Meinten Sie: …". So an
exact match always wins over a fuzzy one: fuzzy matching only starts where nothing is
exact. Facets filter the hits by type, Handlungsfeld, bundle.
Used by the tests and the benchmark to check the real built index.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from lunr.index import Index
from lunr.query import Query, QueryPresence

from . import german
from .index import expand

EXACT_BOOST = 10
MIN_PREFIX = 2


@dataclass(frozen=True)
class Facets:
    type: str = ""
    handlungsfeld: str = ""
    bundle: str = ""

    def admit(self, doc: dict) -> bool:
        return ((not self.type or doc["k"] == self.type)
                and (not self.handlungsfeld or self.handlungsfeld in doc["h"])
                and (not self.bundle or self.bundle in doc["b"]))


@dataclass(frozen=True)
class Found:
    hits: list[dict]
    terms: list[str]  # the stems searched for, corrections applied
    corrected: dict[str, str] = field(default_factory=dict)  # typo stem -> index term used instead


def query_terms(text: str) -> list[str]:
    """The stems a query searches for (stop words and punctuation dropped)."""
    terms = (german.term(word) for word in german.split_words(text))
    return list(dict.fromkeys(t for t in terms if t))


def typo_distance(term: str) -> int:
    """Edit distance allowed for a stem that matches nothing: none up to 4 letters, then 1, from 8 letters 2."""
    return 0 if len(term) <= 4 else 1 if len(term) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``
    (the same function as search.js's editDistance)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _matches_something(terms: list[str], term: str) -> bool:
    """Whether some of the sorted index ``terms`` is ``term`` or (from ``MIN_PREFIX`` letters) starts with it."""
    at = bisect_left(terms, term)
    if at == len(terms):
        return False
    return terms[at] == term or (len(term) >= MIN_PREFIX and terms[at].startswith(term))


def _page_count(index: Index, term: str) -> int:
    posting = index.inverted_index[term]
    return len({ref for name in index.fields for ref in posting.get(name, {})})


def correction(index: Index, term: str) -> str | None:
    """The index term closest to ``term``: fewest edits, then most pages, then alphabetical."""
    distance = typo_distance(term)
    if not distance:
        return None
    # Every index term is tried (lunr's fuzzy token sets miss insertions: "datenplatform").
    scored = [(d, -_page_count(index, c), c) for c in index.inverted_index
              if (d := edit_distance(term, c, distance)) <= distance]
    return min(scored)[2] if scored else None


def find(index: Index, docs: list[dict], text: str, facets: Facets = Facets()) -> Found:
    """Matching display records, best first, with the corrections made."""
    terms = query_terms(text)
    if not terms:
        return Found([], [])
    corrected = {}
    index_terms = sorted(index.inverted_index)
    for term in terms:
        if not _matches_something(index_terms, term):
            better = correction(index, term)
            if better is None:
                return Found([], terms)  # a word nothing resembles: no hit can contain it
            corrected[term] = better
    terms = list(dict.fromkeys(corrected.get(t, t) for t in terms))
    query = index.create_query()
    for stem in terms:
        query.term(stem, use_pipeline=False, presence=QueryPresence.REQUIRED,
                   wildcard=Query.WILDCARD_TRAILING if len(stem) >= MIN_PREFIX else Query.WILDCARD_NONE)
        query.term(stem, use_pipeline=False, boost=EXACT_BOOST)
    hits = [docs[int(result["ref"])] for result in index.query(query)]
    return Found([doc for doc in hits if facets.admit(doc)], terms, corrected)


def search(index: Index, docs: list[dict], text: str, facets: Facets = Facets()) -> list[dict]:
    """Matching display records, best first."""
    return find(index, docs, text, facets).hits


def load(index_json: dict) -> Index:
    """The lunr index from the compact ``index.json`` the build writes."""
    with german.registered_pipeline():  # the loaded index keeps the functions themselves
        return Index.load(expand(index_json))
