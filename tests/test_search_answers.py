"""What a German reader gets from the search of the real portal: compound parts, typos,
zero results, ranking against boilerplate and list variants, tokenising, snippets and
highlights; and the browser's search.js (run in node on the same built index) answering
exactly like the Python query."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from projecttools import copy_project, run_build
from scschule.search import german, query
from scschule.search.index import SearchDocument, build_index
from scschule.search.plugin import ASSET_DIR, DOCS_FILE, INDEX_FILE, TEXTS_DIR

ASSETS = Path(str(resources.files("scschule.search") / "assets"))
NODE = shutil.which("node") or "/usr/bin/node"

# search.js's engine over the built index, in node; one JSON answer per query.
NODE_SEARCH = """
const [assets, folder] = process.argv.slice(1);
const fs = require('fs');
const lunr = require(assets + '/vendor/lunr.min.js');
require(assets + '/vendor/lunr.stemmer.support.min.js')(lunr);
require(assets + '/vendor/lunr.de.min.js')(lunr);
const s = require(assets + '/search.js');
const read = name => JSON.parse(fs.readFileSync(folder + '/' + name, 'utf8'));
const engine = s.createEngine(lunr, read('index.json'), read('docs.json'));
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const text = ref => read('texts/' + Math.floor(ref / 50) + '.json')[ref % 50];
console.log(JSON.stringify(input.queries.map(q => {
  const found = s.search(engine, q, {});
  return {urls: found.hits.map(h => h.u), corrected: found.corrected,
          snippet: found.hits.length ? s.snippetAround(text(found.hits[0].r), found, engine.analyzer) : '',
          marked: input.words.filter(w => s.isMatch(w, found, engine.analyzer))};
})));
"""


@pytest.fixture(scope="module")
def real(built_site):
    folder = built_site / ASSET_DIR
    docs = json.loads((folder / DOCS_FILE).read_text(encoding="utf-8"))
    head = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    return query.load(head), docs, head


def urls(real, text) -> list[str]:
    return [d["u"] for d in query.search(real[0], real[1], text)]


def browser_answers(built_site, queries: list[str], words: list[str] = ()) -> list[dict]:
    if not Path(NODE).exists():
        pytest.fail("node fehlt (apt-get install nodejs): ohne node lässt sich search.js nicht prüfen")
    out = subprocess.run([NODE, "-e", NODE_SEARCH, str(ASSETS), str(built_site / ASSET_DIR)],
                         input=json.dumps({"queries": queries, "words": list(words)}),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


# --- compound parts -----------------------------------------------------------------

def test_a_part_that_never_stands_alone_finds_the_compound(real):
    assert urls(real, "Beleuchtung")[0] == "leitfaeden/smarte-strassenbeleuchtung/"
    assert "leitfaeden/digitaler-zwilling/" in urls(real, "Zwilling")[:3]


# --- typos --------------------------------------------------------------------------

def test_one_typo_is_corrected_and_said(real):
    found = query.find(real[0], real[1], "Datenplatform")
    assert found.corrected == {"datenplatform": "datenplattform"}
    assert any("Datenplattform" in d["t"] for d in found.hits[:3])
    found = query.find(real[0], real[1], "Beteilgung")
    assert found.corrected and found.hits
    assert any("Beteiligung" in d["t"] for d in found.hits[:3])


def test_exact_words_are_never_corrected(real):
    found = query.find(real[0], real[1], "Plattform")
    assert found.corrected == {} and found.hits
    # While typing, a prefix counts as exact: no correction of "Datenpla" to something else.
    assert query.find(real[0], real[1], "Datenpla").corrected == {}


def test_typo_distance_grows_with_length():
    assert [query.typo_distance("x" * n) for n in (3, 4, 5, 7, 8, 12)] == [0, 0, 1, 1, 2, 2]
    assert query.edit_distance("beteilg", "beteilig", 1) == 1
    assert query.edit_distance("datenplatform", "datenplattform", 2) == 1
    assert query.edit_distance("kommune", "rathaus", 2) == 3  # limit + 1: gave up early


# --- zero results -------------------------------------------------------------------

def test_nothing_like_the_word_gives_no_hits_but_the_index_carries_help(real, built_site):
    found = query.find(real[0], real[1], "Xylophonkonzert")
    assert found.hits == [] and found.corrected == {}
    head = real[2]
    labels = [label for label, _ in head["overviews"]]
    assert "Alle Leitfäden" in labels and "Handlungsfelder" in labels
    for _, url in head["overviews"]:
        assert (built_site / url / "index.html").is_file(), url
    newest = [real[1][ref] for ref in head["newest"]]
    assert newest and all(d["k"] == "Leitfaden" for d in newest)
    assert [d["d"] for d in newest] == sorted((d["d"] for d in newest), reverse=True)


# --- ranking ------------------------------------------------------------------------

def test_boilerplate_of_municipality_pages_does_not_outrank_the_guide(real):
    hits = urls(real, "Teilnahme")
    assert "leitfaeden/teilnahme-an-der-schule/" in hits[:3]
    assert not any(u.startswith("kommunen/") for u in hits[:3])
    assert len(hits) < 20  # no longer every municipality page (56 hits before)


def test_sort_variants_of_lists_are_indexed_once(real):
    indexed = [d["u"] for d in real[1]]
    assert "kommunen/kreis/kreis-soest/" in indexed
    assert not [u for u in indexed if "/nach-" in u or u.startswith("nach-")]


def test_boilerplate_runs_weigh_nothing_and_an_items_title_beats_a_list():
    standard = "Die Stadt hat sich noch nicht bei der Schule angemeldet und nimmt an der Teilnahme"
    docs = [SearchDocument(f"Ort {i}", f"kommunen/ort-{i}/", f"{standard} teil. Ort {i} liegt im Kreis.", "Kommune")
            for i in range(12)]
    docs.append(SearchDocument("Teilnahme erklärt", "leitfaeden/teilnahme/", "Wie es geht.", "Leitfaden"))
    docs.append(SearchDocument("Alle Leitfäden", "leitfaeden/", "Teilnahme erklärt: wie es geht.", "Seite",
                               is_item=False))
    index_json, display = build_index(docs)
    hits = [d["u"] for d in query.search(query.load(json.loads(index_json)), display, "Teilnahme")]
    assert hits == ["leitfaeden/teilnahme/", "leitfaeden/"]


# --- tokenising ---------------------------------------------------------------------

def test_words_joined_by_punctuation_are_found_by_each_part_and_joined(real):
    assert "leitfaeden/new-work-in-der-verwaltung/" in urls(real, "Rathaus")  # "Bürger(Rat)Hauses"
    assert "leitfaeden/new-work-in-der-verwaltung/" in urls(real, "Bürgerrathaus")
    assert urls(real, "Inkubator")  # "Menden.Inkubator"
    # "weg" is no stop word: "Soester Weg" needs both words, not only "Soest".
    assert len(urls(real, "Soester Weg")) < len(urls(real, "Soester"))


# --- the browser's search on the same index -----------------------------------------

QUERIES = ["Beleuchtung", "Zwilling", "Datenplatform", "Beteilgung", "Teilnahme", "Rathaus", "Soester Weg",
           "Qualitaet", "Bürger", "Xylophonkonzert", "Digitale Beteiligung", "M01", "Datenpla"]


def test_search_js_answers_exactly_like_the_python_query(real, built_site):
    answers = browser_answers(built_site, QUERIES)
    for text, answer in zip(QUERIES, answers):
        found = query.find(real[0], real[1], text)
        assert answer["urls"] == [d["u"] for d in found.hits], text
        assert answer["corrected"] == found.corrected, text


def test_snippet_shows_the_passage_with_the_match(built_site):
    (answer,) = browser_answers(built_site, ["Qualitaet"])
    assert "Qualität" in answer["snippet"]
    assert answer["snippet"].startswith("… ")  # the passage, not the page's first characters
    assert (built_site / ASSET_DIR / TEXTS_DIR / "0.json").is_file()


def test_only_whole_words_that_match_are_marked(built_site):
    words = ["Berleburg", "Bürger", "Bürgern", "Buerger", "Bürgerbeteiligung", "Straßenbeleuchtung", "Beleuchtungen",
             "Leuchte"]
    burger, light = browser_answers(built_site, ["Bürger", "Beleuchtung"], words)
    assert burger["marked"] == ["Bürger", "Bürgern", "Buerger", "Bürgerbeteiligung"]
    assert light["marked"] == ["Straßenbeleuchtung", "Beleuchtungen"]


# --- a missing word list ------------------------------------------------------------

def test_missing_word_list_fails_the_build_with_a_german_message(tmp_path):
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("- scschule-search"))
    config.write_text(text.replace("  - scschule-search", "  - scschule-search:\n      lexicon: /fehlt/ngerman", 1),
                      encoding="utf-8")
    result = run_build(root)
    assert result.returncode != 0
    assert f"mkdocs.yml:{line}: Deutsches Wörterbuch für die Suche fehlt: /fehlt/ngerman" in result.stderr
    assert "Traceback" not in result.stderr
    assert german.LEXICON.is_file()  # the real one is there: only the configured path was wrong
