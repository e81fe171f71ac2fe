"""Caches of the expensive build steps: PDF rendering, the search index; widget data comes
from the snapshots ``scschule fetch`` stored (a build never asks the data platform).

Both directions: a second build with nothing changed does none of them (counted in
the build log, the data server's request log and the cache files' mtimes), and a
change redoes exactly what depends on it, never serving stale output.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from projecttools import ROOT, run_build
from scschule.portal import load_portal
from scschule.content.source import read_markdown
from scschule.guides import pdf as pdf_module
from scschule.guides.pdf import PdfRenderer, jobs_for
from scschule.search.index import SearchDocument
from scschule.search.plugin import index_cache
from scschule.site.cache import ContentCache, digest, files_digest
from scschule.site.context import SiteContext

FIXTURES = ROOT / "tests" / "fixtures" / "dataplatform"
DEMO_URL = "url: http://127.0.0.1:9/"
PARKING = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
SITE_URL = "https://schule.example/"


# ---------------------------------------------------------------- real builds


def serve(httpserver, prefix: str = "") -> None:
    """The demo widgets' requests, answered from the recorded public payloads."""
    def payload(name):
        return json.loads((FIXTURES / name).read_text(encoding="utf-8"))

    httpserver.expect_request(f"{prefix}/ngsi-ld/v1/entities/{PARKING}").respond_with_json(
        payload("ngsi-ld-entity-ParkingSpot-normalized.json"))
    httpserver.expect_request(f"{prefix}/ngsi-ld/v1/entities").respond_with_json(
        payload("ngsi-ld-tutorial-query-entities-normalized-ldjson.json"), headers={"NGSILD-Results-Count": "4"})
    httpserver.expect_request(f"{prefix}/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:BeeHive:TESTC").respond_with_json(
        payload("ngsi-ld-temporal-normalized-stellio.json"))
    httpserver.expect_request(f"{prefix}/api/3/action/package_search").respond_with_json(
        payload("ckan-package_search-demo-ckan-org-2017.json"))
    httpserver.expect_request(f"{prefix}/api/3/action/package_show").respond_with_json(
        payload("ckan-package_show-demo-ckan-org-2017-with-org.json"))


@dataclasses.dataclass(frozen=True)
class Work:
    """What one build did, from its log."""

    pdfs_rendered: int
    pdfs_reused: int
    search_from_cache: bool

    @classmethod
    def of(cls, result: subprocess.CompletedProcess) -> Work:
        assert result.returncode == 0, result.stderr[-4000:]
        pdfs = re.search(r"Leitfaden-PDFs: (\d+) erzeugt, (\d+) aus dem Cache", result.stderr)
        search = re.search(r"Suchindex: \d+ Seiten (aus dem Cache|in [\d.]+ s)", result.stderr)
        assert pdfs and search, result.stderr[-4000:]
        assert "Daten-Widgets:" not in result.stderr  # no fetch phase in a build
        return cls(int(pdfs[1]), int(pdfs[2]), search[1] == "aus dem Cache")


def cache_state(project: Path) -> dict[str, int]:
    """Every cache and snapshot file with its mtime: equal states mean nothing was written."""
    folders = [project / ".cache" / "scschule", project / "snapshots" / "widgets"]
    return {str(p.relative_to(project)): p.stat().st_mtime_ns for f in folders for p in f.rglob("*") if p.is_file()}


