"""The form "Kommune anmelden": a new registration or a status change, without git.

The answers go through exactly the code of ``scschule register``
(:func:`new_registration`, :func:`write_registration`, :func:`upgrade_registration`):
an existing registration is never overwritten, a status change keeps the history.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content.issueforms import Answers, Field, Form, Submission, SubmissionError
from ..content.problems import ContentError
from ..taxonomy import RegionMunicipality, Taxonomy
from .model import REGISTRY, STATUS_LABELS, UNKNOWN, check_email, check_url, parse_date_or_unknown
from .register import RegistrationError, find_municipality, new_registration, registered_files, upgrade_registration, write_registration

NEW_TEILNEHMER = "Neue Anmeldung als Teilnehmerkommune"
NEW_MITMACHER = "Neue Anmeldung als Mitmacherkommune"
UPGRADE = "Statuswechsel zur Mitmacherkommune"
# Keys of the registration file -> the form's fields, to show the file's rules at the field.
_FIELD_OF_KEY = {"commitment.date": "zusage_datum", "commitment.document": "zusage_link", "resolution.date": "beschluss_datum",
                 "resolution.body": "beschluss_gremium", "resolution.reference": "beschluss_drucksache",
                 "resolution.link": "beschluss_link", "contact": "kontakt", "website": "website"}
CONFIRM_MAILBOX = "Die Kontaktadresse ist ein Funktionspostfach, keine persönliche E-Mail-Adresse (oder das Feld ist leer)."

FORM_ID, FORM_NAME = "kommune-anmelden", "Kommune anmelden"


def confirm_commitment(taxonomy: Taxonomy) -> str:
    return (f"Die schriftliche Zusage zu den Visionsbildern und Zielen der Rahmenstrategie liegt der "
            f"{taxonomy.region.organisation} vor.")


def registration_form(taxonomy: Taxonomy) -> Form:
    """The form with the region's name, count and examples (``region/region.yml``)."""
    region = taxonomy.region
    example = taxonomy.municipality_by_name(region.beispiele.kommune)
    example_ags = f"z. B. {example.ags} für {example.name}" if example else "z. B. die acht Ziffern aus dem Gemeindeverzeichnis"
    body = f"Rat der {example.kind} {example.name}" if example else f"Rat der Stadt {region.beispiele.kommune}"
    return Form(
        id=FORM_ID,
        name=FORM_NAME,
        description="Ihre Kommune meldet sich bei der Smart Cities: Schule an oder wird Mitmacherkommune.",
        title="Anmeldung: ",
        label="formular: kommune",
        intro=(
            f"Mit diesem Formular meldet sich eine Stadt, Gemeinde oder ein Kreis {region.ort} bei der "
            "Smart Cities: Schule an, oder eine angemeldete Teilnehmerkommune wird nach einem Ratsbeschluss "
            "Mitmacherkommune. Aus Ihren Angaben entsteht automatisch ein Änderungsvorschlag (Pull Request), "
            "den die Redaktion prüft. Sind Angaben fehlerhaft, antwortet das Portal hier mit einer Liste; "
            "Sie können die Beschreibung dann bearbeiten, nichts geht verloren.\n\n"
            f"Was Sie nicht wissen, tragen Sie als „{UNKNOWN}“ ein statt zu schätzen. Alles, was Sie hier "
            "eintragen, ist öffentlich. Hinweise zum Datenschutz stehen in der Datenschutzerklärung des Portals."
        ),
        fields=(
            Field("kommune", "Kommune", required=True, placeholder=f"z. B. {region.beispiele.kommune}",
                  help=f"Name der Stadt, der Gemeinde oder des Kreises. Geprüft wird, dass es eine der "
                       f"{len(taxonomy.municipalities)} Kommunen {region.genitiv} ist."),
            Field("ags", "Amtlicher Gemeindeschlüssel",
                  help=f"Acht Ziffern, {example_ags} (optional). Wenn angegeben, muss er zur Kommune passen."),
            Field("art", "Art der Anmeldung", kind="dropdown", required=True, options=(NEW_TEILNEHMER, NEW_MITMACHER, UPGRADE),
                  help="Teilnehmerkommune: schriftliche Zusage. Mitmacherkommune: Zusage plus politischer Beschluss. "
                       "Eine schon angemeldete Kommune wird nie überschrieben; ein Statuswechsel ergänzt ihren Verlauf."),
            Field("zusage_datum", "Datum der schriftlichen Zusage", placeholder="JJJJ-MM-TT",
                  help=f"Nötig bei einer neuen Anmeldung: JJJJ-MM-TT oder „{UNKNOWN}“. Ein Datum in der Zukunft wird abgelehnt."),
            Field("zusage_link", "Link zum Zusageschreiben", placeholder="https://",
                  help="Optional: öffentliche Adresse des Schreibens (https://…)."),
            Field("beschluss_datum", "Datum des Beschlusses", placeholder="JJJJ-MM-TT",
                  help=f"Nötig für Mitmacherkommunen: JJJJ-MM-TT oder „{UNKNOWN}“; nicht vor der Zusage, nicht in der Zukunft."),
            Field("beschluss_gremium", "Gremium", placeholder=f"z. B. {body}",
                  help=f"Nötig für Mitmacherkommunen: wer beschlossen hat, oder „{UNKNOWN}“."),
            Field("beschluss_drucksache", "Drucksache oder Aktenzeichen",
                  help=f"Nötig für Mitmacherkommunen: die Nummer der Vorlage, oder „{UNKNOWN}“."),
            Field("beschluss_gegenstand", "Gegenstand des Beschlusses",
                  help="Optional: was beschlossen wurde, falls nicht die Zusage selbst."),
            Field("beschluss_link", "Link zum Beschluss", placeholder="https://",
                  help="Optional: Adresse des Beschlusses im Ratsinformationssystem (https://…)."),
            Field("kontakt", "Funktionspostfach für Rückfragen", placeholder="z. B. smartcity@stadt.de",
                  help="Optional. Wird auf der Seite der Kommune veröffentlicht: bitte ein Funktionspostfach, nie eine persönliche Adresse."),
            Field("website", "Smart-City-Seite der Kommune", placeholder="https://",
                  help="Optional: Adresse der Smart-City-Seite Ihrer Kommune (https://…)."),
            Field("anmerkungen", "Anmerkungen", kind="textarea",
                  help="Optional. Bei einer neuen Anmeldung erscheinen sie auf der Seite der Kommune, bei einem Statuswechsel im Statusverlauf."),
            Field("bestaetigung", "Bestätigung", kind="checkboxes", required=True, options=(confirm_commitment(taxonomy), CONFIRM_MAILBOX),
                  help="Die Redaktion prüft beides, bevor die Anmeldung erscheint."),
        ),
    )


