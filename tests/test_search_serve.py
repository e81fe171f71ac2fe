"""The search index in a serve session (issue 29): only changed pages are analysed again, the
index is written by a background thread after the build, and it is byte for byte a cold
production build's index of the same content.

The session tests (``SearchSession``) run on small corpora in this process. The plugin tests run
serve's rebuilds as ``properdocs serve`` does (``on_startup(command="serve")`` once, then
``load_config`` plus ``build`` per save, as ``benchmarks/profile_rebuild.py``) in a fresh Python
process, because ``properdocs.replacement`` redirects ``mkdocs.*`` for the whole process. That
process waits for the index threads with joins and events, never with sleeps.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from scschule.guides.model import GUIDES
from scschule.search import german
from scschule.search.index import BOILERPLATE_MIN_PAGES, SearchDocument, SearchSession, build_index
from scschule.search.plugin import ASSET_DIR

EXTRA = {"overviews": [["Alle Leitfäden", "leitfaeden/"]], "newest": [0]}


def corpus() -> list[SearchDocument]:
    docs = [
        SearchDocument("Straßenbeleuchtung", "leitfaeden/licht/", "Die Straßenbeleuchtung der Gemeinde spart Strom.",
                       "Leitfaden", None, ("energie",), ("M02",)),
        SearchDocument("Straßen", "leitfaeden/strassen/", "Die Straßen der Kreise werden vermessen.", "Leitfaden"),
        SearchDocument("Datenplattformen", "leitfaeden/daten/",
                       "Die Kreise betreiben gemeinsam Datenplattformen. Zur Bürgerbeteiligung gibt es ein "
                       "Beteiligungsverfahren im Rathaus.", "Leitfaden"),
    ]
    docs += [SearchDocument(f"Seite {n}", f"seiten/{n}/", f"Eine Seite über Thema Nummer {n} mit eigenen Worten {n}.",
                            "Seite", is_item=False) for n in range(6)]
    return docs


def cold(docs, lexicon=None) -> tuple[str, list[dict]]:
    return build_index(docs, lexicon=lexicon, extra=EXTRA)


def with_text(docs, url, text) -> list[SearchDocument]:
    return [replace(doc, text=text) if doc.url == url else doc for doc in docs]


@pytest.fixture
def session() -> SearchSession:
    built = SearchSession()
    assert built.build_index(corpus(), extra=EXTRA) == cold(corpus())
    assert built.analysed_urls == [doc.url for doc in corpus()]
    return built


def test_unchanged_documents_are_not_analysed_again(session):
    assert session.build_index(corpus(), extra=EXTRA) == cold(corpus())
    assert session.analysed_urls == []


def test_one_changed_page_is_the_only_one_analysed_again(session):
    docs = with_text(corpus(), "seiten/3/", corpus()[6].text + " Gespeichert zum 1. Mal.")
    assert session.build_index(docs, extra=EXTRA) == cold(docs)  # "gespeichert" enters the vocabulary
    docs = with_text(corpus(), "seiten/3/", corpus()[6].text + " Gespeichert zum 2. Mal.")
    assert session.build_index(docs, extra=EXTRA) == cold(docs)
    assert session.analysed_urls == ["seiten/3/"]


def test_a_new_vocabulary_word_analyses_the_pages_whose_compounds_contain_it(session):
    # "Beleuchtung" becomes a corpus word: "Straßenbeleuchtung" splits differently on an unchanged page.
    docs = with_text(corpus(), "seiten/0/", "Die Beleuchtung der Seite.")
    assert "beleucht" in set(json.loads(cold(docs)[0])["terms"]) - set(json.loads(cold(corpus())[0])["terms"])
    assert session.build_index(docs, extra=EXTRA) == cold(docs)
    assert sorted(session.analysed_urls) == ["leitfaeden/licht/", "seiten/0/"]


def test_a_run_that_becomes_boilerplate_analyses_the_pages_with_it(session):
    sentence = "Dieser Satz steht auf vielen Seiten des Portals."
    docs = corpus()
    for n in range(BOILERPLATE_MIN_PAGES - 1):
        docs = with_text(docs, f"seiten/{n}/", f"{docs[3 + n].text} {sentence}")
    assert session.build_index(docs, extra=EXTRA) == cold(docs)  # on four pages: not yet boilerplate
    docs = with_text(docs, "leitfaeden/daten/", f"{docs[2].text} {sentence}")
    assert session.build_index(docs, extra=EXTRA) == cold(docs)
    assert sorted(session.analysed_urls) == ["leitfaeden/daten/", *(f"seiten/{n}/" for n in range(4))]


def test_removed_and_renamed_pages(session):
    docs = [doc for doc in corpus() if doc.url != "leitfaeden/strassen/"]  # "straßen" leaves the vocabulary
    assert session.build_index(docs, extra=EXTRA) == cold(docs)
    renamed = [replace(doc, url="leitfaeden/neu/", title="Neue Datenplattformen") if doc.url == "leitfaeden/daten/"
               else doc for doc in docs]
    assert session.build_index(renamed, extra=EXTRA) == cold(renamed)
    assert session.analysed_urls == ["leitfaeden/neu/"]
    assert session.build_index(corpus(), extra=EXTRA) == cold(corpus())  # the removed page is back


def test_a_cancelled_build_leaves_the_session_valid(session):
    """Cancelled after the vocabulary changed: terms kept from before must still be checked later."""
    without_streets = [doc for doc in corpus() if doc.url != "leitfaeden/strassen/"]
    asked = []

    def cancel_at_the_first_analysis() -> bool:
        asked.append(True)
        return len(asked) > len(without_streets)  # asked once per document, then before each analysis

    assert session.build_index(without_streets, extra=EXTRA, cancelled=cancel_at_the_first_analysis) is None
    assert session.analysed_urls == []
    assert session.build_index(corpus(), extra=EXTRA) == cold(corpus())
    assert session.build_index(without_streets, extra=EXTRA) == cold(without_streets)


def test_a_build_cancelled_while_combining_keeps_the_analysed_terms(session):
    """The combination of all documents is the longest step without analysis: it stops as well."""
    docs = with_text(corpus(), "seiten/3/", corpus()[6].text + " Gespeichert.")
    asked = []

    def cancel_while_scoring() -> bool:
        asked.append(True)
        # once per document for its entry, once before the one analysis, once per document while
        # counting terms, then while scoring the vectors: cancelled at the third document's vector
        return len(asked) > 2 * len(docs) + 1 + 2

    assert session.build_index(docs, extra=EXTRA, cancelled=cancel_while_scoring) is None
    assert session.analysed_urls == ["seiten/3/"] and len(asked) == 2 * len(docs) + 1 + 3
    assert session.build_index(docs, extra=EXTRA) == cold(docs)
    assert session.analysed_urls == []


def test_with_the_word_list_equals_the_cold_build():
    lexicon = german.Lexicon.read(german.LEXICON)
    built = SearchSession(lexicon)
    built.build_index(corpus(), extra=EXTRA)
    docs = with_text(corpus(), "leitfaeden/licht/", "Die Straßenbeleuchtung und die Verkehrsplanung der Stadt.")
    assert built.build_index(docs, extra=EXTRA) == cold(docs, lexicon)
    assert "leitfaeden/licht/" in built.analysed_urls


# --- the plugin in serve's rebuilds ------------------------------------------------------

SERVE_SESSION = r"""
import json, logging, sys, threading
from pathlib import Path
import properdocs.replacement  # noqa: F401  (mkdocs.* is properdocs.*, as under `properdocs serve`)
from properdocs.commands.build import build
from properdocs.config import load_config
from scschule.search import index as search_index, plugin as search_plugin

