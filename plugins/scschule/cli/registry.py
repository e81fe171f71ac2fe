"""``scschule register``: enrol a municipality, asking for what the flags leave out."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .options import CONTEXT, region_taxonomy, root_option, today_option
from ..content.problems import ContentError
from ..content.source import read_yaml
from ..taxonomy import RegionMunicipality, Taxonomy
from ..registry.model import REGISTRY, UNKNOWN, parse_date_or_unknown, check_email, check_url
from ..registry.register import REGISTERABLE, RegistrationError, find_municipality, new_registration, upgrade_registration, write_registration

PR_TEMPLATE = "kommune-anmelden.md"


class DateOrUnknown(click.ParamType):
    name = "JJJJ-MM-TT|unbekannt"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            parsed = parse_date_or_unknown(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return UNKNOWN if parsed is None else parsed


class Checked(click.ParamType):
    """A text checked by one of the model's validators (e-mail, web address)."""

    def __init__(self, name: str, check):
        self.name, self.check = name, check

    def convert(self, value, param, ctx):
        if value in (None, ""):
            return None
        try:
            return self.check(value.strip())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateOrUnknown()
EMAIL = Checked("E-MAIL", check_email)
URL = Checked("URL", check_url)


def _ask(value, interactive: bool, flag: str, text: str, *, kind=None, required=True, **extra):
    """The flag's value, else a prompt, else (with --no-input) an error for a required value."""
    if value not in (None, ""):
        return value
    if not interactive:
        if required:
            raise click.UsageError(f"Angabe fehlt: {flag} (oder ohne --no-input aufrufen, dann wird gefragt)")
        return None
    if required:
        return click.prompt(text, type=kind, **extra)
    answer = click.prompt(f"{text} (leer lassen zum Überspringen)", default="", show_default=False, type=kind, **extra)
    return answer or None


def _ask_municipality(taxonomy: Taxonomy, given: str | None, interactive: bool) -> RegionMunicipality:
    text = given
    while True:
        if text is None:
            if not interactive:
                raise click.UsageError("Angabe fehlt: Name oder AGS der Kommune")
            text = click.prompt("Kommune (Name oder amtlicher Gemeindeschlüssel)")
        match = find_municipality(taxonomy, text)
        if match.place:
            return match.place
        hint = f" Meinten Sie: {', '.join(match.suggestions)}?" if match.suggestions else ""
        message = f"'{text}' ist {taxonomy.none_of_region()}.{hint}"
        if not interactive:
            raise click.UsageError(message)
        click.echo(message, err=True)
        text = None


