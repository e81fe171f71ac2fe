"""The search index of a real build: German stemming, compounds, umlauts, facets, exclusions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from projecttools import run_build
from scschule.search import query
from scschule.portal import KINDS
from scschule.search import german
from scschule.search.index import SearchDocument, SearchTypes, build_index, expand, html_to_text, item_for
from scschule.search.plugin import ASSET_DIR, DOCS_FILE, INDEX_FILE

SAMPLE_PAGE = """---
title: Suchprobe
---
# Suchprobe

Die Kreise betreiben gemeinsam Datenplattformen. Die Häuser am Markt melden ihren Stromverbrauch.
Zur Bürgerbeteiligung gibt es ein Beteiligungsverfahren im Rathaus.
"""
HIDDEN_PAGE = """---
title: Moderationsansicht
search:
  exclude: true
---
# Moderationsansicht

Geheimwortschatz Zauberlehrling.
"""


def load_site_index(site: Path):
    folder = site / ASSET_DIR
    docs = json.loads((folder / DOCS_FILE).read_text(encoding="utf-8"))
    return query.load(json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))), docs


def titles(index, docs, text, **facets) -> list[str]:
    return [d["t"] for d in query.search(index, docs, text, query.Facets(**facets))]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    from projecttools import copy_project

    root = copy_project(tmp_path_factory.mktemp("search") / "project")
    (root / "docs" / "suchprobe.md").write_text(SAMPLE_PAGE, encoding="utf-8")
    (root / "docs" / "moderation.md").write_text(HIDDEN_PAGE, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def sample(sample_site):
    return load_site_index(sample_site)


@pytest.fixture(scope="module")
def real(built_site):
    return load_site_index(built_site)


# --- German on the built index -------------------------------------------------------

def test_inflection_finds_the_other_form(sample):
    assert "Suchprobe" in titles(*sample, "Haus")
    assert "Suchprobe" in titles(*sample, "Häusern")
    assert "Suchprobe" in titles(*sample, "Kreis")


def test_compound_parts_find_the_compound(sample):
    assert "Suchprobe" in titles(*sample, "Plattform")
    assert "Suchprobe" in titles(*sample, "Beteiligung")
    assert "Suchprobe" in titles(*sample, "Verfahren")
    assert "Suchprobe" in titles(*sample, "Verbrauch")


def test_spelled_out_umlauts_find_the_real_ones(sample):
    assert "Suchprobe" in titles(*sample, "Buergerbeteiligung")
    assert "Suchprobe" in titles(*sample, "Haeuser")


def test_prefix_while_typing(sample):
    assert "Suchprobe" in titles(*sample, "Datenpla")
    assert "Suchprobe" in titles(*sample, "Bürgerbet")


def test_every_word_must_match(sample):
    assert "Suchprobe" in titles(*sample, "Rathaus Plattform")
    assert "Suchprobe" not in titles(*sample, "Rathaus Zauberlehrling")


def test_pages_marked_exclude_are_not_indexed(sample, sample_site):
    index, docs = sample
    assert "Moderationsansicht" not in [d["t"] for d in docs]
    assert titles(index, docs, "Zauberlehrling") == []
    assert "suche/" not in [d["u"] for d in docs]
    assert (sample_site / "moderation" / "index.html").exists()  # the page itself is still built


def test_real_portal_finds_compounds_and_umlaut_spellings(real):
    index, docs = real
    with_platform = [d["t"] for d in docs if "datenplattform" in d["t"].lower()]
    assert with_platform, "the portal has pages on the data platform"
    found = titles(index, docs, "Plattform")
    assert set(with_platform) <= set(found)
    assert titles(index, docs, "Bürger") == titles(index, docs, "Buerger") != []


# --- what is indexed and the facets --------------------------------------------------

def test_archived_guide_versions_are_not_indexed(real, built_site):
    index, docs = real
    urls = {d["u"] for d in docs}
    for guide in (built_site / "leitfaeden").iterdir():
        versions = [p for p in guide.iterdir() if p.is_dir() and p.name[:1].isdigit()] if guide.is_dir() else []
        for version in versions:
            assert f"leitfaeden/{guide.name}/{version.name}/" not in urls
    assert any(u.startswith("leitfaeden/") and u.count("/") == 2 for u in urls)


def test_every_content_type_is_indexed(real):
    # "Referat": the series page /referate/ (the project has no archived talk yet, tests/test_formats_site.py has one)
    assert {d["k"] for d in real[1]} == {"Leitfaden", "Kurs", "Referat", "Schülerzeitung", "Kommune", "Seite"}


def test_type_facet(real):
    index, docs = real
    hits = query.search(index, docs, "Daten", query.Facets(type="Leitfaden"))
    assert hits and {d["k"] for d in hits} == {"Leitfaden"}
    everything = query.search(index, docs, "Daten")
    assert len(everything) > len(hits)


def test_handlungsfeld_and_bundle_facets_follow_the_content_tags(real):
    index, docs = real
    tagged = [d for d in docs if d["b"]]
    assert tagged, "guides, courses and issues carry their bundles"
    bundle = tagged[0]["b"][0]
    hits = query.search(index, docs, "Daten", query.Facets(bundle=bundle))
    assert hits and all(bundle in d["b"] for d in hits)
    field = tagged[0]["h"][0]
    hits = query.search(index, docs, "Daten", query.Facets(handlungsfeld=field))
    assert hits and all(field in d["h"] for d in hits)


def test_course_units_inherit_their_courses_tags(real):
    docs = real[1]
    units = [d for d in docs if d["k"] == "Kurs" and d["u"].count("/") == 3]
    assert units and all(d["h"] for d in units)


def test_results_carry_what_the_display_needs(real):
    index, docs = real
    hits = query.search(index, docs, "Leitfaden", query.Facets(type="Leitfaden"))
    guide = next(d for d in hits if d["u"].count("/") == 2)  # a guide, not the catalogue
    assert guide["t"] and guide["u"].startswith("leitfaeden/") and guide["d"][:2] == "20" and guide["s"]


def test_index_stores_no_positions_and_short_refs(real, built_site):
    raw = expand(json.loads((built_site / ASSET_DIR / INDEX_FILE).read_text(encoding="utf-8")))
    assert raw["pipeline"] == ["trimmer-de", "umlautFold-de", "stemmer-de"]
    term, postings = raw["invertedIndex"][0]
    for field in ("title", "text"):
        assert all(value == {} for value in postings[field].values())
    assert all(len(doc["s"]) <= 300 for doc in real[1])


# --- units ---------------------------------------------------------------------------

def test_type_of_url_comes_from_the_collection_kinds():
    types = SearchTypes.of(KINDS)
    assert types.order == ("Leitfaden", "Kurs", "Referat", "Schülerzeitung", "Kommune", "Seite")
    assert [types.of_url(u) for u in ("leitfaeden/a/", "kurse/k/e/", "referate/r/", "schuelerzeitung/3/", "kommunen/olpe/",
                                 "", "impressum/", "handlungsfelder/energie/")] == [
        "Leitfaden", "Kurs", "Referat", "Schülerzeitung", "Kommune", "Seite", "Seite", "Seite"]


def test_html_to_text_drops_permalinks_and_scripts():
    html = '<h2 id="a">Titel<a class="headerlink" href="#a">¶</a></h2><p>Text &amp; mehr</p><script>x()</script>'
    assert html_to_text(html) == "Titel Text & mehr"


def test_lists_marked_for_exclusion_are_not_indexed():
    html = ('<h1>Energie</h1><p>Handlungsfeld der Rahmenstrategie.</p>'
            '<ul data-search-exclude><li><a href="x/">Leitfaden: Solarkataster</a> Schluss</li></ul><p>Ende</p>')
    assert html_to_text(html) == "Energie Handlungsfeld der Rahmenstrategie. Ende"


def test_overview_pages_are_found_by_their_own_text_not_by_the_items_they_list(built_site):
    """A Handlungsfeld page lists every item tagged with it; a search should lead to the items themselves."""
    docs = {d["u"]: d for d in json.loads((built_site / ASSET_DIR / DOCS_FILE).read_text(encoding="utf-8"))}
    field = docs["handlungsfelder/verwaltung-teilhabe/"]
    assert field["s"].startswith("Handlungsfeld der Rahmenstrategie.")
    guide_titles = [d["t"] for d in docs.values() if d["k"] == "Leitfaden"]
    assert not any(title in field["s"] for title in guide_titles)
    raw = expand(json.loads((built_site / ASSET_DIR / INDEX_FILE).read_text(encoding="utf-8")))
    refs = {d["u"]: str(i) for i, d in enumerate(json.loads((built_site / ASSET_DIR / DOCS_FILE).read_text(encoding="utf-8")))}
    postings = dict(raw["invertedIndex"])
    assert refs["leitfaeden/open-data-mit-ckan/"] in postings["ckan"]["title"]
    assert refs["handlungsfelder/verwaltung-teilhabe/"] not in postings["ckan"]["text"]  # lists that guide, in a marked list


def test_item_for_walks_up_to_the_course():
    from scschule.content.items import ItemRef

    course = ItemRef("Kurs", "K", "kurse/k/", "", None, ("energie",), ("M01",))
    assert item_for("kurse/k/einheit/", {"kurse/k/": course}) is course
    assert item_for("kurse/", {"kurse/k/": course}) is None


def test_build_index_keeps_facets_per_document():
    docs = [SearchDocument("A", "leitfaeden/a/", "Sensoren", "Leitfaden", None, ("energie",), ("M02",))]
    index, display = build_index(docs)
    assert display == [{"t": "A", "u": "leitfaeden/a/", "k": "Leitfaden", "d": "", "s": "Sensoren",
                        "h": ["energie"], "b": ["M02"]}]
    assert json.loads(index)["terms"] == ["a", "sensor"]
    assert [t for t, _ in expand(json.loads(index))["invertedIndex"]] == ["a", "sensor"]


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["search: true", "search:\n  exclude: ja", "search:\n  hide: true"])
def test_malformed_search_front_matter_fails_with_german_message(project, value):
    page = project / "docs" / "kaputt.md"
    page.write_text(f"---\ntitle: Kaputt\n{value}\n---\n# Kaputt\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "kaputt.md:3: 'search' im Front Matter muss 'exclude: true'" in result.stderr
    assert "Traceback" not in result.stderr
    assert page.read_text(encoding="utf-8").startswith("---\ntitle: Kaputt")


def compact(lunr_json: dict) -> dict:
    """lunr's serialized index in the compact format: the definition ``compact_index`` is checked against."""
    fields = lunr_json["fields"]
    terms = [term for term, _ in lunr_json["invertedIndex"]]  # sorted by lunr
    position = {posting["_index"]: i for i, (_, posting) in enumerate(lunr_json["invertedIndex"])}
    postings = [[deltas(sorted(int(ref) for ref in posting[field])) for field in fields]
                for _, posting in lunr_json["invertedIndex"]]
    vectors = []
    for field_ref, elements in lunr_json["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        pairs = sorted((position[elements[i]], round(elements[i + 1] * 1000)) for i in range(0, len(elements), 2))
        vectors.append([int(ref), fields.index(field), deltas([p[0] for p in pairs]), [p[1] for p in pairs]])
    return {"version": lunr_json["version"], "fields": fields, "pipeline": lunr_json["pipeline"],
            "terms": terms, "postings": postings, "vectors": vectors}


def deltas(numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *numbers], numbers)]


