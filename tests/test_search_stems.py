"""The Python pipeline that builds the index and lunr.de + search.js in the browser
give the same terms: run the vendored JavaScript in node on a test vocabulary."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from scschule.search import german
from scschule.search.query import query_terms

ASSETS = Path(str(resources.files("scschule.search") / "assets"))
ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node") or "/usr/bin/node"

# Runs lunr.js, lunr.stemmer.support.js and lunr.de.js exactly as shipped, plus search.js's analyzer.
NODE_SCRIPT = """
const assets = process.argv[1];
const lunr = require(assets + '/vendor/lunr.min.js');
require(assets + '/vendor/lunr.stemmer.support.min.js')(lunr);
require(assets + '/vendor/lunr.de.min.js')(lunr);
const search = require(assets + '/search.js');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const analyzer = search.createAnalyzer(lunr, input.stopWords);
const stem = w => lunr.de.stemmer(new lunr.Token(w, {})).toString();
console.log(JSON.stringify({
  stems: input.words.map(stem),
  folds: input.words.map(search.fold),
  terms: input.words.map(analyzer.term),
  queries: input.queries.map(analyzer.queryTerms),
  splits: input.queries.map(analyzer.splitWords),
}));
"""

VOCABULARY = """
haus häuser häusern hauses kommune kommunen kommunalen bürger bürgern buerger buergern
straße strasse straßen größe groesse grosse über ueber für fuer schüler schueler
schülerzeitung schuelerzeitung quelle quellen neue neuen feuer bauen bau steuer aktuell aktuelle
datenplattform datenplattformen plattform plattformen beteiligung bürgerbeteiligung beteiligungsverfahren
verwaltung verwaltungen digitalisierung sensoren sensor lorawan m01 2026 ngsi-ld fiware ckan
mitmacherkommune pionierkommunen maßnahmenbündel massnahmenbuendel handlungsfelder leitfäden leitfaden
aeoeue michael poesie qualität qualitaet ähnlich aehnlich öffentlich oeffentlich
die der und oder nicht  (klammer) "zitat" ende. komma, -bindestrich
""".split()
QUERIES = ["Datenplattform der Region", "Bürgerbeteiligung in Kommunen", "Buerger-Beteiligung",
           "die und der", "Straßenbeleuchtung 2026", "M01: Regionale Datenplattform", "  Häuser  ",
           "Menden.Inkubator", "Bürger(Rat)Hauses", "Soester Weg", "a/b,c;d", "Smart-City-Vorhaben", "«Zitat»"]


def corpus_words() -> list[str]:
    """Every word of the project's own guides and pages: German as the portal writes it."""
    words: set[str] = set()
    for path in [*ROOT.glob("guides/**/*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("newsletter/**/*.md")]:
        words.update(w.lower() for w in re.findall(r"[^\W_]+", path.read_text(encoding="utf-8")))
    return sorted(words)


@pytest.fixture(scope="module")
def node_run():
    if not Path(NODE).exists():
        pytest.fail("node fehlt (apt-get install nodejs): ohne node lässt sich lunr.de nicht prüfen")

    def run(words: list[str], queries: list[str]) -> dict:
        result = subprocess.run([NODE, "-e", NODE_SCRIPT, str(ASSETS)], input=json.dumps(
            {"words": words, "queries": queries, "stopWords": sorted(german.STOP_WORDS)}),
            capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    return run


def test_stemmer_equals_lunr_de_on_test_vocabulary(node_run):
    out = node_run(VOCABULARY, [])
    assert [german.stem(w) for w in VOCABULARY] == out["stems"]


def test_stemmer_equals_lunr_de_on_the_portals_own_words(node_run):
    words = corpus_words()
    assert len(words) > 500
    out = node_run(words, [])
    mismatches = [(w, p, j) for w, p, j in zip(words, map(german.stem, words), out["stems"]) if p != j]
    assert mismatches == []


def test_fold_and_full_term_equal_in_python_and_browser(node_run):
    words = VOCABULARY + corpus_words()
    out = node_run(words, QUERIES)
    assert [german.fold(w) for w in words] == out["folds"]
    assert [german.term(w) or "" for w in words] == out["terms"]
    assert [query_terms(q) for q in QUERIES] == out["queries"]
    assert [german.split_words(q) for q in QUERIES] == out["splits"]


def test_punctuation_inside_words_splits_on_both_sides(node_run):
    out = node_run([], ["Menden.Inkubator", "Bürger(Rat)Hauses", "Soester Weg"])
    assert out["splits"] == [["menden", "inkubator"], ["bürger", "rat", "hauses"], ["soester", "weg"]]
    assert "weg" in out["queries"][2], "„weg“ ist kein Stoppwort mehr (Soester Weg)"
    assert german.joined_forms("Bürger(Rat)Hauses und Menden.Inkubator") == ["bürgerrathauses", "mendeninkubator"]


def test_inflections_share_a_stem():
    assert german.term("Häuser".lower()) == german.term("haus") == german.term("häusern")
    assert german.term("kommunen") == german.term("kommune")
    assert german.term("plattformen") == german.term("plattform")


def test_spelled_out_umlauts_and_eszett_meet_the_real_ones():
    assert german.fold("buerger") == "bürger"
    assert german.term("buerger") == german.term("bürger")
    assert german.term("strasse") == german.term("straße")
    assert german.term("qualitaet") == german.term("qualität")
    # "ue" after a vowel or q is no umlaut: Feuer, neue, Quelle stay as they are.
    assert [german.fold(w) for w in ("feuer", "neue", "quelle", "bauen")] == ["feuer", "neue", "quelle", "bauen"]


def test_stop_words_and_punctuation_give_no_term_but_digits_stay():
    assert [german.term(w) for w in ("die", "und", "für", "...", "–")] == [None] * 5
    assert german.term("(m01)") == "m01"
    assert german.term("2026,") == "2026"


def test_decompounder_splits_against_corpus_and_shipped_words():
    split = german.Decompounder(["daten", "verfahren"])
    assert split.parts("datenplattform") == ("daten", "plattform")
    assert split.parts("datenplattformen") == ("daten", "plattformen")
    assert split.parts("bürgerbeteiligung") == ("bürger", "beteiligung")
    assert split.parts("bürgerbeteiligungsverfahren") == ("bürger", "beteiligung", "verfahren")
    assert split.parts("rathaus") == ("rat", "haus")


def test_decompounder_leaves_simple_words_alone():
    split = german.Decompounder(["unter", "stützung", "verwal", "bete"])
    for word in ("verwaltung", "beteiligung", "digitalisierung", "kommunikation", "sport", "unterstützung"):
        assert split.parts(word) == (), word


def test_browser_expands_the_compact_index_like_python(tmp_path):
    from scschule.search.index import SearchDocument, build_index, expand

    docs = [SearchDocument("Datenplattform", "leitfaeden/a/", "Sensoren melden Daten an die Plattform.", "Leitfaden"),
            SearchDocument("Rathaus", "kommunen/olpe/", "Bürgerbeteiligung im Rathaus, Häuser am Markt.", "Kommune")]
    index, _ = build_index(docs)
    compact_file = tmp_path / "index.json"
    compact_file.write_text(index, encoding="utf-8")
    script = ("const s = require(process.argv[1] + '/search.js');"
              "const c = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));"
              "console.log(JSON.stringify(s.expand(c)));")
    out = subprocess.run([NODE, "-e", script, str(ASSETS), str(compact_file)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == expand(json.loads(index))
