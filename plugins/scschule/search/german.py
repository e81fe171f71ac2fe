"""The German text pipeline of the search index, identical to lunr.de in the browser.

The index is built here in Python and queried in the browser with lunr.js and
lunr-languages' ``lunr.de.js``, so every step that turns a word into an index
term must give the same result on both sides:

- the tokenizer splits at every character that is no word character of lunr.de (white
  space, hyphens, but also ``.``, ``(``, ``/``: "Menden.Inkubator" is two words); search.js
  sets ``lunr.tokenizer.separator`` to the same class;
- ``trimmer-de``: lunr.de's trimmer (word characters of lunr.de plus digits);
- ``stopWordFilter-de``: lunr.de's stop-word list, shipped in ``data/``, less the words that
  carry meaning in place names and topics ("weg": "Soester Weg"); the index carries the
  list, so the browser filters exactly these words;
- ``umlautFold-de``: our own step, also defined in ``assets/search.js``: spelled-out
  umlauts (``Buerger``) become real ones (``Bürger``) before stemming;
- ``stemmer-de``: NLTK's Snowball ``GermanStemmer``, the algorithm lunr.de ports
  (the ``snowballstemmer`` package's newer German variant differs from it).

NLTK's stemmer needs no downloaded data; ``lunr[languages]``' builder is not used
because it downloads NLTK's stop words at run time.
"""

from __future__ import annotations

import gzip
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lunr and NLTK are imported where a word is stemmed or an index built
    from lunr.token import Token

# lunr.de.wordCharacters (lunr-languages 1.22.0); lunr.trimmerSupport adds the digits.
WORD_CHARACTERS = (
    "A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25\u1d2c-\u1d5c\u1d62-\u1d65"
    "\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f\u2090-\u209c\u212a\u212b\u2132\u214e"
    "\u2160-\u2188\u2c60-\u2c7f\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7\ua7f7-\ua7ff\uab30-\uab5a"
    "\uab5c-\uab64\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a" + "0-9"
)
_SEPARATOR = re.compile(f"[^{WORD_CHARACTERS}]+")
_LEADING = re.compile(f"^[^{WORD_CHARACTERS}]+")
_TRAILING = re.compile(f"[^{WORD_CHARACTERS}]+$")
# ae/oe/ue spelled out for ä/ö/ü; "ue" stays after a vowel or q ("neue", "Quelle"),
# as in Snowball's german2 variant. Mirrored character for character in search.js.
_SPELLED_UE = re.compile(r"(?<![aeiouyäöüq])ue")  # then ae, oe: the same as one left-to-right pass