def submit(answers: Answers, root: Path, taxonomy: Taxonomy, today: date) -> Submission:
    """Write or upgrade ``municipalities/<slug>.yml`` from the answers."""
    place = _place(answers, taxonomy)
    kinds = answers.choices("art")
    values = _checked_values(answers)
    if answers.problems or place is None or not kinds:
        raise SubmissionError(answers.problems)
    kind = kinds[0]
    registered = registered_files(root, taxonomy, today).get(place.ags) or (REGISTRY.path(root) / f"{place.slug}.yml").exists()
    if kind == UPGRADE and not registered:
        answers.fail("art", f"{place.name} ist noch nicht angemeldet; bitte „{NEW_MITMACHER}“ wählen")
    if kind != UPGRADE and registered:
        answers.fail("art", f"{place.name} ist schon angemeldet und wird nicht überschrieben; für einen Statuswechsel bitte „{UPGRADE}“ wählen")
    status = "teilnehmer" if kind == NEW_TEILNEHMER else "mitmacher"
    if kind != UPGRADE and values["zusage_datum"] is None:
        answers.fail("zusage_datum", f"für eine neue Anmeldung nötig (JJJJ-MM-TT, oder „{UNKNOWN}“)")
    resolution = None
    if status == "mitmacher":
        resolution = {"date": values["beschluss_datum"], "body": answers.text("beschluss_gremium"),
                      "reference": answers.text("beschluss_drucksache"),
                      "subject": answers.text("beschluss_gegenstand") or None, "link": values["beschluss_link"]}
        given_upgrade = kind == UPGRADE and not any(resolution.values())
        if not given_upgrade:  # an upgrade may rely on a resolution already in the file
            for field_id, key in (("beschluss_datum", "date"), ("beschluss_gremium", "body"), ("beschluss_drucksache", "reference")):
                if resolution[key] in (None, ""):
                    answers.fail(field_id, f"für eine Mitmacherkommune nötig (oder „{UNKNOWN}“)")
        else:
            resolution = None
    if answers.problems:
        raise SubmissionError(answers.problems)
    notes = answers.text("anmerkungen") or None
    try:
        if kind == UPGRADE:
            path = upgrade_registration(root, taxonomy, place, status=status, resolution=resolution, note=notes, today=today)
        else:
            data = new_registration(place, status=status, commitment_date=values["zusage_datum"],
                                    commitment_document=values["zusage_link"], resolution=resolution,
                                    contact=values["kontakt"], website=values["website"], notes=notes)
            path = write_registration(root, taxonomy, data, today)
    except RegistrationError as exc:
        answers.attach(exc.problems, _FIELD_OF_KEY)
        raise SubmissionError(answers.problems) from None
    except ContentError as exc:
        raise SubmissionError([exc.problem]) from None
    verb = "Statuswechsel" if kind == UPGRADE else "Anmeldung"
    summary = (
        f"{verb} von **{place.name}** (AGS {place.ags}) als {STATUS_LABELS[status]}, aus dem Formular „{FORM_NAME}“.\n\n"
        "Vor dem Zusammenführen prüfen:\n\n"
        f"- [ ] Die schriftliche Zusage liegt der {taxonomy.region.organisation} vor.\n"
        "- [ ] Bei Mitmacherkommunen: Gremium, Datum und Drucksache stimmen mit dem Beschluss überein.\n"
        f"- [ ] Unbekannte Angaben stehen als `{UNKNOWN}` in der Datei, nichts ist geschätzt.\n"
        "- [ ] `contact` ist ein Funktionspostfach (oder fehlt).\n"
        "- [ ] Bei einem Statuswechsel: frühere Zusage und Verlauf sind unverändert (siehe Änderungen).\n"
    )
    return Submission((path.relative_to(root),), f"{verb}: {place.name} ({STATUS_LABELS[status]})", summary)


