"""The form "Beitrag für die Schülerzeitung": a contribution becomes a draft issue.

Written with the skeleton of ``scschule new newsletter`` (next free number,
``draft: true``): the editors decide when, and in which issue, it appears.
"""

from __future__ import annotations

from dataclasses import replace

from datetime import date
from pathlib import Path

from ..content.issueforms import Answers, Field, Form, Submission, SubmissionError
from ..content.problems import ContentError
from ..content.skeletons import issue_skeleton, write_new
from ..content.slugs import slugify
from ..taxonomy import Taxonomy
from .model import issue_path, next_issue_number, Issue


def contribution_form(taxonomy: Taxonomy) -> Form:
    """The form; its choices are the region's Handlungsfelder and Maßnahmenbündel (a list without any is left out)."""
    region = taxonomy.region
    form = Form(
        id="beitrag-schuelerzeitung",
        name="Beitrag für die Schülerzeitung",
        description="Ein Bericht aus Ihrer Kommune für die Schülerzeitung der Smart Cities: Schule.",
        title="Beitrag: ",
        label="formular: beitrag",
        intro=(
            "Berichten Sie über Themen, Maßnahmen und Meilensteine Ihrer Kommune. Aus Ihren Angaben entsteht "
            "automatisch ein Entwurf einer Ausgabe (Pull Request); die Redaktion entscheidet, wann und in welcher "
            "Ausgabe er erscheint. Sind Angaben fehlerhaft, antwortet das Portal hier mit einer Liste; Sie können "
            "die Beschreibung dann bearbeiten, nichts geht verloren. Alles, was Sie hier eintragen, ist öffentlich."
        ),
        fields=(
            Field("titel", "Titel", required=True, help="Überschrift des Beitrags (eine Zeile)."),
            Field("kurzfassung", "Kurzfassung", kind="textarea", required=True,
                  help="Ein bis zwei Sätze für das Archiv, die Feeds und die E-Mail-Ausgabe."),
            Field("text", "Text", kind="textarea", required=True,
                  help="Der Beitrag in Markdown; Zwischenüberschriften beginnen mit „## “. HTML ist nicht erlaubt. "
                       "Geprüft werden dieselben Regeln wie bei jeder Ausgabe, auch die Links."),
            Field("verfasst_von", "Verfasst von", required=True, placeholder="z. B. Stadt …, Fachbereich …",
                  help="Kommune, Dienststelle oder Organisation, die den Beitrag verantwortet."),
            Field("kommunen", "Kommunen", placeholder=f"z. B. {region.beispiele.kommune}, {region.beispiele.amtlicher_name}",
                  help=f"Optional: Kommunen, um die es geht, durch Kommas getrennt. Geprüft wird, dass es Kommunen {region.genitiv} sind."),
            Field("handlungsfelder", "Handlungsfelder", kind="dropdown", multiple=True,
                  options=tuple(h.title for h in taxonomy.handlungsfelder.values()),
                  help="Optional: die Handlungsfelder der Rahmenstrategie, zu denen der Beitrag gehört."),
            Field("bundles", "Maßnahmenbündel", kind="dropdown", multiple=True,
                  options=tuple(f"{b.id}: {b.title}" for b in taxonomy.bundles.values()),
                  help="Optional: die Maßnahmenbündel, zu denen der Beitrag gehört."),
        ),
    )
    return replace(form, fields=tuple(f for f in form.fields if f.kind != "dropdown" or f.options))


def submit(answers: Answers, root: Path, taxonomy: Taxonomy, today: date, issues: list[Issue]) -> Submission:
    """Write a draft issue ``newsletter/<year>/<nn>-<slug>.md`` from the answers."""
    title = answers.text("titel")
    if title and not slugify(title):
        answers.fail("titel", "braucht mindestens einen Buchstaben oder eine Ziffer")
    fields = {h.title: h.id for h in taxonomy.handlungsfelder.values()}
    bundles = {f"{b.id}: {b.title}": b.id for b in taxonomy.bundles.values()}
    chosen_fields = [fields[c] for c in answers.choices("handlungsfelder")] if fields else []
    chosen_bundles = [bundles[c] for c in answers.choices("bundles")] if bundles else []
    places = _municipalities(answers, taxonomy)
    if answers.problems:
        raise SubmissionError(answers.problems)
    number = next_issue_number(issues)
    path = issue_path(root, number, title, today)
    text = issue_skeleton(number, title, today, summary=" ".join(answers.text("kurzfassung").split()),
                          authors=[answers.text("verfasst_von")], handlungsfelder=chosen_fields,
                          bundles=chosen_bundles, municipalities=places, text=answers.text("text"))
    try:
        write_new(path, text)
    except ContentError as exc:
        raise SubmissionError([exc.problem]) from None
    summary = (
        f"Ein Beitrag aus dem Formular „Beitrag für die Schülerzeitung“, als Entwurf der Ausgabe {number} "
        f"(`draft: true`).\n\nVor dem Zusammenführen prüfen: Inhalt und Rechte am Text, die Schlagworte, "
        "und ob der Beitrag eine eigene Ausgabe wird oder in eine andere übernommen wird.\n"
    )
    return Submission((path.relative_to(root),), f"Beitrag für die Schülerzeitung: {title}", summary)


def _municipalities(answers: Answers, taxonomy: Taxonomy) -> list[str]:
    slugs: list[str] = []
    for name in (part.strip() for part in answers.text("kommunen").split(",")):
        if not name:
            continue
        place = taxonomy.municipality_by_name(name) or taxonomy.by_ags.get(name) or taxonomy.municipalities.get(name)
        if place is None:
            answers.fail("kommunen", f"'{name}' ist {taxonomy.none_of_region()} (bitte den amtlichen Namen, "
                                    f"z. B. „{taxonomy.region.beispiele.amtlicher_name}“)")
        elif place.slug not in slugs:
            slugs.append(place.slug)
    return slugs