def lunrs_own_index(documents: list[dict], boosts: dict[str, int]) -> dict:
    """lunr's ``Builder`` fed the same terms: the reference for ``compact_index``."""
    from lunr.builder import Builder

    builder = Builder()
    builder.pipeline.reset()  # the terms are analyzed already
    builder.ref("ref")
    for name, boost in boosts.items():
        builder.field(name, boost=boost)
    for ref, doc in enumerate(documents):
        builder.add({"ref": str(ref), **{name: " ".join(terms) for name, terms in doc.items()}})
    return builder.build().serialize()


def test_compact_index_is_lunrs_own_index_number_for_number():
    """Written directly from the term counts, the index expands to exactly what lunr's builder serializes."""
    from scschule.search.index import compact_index

    documents = [
        {"title": ["haus", "markt"], "text": ["haus", "am", "markt", "haus", "rathaus"]},
        {"title": ["platz"], "text": ["markt", "und", "platz", "platz", "platz"]},
        {"title": [], "text": ["kommune", "der", "platz", "rathaus"]},
        {"title": ["rathaus", "haus", "haus"], "text": []},
        {"title": ["zählerstände"], "text": ["straßenbeleuchtung", "zählerstände", "haus"] * 7},
    ]
    expected = lunrs_own_index(documents, {"title": 10, "text": 1})
    ours = compact_index([(d["title"], d["text"]) for d in documents], boosts=(10, 1), fields=("title", "text"),
                         pipeline=expected["pipeline"])
    assert json.loads(ours) == compact(expected)


