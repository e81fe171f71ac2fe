"""Registry pages, map and open data: generated from the model, and in the real build."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scschule.portal import load_portal
from scschule.registry.opendata import FIELDS, to_csv, to_json
from scschule.registry.overview import Registry
from scschule.registry.pages import open_data, registry_pages
from scschule.registry.svgmap import render_map
from scschule.site.pages import PageRenderer
from projecttools import region_taxonomy

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 30)
TEILNEHMER = """\
name: Brilon
ags: "05958012"
status: teilnehmer
commitment:
  date: 2024-03-05
history:
  - status: teilnehmer
    date: 2024-03-05
    note: Zusage per Brief.
"""


@pytest.fixture
def portal(project):
    (project / "municipalities" / "brilon.yml").write_text(TEILNEHMER, encoding="utf-8")
    (project / "municipalities" / "olpe.md").write_text("## Daten aus Olpe\n\nHier stehen bald Widgets.\n", encoding="utf-8")
    loaded = load_portal(project, today=TODAY, taxonomy=region_taxonomy())
    assert [p for p in loaded.errors if "municipalities" in str(p.path)] == []
    return loaded


@pytest.fixture
def generated(portal):
    return {p.src_uri: p for p in registry_pages(portal, PageRenderer("scschule.registry"), feeds=True)}


@pytest.fixture
def pages(generated):
    return {src: p.text for src, p in generated.items()}


def registry_of(portal) -> Registry:
    return Registry.build(list(portal.taxonomy.municipalities.values()), list(portal.registrations))


def test_json_export_parses_and_holds_all_59(portal):
    data = json.loads(open_data(portal)["kommunen/kommunen.json"])
    assert data["schema_version"] == 1 and data["stand"] == "2025-06-30" and data["anzahl"] == 59
    rows = data["kommunen"]
    assert len(rows) == 59 and len({r["ags"] for r in rows}) == 59
    assert all(list(r) == [f.name for f in FIELDS] for r in rows)
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["olpe"]["status"] == "pionier" and by_slug["olpe"]["zusage_datum"] == "unbekannt"
    assert by_slug["olpe"]["kreis"] == "Kreis Olpe" and by_slug["olpe"]["ags"] == "05966024"
    assert by_slug["brilon"]["zusage_datum"] == "2024-03-05" and by_slug["brilon"]["beschluss_datum"] is None
    assert by_slug["siegen"]["status"] == "noch-nicht-dabei" and by_slug["siegen"]["zusage_datum"] is None
    assert isinstance(by_slug["siegen"]["breite"], float)


def test_csv_export_parses_and_holds_all_59(portal):
    text = open_data(portal)["kommunen/kommunen.csv"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 59
    assert list(rows[0]) == [f.name for f in FIELDS]
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["arnsberg"]["ags"] == "05958004"  # leading zero kept
    assert by_slug["brilon"]["status"] == "teilnehmer" and by_slug["brilon"]["beschluss_datum"] == ""
    assert sum(r["status"] == "pionier" for r in rows) == 5


def test_exports_agree(portal):
    rows = registry_of(portal).rows
    from_json = json.loads(to_json(rows, TODAY))["kommunen"]
    from_csv = list(csv.DictReader(io.StringIO(to_csv(rows))))
    for j, c in zip(from_json, from_csv, strict=True):
        assert {k: "" if v is None else str(v) for k, v in j.items()} == c


def test_map_has_59_linked_points_with_names_and_shapes(portal):
    registry = registry_of(portal)
    svg = BeautifulSoup(render_map(registry.rows, lambda row: f"{row.place.slug}/"), "html.parser")
    points = svg.select("a.scs-map-point")
    assert len(points) == 59
    assert {a["href"] for a in points} == {f"{slug}/" for slug in portal.taxonomy.municipalities}
    labels = {a["aria-label"] for a in points}
    assert "Olpe: Pionierkommune" in labels and "Brilon: Teilnehmerkommune" in labels and "Siegen: noch nicht dabei" in labels
    assert all(a.title and a.title.string == a["aria-label"] for a in points)
    # status is told by shape, not colour alone
    shape = {a["aria-label"].split(": ")[1]: a.find(["polygon", "rect", "circle"]) for a in points}
    assert shape["Pionierkommune"].name == "polygon" and len(shape["Pionierkommune"]["points"].split()) == 10
    assert shape["Teilnehmerkommune"].name == "polygon" and len(shape["Teilnehmerkommune"]["points"].split()) == 3
    assert shape["noch nicht dabei"].name == "circle"
    assert not svg.find(attrs={"href": lambda h: h and h.startswith("http") and "w3.org" not in h})


def table_rows(text: str) -> list[list[str]]:
    """Cells of the municipality table (an HTML block) in a generated page's text."""
    soup = BeautifulSoup(text, "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for table in soup.find_all("table") for tr in table.tbody.find_all("tr")]


def test_overview_counts_progress_and_offers_views(pages):
    overview = pages["kommunen/index.md"]
    assert "6 von 59 Kommunen sind dabei</strong>: 5 Pionierkommunen, 0 Mitmacherkommunen, 1 Teilnehmerkommune." in overview
    assert "| [Hochsauerlandkreis](kreis/hochsauerlandkreis/index.md) | 2 von 12 | 1 | 0 | 1 |" in overview
    assert "| [Kreis Olpe](kreis/kreis-olpe/index.md) | 1 von 7 | 1 | 0 | 0 |" in overview
    assert overview.count("scs-map-point") == 59
    for label in ("Pionierkommune", "Mitmacherkommune", "Teilnehmerkommune", "noch nicht dabei"):
        assert f"</svg> {label}</li>" in overview  # legend: shape plus text
    assert len(table_rows(overview)) == 59
    assert "[kommunen.json](kommunen.json)" in overview and "[kommunen.csv](kommunen.csv)" in overview


def test_filter_and_sort_views_are_static_pages(pages, generated):
    pioneers = pages["kommunen/status/pionier/index.md"]
    assert [row[2] for row in table_rows(pioneers)] == ["Pionierkommune"] * 5
    by_district = pages["kommunen/status/pionier/nach-kreis/index.md"]
    order = [row[0] for row in table_rows(by_district)]
    assert order == ["Arnsberg", "Olpe", "Bad Berleburg", "Soest", "Menden (Sauerland)"]  # by district name
    olpe = pages["kommunen/kreis/kreis-olpe/index.md"]
    assert "1 von 7 Kommunen in diesem Kreis sind dabei." in olpe
    assert len(table_rows(olpe)) == 7
    by_status = pages["kommunen/nach-status/index.md"]
    first = [row[2] for row in table_rows(by_status)]
    assert first[:6] == ["Pionierkommune"] * 5 + ["Teilnehmerkommune"]
    assert pages["kommunen/status/mitmacher/index.md"].count("In dieser Auswahl ist noch keine Kommune.") == 1
    assert generated["kommunen/nach-status/index.md"].meta["title"] == \
        "Alle Kommunen, sortiert nach Status – Kommunen in Südwestfalen"
    titles = [p.meta["title"] for p in generated.values()]
    assert len(set(titles)) == len(titles)  # every page has its own title (WCAG 2.4.2)
    assert "**Status** (gewählt)" in by_status and "[Name](../index.md)" in by_status
    # 1 overview + 2 more sorts, 5 districts × 2, 4 status × 2, schema page, 59 municipalities
    assert len(pages) == 3 + 10 + 8 + 1 + 59


def test_municipality_pages(pages, portal):
    olpe = pages["kommunen/olpe/index.md"]
    assert "Datum unbekannt" in olpe and "Statusverlauf" in olpe
    bundles = [b for b in portal.taxonomy.bundles.values() if any(m.slug == "olpe" for m in b.municipalities)]
    links = {a.get_text(): a["href"] for a in BeautifulSoup(olpe, "html.parser").find_all("a")}
    assert bundles and all(links[f"{b.id}: {b.title}"] == f"../../massnahmenbuendel/{b.id.lower()}/" for b in bundles)
    authored = [g for g in portal.guides if "olpe" in g.meta.authors.municipalities]
    assert authored and all(links[g.meta.title] == f"../../leitfaeden/{g.slug}/" for g in authored)
    tagged = portal.tags.municipalities.get("olpe", [])
    assert all(item.title in links for item in tagged)  # guides, courses, newsletter issues about Olpe
    for kind, heading in (("Kurs", "## Kurse zu Olpe"), ("Schülerzeitung", "## Schülerzeitung über Olpe")):
        if any(item.kind == kind for item in tagged):
            assert heading in olpe
    assert '<a href="atom.xml" type="application/atom+xml">' in olpe
    assert olpe.rstrip().endswith("[Alle Kommunen](../index.md)") and "## Daten aus Olpe" in olpe  # page text appended
    brilon = pages["kommunen/brilon/index.md"]
    assert "| 5. März 2024 | Teilnehmerkommune | Zusage per Brief. |" in brilon
    assert "Noch kein politischer Beschluss eingetragen." in brilon
    siegen = pages["kommunen/siegen/index.md"]
    assert "## Noch nicht dabei" in siegen and "noch nicht dabei" in siegen


def test_schema_page_documents_every_field(pages):
    schema = pages["kommunen/daten/index.md"]
    for field in FIELDS:
        assert f"| `{field.name}` | {field.kind} |" in schema
    assert "[datapackage.json](../datapackage.json)" in schema
    assert "## Lizenz" in schema
    assert "[Creative Commons Namensnennung 4.0 International](https://creativecommons.org/licenses/by/4.0/) (CC-BY-4.0)" in schema


# --- the real build -----------------------------------------------------------------------------

def test_built_registry(built_site):
    overview = BeautifulSoup((built_site / "kommunen" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(overview.select("svg.scs-map a.scs-map-point")) == 59
    assert len(overview.find_all("h1")) == 1
    for link in overview.select("svg.scs-map a"):
        assert (built_site / "kommunen" / link["href"] / "index.html").is_file()
    data = json.loads((built_site / "kommunen" / "kommunen.json").read_text(encoding="utf-8"))
    assert len(data["kommunen"]) == 59
    assert len(list(csv.DictReader((built_site / "kommunen" / "kommunen.csv").open(encoding="utf-8")))) == 59
    package = json.loads((built_site / "kommunen" / "datapackage.json").read_text(encoding="utf-8"))
    assert [(built_site / "kommunen" / r["path"]).is_file() for r in package["resources"]] == [True, True]
    daten = BeautifulSoup((built_site / "kommunen" / "daten" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert daten.find("a", href="../datapackage.json") is not None
    assert (built_site / "kommunen" / "status" / "noch-nicht-dabei" / "nach-kreis" / "index.html").is_file()
    olpe = BeautifulSoup((built_site / "kommunen" / "olpe" / "index.html").read_text(encoding="utf-8"), "html.parser")
    feed = olpe.find("a", href="atom.xml")
    if feed is not None:  # the newsletter plugin writes the feed next to the page
        assert (built_site / "kommunen" / "olpe" / "atom.xml").is_file()
    assert (built_site / "assets" / "registry.css").is_file()
    for page in [built_site / "kommunen" / "index.html", *(built_site / "kommunen").glob("*/index.html")]:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # every link was resolved by MkDocs (a raw '.md' link would be dead on the site)
        assert not [a["href"] for a in html.find_all("a", href=True) if a["href"].split("#")[0].endswith(".md")], page