project, guide, scenario = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
SERVE_URL = "http://127.0.0.1:8000/"
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append((record.levelname, record.getMessage()))
logging.getLogger("mkdocs.plugins.scschule.search").addHandler(handler)
logging.getLogger("mkdocs.plugins.scschule.search").setLevel(logging.INFO)


def rebuild(command="serve", first=False, site="preview", search_session=True):
    # As serve's builder: a new config per build; plugins with on_startup keep their instance.
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / site))
    if first:
        config.plugins.on_startup(command=command, dirty=False)
        # False: the search plugin indexes as a production build does, in the build, all pages at once.
        config.plugins["scschule-search"].serving &= search_session
    if command == "serve":
        config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL if command == "serve" else None)
    return config.plugins["scschule-search"]


def save(number):
    guide.write_text(guide.read_text(encoding="utf-8") + f"\nGespeichert zum {number}. Mal.\n", encoding="utf-8")


def index_threads():
    return [t.name for t in threading.enumerate() if t.name == "scschule-suchindex"]


def finished(plugin):
    job = plugin.wait_for_index()
    return {"extracted": plugin.extracted_urls, "analysed": plugin.session.analysed_urls,
            "error": repr(job.error) if job.error else None}


out = {}
if scenario == "saves":
    plugin = rebuild(first=True)
    out["first"] = finished(plugin)
    save(1)  # "gespeichert" and "mal" enter the vocabulary: pages with compounds of them are analysed too
    out["second"] = finished(rebuild())
    save(2)
    again = rebuild()
    out["same_instance"] = again is plugin
    out["third"] = finished(again)
elif scenario == "overlap":
    reached, job_known = threading.Event(), threading.Event()
    analyse = search_index.indexed_words
    held, jobs = [], []

    def held_once(text, boilerplate=frozenset()):
        # The first build's thread stops at its first document until the next build cancels it.
        if not held:
            held.append(threading.current_thread().name)
            reached.set()
            assert job_known.wait(timeout=120)
            out["released_by_cancel"] = jobs[0].cancel.wait(timeout=120)
        return analyse(text, boilerplate)

    search_index.indexed_words = held_once
    plugin = rebuild(first=True)
    first_job = plugin.job
    jobs.append(first_job)
    job_known.set()
    assert reached.wait(timeout=120), "index thread never started"
    out["running_after_build"] = first_job.thread.is_alive()
    save(1)
    plugin = rebuild()  # joins the cancelled thread first
    out["first_cancelled"] = first_job.cancel.is_set() and not first_job.thread.is_alive()
    out["held_in"] = held
    out["second"] = finished(plugin)