def test_compact_index_of_the_real_pages_matches_lunr_and_answers_like_it(built_site):
    """Same check on the portal's own pages, then lunr loads both and ranks every query the same."""
    from lunr.index import Index

    from scschule.search.index import compact_index, tokens

    documents = json.loads((built_site / ASSET_DIR / DOCS_FILE).read_text(encoding="utf-8"))
    words = [(tokens(d["t"]), tokens(d["s"])) for d in documents]  # split as lunr's tokenizer splits
    expected = lunrs_own_index([{"title": t, "text": x} for t, x in words], {"title": 10, "text": 1})
    ours = compact_index(words, boosts=(10, 1), fields=("title", "text"), pipeline=expected["pipeline"])
    assert json.loads(ours) == compact(expected)
    with german.registered_pipeline():
        reference, again = Index.load(expected), Index.load(expand(json.loads(ours)))
    for query in ("datenplattform", "olpe", "open", "kommune*", "sensor*"):
        assert [(r["ref"], r["score"]) for r in again.search(query)] == \
            [(r["ref"], r["score"]) for r in reference.search(query)]


def test_boilerplate_runs_are_exactly_the_runs_on_enough_pages_however_they_are_spread():
    """The count by blocks and candidates (memory) finds what counting every run at once finds."""
    import random
    from collections import Counter

    from scschule.search.index import BOILERPLATE_MIN_PAGES, BOILERPLATE_SHARE, boilerplate_runs, runs_of

    def counted_at_once(documents):
        pages = Counter(run for doc in documents for run in runs_of(doc.text))
        threshold = max(BOILERPLATE_MIN_PAGES, BOILERPLATE_SHARE * len(documents))
        return {run for run, count in pages.items() if count >= threshold}

    rng = random.Random(29)
    vocabulary = [f"wort{i}" for i in range(400)]
    for pages in (3, 4, 5, 6, 40, 99, 100, 101, 161, 400):
        threshold = max(BOILERPLATE_MIN_PAGES, BOILERPLATE_SHARE * pages)
        texts = [" ".join(rng.choices(vocabulary, k=60)) for _ in range(pages)]
        planted = {  # sentences on exactly threshold and one page fewer, spread evenly: one per block at most
            "Die Kommune hat sich verpflichtet mitzumachen heute": int(-(-threshold // 1)),
            "Ein Satz der knapp zu selten vorkommt im Portal": int(-(-threshold // 1)) - 1,
        }
        for sentence, count in planted.items():
            for index in range(min(count, pages)):
                page = index * pages // max(count, 1)
                texts[page] += " " + sentence
        documents = [SearchDocument(f"Seite {i}", f"s/{i}/", text, "Seite") for i, text in enumerate(texts)]
        found = boilerplate_runs(documents)
        assert found == counted_at_once(documents), pages
        if pages >= threshold:  # the first sentence is boilerplate, the second is not
            first = runs_of("Die Kommune hat sich verpflichtet mitzumachen heute")
            second = runs_of("Ein Satz der knapp zu selten vorkommt im Portal")
            assert first <= found and not (second & found), pages
