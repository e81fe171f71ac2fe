"""Rules that live in one place and serve every capability: fences, slugs, German dates and
numbers, the review rule, the URL module, collections, and process state scoped to its step."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import pytest

from scschule.content import fences, german
from scschule.content.collection import LoadContext
from scschule.portal import COLLECTIONS, load_portal
from scschule.taxonomy import BUNDLE_TEXTS, load_taxonomy
from projecttools import ROOT
from projecttools import region_taxonomy


# --- one fence scanner --------------------------------------------------------------------------

FENCED = """\
Text
   ```python
   # kein Titel
   ```
- Liste

    ~~~~
    ```
    # noch im Code: die Backticks schließen die Tilden nicht
    ~~~~
# Überschrift
```unterminated
# Code bis zum Ende
"""


def test_fences_know_indentation_fence_kinds_and_unclosed_blocks():
    lines = FENCED.splitlines()
    found = fences.fences(lines)
    assert [(f.start, f.end, f.indent, f.info) for f in found] == [(1, 3, "   ", "python"), (6, 9, "    ", ""),
                                                                   (11, len(lines), "", "unterminated")]
    assert [line for _, line in fences.unfenced(lines)] == ["Text", "- Liste", "", "# Überschrift"]


def test_an_indented_fence_hides_a_heading_from_the_registry_rule(tmp_path):
    from scschule.registry.model import check_body

    body = "## Daten\n\n!!! note\n    ```text\n    # kein Titel, nur Code\n    ```\n"
    assert check_body(tmp_path / "olpe.md", body) == []
    assert check_body(tmp_path / "olpe.md", body + "# Titel\n")[0].line == 7


def test_moderation_markers_in_fences_of_any_kind_are_text():
    from scschule.courses.model import split_moderation

    body = "~~~\n```\n!!! moderation\n    kein Hinweis\n~~~\n\n!!! moderation\n    Hinweis\n"
    learner, notes = split_moderation(body, first_line=10)
    assert "kein Hinweis" in learner and "    Hinweis\n" not in learner.split("kein Hinweis")[1]
    assert [n.line for n in notes] == [16]


# --- one slugger ----------------------------------------------------------------------------------

def test_progress_keys_keep_umlauts_as_the_registry_slugs_do():
    from scschule.content.slugs import slugify
    from scschule.courses.model import Material

    task = Material(kind="aufgabe", minutes=10, title="Ratsbeschlüsse prüfen – Straße & Größe")
    assert task.key == slugify(task.title) == "ratsbeschluesse-pruefen-strasse-groesse"


# --- German dates and numbers (Babel) ------------------------------------------------------------

def test_german_dates_and_numbers():
    assert german.long_date(date(2027, 3, 4)) == "4. März 2027"
    assert german.long_date(None) == ""
    assert german.weekday_date(date(2027, 3, 4)) == "Donnerstag, 4. März 2027"
    assert german.short_datetime(datetime(2027, 3, 4, 15, 5, tzinfo=ZoneInfo("Europe/Berlin"))) == "04.03.2027, 15:05"
    assert german.number(1925000) == "1.925.000"
    assert german.number(3.14159, 2) == "3,14"
    assert german.number(12.0, 2) == "12"


# --- the review rule -------------------------------------------------------------------------------

def test_one_review_rule_for_the_warning_the_notice_and_the_release(project):
    from scschule.guides.model import review_overdue

    assert review_overdue(date(2026, 1, 1), date(2026, 1, 2)) and not review_overdue(date(2026, 1, 2), date(2026, 1, 2))
    portal = load_portal(project, today=date(2099, 1, 1), taxonomy=region_taxonomy())
    warned = {p.path.parent.name for p in portal.problems if "review_by" in p.message and not p.is_error}
    assert warned == {g.slug for g in portal.guides if g.is_overdue(portal.today)} == {g.slug for g in portal.guides}


# --- collections -----------------------------------------------------------------------------------

def test_every_collection_has_its_own_folder_or_file():
    names = [c.name for c in COLLECTIONS]
    assert len(names) == len(set(names))
    assert {c.folder for c in COLLECTIONS} >= {"guides", "newsletter", "courses", "municipalities", "taxonomy/bundles"}


def test_a_broken_item_is_still_known_by_its_key(project):
    guide = project / "guides" / "stadtlabor-betreiben" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("level: ", "level: Profi #"), encoding="utf-8")
    guides = next(c for c in COLLECTIONS if c.name == "guides")
    assert guides.key_of(PurePosixPath("stadtlabor-betreiben/index.md")) == "stadtlabor-betreiben"
    assert guides.key_of(PurePosixPath("stadtlabor-betreiben/versions/1.0.0.md")) == "stadtlabor-betreiben"
    portal = load_portal(project, taxonomy=region_taxonomy())
    assert "stadtlabor-betreiben" not in {g.slug for g in portal.guides}
    assert any(p.path == guide for p in portal.errors)


def test_bundle_texts_are_a_collection_and_a_stray_file_is_named(tmp_path):
    folder = tmp_path / BUNDLE_TEXTS.folder
    folder.mkdir(parents=True)
    (folder / "m03.md").write_text("## Zwilling\n", encoding="utf-8")
    (folder / "m99.md").write_text("## Gibt es nicht\n", encoding="utf-8")
    texts, problems = BUNDLE_TEXTS.load(folder, LoadContext(load_taxonomy(ROOT), date(2026, 1, 1)))
    assert texts == [("M03", "## Zwilling\n")]
    assert [(p.path.name, p.is_error) for p in problems] == [("m99.md", False)]
    assert "erwartet m01.md bis m16.md" in problems[0].message


# --- process state only during its step ------------------------------------------------------------

def test_the_german_pipeline_is_registered_only_while_the_index_is_built():
    from lunr.pipeline import Pipeline

    from scschule.search import german as search_german
    from scschule.search.index import SearchDocument, build_index

    before = dict(Pipeline.registered_functions)
    index, docs = build_index([SearchDocument("Datenplattform", "a/", "Die Datenplattform der Kommune", "Seite")])
    assert docs[0]["t"] == "Datenplattform" and '"trimmer-de"' in index
    assert Pipeline.registered_functions == before
    with search_german.registered_pipeline():
        assert Pipeline.registered_functions["trimmer-de"] is search_german.trimmer_de
    assert Pipeline.registered_functions == before


def test_the_cyclic_garbage_collector_is_back_after_the_index_build():
    import gc

    from scschule.search.index import SearchDocument, build_index

    assert gc.isenabled()
    build_index([SearchDocument("A", "a/", "Text", "Seite")])
    assert gc.isenabled()


# --- the URL module ------------------------------------------------------------------------------

@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_registry_map_link_goes_through_the_link_check(project, directory_urls):
    from scschule.registry.pages import registry_pages
    from scschule.site.context import SiteContext
    from scschule.site.pages import PageRenderer
    from scschule.site.urls import site_url

    portal = load_portal(project, taxonomy=region_taxonomy())
    pages = {p.src_uri: p for p in registry_pages(portal, PageRenderer("scschule.registry", SiteContext(directory_urls=directory_urls)))}
    overview = pages["kommunen/index.md"]
    for place in portal.taxonomy.municipalities.values():
        assert site_url(place.url, directory_urls) in overview.html_links
    href = "olpe/" if directory_urls else "olpe/index.html"
    assert f'href="{href}"' in overview.text