elif scenario == "error":
    write_shards = search_plugin.write_text_shards

    def full_disk(folder, texts):
        raise OSError(28, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")

    search_plugin.write_text_shards = full_disk
    plugin = rebuild(first=True)
    out["failed"] = finished(plugin)
    search_plugin.write_text_shards = write_shards
    out["next"] = finished(rebuild())
elif scenario == "cold":  # serve's pages (they differ from production's), indexed by the production code
    plugin = rebuild(first=True, site="cold", search_session=False)
    out["job"] = repr(plugin.job)
elif scenario == "production":
    before = index_threads()
    plugin = rebuild(command="build", first=True)
    out["job"] = repr(plugin.job)
    out["threads"] = index_threads()
    out["before"] = before
    out["serving"] = plugin.serving
    out["session"] = repr(plugin.session)
plugin.on_shutdown()
out["threads_at_end"] = index_threads()
out["messages"] = messages
print("RESULT " + json.dumps(out))
"""


def serve_session(project: Path, scenario: str) -> dict:
    guide = first_guide(project)
    result = subprocess.run([sys.executable, "-c", SERVE_SESSION, str(project), str(guide), scenario],
                            capture_output=True, text=True, timeout=900, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def first_guide(project: Path) -> Path:
    return sorted(GUIDES.path(project).glob("*/index.md"))[0]


def guide_url(project: Path) -> str:
    return f"leitfaeden/{first_guide(project).parent.name}/"


def index_files(site: Path) -> dict[str, bytes]:
    folder = site / ASSET_DIR
    files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.json")}
    assert {"index.json", "docs.json", "texts/0.json"} <= set(files)
    return files


def assert_equals_a_cold_build(project: Path) -> None:
    """The serve session's index files against a cold index of the same pages, made by the production
    build's indexing code in a new process with no search cache.

    Serve's pages differ from a production build's where the portal means them to: a guide's
    preview says that its PDF is made when the site is published. So the cold build is a serve
    build whose search plugin indexes like a production build (``search_session=False``).
    """
    served = index_files(project / "preview")
    cache = project / ".cache" / "scschule" / "search"
    if cache.exists():
        shutil.rmtree(cache)
    result = serve_session(project, "cold")
    assert result["job"] == "None" and " Seiten in " in result["messages"][-1][1], result["messages"]  # not from the cache
    cold_files = index_files(project / "cold")
    assert served.keys() == cold_files.keys()
    different = [name for name in served if served[name] != cold_files[name]]
    assert not different, different


def test_a_save_analyses_only_the_saved_page_and_the_index_equals_a_cold_build(project):
    result = serve_session(project, "saves")
    url = guide_url(project)
    assert result["first"]["error"] is None and len(result["first"]["analysed"]) > 100
    assert url in result["second"]["analysed"]  # the first save brought new words: compounds of them too
    assert result["same_instance"] is True  # on_startup keeps the plugin and its session
    assert result["third"] == {"extracted": [url], "analysed": [url], "error": None}
    logged = [text for level, text in result["messages"] if text.startswith("Suchindex:")]
    assert len(logged) == 3 and ", 1 davon neu analysiert, im Hintergrund" in logged[2], logged
    assert result["threads_at_end"] == []  # on_shutdown joined the thread
    assert_equals_a_cold_build(project)


def test_a_rebuild_during_the_index_thread_cancels_it_and_ends_with_the_right_index(project):
    result = serve_session(project, "overlap")
    assert result["running_after_build"] is True  # build() returned before the index was written
    assert result["held_in"] == ["scschule-suchindex"]  # the analysis runs in the thread, not in the build
    assert result["released_by_cancel"] is True and result["first_cancelled"] is True
    assert result["second"]["error"] is None
    assert len([text for _, text in result["messages"] if text.startswith("Suchindex:")]) == 1  # only the second
    assert_equals_a_cold_build(project)


def test_an_error_in_the_index_thread_is_logged_in_german_and_the_next_build_recovers(project):
    result = serve_session(project, "error")
    assert "OSError" in result["failed"]["error"]
    errors = [text for level, text in result["messages"] if level == "ERROR"]
    assert errors == ["Suchindex konnte nicht geschrieben werden (OSError: [Errno 28] Auf dem Gerät ist kein "
                      "Speicherplatz mehr verfügbar); die Suche der Vorschau zeigt bis zum nächsten Speichern den "
                      "alten oder keinen Index"]
    assert result["next"]["error"] is None and result["next"]["analysed"] == []  # the terms were kept
    assert_equals_a_cold_build(project)


def test_a_production_build_starts_no_thread_and_keeps_no_session(project):
    result = serve_session(project, "production")
    assert result["job"] == "None" and result["session"] == "None" and result["serving"] is False
    assert result["threads"] == [] and result["before"] == []
    assert [text for _, text in result["messages"] if "im Hintergrund" in text] == []
    assert index_files(project / "preview")  # written by the build itself, before it returned