def outputs(site: Path) -> dict[str, bytes]:
    """The outputs the cached steps produce."""
    files = [*site.rglob("*.pdf"), *(site / "assets" / "scschule" / "search").glob("*.json")]
    return {str(p.relative_to(site)): p.read_bytes() for p in files}


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def live_project(project, httpserver) -> Path:
    """The project with empty caches and its widget sources pointed at a local data server."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(DEMO_URL) == 2
    config.write_text(text.replace(DEMO_URL, f"url: {httpserver.url_for('/')}"), encoding="utf-8")
    serve(httpserver)
    serve(httpserver, "/ckan-neu")
    return project


def test_rebuilds_do_exactly_the_work_their_changes_need(live_project, httpserver):
    project = live_project
    guides = sorted(p.parent for p in (project / "guides").glob("*/index.md"))
    versions = len(guides) + len(list((project / "guides").glob("*/versions/*.md")))

    fetch = subprocess.run([sys.executable, "-m", "scschule.cli", "fetch", "--root", str(project)],
                           capture_output=True, text=True, timeout=120)
    assert fetch.returncode == 0, fetch.stderr
    fetched = len(httpserver.log)
    assert fetched > 0
    first = Work.of(run_build(project))
    assert first.pdfs_rendered == versions and first.pdfs_reused == 0 and not first.search_from_cache
    assert len(httpserver.log) == fetched  # the build sent no request
    state, built = cache_state(project), outputs(project / "site")

    # Nothing changed: no PDF rendered, no request sent, no index built, no cache file written.
    second = Work.of(run_build(project))
    assert second == Work(0, versions, True)
    assert len(httpserver.log) == fetched
    assert cache_state(project) == state
    assert outputs(project / "site") == built

    # One guide changed: its PDF and the search index are redone, nothing else.
    guide = guides[0]
    index = guide / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nDer Zwischenstandsbericht kommt jedes Quartal.\n",
                     encoding="utf-8")
    third = Work.of(run_build(project))
    assert third == Work(1, versions - 1, False)
    version = read_markdown(index).data["version"]
    pdf = project / "site" / "leitfaeden" / guide.name / f"{guide.name}-{version}.pdf"
    assert "Zwischenstandsbericht" in pdf_text(pdf)  # the new text, not the cached old PDF
    docs = (project / "site" / "assets" / "scschule" / "search" / "index.json").read_text(encoding="utf-8")
    assert "zwischenstandsbericht" in docs.lower()

    # The configuration of one data source changed: the build still asks nothing. A Material
    # override changed: no cached step depends on the theme's page frame, so none is redone.
    config = project / "mkdocs.yml"
    ckan = re.compile(r"(beispiel-ckan:\n\s+type: ckan\n\s+url: )\S+")
    config.write_text(ckan.sub(rf"\g<1>{httpserver.url_for('/ckan-neu/')}", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# geändert #}\n", encoding="utf-8")
    fourth = Work.of(run_build(project))
    assert len(httpserver.log) == fetched
    assert (fourth.pdfs_rendered, fourth.search_from_cache) == (0, True)


# ---------------------------------------------------------------- cache keys


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT)


def renderer(tmp_path: Path, portal, *, taxonomy=None, site_url: str = SITE_URL, setup: str = "md") -> PdfRenderer:
    return PdfRenderer(tmp_path, taxonomy or portal.taxonomy, SiteContext(site_url), markdown.Markdown, setup)


def keys(pdf: PdfRenderer, portal) -> dict[str, str]:
    return {job.dest_uri: pdf.cache_key(job) for job in jobs_for(portal.guides)}


def test_pdf_keys_are_stable_and_never_load_weasyprint(tmp_path, portal):
    first, again = renderer(tmp_path, portal), renderer(tmp_path, portal)
    assert keys(first, portal) == keys(again, portal)
    assert len(set(keys(first, portal).values())) == len(jobs_for(portal.guides))  # one entry per version
    assert first._weasyprint is None  # keys and cache hits never import WeasyPrint


def test_pdf_keys_follow_configuration(tmp_path, portal):
    base = keys(renderer(tmp_path, portal), portal)
    moved = keys(renderer(tmp_path, portal, site_url="https://anders.example/"), portal)
    other_markdown = keys(renderer(tmp_path, portal, setup="md+extra"), portal)
    for changed in (moved, other_markdown):
        assert all(changed[uri] != key for uri, key in base.items())


def test_pdf_keys_follow_the_template(tmp_path, portal, monkeypatch):
    base = keys(renderer(tmp_path, portal), portal)
    package = tmp_path / "package"
    real = Path(pdf_module.__file__).parent
    shutil.copytree(real / "templates", package / "templates")
    shutil.copytree(real / "assets", package / "assets")
    template = package / "templates" / "pdf.html"
    template.write_text(template.read_text(encoding="utf-8").replace("Version", "Fassung"), encoding="utf-8")
    monkeypatch.setattr(pdf_module, "resources", type("R", (), {"files": staticmethod(lambda _package: package)}))
    changed = keys(renderer(tmp_path, portal), portal)
    assert all(changed[uri] != key for uri, key in base.items())


def test_pdf_keys_follow_a_referenced_taxonomy_entry(tmp_path, portal):
    taxonomy = portal.taxonomy
    author = portal.guides[0].meta.authors.municipalities[0]
    renamed = dataclasses.replace(taxonomy, municipalities={
        **taxonomy.municipalities, author: dataclasses.replace(taxonomy.municipalities[author], name="Umbenannt")})
    base, changed = keys(renderer(tmp_path, portal), portal), keys(renderer(tmp_path, portal, taxonomy=renamed), portal)
    for job in jobs_for(portal.guides):
        depends = author in job.version.meta.authors.municipalities
        assert (changed[job.dest_uri] != base[job.dest_uri]) == depends, job.dest_uri
    assert any(author not in g.meta.authors.municipalities for g in portal.guides)  # the test shows both sides


def test_search_index_key_follows_pages_and_settings(tmp_path):
    docs = [SearchDocument("Titel", "a/", "Text über Sensoren", "Seite"), SearchDocument("Zwei", "b/", "Mehr", "Seite")]
    cache = index_cache(tmp_path, 280)
    key = cache.key(repr(docs))
    assert index_cache(tmp_path, 280).key(repr(list(docs))) == key
    assert cache.key(repr([docs[0], dataclasses.replace(docs[1], text="Mehr Text")])) != key
    assert index_cache(tmp_path, 100).key(repr(docs)) != key


# ---------------------------------------------------------------- the helper


def test_content_cache_makes_each_entry_once(tmp_path):
    made = []

    def make() -> bytes:
        made.append(1)
        return b"teuer"

    cache = ContentCache(tmp_path, "probe", "vorlage")
    key = cache.key("eingabe")
    path = cache.provide(key, make, ".bin")
    assert path == tmp_path / ".cache" / "scschule" / "probe" / f"{key}.bin" and path.read_bytes() == b"teuer"
    assert cache.provide(key, make, ".bin") == path and len(made) == 1
    assert (cache.hits, cache.misses) == (1, 1)
    assert not list(path.parent.glob("*.tmp"))  # written atomically
    assert ContentCache(tmp_path, "probe", "andere Vorlage").key("eingabe") != key
    assert cache.read(cache.key("fehlt")) is None and cache.misses == 2


def test_digest_separates_parts_and_reads_files(tmp_path):
    assert digest("ab", "c") != digest("a", "bc")
    one, two = tmp_path / "eins.txt", tmp_path / "zwei.txt"
    one.write_text("A", encoding="utf-8")
    two.write_text("B", encoding="utf-8")
    assert digest(one) == digest(b"A") and files_digest([one, two]) == files_digest([two, one])
    before = files_digest([one, two])
    two.write_text("C", encoding="utf-8")
    assert files_digest([one, two]) != before


def test_a_cache_entry_written_in_pieces_is_the_text_joined_and_appears_only_when_complete(tmp_path):
    import json

    from scschule.site.cache import ContentCache, slices

    cache = ContentCache(tmp_path, "probe", "v1")
    value = ["Straßenbeleuchtung\n", "ü" * 3000, {"k": [1, 2]}]
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    path = cache.write_text("key", encoder.iterencode(value), ".json")
    assert path.read_bytes() == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text = "ä\r\n" * 700_000  # longer than one piece; written as it is, without newline translation
    assert "".join(slices(text)) == text and len(list(slices(text))) == 3
    assert cache.write_text("long", slices(text)).read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in cache.folder.iterdir()) == ["key.json", "long"]  # no partial file is left

    def failing():
        yield "halb"
        raise RuntimeError("abgebrochen")

    try:
        cache.write_text("broken", failing(), ".json")
    except RuntimeError:
        pass
    assert sorted(p.name for p in cache.folder.iterdir()) == ["key.json", "long"]  # a failed write leaves nothing
