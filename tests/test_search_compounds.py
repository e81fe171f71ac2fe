"""Decompounding against the shipped German word list (igerman98, as Debian's wngerman): precision and recall on
real compounds and on long words that are no compounds, and what it means for a search."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from scschule.search import german

# Real compounds, most from the portal's own texts, with the parts a reader would search for.
COMPOUNDS = {
    "straßenbeleuchtung": {"straßen", "beleuchtung"},
    "datenplattform": {"daten", "plattform"},
    "datenplattformen": {"daten", "plattformen"},
    "bürgerbeteiligung": {"bürger", "beteiligung"},
    "beteiligungsverfahren": {"beteiligung", "verfahren"},
    "stadtlabor": {"stadt", "labor"},
    "handlungsfelder": {"handlung", "felder"},
    "pionierkommunen": {"pionier", "kommunen"},
    "maßnahmenbündel": {"maßnahmen", "bündel"},
    "schülerzeitung": {"schüler", "zeitung"},
    "verwaltungsmitarbeiter": {"verwaltung", "mitarbeiter"},
    "zusammenarbeit": {"zusammen", "arbeit"},
    "stadtentwicklung": {"stadt", "entwicklung"},
    "wasserversorgung": {"wasser", "versorgung"},
    "verkehrsplanung": {"verkehrs", "planung"},
    "parkplatzsensoren": {"parkplatz", "sensoren"},
    "luftqualität": {"luft", "qualität"},
    "umweltdaten": {"umwelt", "daten"},
    "klimaschutz": {"klima", "schutz"},
    "kulturverwaltung": {"kultur", "verwaltung"},
    "stabsstelle": {"stabs", "stelle"},
    "digitalstrategie": {"digital", "strategie"},
    "rahmenstrategie": {"rahmen", "strategie"},
    "bürgerbüro": {"bürger", "büro"},
    "energieverbrauch": {"energie", "verbrauch"},
    "ratsbeschluss": {"rats", "beschluss"},
    "fachbereich": {"fach", "bereich"},
    "lichtmast": {"licht", "mast"},
    "stadtportale": {"stadt", "portale"},
    "quartiersentwicklung": {"quartier", "entwicklung"},
    "dorfentwicklung": {"dorf", "entwicklung"},
    "förderprogramm": {"förder", "programm"},
    "sensordaten": {"sensor", "daten"},
    "messwerte": {"mess", "werte"},
    "verkehrszählung": {"verkehrs", "zählung"},
    "gemeinderat": {"gemeinde", "rat"},
    "kreisverwaltung": {"kreis", "verwaltung"},
    "bürgermeisterin": {"bürger", "meisterin"},
    "wetterstation": {"wetter", "station"},
    "schulträger": {"schul", "träger"},
}

# Long words that are no compounds (or whose parts mean something else): any split is nonsense.
NON_COMPOUNDS = """
beinhalten information kommunikation verwaltung digitalisierung beteiligung gesellschaft partnerschaft
wissenschaft veranstaltung unterstützung zukunft gemeinde bildung entwicklung nachhaltigkeit wirtschaft
erfahrungen kenntnisse ergebnisse vorhaben abteilung plattform verbrauch interessen verantwortung
organisation infrastruktur kommunen beschäftigte anwendungen strategie bereitstellung einrichtung
verständnis voraussetzung zuständigkeiten möglichkeiten verfügung hackathon mandanten schnittstelle
""".split()


@pytest.fixture(scope="module")
def lexicon() -> german.Lexicon:
    return german.Lexicon.read()


@pytest.fixture(scope="module")
def splitter(lexicon) -> german.Decompounder:
    return german.Decompounder([], lexicon)


def stems(words) -> set[str]:
    return {german.stem(w) for w in words}


def measure(splitter: german.Decompounder) -> dict:
    right = wrong = missed = 0
    for word, expected in COMPOUNDS.items():
        parts = set(splitter.parts(german.fold(word)))
        if not parts:
            missed += 1
        elif stems(expected) <= stems(parts):  # what a search compares: "Quartiers" is "Quartier"
            right += 1
        else:
            wrong += 1
    nonsense = [w for w in NON_COMPOUNDS if splitter.parts(german.fold(w))]
    splits = right + wrong + len(nonsense)
    return {"precision": right / splits, "recall": right / len(COMPOUNDS), "nonsense": nonsense,
            "right": right, "wrong": wrong, "missed": missed}


def test_lexicon_splits_precisely_and_finds_most_compounds(splitter, capsys):
    figures = measure(splitter)
    with capsys.disabled():  # the figures for the README (pytest -s shows them)
        print(f"\nZerlegung: Präzision {figures['precision']:.2f}, Trefferquote {figures['recall']:.2f} "
              f"({figures['right']} richtig, {figures['wrong']} falsch, {figures['missed']} nicht zerlegt "
              f"von {len(COMPOUNDS)} Komposita; {len(figures['nonsense'])} Unsinnszerlegungen "
              f"von {len(NON_COMPOUNDS)} Nicht-Komposita: {figures['nonsense']})")
    assert figures["precision"] >= 0.9
    assert figures["recall"] >= 0.75


def test_the_lexicon_finds_parts_the_corpus_never_has_alone(lexicon):
    """The issue's case: "Beleuchtung" never stands alone in the portal, only in "Straßenbeleuchtung"."""
    corpus_only = german.Decompounder(["smarte", "straßenbeleuchtung"])
    assert corpus_only.parts("straßenbeleuchtung") == ()
    with_lexicon = german.Decompounder(["smarte", "straßenbeleuchtung"], lexicon)
    assert with_lexicon.parts("straßenbeleuchtung") == ("straßen", "beleuchtung")


