"""The form "Thema für ein Pausenhofgespräch vorschlagen": one proposal file per submitted issue.

The proposal remembers its issue's number, so the fetch step can count the 👍 on it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml

from ..content.issueforms import Answers, Field, Form, Submission, SubmissionError
from ..content.problems import error
from ..content.records import validate
from ..content.slugs import slugify
from ..content.source import Source
from ..taxonomy import Taxonomy
from .model import FOLDER, ProposalRecord, resolve_proposer

_FIELD_OF_KEY = {"title": "thema", "description": "beschreibung", "proposed_by": "von"}

FORM_ID, FORM_NAME = "pausenhof-thema", "Thema für ein Pausenhofgespräch vorschlagen"


def proposal_form(taxonomy: Taxonomy) -> Form:
    """The form with the region's examples and organisation (``region/region.yml``)."""
    region = taxonomy.region
    return Form(
        id=FORM_ID,
        name=FORM_NAME,
        description="Ein Thema, über das Kommunen in einem der nächsten Pausenhofgespräche sprechen möchten.",
        title="Thema: ",
        label="formular: pausenhof",
        intro=(
            "Schlagen Sie ein Thema für die Pausenhofgespräche der Smart Cities: Schule vor. Aus Ihren Angaben "
            "entsteht automatisch ein Änderungsvorschlag (Pull Request), den die Redaktion prüft; danach steht das "
            "Thema auf der Seite /pausenhof/. Wer das Thema unterstützen möchte, reagiert auf dieses Issue mit 👍 – "
            "die Seite ordnet offene Vorschläge nach dieser Zahl. Sind Angaben fehlerhaft, antwortet das Portal hier "
            "mit einer Liste; Sie können die Beschreibung dann bearbeiten, nichts geht verloren. Alles, was Sie hier "
            "eintragen, ist öffentlich; bitte keine Namen von Personen."
        ),
        fields=(
            Field("thema", "Thema", required=True, placeholder="z. B. Sensoren in Klassenzimmern auswerten"),
            Field("beschreibung", "Worum soll es gehen?", kind="textarea", required=True,
                  help="Zwei, drei Sätze: was Sie wissen oder besprechen möchten und warum es für Kommunen wichtig ist."),
            Field("von", "Vorgeschlagen von", required=True, placeholder=f"z. B. {region.beispiele.vorschlag}",
                  help=f"Name Ihrer Kommune {region.ort}, Ihr Kreis oder „{region.organisation}“ – keine Person."),
        ),
    )


def submit(answers: Answers, root: Path, taxonomy: Taxonomy, today: date, issue: int | None) -> Submission:
    """Write ``pausenhof/themen/<slug>.yml`` with status ``vorgeschlagen``."""
    if answers.problems:
        raise SubmissionError(answers.problems)
    title = " ".join(answers.text("thema").split())
    proposer = resolve_proposer(answers.text("von"), taxonomy)
    if proposer is None:
        region = taxonomy.region
        answers.fail("von", f"'{answers.text('von')}' ist weder eine Kommune {region.genitiv} noch ein Kreis noch "
                            f"„{region.organisation}“; bitte den amtlichen Namen angeben (z. B. {region.beispiele.amtlicher_name})")
        raise SubmissionError(answers.problems)
    municipality = taxonomy.municipality_by_name(answers.text("von")) or taxonomy.municipalities.get(answers.text("von"))
    entry = {
        "title": title,
        "description": answers.text("beschreibung"),
        "proposed_by": municipality.slug if municipality else proposer.name,
        "date": today,
        "status": "vorgeschlagen",
    }
    if issue is not None:
        entry["issue"] = issue
    slug = slugify(title)[:60].strip("-")
    if not slug:
        answers.fail("thema", "das Thema braucht Buchstaben oder Ziffern")
        raise SubmissionError(answers.problems)
    path = root / FOLDER / f"{slug}.yml"
    _, problems = validate(ProposalRecord, Source(path, entry))
    answers.attach(problems, _FIELD_OF_KEY)
    if answers.problems:
        raise SubmissionError(answers.problems)
    if path.exists():
        raise SubmissionError([error(path, 0, f"Einen Vorschlag '{path.name}' gibt es schon; bitte dort mit 👍 "
                                              "unterstützen oder ein anderes Thema wählen")])
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ("# Themenvorschlag für die Pausenhofgespräche (aus dem Formular; Format: pausenhof/README.md)\n"
            + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=100))
    temporary = path.with_name(f".{path.name}.neu")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    summary = (f"Ein Themenvorschlag aus dem Formular „{FORM_NAME}“: `{path.relative_to(root).as_posix()}`"
               + (f" (Issue {issue})" if issue else "") + ".\n\n"
               "Vor dem Zusammenführen prüfen: Das Thema passt zu den Pausenhofgesprächen, der Text nennt keine Person.\n")
    return Submission((path.relative_to(root),), f"Pausenhof-Thema: {title}", summary)
