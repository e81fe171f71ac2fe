"""The OKR metrics, against hand-counted fixtures, and the portal's projection of its content into facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from projecttools import copy_project
from scschule.okr.metrics import (METRICS, EventFacts, Facts, GuideFacts, GuideVersionFacts, Link, MaterialFacts,
                                  MunicipalityFacts, StatusChange, measure)
from scschule.portal import load_portal
from projecttools import region_taxonomy


def link(name: str) -> Link:
    return Link(name, f"x/{name}/")


FACTS = Facts(
    municipalities=(
        MunicipalityFacts(link("a"), (StatusChange("pionier", None),)),
        MunicipalityFacts(link("b"), (StatusChange("teilnehmer", date(2025, 3, 1)), StatusChange("mitmacher", date(2025, 9, 1)))),
        MunicipalityFacts(link("c"), (StatusChange("teilnehmer", date(2025, 10, 15)),)),
    ),
    issues=(
        MaterialFacts(link("i1"), date(2024, 12, 31)),
        MaterialFacts(link("i2"), date(2025, 1, 1)),
        MaterialFacts(link("i3"), date(2025, 6, 30)),
        MaterialFacts(link("i4"), date(2025, 12, 31)),
    ),
    events=(
        EventFacts(link("k1"), "klassenfahrt", date(2025, 4, 2)),
        EventFacts(link("k2"), "klassenfahrt", date(2025, 10, 8)),
        EventFacts(link("p1"), "pausenhofgespraech", date(2025, 5, 5)),
        EventFacts(link("r1"), "referat", date(2026, 2, 1)),
    ),
    guides=(
        GuideFacts(link("g1"), (GuideVersionFacts(date(2024, 1, 10), date(2025, 1, 10)),
                                GuideVersionFacts(date(2025, 2, 1), date(2026, 2, 1)))),
        GuideFacts(link("g2"), (GuideVersionFacts(date(2025, 5, 1), date(2025, 8, 1)),)),
    ),
    material=(
        MaterialFacts(link("m1"), date(2025, 1, 5), ("bildung",), ("M01",)),
        MaterialFacts(link("m2"), date(2025, 8, 5), ("bildung", "energie"), ()),
        MaterialFacts(link("m3"), None, ("bildung",), ("M01",)),  # a course: no date
    ),
)


@pytest.mark.parametrize("metric, day, expected, undated", [
    # a: pionier since an unknown day (counted, flagged); b: teilnehmer 2025-03-01, mitmacher 2025-09-01; c: 2025-10-15
    ("kommunen-angemeldet", date(2025, 2, 28), ["a"], 1),
    ("kommunen-angemeldet", date(2025, 3, 1), ["a", "b"], 1),
    ("kommunen-angemeldet", date(2025, 10, 15), ["a", "b", "c"], 1),
    ("kommunen-mit-beschluss", date(2025, 8, 31), ["a"], 1),
    ("kommunen-mit-beschluss", date(2025, 9, 1), ["a", "b"], 1),
    # twelve months up to the day: (2024-12-31, 2025-12-31]
    ("ausgaben-12-monate", date(2025, 12, 31), ["i2", "i3", "i4"], 0),
    ("ausgaben-12-monate", date(2025, 12, 30), ["i1", "i2", "i3"], 0),
    ("ausgaben-12-monate", date(2025, 6, 29), ["i1", "i2"], 0),
    ("klassenfahrten-12-monate", date(2025, 10, 7), ["k1"], 0),
    ("klassenfahrten-12-monate", date(2026, 4, 2), ["k2"], 0),
    ("klassenfahrten-12-monate", date(2026, 4, 1), ["k1", "k2"], 0),
    ("pausenhofgespraeche-12-monate", date(2025, 12, 1), ["p1"], 0),
    ("referate-12-monate", date(2025, 12, 1), [], 0),
    ("leitfaeden", date(2024, 1, 9), [], 0),
    ("leitfaeden", date(2025, 5, 1), ["g1", "g2"], 0),
    # g1's first version was due 2025-01-10; its second (2025-02-01) is due 2026-02-01. g2 due 2025-08-01.
    ("leitfaeden-ueberfaellig", date(2025, 1, 10), [], 0),
    ("leitfaeden-ueberfaellig", date(2025, 1, 11), ["g1"], 0),
    ("leitfaeden-ueberfaellig", date(2025, 2, 1), [], 0),
    ("leitfaeden-ueberfaellig", date(2025, 8, 2), ["g2"], 0),
    ("leitfaeden-ueberfaellig", date(2026, 2, 2), ["g1", "g2"], 0),
])
def test_metrics_count_what_the_facts_say_about_the_day(metric, day, expected, undated):
    result = measure(metric, FACTS, day)
    assert [item.title for item in result.items] == expected
    assert result.value == len(expected)
    assert result.undated == undated


@pytest.mark.parametrize("metric, scope, day, expected, undated", [
    ("material-handlungsfeld", "bildung", date(2025, 1, 4), ["m3"], 1),
    ("material-handlungsfeld", "bildung", date(2025, 8, 5), ["m1", "m2", "m3"], 1),
    ("material-handlungsfeld", "energie", date(2025, 8, 4), [], 0),
    ("material-buendel", "M01", date(2025, 12, 1), ["m1", "m3"], 1),
    ("material-buendel", "M02", date(2025, 12, 1), [], 0),
])
def test_material_metrics_count_per_handlungsfeld_and_bundle(metric, scope, day, expected, undated):
    result = measure(metric, FACTS, day, scope)
    assert [item.title for item in result.items] == expected and result.value == len(expected)
    assert result.undated == undated


def test_a_leap_day_counts_back_to_the_28th_of_february():
    facts = Facts(issues=(MaterialFacts(link("a"), date(2023, 2, 28)), MaterialFacts(link("b"), date(2023, 3, 1))))
    assert [i.title for i in measure("ausgaben-12-monate", facts, date(2024, 2, 29)).items] == ["b"]


def test_every_metric_is_documented_with_a_german_label_unit_and_description():
    assert len(METRICS) == 12
    for metric in METRICS.values():
        assert metric.label and metric.unit and len(metric.description) > 30, metric.id


def test_the_portal_projects_its_content_into_facts(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    (root / "municipalities" / "brilon.yml").write_text(
        'name: Brilon\nags: "05958012"\nstatus: mitmacher\n'
        "commitment:\n  date: 2025-03-01\n"
        "resolution:\n  date: 2025-09-01\n  body: Rat der Stadt Brilon\n  reference: unbekannt\n"
        "history:\n  - status: teilnehmer\n    date: 2025-03-01\n  - status: mitmacher\n    date: 2025-09-01\n",
        encoding="utf-8")
    portal = load_portal(root, today=date(2026, 12, 1), taxonomy=region_taxonomy())
    assert portal.errors == []
    facts = portal.okr_facts()
    # Hand-counted from the included content: five Pionierkommunen (dates "unbekannt") plus Brilon.
    early = measure("kommunen-angemeldet", facts, date(2025, 2, 28))
    assert (early.value, early.undated) == (5, 5)
    assert {i.title for i in early.items} == {"Arnsberg", "Bad Berleburg", "Menden (Sauerland)", "Olpe", "Soest"}
    assert measure("kommunen-angemeldet", facts, date(2025, 3, 1)).value == 6
    assert measure("kommunen-mit-beschluss", facts, date(2025, 8, 31)).value == 5
    resolved = measure("kommunen-mit-beschluss", facts, date(2025, 9, 1))
    assert resolved.value == 6 and Link("Brilon", "kommunen/brilon/") in resolved.items
    # The three included issues appeared in 2026; none are drafts.
    issues = measure("ausgaben-12-monate", facts, date(2026, 12, 1))
    assert [i.url for i in issues.items] == ["schuelerzeitung/1/", "schuelerzeitung/2/", "schuelerzeitung/3/"]
    assert measure("ausgaben-12-monate", facts, date(2025, 12, 31)).value == 0
    assert measure("leitfaeden", facts, date(2026, 12, 1)).value == len(list((root / "guides").glob("*/index.md")))
