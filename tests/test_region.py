"""Issue 30: the region lives in the site's region/ folder; `scschule init` makes a portal for another one.

The second region is real: the seven municipalities of Kreis Olpe, rows taken unchanged from
the reference list (tests/fixtures/region-olpe/kommunen.csv). Nothing else is known about it
here, so its organisation and its fields of action stay the placeholders `init` writes.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from projecttools import ROOT, engine
from scschule.cli import main
from scschule.cli.init import PIPELINE_FILES
from scschule.content.issueforms import SubmissionError, gitlab_template, parse
from scschule.content.problems import ContentError
from scschule.registry import intake as registry_intake
from scschule.taxonomy import load_taxonomy
from test_workflows import tool

OLPE_CSV = ROOT / "tests" / "fixtures" / "region-olpe" / "kommunen.csv"
TODAY = date(2026, 12, 6)
OLPE_AGS = [row["ags"] for row in csv.DictReader(OLPE_CSV.open(encoding="utf-8"))]
NOT_IN_OLPE = "keine der 7 Kommunen des Kreises Olpe"
INIT_TEMPLATE = ROOT / "plugins" / "scschule" / "cli" / "templates" / "init"


def init_olpe(target: Path) -> Path:
    result = CliRunner().invoke(main, ["init", str(target), "--region", "Kreis Olpe", "--genitiv", "des Kreises Olpe",
                                       "--ort", "im Kreis Olpe", "--kommunen", str(OLPE_CSV), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def olpe(tmp_path_factory) -> Path:
    return init_olpe(tmp_path_factory.mktemp("olpe") / "portal")


@pytest.fixture(scope="module")
def olpe_site(olpe: Path) -> Path:
    result = subprocess.run(engine("build", "--strict", "--site-dir", "site"), cwd=olpe, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return olpe / "site"


def test_the_package_holds_no_region():
    package = ROOT / "plugins" / "scschule"
    assert not (package / "taxonomy" / "data").exists()
    facts = []
    for path in package.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".md", ".html", ".yml", ".csv", ".js"):
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if re.search(r"südwestfalen|suedwestfalen", line, re.IGNORECASE) and not line.lstrip().startswith("#"):
                    facts.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert facts == []


def test_this_portal_reads_its_own_region_folder():
    taxonomy = load_taxonomy(ROOT)
    assert len(taxonomy.municipalities) == 59 and taxonomy.region.name == "Südwestfalen"
    assert [p.name for p in taxonomy.pioneers] == ["Arnsberg", "Bad Berleburg", "Menden (Sauerland)", "Olpe", "Soest"]
    assert taxonomy.none_of_region() == "keine der 59 Kommunen Südwestfalens"


@pytest.mark.parametrize(("file", "text", "where"), [
    ("kommunen.csv", "ags,name,kreis,kind,lat,lon\n05966004,Attendorn,Kreis Olpe,Dorf,51.1,7.9\n",
     "region/kommunen.csv:2: kind: 'Dorf' ist weder 'Stadt' noch 'Gemeinde'"),
    ("kommunen.csv", "ags,name,kreis,kind,lat,lon\n5966004,Attendorn,Kreis Olpe,Stadt,51.1,7.9\n",
     "region/kommunen.csv:2: ags: '5966004' ist kein amtlicher Gemeindeschlüssel"),
    ("kommunen.csv", "ags;name\n", "region/kommunen.csv:1: Kopfzeile muss 'ags,name,kreis,kind,lat,lon' lauten"),
    ("region.yml", "name: Kreis Olpe\n", "region/region.yml:1: beispiele: Pflichtfeld fehlt"),
    ("handlungsfelder.yml", "- {id: mobilitaet, title: Mobilität}\n- {id: Bildung!, title: Bildung}\n",
     "region/handlungsfelder.yml:2: id: Format stimmt nicht"),
    ("massnahmenbuendel.yml", "pioneers: {A: \"05966024\"}\nbundles:\n  - {id: M01, title: X, municipalities: [A, Z], cost_eur: 1}\n",
     "region/massnahmenbuendel.yml:3: 'Z' ist unter 'pioneers' nicht genannt"),
])
def test_a_wrong_region_file_is_a_german_problem_at_its_line(olpe: Path, tmp_path: Path, file: str, text: str, where: str):
    project = tmp_path / "p"
    shutil.copytree(olpe, project, ignore=shutil.ignore_patterns("site"))
    (project / "region" / file).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_taxonomy(project)
    assert caught.value.problem.format(project).startswith(where)
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1 and where in result.output and "Traceback" not in result.output


def test_a_missing_region_folder_is_named(tmp_path: Path):
    with pytest.raises(ContentError) as caught:
        load_taxonomy(tmp_path)
    assert "region/region.yml:1: Datei fehlt" in caught.value.problem.format(tmp_path)


def test_init_writes_a_portal_that_builds_strictly_with_exactly_its_municipalities(olpe_site: Path):
    rows = list(csv.DictReader((olpe_site / "kommunen" / "kommunen.csv").open(encoding="utf-8")))
    assert [r["ags"] for r in rows] == OLPE_AGS
    data = json.loads((olpe_site / "kommunen" / "kommunen.json").read_text(encoding="utf-8"))
    assert data["anzahl"] == 7 and [k["ags"] for k in data["kommunen"]] == OLPE_AGS
    package = json.loads((olpe_site / "kommunen" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "kommunen-kreis-olpe" and package["description"].startswith("Die 7 Städte und Gemeinden des Kreises Olpe")
    overview = (olpe_site / "kommunen" / "index.html").read_text(encoding="utf-8")
    start = overview.index('<svg class="scs-map"')
    svg = overview[start:overview.index("</svg>", start)]
    assert len(re.findall(r'class="scs-map-point ', svg)) == 7
    assert "Karte der 7 Kommunen des Kreises Olpe" in overview and "Kommunen im Kreis Olpe" in overview


def test_no_page_feed_or_data_file_of_the_new_region_names_suedwestfalen_or_59(olpe_site: Path):
    offending = []
    for path in olpe_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".ics", ".txt", ".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if re.search(r"s(ü|ue|&uuml;)dwestfalen", text, re.IGNORECASE):
                offending.append(f"{path}: Südwestfalen")
            if path.suffix in (".html", ".xml", ".json", ".csv", ".ics") and re.search(r"(?<![\w.,:#-])59(?![\w.,:%-])", text):
                offending.append(f"{path}: 59")
    assert offending == []


def test_check_lists_every_placeholder_and_publishing_is_refused_until_the_legal_pages_are_filled(olpe: Path, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(olpe, project, ignore=shutil.ignore_patterns("site"))
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 0, result.output
    assert "region/region.yml:8: Warnung: Platzhalter noch ausfüllen: «AUSFÜLLEN: Stelle, bei der die Kommunen" in result.output
    assert "docs/impressum.md:" in result.output and "guides/beispiel-leitfaden/index.md:" in result.output
    gate = CliRunner().invoke(main, ["check", "--placeholders", str(project)])
    assert gate.exit_code == 1 and "Veröffentlichung verweigert" in gate.output
    assert re.search(r"docs/impressum\.md:\d+: Fehler: Platzhalter noch ausfüllen", gate.output) or "docs/impressum.md:" in gate.output
    out = tmp_path / "out"
    # The publishing pipelines run the portal's own deploy/build-site.sh (written by init).
    refused = subprocess.run(["bash", "deploy/build-site.sh", str(out)], cwd=project, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "VENV": str(Path(sys.executable).parent.parent)})
    assert refused.returncode == 1 and "Veröffentlichung verweigert" in refused.stderr and not out.exists()
    for name in ("impressum.md", "datenschutz.md", "barrierefreiheit.md"):
        page = project / "docs" / name
        page.write_text(re.sub(r"«AUSFÜLLEN: [^»]*»", "Angabe des Betreibers", page.read_text(encoding="utf-8")), encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "--placeholders", str(project)]).exit_code == 0


def test_this_repositorys_bracketed_legal_notes_do_not_stop_its_own_deploy():
    result = CliRunner().invoke(main, ["check", "--placeholders", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_register_accepts_a_municipality_of_the_region_and_refuses_one_outside_it(olpe: Path, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(olpe, project, ignore=shutil.ignore_patterns("site"))
    args = ["--status", "teilnehmer", "--commitment-date", "unbekannt", "--no-input", "--root", str(project)]
    outside = CliRunner().invoke(main, ["register", "Arnsberg", *args])
    assert outside.exit_code != 0 and f"'Arnsberg' ist {NOT_IN_OLPE}" in outside.output
    inside = CliRunner().invoke(main, ["register", "Attendorn", *args])
    assert inside.exit_code == 0, inside.output
    assert (project / "municipalities" / "attendorn.yml").is_file()


def test_the_registration_form_names_the_region_and_refuses_a_municipality_outside_it(olpe: Path, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(olpe, project, ignore=shutil.ignore_patterns("site"))
    taxonomy = load_taxonomy(project)
    form = registry_intake.registration_form(taxonomy)
    assert "Geprüft wird, dass es eine der 7 Kommunen des Kreises Olpe ist." in gitlab_template(form)
    values = {"kommune": "Arnsberg", "art": registry_intake.NEW_TEILNEHMER, "zusage_datum": "unbekannt"}
    answers = parse(form, _filled(form, values), Path("issue-1"))
    with pytest.raises(SubmissionError) as caught:
        registry_intake.submit(answers, project, taxonomy, TODAY)
    assert any(f"'Arnsberg' ist {NOT_IN_OLPE}" in p.message for p in caught.value.problems)
    values["kommune"] = "Wenden"
    answers = parse(form, _filled(form, values), Path("issue-2"))
    submission = registry_intake.submit(answers, project, taxonomy, TODAY)
    assert [p.as_posix() for p in submission.paths] == ["municipalities/wenden.yml"]


def _filled(form, values: dict) -> str:
    """A GitHub-rendered issue body: '### label' and the value, '- [X]' for ticked boxes."""
    parts = []
    for field in form.fields:
        if field.kind == "checkboxes":
            parts.append(f"### {field.label}\n\n" + "\n".join(f"- [X] {o}" for o in field.options))
        else:
            parts.append(f"### {field.label}\n\n{values.get(field.id, '_No response_')}")
    return "\n\n".join(parts) + "\n"


def test_new_guide_writes_plain_dates_and_check_warns_about_its_template_text(olpe: Path, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(olpe, project, ignore=shutil.ignore_patterns("site"))
    result = CliRunner().invoke(main, ["new", "guide", "Offene Daten", "--root", str(project), "--today", "2026-12-06"])
    assert result.exit_code == 0, result.output
    text = (project / "guides" / "offene-daten" / "index.md").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    assert "updated: 2026-12-06" in text and "  date: 2026-12-06" in text
    assert "# Einstieg oder Vertiefung" in text
    check = CliRunner().invoke(main, ["check", str(project / "guides" / "offene-daten")])
    assert ("guides/offene-daten/index.md:4: Warnung: Vorlagentext noch ersetzen: „Worum geht es, und was lernen "
            "Leserinnen und Leser? (ein bis zwei Sätze)“") in check.output


@pytest.mark.parametrize("part", ["overrides", "docs/assets"])
def test_the_init_template_carries_this_repositorys_theme_files_unchanged(part: str):
    template = ROOT / "plugins" / "scschule" / "cli" / "templates" / "init" / part
    ours = sorted(p.relative_to(ROOT / part) for p in (ROOT / part).rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(template) for p in template.rglob("*") if p.is_file())
    assert theirs == ours
    for relative in ours:
        assert (template / relative).read_bytes() == (ROOT / part / relative).read_bytes(), relative


def template_path(relative: str) -> Path:
    """Where package data keeps a file of a new portal ("dot-" stands for a leading ".")."""
    parts = relative.split("/")
    parts[0] = "dot-" + parts[0][1:] if parts[0].startswith(".") else parts[0]
    return INIT_TEMPLATE.joinpath(*parts)


@pytest.mark.parametrize("relative", PIPELINE_FILES)
def test_the_pipeline_files_init_writes_are_this_repositorys_unchanged(relative: str, olpe: Path):
    """One source of truth: a change to a pipeline here must be copied into the package data."""
    ours = (ROOT / relative).read_bytes()
    assert template_path(relative).read_bytes() == ours, f"cp {relative} {template_path(relative).relative_to(ROOT)}"
    assert (olpe / relative).read_bytes() == ours
    assert os.access(olpe / relative, os.X_OK) == os.access(ROOT / relative, os.X_OK)


def test_the_package_data_holds_no_pipeline_file_that_is_not_kept_identical():
    folders = ("dot-github/workflows", "dot-gitlab", "scripts", "requirements", "deploy")
    shipped = {p for folder in folders for p in (INIT_TEMPLATE / folder).rglob("*") if p.is_file()}
    shipped |= {INIT_TEMPLATE / "dot-gitlab-ci.yml"}
    assert shipped == {template_path(relative) for relative in PIPELINE_FILES}


def test_the_new_regions_pipelines_pass_actionlint_and_both_forges_schemas(olpe: Path):
    workflows = sorted(map(str, (olpe / ".github" / "workflows").glob("*.yml")))
    assert [Path(w).name for w in workflows] == ["check.yml", "deploy.yml", "intake.yml", "preview.yml"]
    linted = subprocess.run([tool("actionlint"), "-color=false", "-oneline", *workflows], capture_output=True, text=True,
                            timeout=120, cwd=olpe)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    for schema, files in (("vendor.github-workflows", workflows), ("vendor.gitlab-ci", [str(olpe / ".gitlab-ci.yml")])):
        checked = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, *files], capture_output=True,
                                 text=True, timeout=120, cwd=olpe)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_new_region_pins_the_generator_that_made_it(olpe: Path, tmp_path: Path):
    pinned = [line for line in (olpe / "requirements" / "portal.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    assert pinned == [f"smartcities-schule=={metadata.version('smartcities-schule')}"]
    spec = "smartcities-schule @ git+https://example.invalid/schule.git@0123456789abcdef0123456789abcdef01234567"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--region", "Kreis Olpe", "--kommunen", str(OLPE_CSV),
                                       "--paket", spec])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "requirements" / "portal.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    missing = CliRunner().invoke(main, ["init", str(tmp_path / "q"), "--region", "Kreis Olpe", "--kommunen", str(OLPE_CSV),
                                        "--paket", str(tmp_path / "smartcities_schule-0.1.0-py3-none-any.whl")])
    assert missing.exit_code == 2 and "Wheel-Datei" in missing.output and "nicht gefunden" in missing.output
    assert not (tmp_path / "q").exists()  # nothing written


def test_a_wheel_in_a_fresh_environment_outside_the_repository_makes_and_builds_a_new_region(tmp_path: Path):
    """The package stands alone: templates, assets and vendored JavaScript travel in the wheel, and the
    new region's own scripts/setup.sh installs it (pinned in requirements/portal.txt) and its own
    deploy/build-site.sh publishes the site, as its pipelines do."""
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    run = lambda *args, **kw: subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)  # noqa: E731
    built = run(sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(wheels))
    assert built.returncode == 0, built.stderr[-3000:]
    assert run(sys.executable, "-m", "venv", str(venv)).returncode == 0
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    for lock in ("setuptools.txt", "build.txt"):
        installed = run(*pip, "--require-hashes", "-r", str(ROOT / "requirements" / lock))
        assert installed.returncode == 0, installed.stderr[-3000:]
    wheel = next(wheels.glob("*.whl"))
    installed = run(*pip, "--no-deps", str(wheel))
    assert installed.returncode == 0, installed.stderr[-3000:]
    work.mkdir()
    shutil.copy2(OLPE_CSV, work / "kommunen.csv")
    # No Debian package may be installed by this test: the machine must already satisfy the build
    # profile; an apt-get (or sudo) reached anyway fails loudly instead of changing the system.
    guard = tmp_path / "no-apt"
    guard.mkdir()
    for name in ("apt-get", "sudo"):
        (guard / name).write_text("#!/bin/sh\necho \"$0 aufgerufen: Systempakete fehlen (scripts/system-packages.sh build)\" >&2\n"
                                  "exit 97\n", encoding="utf-8")
        (guard / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "GITHUB_PATH", "VENV")}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PATH": f"{guard}:{env['PATH']}"}
    made = run(str(venv / "bin" / "scschule"), "init", "portal", "--region", "Kreis Olpe", "--genitiv", "des Kreises Olpe",
               "--ort", "im Kreis Olpe", "--kommunen", "kommunen.csv", "--paket", str(wheel), cwd=work, env=env)
    assert made.returncode == 0, made.stderr[-3000:]
    portal = work / "portal"
    assert (portal / "requirements" / wheel.name).read_bytes() == wheel.read_bytes()  # the repository keeps it
    setup = run("bash", "scripts/setup.sh", "build", cwd=portal, env=env)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-3000:]
    assert "Installing system packages" not in setup.stdout
    imported = run(str(portal / ".venv" / "bin" / "python"), "-c", "import scschule; print(scschule.__file__)",
                   cwd=work, env=env)
    assert str(portal / ".venv") in imported.stdout, imported.stdout  # the wheel's copy, not the repository's
    refused = run("bash", "deploy/build-site.sh", "public", cwd=portal, env=env)
    assert refused.returncode == 1 and "Veröffentlichung verweigert" in refused.stderr, refused.stderr[-3000:]
    assert not (portal / "public").exists()
    for page in ("impressum.md", "datenschutz.md", "barrierefreiheit.md"):
        path = portal / "docs" / page
        path.write_text(re.sub(r"«AUSFÜLLEN:[^»]*»", "ausgefüllt", path.read_text(encoding="utf-8")), encoding="utf-8")
    published = run("bash", "deploy/build-site.sh", "public", "https://schule.example.org/olpe", cwd=portal, env=env)
    assert published.returncode == 0, published.stderr[-3000:]
    site = portal / "public"
    assert (site / "suche" / "index.html").is_file()
    assert list(site.rglob("lunr*.js")), "vendored search scripts missing from the wheel"
    assert (site / "kommunen" / "attendorn" / "index.html").is_file()
    assert "https://schule.example.org/olpe/kommunen/attendorn/" in (site / "sitemap.xml").read_text(encoding="utf-8")