def _read_list(name: str) -> frozenset[str]:
    text = (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


STOP_WORDS = _read_list("stopwords-de.txt")
COMPOUND_PARTS = _read_list("compound-parts-de.txt")
NEVER_HEADS = _read_list("never-heads-de.txt")


def split_words(text: str) -> list[str]:
    """The tokenizer of both sides: lower case, split at every run of non-word characters."""
    return [word for word in _SEPARATOR.split(text.lower()) if word]


def joined_forms(text: str) -> list[str]:
    """Words written with punctuation inside ("Bürger(Rat)Hauses", "Smart-City"), joined:
    index-only, so that the query "Bürgerrathaus" finds them as well as "Rathaus"."""
    out = []
    for chunk in text.lower().split():
        parts = [w for w in _SEPARATOR.split(chunk) if w]
        if len(parts) > 1:
            joined = "".join(parts)
            if joined.isalpha() and len(joined) <= MAX_JOINED:
                out.append(joined)
    return out


MAX_JOINED = 40  # longer runs are URLs or lists, no words


def trim(word: str) -> str:
    return _TRAILING.sub("", _LEADING.sub("", word))


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def fold(word: str) -> str:
    """``buerger`` -> ``bürger``; the stemmer then removes the umlaut like in ``Bürger``."""
    return _SPELLED_UE.sub("ü", word).replace("ae", "ä").replace("oe", "ö")


@lru_cache(maxsize=200_000)  # a pure function; a corpus repeats its words a lot
def stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import GermanStemmer

    return GermanStemmer()


def term(word: str) -> str | None:
    """The index term of one lower-case word, or None for a stop word or punctuation."""
    word = trim(word)
    if not word or is_stop_word(word):
        return None
    return stem(fold(word))


# lunr pipeline functions, registered under the labels lunr.js knows, so that the
# serialized index names a search pipeline the browser can load.
def trimmer_de(token: Token, i=None, tokens=None) -> Token:
    return token.update(lambda s, _m=None: trim(s))


def stop_word_filter_de(token: Token, i=None, tokens=None) -> Token | None:
    return None if is_stop_word(str(token)) else token


def umlaut_fold_de(token: Token, i=None, tokens=None) -> Token:
    return token.update(lambda s, _m=None: fold(s))


def stemmer_de(token: Token, i=None, tokens=None) -> Token:
    return token.update(lambda s, _m=None: stem(s))


PIPELINE_FUNCTIONS = ((trimmer_de, "trimmer-de"), (stop_word_filter_de, "stopWordFilter-de"),
                      (umlaut_fold_de, "umlautFold-de"), (stemmer_de, "stemmer-de"))
for _fn, _label in PIPELINE_FUNCTIONS:
    _fn.label = _label  # the name lunr.js knows the step by in the serialized pipeline


@contextmanager
def registered_pipeline():
    """Our German steps in lunr's process-wide registry of pipeline functions, for one index build.

    Set directly (not with ``register_function``): importing lunr already registered its
    NLTK wrapper as "stemmer-de", and replacing it would log a warning on every build.
    Whatever was registered under these labels before is put back afterwards.
    """
    from lunr.pipeline import Pipeline

    registry = Pipeline.registered_functions
    before = {label: registry.get(label) for _, label in PIPELINE_FUNCTIONS}
    registry.update({label: fn for fn, label in PIPELINE_FUNCTIONS})
    try:
        yield
    finally:
        for label, fn in before.items():
            if fn is None:
                registry.pop(label, None)
            else:
                registry[label] = fn


# The German word list igerman98 20161207 by Björn Jacke (GPL-2+; every inflected form, nouns
# capitalised), as Debian's ``wngerman`` 20161207-11 ships it in /usr/share/dict/ngerman. Shipped
# in the package (data/ngerman-20161207.README.md), so that every machine splits compounds against
# the same list and builds the same index. Read at build time only: the browser gets none of it,
# just the index terms the parts give.
LEXICON = Path(__file__).parent / "data" / "ngerman-20161207.gz"


@dataclass(frozen=True)
class Lexicon:
    """Folded lower-case forms of a German word list: all words, and the nouns among them."""

    words: frozenset[str]
    nouns: frozenset[str]

    @classmethod
    def read(cls, path: Path = LEXICON, *, min_part: int = 4) -> Lexicon:
        return _read_lexicon(path, path.stat().st_mtime_ns, min_part)

    def to_text(self) -> str:
        """Nouns, a blank line, the other words: what :meth:`from_text` reads five times faster than the list."""
        return "\n".join(sorted(self.nouns)) + "\n\n" + "\n".join(sorted(self.words - self.nouns))

    @classmethod
    def from_text(cls, text: str) -> Lexicon:
        nouns, others = text.split("\n\n", 1)
        noun_set = frozenset(nouns.split("\n")) - {""}
        return cls(noun_set | (frozenset(others.split("\n")) - {""}), noun_set)


@lru_cache(maxsize=2)  # one word list per process; mkdocs serve rebuilds reuse it
def _read_lexicon(path: Path, _mtime: int, min_part: int) -> Lexicon:
    words, nouns = set(), set()
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    for line in text.splitlines():
        if len(line) < min_part or not line.isalpha():
            continue
        word = fold(line.lower())
        words.add(word)
        if line[0].isupper():
            nouns.add(word)
    return Lexicon(frozenset(words), frozenset(nouns))


class Decompounder:
    """Splits German compounds into known words: ``straßenbeleuchtung`` -> ``straßen``, ``beleuchtung``.

    A part before the last (a modifier) is any word of the lexicon, of the corpus or of
    the shipped list of common parts, joined by nothing or a linking ``s``/``es``
    (``Beteiligungsverfahren``). The last part (the head) decides what a German compound
    is, so it must be a noun of the lexicon or of the corpus (``corpus_nouns``: written
    capitalised inside a sentence), a corpus word the lexicon does not know
    (names, technical terms), or a shipped part; it may carry an inflection ending
    (``Datenplattformen``). A word the lexicon knows by itself splits only into parts of
    ``min_part_of_word`` letters or more: "Plattform" stays whole. Verbs as heads split "beinhalten" into "Bein" + "halten";
    derivational endings that are also nouns ("Schaft") are never heads. Parts from the
    lexicon or corpus have at least ``min_part`` letters. Works on folded lower-case words.
    """

    LINKS = ("", "s", "es")
    ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern")

    def __init__(self, corpus_words, lexicon: Lexicon | None = None, *, corpus_nouns=(), min_part: int = 4,
                 min_word: int = 7, min_part_of_word: int = 5):
        corpus = frozenset(w for w in corpus_words if len(w) >= min_part and w.isalpha())
        shipped = frozenset(fold(w) for w in COMPOUND_PARTS)
        lexicon = lexicon or Lexicon(frozenset(), frozenset())
        # Looked up in each set in turn: a union of the 355,000 words would cost more than the splitting.
        self._modifier_sets = (corpus, lexicon.words, shipped)
        unknown_to_lexicon = corpus - lexicon.words if lexicon.words else corpus
        nouns = frozenset(w for w in corpus_nouns if len(w) >= min_part)
        self._head_sets = (unknown_to_lexicon, lexicon.nouns, nouns, shipped)
        self.min_part = min(min_part, min((len(w) for w in COMPOUND_PARTS), default=min_part))
        self.min_word = min_word
        self.lexicon_words = lexicon.words
        self.min_part_of_word = min_part_of_word
        self._cache: dict[str, tuple[str, ...]] = {}

    def parts(self, word: str) -> tuple[str, ...]:
        """All parts of ``word`` and of its parts (empty if it is no compound)."""
        if len(word) < self.min_word or not word.isalpha():
            return ()
        found = self._cache.get(word)
        if found is None:
            found = ()
            split = self._split(word, 0, {})
            if split and word in self.lexicon_words and min(map(len, split)) < self.min_part_of_word:
                split = None  # "Verbrauch" is no "Verb" + "Rauch": a known word splits only into long parts
            if split:
                nested = [p for part in split for p in (part, *self.parts(part))]
                found = tuple(dict.fromkeys(nested))
            self._cache[word] = found
        return found

    def is_modifier(self, part: str) -> bool:
        return part not in STOP_WORDS and any(part in words for words in self._modifier_sets)

    def is_head_word(self, part: str) -> bool:
        return part not in STOP_WORDS and part not in NEVER_HEADS and any(part in words for words in self._head_sets)

    def _is_head(self, rest: str) -> bool:
        return any(rest.endswith(e) and self.is_head_word(rest[: len(rest) - len(e)]) for e in self.ENDINGS if len(rest) > len(e))

    def _split(self, word: str, start: int, memo: dict) -> list[str] | None:
        """Fewest known parts covering ``word[start:]``, the whole word itself excluded."""
        if start in memo:
            return memo[start]
        best: list[str] | None = None
        rest = word[start:]
        if start > 0 and len(rest) >= self.min_part and self._is_head(rest):
            best = [rest]
        for end in range(len(word) - self.min_part, start + self.min_part - 1, -1):  # longest part first
            part = word[start:end]
            if not self.is_modifier(part):
                continue
            for link in self.LINKS:
                if not word.startswith(link, end):
                    continue
                tail = self._split(word, end + len(link), memo)
                if tail and (best is None or len(tail) + 1 < len(best)):
                    best = [part, *tail]
        memo[start] = best
        return best


class DecompoundToken:
    """Pipeline step: keeps each token and adds the parts of compounds after it."""

    label = "decompound-de"  # index-time only; never part of the serialized search pipeline

    def __init__(self, decompounder: Decompounder):
        self.decompounder = decompounder

    def __call__(self, token: Token, i=None, tokens=None):
        parts = self.decompounder.parts(str(token))
        if not parts:
            return token
        return [token, *(token.clone(lambda _s, _m, p=p: p) for p in parts)]