@click.command("register", context_settings=CONTEXT)
@click.argument("municipality", required=False)
@click.option("--status", type=click.Choice(REGISTERABLE), help="teilnehmer (schriftliche Zusage) oder mitmacher (plus Beschluss).")
@click.option("--commitment-date", type=DATE, help=f"Datum der schriftlichen Zusage, oder '{UNKNOWN}'.")
@click.option("--commitment-document", type=URL, help="Link zum Zusageschreiben (optional).")
@click.option("--resolution-date", type=DATE, help=f"Datum des Beschlusses, oder '{UNKNOWN}'.")
@click.option("--resolution-body", help=f"Gremium, z. B. 'Rat der Stadt …', oder '{UNKNOWN}'.")
@click.option("--resolution-reference", help=f"Drucksache oder Aktenzeichen, oder '{UNKNOWN}'.")
@click.option("--resolution-subject", help="Gegenstand, falls nicht die Zusage selbst (optional).")
@click.option("--resolution-link", type=URL, help="Link zum Beschluss im Ratsinformationssystem (optional).")
@click.option("--contact", type=EMAIL, help="Funktionspostfach für Rückfragen, keine persönliche Adresse (optional).")
@click.option("--website", type=URL, help="Smart-City-Seite der Kommune (optional).")
@click.option("--notes", help="Anmerkungen (optional).")
@click.option("--note", help="Anmerkung für den Statusverlauf (optional).")
@click.option("--upgrade", is_flag=True, help="Statuswechsel einer angemeldeten Kommune zu 'mitmacher'; Zusage und Verlauf bleiben erhalten.")
@click.option("--no-input", is_flag=True, help="Nichts abfragen; fehlende Pflichtangaben sind ein Fehler (für Skripte).")
@root_option
@today_option()
def register(municipality, status, commitment_date, commitment_document, resolution_date, resolution_body,
             resolution_reference, resolution_subject, resolution_link, contact, website, notes, note,
             upgrade, no_input, root, today) -> None:
    """Meldet eine Kommune bei der Smart Cities: Schule an (municipalities/<kurzname>.yml).

    MUNICIPALITY ist der Name (auch ein eindeutiger Anfang, z. B. 'Menden') oder
    der amtliche Gemeindeschlüssel. Was nicht als Option angegeben ist, wird
    abgefragt; mit --no-input läuft der Befehl ohne Rückfragen. Eine schon
    angemeldete Kommune wird nie überschrieben; --upgrade ergänzt Beschluss und
    Statusverlauf, die frühere Zusage bleibt stehen.
    """
    interactive = not no_input
    today = today or date.today()
    taxonomy = region_taxonomy(root)
    place = _ask_municipality(taxonomy, municipality, interactive)
    path = REGISTRY.path(root) / f"{place.slug}.yml"
    if not upgrade and path.exists():
        _fail(f"{path}: {place.name} ist schon angemeldet; Statuswechsel mit 'scschule register --upgrade {place.slug}'")
    if upgrade:
        status = status or "mitmacher"
    else:
        status = _ask(status, interactive, "--status", "Status", kind=click.Choice(REGISTERABLE), default="teilnehmer")
    if not upgrade:
        commitment_date = _ask(commitment_date, interactive, "--commitment-date",
                               f"Datum der schriftlichen Zusage (JJJJ-MM-TT oder '{UNKNOWN}')", kind=DATE)
        commitment_document = _ask(commitment_document, interactive, "--commitment-document",
                                   "Link zum Zusageschreiben", kind=URL, required=False)
    resolution = None
    if status == "mitmacher":
        resolution = _ask_resolution(interactive, upgrade, path, resolution_date, resolution_body,
                                     resolution_reference, resolution_subject, resolution_link)
    try:
        if upgrade:
            written = upgrade_registration(root, taxonomy, place, status=status, resolution=resolution, note=note, today=today)
            click.echo(f"Aktualisiert: {written} ({place.name} ist jetzt {status}; Zusage und Verlauf sind erhalten)")
        else:
            data = new_registration(
                place, status=status,
                commitment_date=commitment_date,
                commitment_document=commitment_document,
                resolution=resolution,
                contact=_ask(contact, interactive, "--contact",
                             "Funktionspostfach für Rückfragen (z. B. smartcity@stadt.de)", kind=EMAIL, required=False),
                website=_ask(website, interactive, "--website", "Smart-City-Seite der Kommune", kind=URL, required=False),
                notes=_ask(notes, interactive, "--notes", "Anmerkungen", required=False),
                note=note,
            )
            written = write_registration(root, taxonomy, data, today)
            click.echo(f"Angelegt: {written}")
    except RegistrationError as exc:
        for problem in exc.problems:
            click.echo(problem.format(), err=True)
        sys.exit(1)
    click.echo(f"Nächster Schritt: 'scschule check', dann einen Pull Request mit der Vorlage {PR_TEMPLATE} öffnen "
               f"(Adresse des Pull Requests um '?template={PR_TEMPLATE}' ergänzen).")


def _ask_resolution(interactive, upgrade, path, when, body, reference, subject, link) -> dict | None:
    if upgrade and not any((when, body, reference, subject, link)) and _has_resolution(path):
        return None  # already in the file; upgrade_registration keeps it
    return {
        "date": _ask(when, interactive, "--resolution-date", f"Datum des Beschlusses (JJJJ-MM-TT oder '{UNKNOWN}')", kind=DATE),
        "body": _ask(body, interactive, "--resolution-body", "Gremium (z. B. Rat der Gemeinde …)"),
        "reference": _ask(reference, interactive, "--resolution-reference", "Drucksache oder Aktenzeichen"),
        "subject": _ask(subject, interactive, "--resolution-subject", "Gegenstand, falls nicht die Zusage selbst", required=False),
        "link": _ask(link, interactive, "--resolution-link", "Link zum Beschluss", kind=URL, required=False),
    }


def _has_resolution(path: Path) -> bool:
    try:
        return bool(read_yaml(path).data.get("resolution"))
    except ContentError:
        return False


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)
