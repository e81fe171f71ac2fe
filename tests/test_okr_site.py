"""The page /wirkung/, its data page and the open data, in a real build with recorded reviews."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from okr_site import REVIEW_DAYS
from projecttools import built_page
from scschule.okr.metrics import METRICS
from scschule.okr.pages import FIELDS


@pytest.fixture(scope="module")
def site(okr_site) -> Path:
    return okr_site


@pytest.fixture(scope="module")
def page(site):
    return built_page(site, "wirkung")


def block(page, kr_id: str):
    """The details of one key result: from its heading to the next heading."""
    heading = page.find(id=f"kr-{kr_id}")
    assert heading is not None, kr_id
    return heading.find_next("div", class_="okr-kr")


def facts(div) -> dict[str, str]:
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in div.select("dl.okr-facts dt")}


def test_every_objective_and_key_result_has_its_section(page):
    article = page.find("article")
    assert article.find("h1").get_text(strip=True) == "Wirkung der Smart Cities: Schule"
    objectives = [h["id"] for h in article.find_all("h2") if h.get("id", "").startswith("ziel-")]
    assert objectives == ["ziel-alle-kommunen", "ziel-schuelerzeitung", "ziel-klassenfahrten", "ziel-aktuelle-leitfaeden"]
    assert len(article.select("div.okr-kr")) == 8


def test_value_target_and_progress_are_text_and_the_bar_repeats_them(page):
    div = block(page, "kommunen-angemeldet")
    shown = facts(div)
    assert shown["Wert"].startswith("5 Kommunen") and "davon 5 ohne bekanntes Datum" in shown["Wert"]
    assert shown["Zielwert"].startswith("59 Kommunen")
    assert shown["Fortschritt"] == "8 % des Zielwerts"  # 5 of 59, hand-counted
    assert shown["Termin"] == "offen" and shown["Verantwortlich"] == "Südwestfalen Agentur (Wissenstransfer)"
    bar = div.select_one("svg.okr-bar")
    assert bar["aria-hidden"] == "true"
    fill = bar.select_one("rect.okr-bar__fill")
    assert int(fill["width"]) == round(5 / 59 * 200) - 1
    issues = facts(block(page, "ausgaben-12-monate"))
    assert issues["Wert"] == "3 Ausgaben" and issues["Fortschritt"] == "50 % des Zielwerts"
    overdue = facts(block(page, "leitfaeden-ueberfaellig"))
    assert overdue["Wert"] == "0 Leitfäden" and overdue["Fortschritt"] == "Ziel erreicht"


def test_where_the_strategy_gives_no_target_the_page_says_so(page):
    shown = facts(block(page, "pausenhofgespraeche-12-monate"))
    assert shown["Zielwert"] == "Zielwert offen"
    assert shown["Fortschritt"] == "Fortschritt nicht bestimmbar (Zielwert offen)"
    assert block(page, "pausenhofgespraeche-12-monate").select_one("svg.okr-bar") is None


def test_the_items_behind_a_metric_are_linked(site, page):
    links = block(page, "kommunen-angemeldet").select("details.okr-items a")
    assert [a.get_text() for a in links] == ["Arnsberg", "Bad Berleburg", "Menden (Sauerland)", "Olpe", "Soest"]
    for a in links:
        assert (site / "wirkung" / a["href"] / "index.html").resolve().is_file(), a["href"]


def test_the_trend_chart_and_its_table_show_the_same_review_values(page):
    div = block(page, "teilnehmende-klassenfahrten")
    chart = div.select_one("svg.okr-trend")
    assert chart["role"] == "img" and chart.find("title").get_text().startswith("Verlauf: Teilnehmende der Klassenfahrten")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in div.select("table.okr-trend-table tbody tr")]
    # Entered values 21 (2026-04-20) and 34 (2026-10-12): the reviews of 31 May and 30 November saw one each.
    assert rows == [["31. Mai 2026", "21 Personen"], ["30. November 2026", "34 Personen"]]
    assert len(chart.select("circle.okr-trend__point")) == len(rows)
    shown = facts(div)
    assert shown["Wert"] == "34 Personen" and "Teilnehmerliste (Testdaten)" in shown["Herkunft"]
    issues = block(page, "ausgaben-12-monate")
    assert [td.get_text(strip=True) for td in issues.select("table.okr-trend-table tbody td")] == [
        "31. Mai 2026", "0 Ausgaben", "30. November 2026", "3 Ausgaben"]


def test_the_latest_assessment_is_shown_and_a_correction_supersedes(page):
    text = page.find("article").get_text(" ", strip=True)
    assert "Bewertung im letzten Review: Korrigierte Bewertung der Schülerzeitung (30. November 2026)" in text
    assert f"Bewertung im letzten Review: Bewertung alle-kommunen zum {REVIEW_DAYS[1].isoformat()} (30. November 2026)" in text
    assert "Letztes Review: 30. November 2026 (2 Reviews bisher)." in text


def test_open_data_json_and_csv_carry_the_same_rows_as_the_schema_says(site):
    data = json.loads((site / "wirkung" / "okr.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["stand"] == "2026-12-01"
    assert [z["id"] for z in data["ziele"]] == ["alle-kommunen", "schuelerzeitung", "klassenfahrten", "aktuelle-leitfaeden"]
    rows = list(csv.DictReader(io.StringIO((site / "wirkung" / "okr.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == [f.name for f in FIELDS]
    assert len(rows) == len(data["werte"]) == 8 * 3  # two reviews and today, per key result
    assert [{k: "" if v is None else str(v) for k, v in r.items()} for r in data["werte"]] == rows
    signups = [(r["stichtag"], r["wert"], r["herkunft"]) for r in rows if r["kernergebnis_id"] == "kommunen-angemeldet"]
    assert signups == [("2026-05-31", "5", "review"), ("2026-11-30", "5", "review"), ("2026-12-01", "5", "aktuell")]
    open_target = next(r for r in rows if r["kernergebnis_id"] == "pausenhofgespraeche-12-monate")
    assert open_target["zielwert"] == "" and open_target["faellig"] == "offen"


def test_the_data_page_documents_every_field_and_metric(site):
    text = built_page(site, "wirkung/daten").find("article").get_text(" ", strip=True)
    for field in FIELDS:
        assert field.name in text
    for metric in METRICS.values():
        assert metric.id in text


def test_home_bundle_and_handlungsfeld_pages_link_to_the_objectives(site):
    home = built_page(site, "")
    assert home.find("a", href="wirkung/") is not None
    bundle = built_page(site, "massnahmenbuendel/m01")
    hrefs = [a["href"] for a in bundle.find("article").find_all("a")]
    assert "../../wirkung/#ziel-alle-kommunen" in hrefs  # the objective, listed among the bundle's items
    assert "../../wirkung/" in hrefs  # and the sentence pointing to the page
    other = built_page(site, "massnahmenbuendel/m02")
    assert not any("wirkung" in a["href"] for a in other.find("article").find_all("a"))
    field = built_page(site, "handlungsfelder/bildung")
    assert any(a["href"].endswith("wirkung/#ziel-schuelerzeitung") for a in field.find("article").find_all("a"))
