"""Querying the built index in Python, exactly as ``assets/search.js`` does in the browser.

Each query word is trimmed, dropped if it is a stop word, folded and stemmed; it
must then match (as a prefix, so results come while typing), and an exact match
of its stem scores higher. Facets filter the hits by type, Handlungsfeld, bundle.
Used by the tests and the benchmark to check the real built index.
"""

from __future__ import annotations

from dataclasses import dataclass

from lunr.index import Index
from lunr.query import Query, QueryPresence
from lunr.tokenizer import Tokenizer

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


def query_terms(text: str) -> list[str]:
    """The stems a query searches for (stop words and punctuation dropped)."""
    terms = (german.term(str(token)) for token in Tokenizer(text))
    return list(dict.fromkeys(t for t in terms if t))


def search(index: Index, docs: list[dict], text: str, facets: Facets = Facets()) -> list[dict]:
    """Matching display records, best first."""
    terms = query_terms(text)
    if not terms:
        return []
    query = index.create_query()
    for stem in terms:
        query.term(stem, use_pipeline=False, presence=QueryPresence.REQUIRED,
                   wildcard=Query.WILDCARD_TRAILING if len(stem) >= MIN_PREFIX else Query.WILDCARD_NONE)
        query.term(stem, use_pipeline=False, boost=EXACT_BOOST)
    hits = [docs[int(result["ref"])] for result in index.query(query)]
    return [doc for doc in hits if facets.admit(doc)]


def load(index_json: dict) -> Index:
    """The lunr index from the compact ``index.json`` the build writes."""
    with german.registered_pipeline():  # the loaded index keeps the functions themselves
        return Index.load(expand(index_json))
