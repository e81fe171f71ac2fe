"""MkDocs adapter: collects every page's text, builds the German lunr index after the build.

Replaces Material's search plugin: the header search field (``overrides/partials/
search.html``) and ``/suche/`` load lunr.js with the prebuilt index on first use.

In ``serve`` (``on_startup(command="serve")`` keeps this instance across rebuilds) the plugin
keeps each page's reading text by its HTML and each document's analysed terms
(``SearchSession``), and writes the index in a background thread after the build, so that
the browser reloads without waiting for it. A production build does none of this.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..site.cache import ContentCache, digest, files_digest, slices, write_chunks
from ..content.problems import error
from ..site.build import add_asset, add_pages, page_renderer, portal_of, project_root, state_of
from . import german
from .index import (SNIPPET_CHARS, SearchDocument, SearchSession, SearchTypes, build_index, document_of_text,
                    html_to_text, make_document, search_texts, text_shards)
from .pages import search_pages

log = logging.getLogger("mkdocs.plugins.scschule.search")

ASSET_DIR = "assets/scschule/search"
VENDOR = ("lunr.min.js", "lunr.stemmer.support.min.js", "lunr.de.min.js")
INDEX_FILE, DOCS_FILE, TEXTS_FILE = "index.json", "docs.json", "texts.json"  # texts.json: cache only
# json.dumps(..., ensure_ascii=False, separators=(",", ":")), piece by piece (the same text).
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
TEXTS_DIR = "texts"
NEWEST = 3  # newest guides a search without hits suggests


def zero_results_overviews(kinds) -> list[list[str]]:
    """Label and URL of the overviews a search without hits points to: every collection's
    list, then the Handlungsfelder and Maßnahmenbündel (the same pages as suche.md's links)."""
    lists = [[f"Alle {kind.plural}", kind.url_prefix] for kind in kinds]
    return [*lists, ["Handlungsfelder", "handlungsfelder/"], ["Maßnahmenbündel", "massnahmenbuendel/"]]


class SearchConfig(Config):
    snippet_chars = c.Type(int, default=SNIPPET_CHARS)  # text kept per page for result snippets
    lexicon = c.Type(str, default=str(german.LEXICON))  # German word list for compounds (shipped igerman98)


@dataclass(eq=False)
class IndexJob:
    """One serve build's index, written by a background thread; ``cancel`` stops it between documents."""

    thread: threading.Thread | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None  # what went wrong, after it was logged


class SearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.documents: list[SearchDocument] = []
        self.document_digests: list[str] = []  # the cache key's parts, one per document
        self.items_by_url: dict = {}
        # The serve session (on_startup(command="serve")); a production build leaves all of it empty.
        self.serving = False
        self.session: SearchSession | None = None
        self.session_lexicon: str | None = None  # the word list's identity the session was made with
        self.texts_by_html: dict[str, str] = {}  # the last build's reading texts by page HTML
        self.build_texts: dict[str, str] = {}  # this build's
        self.extracted_urls: list[str] = []  # the pages whose text this build extracted from HTML
        self.job: IndexJob | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance, and with it the session, across serve's rebuilds.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.stop_indexing()

    def stop_indexing(self) -> None:
        """Cancels the previous build's index thread and waits for it: a new build cleans the site folder."""
        if self.job is not None and self.job.thread is not None:
            self.job.cancel.set()
            self.job.thread.join()

    def wait_for_index(self) -> IndexJob | None:
        """Waits until the last build's index is written (tests, and whoever needs the files)."""
        if self.job is not None and self.job.thread is not None:
            self.job.thread.join()
        return self.job

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.stop_indexing()
        config.extra_css.append(f"{ASSET_DIR}/search.css")
        config.extra_javascript.append(f"{ASSET_DIR}/search.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        portal = portal_of(config)
        self.documents, self.document_digests = [], []
        self.build_texts, self.extracted_urls = {}, []
        self.items_by_url = {item.url: item for item in portal.items()}
        self.types = SearchTypes.of(portal.kinds)
        self.overviews = zero_results_overviews(portal.kinds)
        first = portal.kinds[0].label  # the portal's main kind (guides): the newest are suggested
        dated = sorted((i for i in portal.items() if i.kind == first and i.date), key=lambda i: i.date, reverse=True)
        self.newest_urls = [i.url for i in dated[:NEWEST]]
        add_pages(files, config, search_pages(portal, page_renderer(__package__, config)))
        for name in ("search.js", "search.css"):
            add_asset(files, config, __package__, name, f"{ASSET_DIR}/{name}")
        for name in VENDOR:
            add_asset(files, config, __package__, f"vendor/{name}", f"{ASSET_DIR}/vendor/{name}")
        return files

    @event_priority(-100)  # after every plugin that changes the page's HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        problem = search_meta_problem(page.meta)
        if problem:
            # Reported as a warning: fails the build in --strict, with the editor's file and line.
            state = state_of(config)
            origins = state.origins_of(page.file) or (Path(page.file.src_uri),)
            state.report(log, error(origins[0], front_matter_line(origins[0], "search"), problem))
        elif self.serving and not excluded(page.meta):
            text = self.build_texts.get(html)
            if text is None:
                text = self.texts_by_html.get(html)
                if text is None:
                    text = html_to_text(html)
                    self.extracted_urls.append(page.url)
                self.build_texts[html] = text
            self.documents.append(document_of_text(page.title or "", page.url, text, self.items_by_url, self.types))
        elif not excluded(page.meta):
            document = make_document(page.title or "", page.url, html, self.items_by_url, self.types)
            self.documents.append(document)
            self.document_digests.append(digest(repr(document)))
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        lexicon_path = Path(self.config.lexicon)
        if not lexicon_path.is_file():
            # Without the word list only corpus words split compounds: found less, not wrong.
            state_of(config).report(log, error(
                Path(config.config_file_path), plugin_line(Path(config.config_file_path)),
                f"Deutsches Wörterbuch für die Suche fehlt: {lexicon_path} (scschule-search: lexicon in "
                "mkdocs.yml weglassen, dann gilt die mitgelieferte Wortliste); Wortteile wie „Beleuchtung“ in „Straßenbeleuchtung“ "
                "werden sonst nicht gefunden"))
        if self.serving:
            self.texts_by_html, self.build_texts = self.build_texts, {}  # drops the texts of HTML gone
            self.start_indexing(config, lexicon_path)
            return
        cache = index_cache(project_root(config), self.config.snippet_chars, lexicon_path)
        key = cache.key(*self.document_digests)  # not repr(all documents): one string of the whole site's text
        folder = Path(config.site_dir) / ASSET_DIR
        folder.mkdir(parents=True, exist_ok=True)
        cached = {name: cache.path(key, f".{name}") for name in (INDEX_FILE, DOCS_FILE, TEXTS_FILE)}
        if all(path.is_file() for path in cached.values()):  # same pages, same code: same index
            for name, path in cached.items():
                if name != TEXTS_FILE:
                    shutil.copyfile(path, folder / name)
            write_text_shards(folder, json.loads(cached[TEXTS_FILE].read_text(encoding="utf-8")))
            log.info("Suchindex: %d Seiten aus dem Cache", len(self.documents))
            return
        lexicon = cached_lexicon(cache, lexicon_path) if lexicon_path.is_file() else None
        refs = {doc.url: ref for ref, doc in enumerate(self.documents)}
        help_links = {"overviews": self.overviews, "newest": [refs[u] for u in self.newest_urls if u in refs]}
        index, docs = build_index(self.documents, snippet_chars=self.config.snippet_chars, lexicon=lexicon,
                                  extra=help_links)
        del lexicon
        pages = len(docs)

        # One file at a time, each released before the next is made, and written in pieces: whole JSON
        # strings with their encoded copies were the peak of a large build's memory.
        def write(name: str, text: str) -> None:
            write_chunks(folder / name, slices(text))
            cache.write_text(key, slices(text), f".{name}")

        write(INDEX_FILE, index)
        del index
        write(DOCS_FILE, json.dumps(docs, ensure_ascii=False, separators=(",", ":")))
        del docs
        texts = search_texts(self.documents)
        write_text_shards(folder, texts)
        cache.write_text(key, COMPACT_JSON.iterencode(texts), f".{TEXTS_FILE}")  # the cache only
        log.info("Suchindex: %d Seiten in %.1f s (CPU %.1f s)", pages, time.perf_counter() - started,
                 time.process_time() - cpu)

    def start_indexing(self, config: MkDocsConfig, lexicon_path: Path) -> None:
        """Serve: the index in a background thread, from this build's documents."""
        refs = {doc.url: ref for ref, doc in enumerate(self.documents)}
        help_links = {"overviews": self.overviews, "newest": [refs[u] for u in self.newest_urls if u in refs]}
        job = IndexJob()
        # A daemon: should serve end without on_shutdown, its temporary site folder goes anyway.
        job.thread = threading.Thread(
            target=self.write_index, name="scschule-suchindex", daemon=True,
            args=(job, self.documents, help_links, Path(config.site_dir) / ASSET_DIR, project_root(config), lexicon_path))
        self.job = job
        job.thread.start()

    def write_index(self, job: IndexJob, documents: list[SearchDocument], help_links: dict, folder: Path,
                    project: Path, lexicon_path: Path) -> None:
        """The thread's work: analyse what changed, combine, write the files (none if cancelled)."""
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            stamp = lexicon_identity(lexicon_path)
            if self.session is None or self.session_lexicon != stamp:
                lexicon = None
                if lexicon_path.is_file():
                    lexicon = cached_lexicon(index_cache(project, self.config.snippet_chars, lexicon_path), lexicon_path)
                self.session, self.session_lexicon = SearchSession(lexicon), stamp
            built = self.session.build_index(documents, snippet_chars=self.config.snippet_chars, extra=help_links,
                                             cancelled=job.cancel.is_set)
            if built is None or job.cancel.is_set():
                log.debug("Suchindex abgebrochen: ein neuer Build hat begonnen")
                return
            index, docs = built
            folder.mkdir(parents=True, exist_ok=True)
            write_text_shards(folder, search_texts(documents))
            for name, text in ((INDEX_FILE, index), (DOCS_FILE, json.dumps(docs, ensure_ascii=False, separators=(",", ":")))):
                (folder / name).write_bytes(text.encode("utf-8"))  # as the production build writes them
            log.info("Suchindex: %d Seiten, %d davon neu analysiert, im Hintergrund in %.2f s (CPU %.2f s)",
                     len(docs), len(self.session.analysed_urls), time.perf_counter() - started,
                     time.thread_time() - cpu)
        except Exception as problem:  # a thread's exception would otherwise only reach stderr, untold
            job.error = problem
            log.error("Suchindex konnte nicht geschrieben werden (%s: %s); die Suche der Vorschau zeigt bis zum "
                      "nächsten Speichern den alten oder keinen Index", type(problem).__name__, problem)


def write_text_shards(folder: Path, texts: list[str]) -> None:
    shards = folder / TEXTS_DIR
    shards.mkdir(exist_ok=True)
    for number, shard in enumerate(text_shards(texts)):
        (shards / f"{number}.json").write_text(json.dumps(shard, ensure_ascii=False, separators=(",", ":")),
                                               encoding="utf-8")


def index_cache(project: Path, snippet_chars: int, lexicon: Path = german.LEXICON) -> ContentCache:
    """The index depends on the pages' documents (the key), the indexing code and word lists, the
    lexicon (path and modification time: hashing 4.7 MB on every build would cost more), lunr and
    the snippet length."""
    package = Path(__file__).parent
    return ContentCache(project, "search", files_digest([package / "index.py", package / "german.py",
                                                        *sorted((package / "data").iterdir())]),
                        metadata.version("lunr"), snippet_chars, lexicon_identity(lexicon))


def lexicon_identity(lexicon: Path) -> str:
    """Path and modification time: hashing 4.7 MB on every build would cost more."""
    return f"{lexicon}@{lexicon.stat().st_mtime_ns}" if lexicon.is_file() else "kein Wörterbuch"


def cached_lexicon(cache: ContentCache, path: Path) -> german.Lexicon:
    """The word list, read once per version of the file into the build cache in a faster form.

    When this build wrote the cache entry, the list it read is returned, not a second copy read
    back from the entry (the same words; 45 MB less at the build's peak)."""
    read: list[german.Lexicon] = []

    def make() -> bytes:
        read.append(german.Lexicon.read(path))
        return read[0].to_text().encode("utf-8")

    entry = cache.provide(digest(str(path), path.stat().st_mtime_ns), make, ".lexicon.txt")
    return read[0] if read else german.Lexicon.from_text(entry.read_text(encoding="utf-8"))


def plugin_line(config_file: Path) -> int:
    """Line of this plugin in mkdocs.yml, for the problem about a missing word list."""
    if config_file.is_file():
        for number, line in enumerate(config_file.read_text(encoding="utf-8").splitlines(), 1):
            if "scschule-search" in line:
                return number
    return 1


def search_meta_problem(meta: dict) -> str | None:
    """German message if the front matter key ``search`` is not ``{exclude: true|false}``."""
    if "search" not in meta:
        return None
    search = meta["search"]
    if not isinstance(search, dict) or set(search) - {"exclude"} or not isinstance(search.get("exclude", False), bool):
        return ("'search' im Front Matter muss 'exclude: true' (Seite nicht in der Suche) "
                f"oder 'exclude: false' enthalten, gefunden: {search!r}")
    return None


def front_matter_line(path: Path, key: str) -> int:
    """Line of ``key:`` in the page's source (1 if the page has no file on disk)."""
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    return 1


def excluded(meta: dict) -> bool:
    """Front matter ``search: {exclude: true}`` keeps a page out (archived guide versions, moderator views)."""
    search = meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True
