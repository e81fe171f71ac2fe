"""``scschule init DIR --region NAME --kommunen FILE.csv``: a complete portal for another region.

Writes ``mkdocs.yml``, the ``region/`` folder (name, organisation, municipalities, fields of
action, bundles, site texts), one example of each main collection (marked as an example),
the legal pages with placeholders, the forms and pipelines of both forges and a German
README for the editors. Every fact the command cannot know is a placeholder ``«AUSFÜLLEN: …»``:
the site builds strictly at once, ``scschule check`` lists each placeholder as a warning
with its line, and ``scschule check --placeholders`` refuses publishing while the legal
pages hold one. The fixed files come from the package (``cli/templates/init/``), so an
installed wheel needs nothing of this repository.

The pipelines are this repository's own files (:data:`PIPELINE_FILES`, copied unchanged; a test
keeps the copies identical). They install everything through ``scripts/setup.sh``, which in a
region's repository takes the generator from ``requirements/portal.txt``: the version that made
the site, or any pip requirement given with ``--paket``, pinned like every other dependency.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from datetime import date
from importlib import metadata, resources
from pathlib import Path

import click

from ..content.placeholders import marker
from ..content.problems import ContentError
from ..content.skeletons import course_skeleton, guide_skeleton, issue_skeleton, plain_yaml
from ..content.slugs import slugify
from ..courses.model import COURSES
from ..guides.model import GUIDES
from ..newsletter.model import issue_path
from ..taxonomy import load_taxonomy
from ..taxonomy.region import BUNDLES_FILE, FIELDS_FILE, MUNICIPALITIES_FILE, REGION_FILE, REGION_FOLDER, read_municipality_rows
from .intake import template_files
from .options import CONTEXT, today_option

TEMPLATE = resources.files(__package__) / "templates" / "init"
EXAMPLE = "Beispiel"
DISTRIBUTION = "smartcities-schule"
PORTAL_REQUIREMENT = "requirements/portal.txt"
# This repository's pipeline files a region's repository gets unchanged (package data under
# templates/init/, "dot-" standing for "."). Left out, because they only make sense here: the
# scheduled newest-versions run (tests the package), .ci/run, the Makefile, the lock script.
PIPELINE_FILES = (
    ".github/workflows/deploy.yml", ".github/workflows/check.yml", ".github/workflows/preview.yml",
    ".github/workflows/intake.yml", ".gitlab-ci.yml", ".gitlab/intake.gitlab-ci.yml",
    "scripts/setup.sh", "scripts/system-packages.sh", "scripts/gitlab_intake.py",
    "requirements/setuptools.txt", "requirements/build.txt", "requirements/test.txt", "deploy/build-site.sh",
)
EXECUTABLE = ("scripts/system-packages.sh", "deploy/build-site.sh")


def region_texts(genitive: str) -> dict[str, str]:
    """The site texts of a new region: true of any region, to be rewritten by its editors."""
    return {
        "kommunen": (f"Alle Städte und Gemeinden {genitive} können bei der Smart Cities: Schule mitmachen. Eine "
                     "schriftliche Zusage macht eine Kommune zur Teilnehmerkommune; bestätigt ihr Rat die Zusage "
                     "durch einen Beschluss, wird sie Mitmacherkommune."),
        "leitfaeden": (f"Die Leitfäden sind Praxisberichte aus den Kommunen {genitive} zum Nachmachen: frei zum "
                       "Lesen, Herunterladen und Abschreiben."),
        "schuelerzeitung": "Sie berichtet über Themen, Maßnahmen und Meilensteine der teilnehmenden Kommunen.",
        "handlungsfelder": "Die Strategie der Region ordnet ihre Vorhaben Handlungsfeldern zu.",
        "massnahmenbuendel": "Maßnahmenbündel fassen Teilmaßnahmen zusammen, an denen mehrere Kommunen arbeiten.",
        "wirkung": ("Eine OKR-Matrix macht den Erfolg der Smart Cities: Schule überprüfbar: Ziele (Objectives) mit "
                    "messbaren Kernergebnissen (Key Results), überprüft in halbjährlichen Reviews."),
    }


def default_genitive(name: str) -> str:
    return f"{name}'" if name[-1:] in ("s", "ß", "x", "z") else f"{name}s"


def generator_requirement(target: Path, package: str | None) -> tuple[str, Path | None]:
    """The line of ``requirements/portal.txt`` and the wheel to keep beside it, if any.

    Without ``package``: the version of the generator running now. A wheel file is kept in the new
    repository (the pipelines cannot reach this machine) and pinned by its SHA-256.
    """
    if package is None:
        return f"{DISTRIBUTION}=={metadata.version(DISTRIBUTION)}", None
    wheel = Path(package)
    if wheel.suffix == ".whl" and "://" not in package and not wheel.is_file():
        raise click.UsageError(f"--paket: Wheel-Datei '{package}' nicht gefunden")
    if wheel.suffix == ".whl" and wheel.is_file():
        kept = target / "requirements" / wheel.name
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        return f"./requirements/{wheel.name} --hash=sha256:{digest}", kept
    return package, None


def portal_requirements(requirement: str) -> str:
    return ("# Der Generator dieses Portals (smartcities-schule), festgelegt wie jede andere Abhängigkeit.\n"
            "# scripts/setup.sh installiert ihn nach den Paketen aus requirements/build.txt bzw. test.txt.\n"
            "# Für eine neue Version: diese Zeile ändern und die Dateien requirements/*.txt, scripts/ und\n"
            "# die Pipelines derselben Version übernehmen (README, „Pipelines“).\n"
            f"{requirement}\n")


def write_portal(target: Path, name: str, municipalities_csv: Path, *, genitive: str | None = None,
                 locative: str | None = None, organisation: str | None = None, package: str | None = None,
                 today: date) -> list[Path]:
    """Write the new portal into the empty or new folder ``target``; returns the written files."""
    rows = [row for _, row in read_municipality_rows(municipalities_csv)]  # checked before anything is written
    if target.exists() and any(target.iterdir()):
        raise click.UsageError(f"{target} ist nicht leer; 'scschule init' schreibt nur in einen leeren oder neuen Ordner")
    requirement, wheel = generator_requirement(target, package)
    genitive = genitive or default_genitive(name)
    names = [row["name"] for row in rows]
    region = {
        "name": name,
        "genitiv": genitive,
        "ort": locative or f"in {name}",
        "kennung": slugify(name) or "region",
        "organisation": organisation or marker("Stelle, bei der die Kommunen ihre Zusage abgeben"),
        "beispiele": {
            "kommune": names[0],
            "amtlicher_name": next((n for n in names if "(" in n), names[0]),
            "vorschlag": names[1] if len(names) > 1 else names[0],
        },
        "texte": region_texts(genitive),
    }
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    write(f"{REGION_FOLDER}/{REGION_FILE}",
          "# Die Region dieses Portals: jede Seite, jedes Formular und jede Meldung liest sie von hier.\n"
          "# genitiv und ort bitte prüfen („die Kommunen <genitiv>“, „Kommunen <ort>“); die Texte unter\n"
          "# 'texte' stehen auf den Übersichtsseiten und dürfen frei umgeschrieben werden.\n" + plain_yaml(region))
    shutil.copyfile(municipalities_csv, target / REGION_FOLDER / MUNICIPALITIES_FILE)
    written.append(target / REGION_FOLDER / MUNICIPALITIES_FILE)
    write(f"{REGION_FOLDER}/{FIELDS_FILE}",
          "# Die Handlungsfelder der Region: je Zeile eine Kennung (Kleinbuchstaben, Bindestriche) und ein Titel.\n"
          f"- {{id: beispiel, title: \"{marker('erstes Handlungsfeld der Region')}\"}}\n")
    write(f"{REGION_FOLDER}/{BUNDLES_FILE}",
          "# Maßnahmenbündel der Region, falls es welche gibt. Format:\n"
          "# pioneers: {A: \"<AGS>\"}   # Buchstabe -> Pionierkommune\n"
          "# bundles:\n"
          "#   - {id: M01, title: \"…\", municipalities: [A], cost_eur: 0, measures: [{title: \"…\", by: A}]}\n"
          "pioneers: {}\nbundles: []\n")
    _copy_tree(TEMPLATE, target, written)
    for relative in EXECUTABLE:
        (target / relative).chmod(0o755)
    if wheel is not None:
        shutil.copyfile(package, wheel)
        written.append(wheel)
    write(PORTAL_REQUIREMENT, portal_requirements(requirement))
    (target / "mkdocs.yml").write_text((target / "mkdocs.yml").read_text(encoding="utf-8")
                                       .replace("@REGION@", name).replace("@ORT@", region["ort"]), encoding="utf-8")
    (target / "docs" / "index.md").write_text((target / "docs" / "index.md").read_text(encoding="utf-8")
                                              .replace("@ORT@", region["ort"]).replace("@GENITIV@", genitive), encoding="utf-8")
    # One example of each main collection, marked as an example; its template sentences are warnings.
    slug = "beispiel-leitfaden"
    write(f"{GUIDES.folder}/{slug}/index.md", guide_skeleton(f"{EXAMPLE}: ein erster Leitfaden", today))
    write(issue_path(target, 1, f"{EXAMPLE}: die erste Ausgabe", today).relative_to(target).as_posix(),
          issue_skeleton(1, f"{EXAMPLE}: die erste Ausgabe", today))
    course, unit = course_skeleton(f"{EXAMPLE}: ein erster Kurs")
    write(f"{COURSES.folder}/beispiel-kurs/course.yml", course)
    write(f"{COURSES.folder}/beispiel-kurs/einheit-1.md", unit)
    taxonomy = load_taxonomy(target)
    for relative, text in template_files(taxonomy).items():
        write(relative.as_posix(), text)
    return written


def _copy_tree(source, target: Path, written: list[Path]) -> None:
    for entry in source.iterdir():
        name = entry.name
        if name == "__pycache__":
            continue
        # Package data holds no dot-files: "dot-github" becomes ".github".
        destination = target / (("." + name[4:]) if name.startswith("dot-") else name)
        if entry.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            _copy_tree(entry, destination, written)
        else:
            destination.write_bytes(entry.read_bytes())
            written.append(destination)


@click.command("init", context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--region", "name", required=True, help="Name der Region, z. B. 'Kreis Olpe'.")
@click.option("--kommunen", "municipalities_csv", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV-Datei der Kommunen mit den Spalten ags,name,kreis,kind,lat,lon (eine Zeile je Kommune).")
@click.option("--genitiv", help="Genitiv des Namens, z. B. 'des Kreises Olpe' (Standard: Name + s).")
@click.option("--ort", help="Ortsangabe, z. B. 'im Kreis Olpe' (Standard: 'in' + Name).")
@click.option("--organisation", help="Stelle, bei der die Kommunen ihre Zusage abgeben (sonst ein Platzhalter).")
@click.option("--paket", "package", metavar="ANFORDERUNG",
              help="Woher die Pipelines den Generator installieren (requirements/portal.txt): eine pip-Anforderung, "
                   "z. B. eine git-Adresse mit Commit oder eine Wheel-Datei (sie wird ins Portal kopiert). "
                   "Standard: smartcities-schule in der Version, die das Portal anlegt.")
@today_option("Datum der Beispiele statt heute.")
def init(directory: Path, name: str, municipalities_csv: Path, genitiv: str | None, ort: str | None,
         organisation: str | None, package: str | None, today: date | None) -> None:
    """Legt ein vollständiges Portal für eine andere Region an.

    DIRECTORY ist ein neuer oder leerer Ordner. Danach: 'scschule check' listet
    jeden Platzhalter «AUSFÜLLEN: …», der noch auszufüllen ist; die Website lässt
    sich sofort mit 'properdocs build --strict' erstellen, veröffentlicht wird sie
    erst, wenn die Pflichtseiten keine Platzhalter mehr enthalten.
    """
    try:
        written = write_portal(directory, name.strip(), municipalities_csv, genitive=genitiv, locative=ort,
                               organisation=organisation, package=package, today=today or date.today())
    except ContentError as exc:
        click.echo(exc.problem.format(), err=True)
        sys.exit(1)
    click.echo(f"Angelegt: {len(written)} Dateien in {directory}. Als Nächstes: README.md lesen, dann 'scschule check'.")