def test_verbs_and_derivational_endings_are_never_heads(splitter):
    assert splitter.parts("beinhalten") == ()  # no "Bein" + "halten"
    assert splitter.parts("partnerschaft") == ()  # no "Partner" + "Schaft"
    assert splitter.parts("plattform") == ()  # a known word splits only into long parts: no "platt" + "form"


def test_corpus_nouns_are_heads_where_the_lexicon_lacks_them(lexicon):
    # wngerman knows "verbrauch" only as a verb form; the portal writes "der Verbrauch".
    assert german.Decompounder(["stromverbrauch"], lexicon).parts("stromverbrauch") == ()
    assert german.Decompounder(["stromverbrauch"], lexicon, corpus_nouns=["verbrauch"]).parts("stromverbrauch") \
        == ("strom", "verbrauch")


def test_the_word_list_is_the_pinned_one_shipped_in_the_package():
    """The build's word list comes from the package, the same on every machine, never from /usr/share/dict."""
    assert german.LEXICON.is_relative_to(Path(german.__file__).parent)
    words = gzip.decompress(german.LEXICON.read_bytes())
    readme = german.LEXICON.with_name("ngerman-20161207.README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(words).hexdigest() in readme
    lines = words.count(b"\n")
    assert f"{lines:,} words" in readme
    assert german.LEXICON.with_name("ngerman-20161207.GPL-2.txt").is_file()  # the licence travels with it


def test_a_gzipped_word_list_reads_like_the_plain_one(tmp_path):
    plain = tmp_path / "words"
    plain.write_text("Straße\nbeleuchten\nBeleuchtung\n", encoding="utf-8")
    packed = tmp_path / "words.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert german.Lexicon.read(packed) == german.Lexicon.read(plain)


def test_lexicon_reads_nouns_by_capital_and_folds_like_the_index(tmp_path):
    words = tmp_path / "words"
    words.write_text("Straße\nbeleuchten\nBeleuchtung\nQualität\nab\nSoest's\n", encoding="utf-8")
    lexicon = german.Lexicon.read(words)
    assert lexicon.words == {"straße", "beleuchten", "beleuchtung", "qualität"}
    assert lexicon.nouns == {"straße", "beleuchtung", "qualität"}


def test_the_cached_form_of_the_lexicon_is_the_same_lexicon(lexicon):
    assert german.Lexicon.from_text(lexicon.to_text()) == lexicon
