"""The registry's open data as a Frictionless Data Package, checked with the real
``frictionless`` tool: valid, typed as documented (``ags`` stays text), licensed as the site states."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from projecttools import ROOT
from scschule.portal import load_portal
from projecttools import region_taxonomy
from scschule.registry.opendata import CSV_PATH, FIELDS, JSON_PATH, PACKAGE_PATH, to_datapackage
from scschule.registry.pages import open_data

TODAY = date(2025, 6, 30)


def frictionless() -> str:
    """The CLI installed with the test extras, beside this Python; its absence is a failure, not a skip."""
    path = Path(sys.executable).parent / "frictionless"
    found = str(path) if path.is_file() else shutil.which("frictionless")
    assert found, "frictionless fehlt: bitte 'make setup' ausführen (Test-Extras in pyproject.toml)"
    return found


def validate(folder: Path) -> dict:
    result = subprocess.run([frictionless(), "validate", "--json", "datapackage.json"], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def errors_of(report: dict) -> dict[str, list[str]]:
    return {task["name"]: [e["message"] for e in task["errors"]] for task in report["tasks"]}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The three files as the site publishes them, side by side in one folder."""
    folder = tmp_path_factory.mktemp("daten")
    for path, text in open_data(load_portal(ROOT, today=TODAY)).items():
        if path in (CSV_PATH, JSON_PATH, PACKAGE_PATH):
            (folder / Path(path).name).write_text(text, encoding="utf-8", newline="")
    return folder


def test_frictionless_validates_both_files_against_the_package(published):
    report = validate(published)
    assert errors_of(report) == {"kommunen-csv": [], "kommunen-json": []}
    assert report["valid"] is True
    assert [task["stats"]["rows"] for task in report["tasks"]] == [59, 59]


def test_ags_stays_an_eight_digit_string_and_unknown_dates_stay_unknown(published):
    from frictionless import Package

    package = Package(str(published / "datapackage.json"))
    for resource in package.resources:
        rows = resource.read_rows()
        by_slug = {row["slug"]: row for row in rows}
        assert by_slug["arnsberg"]["ags"] == "05958004", resource.name  # the leading zero is kept
        assert by_slug["olpe"]["zusage_datum"] == "unbekannt", resource.name
        assert by_slug["siegen"]["zusage_datum"] is None, resource.name  # no commitment at all
        assert isinstance(by_slug["siegen"]["breite"], (float, Decimal)), resource.name  # a number, not text


def test_without_the_package_ags_is_taken_for_a_number(published):
    """Why the package exists: left to itself, frictionless drops the leading zero."""
    from frictionless import describe

    guessed = describe(str(published / "kommunen.csv"))
    assert guessed.schema.get_field("ags").type == "integer"


def test_constraints_catch_broken_rows(published, tmp_path):
    shutil.copytree(published, tmp_path, dirs_exist_ok=True)
    csv_path = tmp_path / "kommunen.csv"
    lines = csv_path.read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    broken = lines[1].split(",")
    broken[header.index("ags")] = "5958004"  # leading zero lost
    broken[header.index("zusage_datum")] = "2024-13-01"
    broken[header.index("status")] = "vielleicht"
    lines[1] = ",".join(broken)
    lines[2] = lines[3]  # the same municipality twice
    csv_path.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    report = validate(tmp_path)
    assert report["valid"] is False
    types = sorted({e["type"] for task in report["tasks"] if task["name"] == "kommunen-csv" for e in task["errors"]})
    assert types == ["constraint-error", "primary-key", "unique-error"]
    messages = " ".join(errors_of(report)["kommunen-csv"])
    for value in ("5958004", "2024-13-01", "vielleicht"):
        assert value in messages
    assert errors_of(report)["kommunen-json"] == []  # the JSON file was not touched


def test_package_schema_and_licence_follow_the_fields_and_the_site():
    package = json.loads(to_datapackage(TODAY, region_taxonomy().region, 59))
    [line] = [l for l in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if l.startswith("copyright:")]
    site_copyright = yaml.safe_load(line)["copyright"]
    assert "CC BY 4.0" in site_copyright  # the stated licence; the package names the same one
    assert [l["name"] for l in package["licenses"]] == ["CC-BY-4.0"]
    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    for resource in package["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in FIELDS]
        assert resource["licenses"] == package["licenses"]
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["ags"]["type"] == "string" and fields["ags"]["constraints"]["pattern"] == r"\d{8}"
    assert fields["breite"]["type"] == "number"
    assert "unbekannt" in fields["beschluss_datum"]["constraints"]["pattern"]
    assert [r["path"] for r in package["resources"]] == ["kommunen.csv", "kommunen.json"]