def _place(answers: Answers, taxonomy: Taxonomy) -> RegionMunicipality | None:
    text, ags = answers.text("kommune"), answers.text("ags").strip()
    if not text:
        return None
    match = find_municipality(taxonomy, text)
    if match.place is None:
        hint = f" Meinten Sie: {', '.join(match.suggestions)}?" if match.suggestions else ""
        answers.fail("kommune", f"'{text}' ist {taxonomy.none_of_region()}.{hint}")
        return None
    if ags and ags != match.place.ags:
        answers.fail("ags", f"'{ags}' passt nicht zu {match.place.name} (AGS {match.place.ags})")
        return None
    return match.place


def _checked_values(answers: Answers) -> dict:
    """Dates, web and e-mail addresses, checked by the registry's own validators."""
    values: dict = {}
    for field_id in ("zusage_datum", "beschluss_datum"):
        values[field_id] = _convert(answers, field_id, lambda text: parse_date_or_unknown(text) or UNKNOWN)
    for field_id in ("zusage_link", "beschluss_link", "website"):
        values[field_id] = _convert(answers, field_id, check_url)
    values["kontakt"] = _convert(answers, "kontakt", check_email)
    return values


def _convert(answers: Answers, field_id: str, check):
    text = answers.text(field_id).strip()
    if not text:
        return None
    try:
        return check(text)
    except ValueError as exc:
        answers.fail(field_id, str(exc))
        return None
