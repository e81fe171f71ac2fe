"""Topic proposals for the Pausenhofgespräche: ``pausenhof/themen/<slug>.yml``.

A proposal names its topic, a short description, who proposed it (a municipality of
the region by its slug, one of its districts, or the region's organisation),
the day it was proposed and its status:

- ``vorgeschlagen``: open; readers support it with 👍 on its forge issue (``issue``),
- ``eingeplant``: planned for the Pausenhofgespräch ``event`` (an id of courses/termine.yml),
- ``besprochen``: discussed; ``report`` links the notes, or ``newsletter_issue`` names the
  Schülerzeitung issue that reported it,
- ``abgelehnt``: declined, with a ``reason``.

References to other collections (events, newsletter issues) are checked by the
composition root with :func:`check_proposal_references`, which gets plain ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..content.collection import Collection
from ..content.loading import load_each
from ..content.problems import Problem, error
from ..content.records import Record, validate
from ..content.source import Source, read_yaml
from ..taxonomy import Taxonomy

FOLDER = "pausenhof/themen"
FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.yml$")
PAGE_URL = "pausenhof/"
STATUSES = {
    "vorgeschlagen": "Vorgeschlagen",
    "eingeplant": "Eingeplant",
    "besprochen": "Besprochen",
    "abgelehnt": "Abgelehnt",
}


class ProposalRecord(Record):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1, max_length=20_000)
    proposed_by: str = Field(min_length=1)  # municipality slug, district name or the region's organisation
    date: date
    status: Literal["vorgeschlagen", "eingeplant", "besprochen", "abgelehnt"]
    issue: int | None = Field(default=None, ge=1)  # number of the proposal's issue in the repository's tracker
    event: str | None = None  # eingeplant (and optionally besprochen): id of the Pausenhofgespräch
    report: str | None = Field(default=None, pattern=r"^https://")
    newsletter_issue: int | None = Field(default=None, ge=1)
    reason: str | None = None



@dataclass(frozen=True)
class Proposer:
    name: str  # shown to readers
    url: str | None = None  # the municipality's page, if it is one


@dataclass(frozen=True)
class Proposal:
    meta: ProposalRecord
    source: Source
    proposer: Proposer

    @property
    def slug(self) -> str:
        return self.source.path.stem

    @property
    def status(self) -> str:
        return self.meta.status

    @property
    def status_label(self) -> str:
        return STATUSES[self.meta.status]

    @property
    def anchor(self) -> str:
        return f"thema-{self.slug}"


def status_problems(record: ProposalRecord, source: Source) -> list[Problem]:
    """What each status needs, at the line of ``status``."""
    line = source.line_of("status")
    needs = {
        "eingeplant": (not record.event, "'eingeplant' braucht 'event: <Kennung des Pausenhofgesprächs aus courses/termine.yml>'"),
        "besprochen": (not (record.report or record.newsletter_issue),
                       "'besprochen' braucht 'report: https://…' (Notizen) oder "
                       "'newsletter_issue: <Nummer der Schülerzeitung, die berichtet hat>'"),
        "abgelehnt": (not record.reason, "'abgelehnt' braucht 'reason: <Begründung>'"),
    }
    missing, message = needs.get(record.status, (False, ""))
    problems = [error(source.path, line, f"status: {message}")] if missing else []
    if record.status != "abgelehnt" and record.reason:
        problems.append(error(source.path, source.line_of("reason"),
                              "reason: eine Begründung gibt es nur für den Status 'abgelehnt'"))
    return problems


def bodies(taxonomy: Taxonomy) -> dict[str, str]:
    """Who may propose besides a municipality: the region's districts and its organisation."""
    names = sorted({m.kreis for m in taxonomy.municipalities.values()}) + [taxonomy.region.organisation]
    return {name.casefold(): name for name in names}


def resolve_proposer(value: str, taxonomy: Taxonomy) -> Proposer | None:
    """A municipality (by slug or name), a district or the agency; None if unknown."""
    municipality = taxonomy.municipalities.get(value) or taxonomy.municipality_by_name(value)
    if municipality is not None:
        return Proposer(municipality.name, municipality.url)
    body = bodies(taxonomy).get(value.strip().casefold())
    return Proposer(body) if body else None


def load_proposals(folder: Path, taxonomy: Taxonomy) -> tuple[list[Proposal], list[Problem]]:
    def build(source: Source) -> tuple[Proposal | None, list[Problem]]:
        problems: list[Problem] = []
        if not FILE_NAME.match(source.path.name):
            problems.append(error(source.path, 1, "Dateiname: nur Kleinbuchstaben, Ziffern und Bindestriche, Endung .yml"))
        record, found = validate(ProposalRecord, source)
        if record is None:
            return None, problems + found
        problems += status_problems(record, source)
        proposer = resolve_proposer(record.proposed_by, taxonomy)
        if proposer is None:
            import difflib

            known = [*taxonomy.municipalities, *bodies(taxonomy).values()]
            close = difflib.get_close_matches(record.proposed_by, known, n=1)
            hint = f" – meinten Sie '{close[0]}'?" if close else ""
            problems.append(error(source.path, source.line_of("proposed_by"),
                                  f"proposed_by: unbekannte Kommune oder Stelle '{record.proposed_by}'{hint} "
                                  f"(Kurzname einer Kommune {taxonomy.region.genitiv}, ein Kreis oder "
                                  f"„{taxonomy.region.organisation}“)"))
            return None, problems
        return (Proposal(record, source, proposer) if not problems else None), problems

    if not folder.is_dir():
        return [], []
    proposals, problems = load_each(folder.glob("*.yml"), read_yaml, build)
    problems += _unique_issues(proposals)
    return sorted(proposals, key=lambda p: (p.meta.date, p.slug)), problems


def _unique_issues(proposals: list[Proposal]) -> list[Problem]:
    seen: dict[int, Proposal] = {}
    problems = []
    for proposal in sorted(proposals, key=lambda p: p.slug):
        number = proposal.meta.issue
        if number is None:
            continue
        if number in seen:
            problems.append(error(proposal.source.path, proposal.source.line_of("issue"),
                                  f"issue: Issue {number} gehört schon zu {seen[number].source.path.name}"))
        else:
            seen[number] = proposal
    return problems


def check_proposal_references(proposals, events: dict[str, tuple[str, date]], newsletter_issues: set[int],
                              today: date) -> list[Problem]:
    """``event`` must be a Pausenhofgespräch of the calendar, ``newsletter_issue`` an existing issue.

    ``events`` maps an event id to its kind and day.
    """
    problems = []
    for proposal in proposals:
        meta, source = proposal.meta, proposal.source
        if meta.event:
            found = events.get(meta.event)
            if found is None:
                problems.append(error(source.path, source.line_of("event"),
                                      f"event: einen Termin '{meta.event}' gibt es in courses/termine.yml nicht"))
            elif found[0] != "pausenhofgespraech":
                problems.append(error(source.path, source.line_of("event"),
                                      f"event: '{meta.event}' ist kein Pausenhofgespräch (Art '{found[0]}')"))
        if meta.newsletter_issue and meta.newsletter_issue not in newsletter_issues:
            problems.append(error(source.path, source.line_of("newsletter_issue"),
                                  f"newsletter_issue: eine Ausgabe {meta.newsletter_issue} der Schülerzeitung gibt es nicht"))
        if meta.date > today:
            problems.append(error(source.path, source.line_of("date"),
                                  f"date: {meta.date.isoformat()} liegt in der Zukunft"))
    return problems


PROPOSALS: Collection[Proposal] = Collection(
    "proposals", FOLDER, (),
    load=lambda folder, context: load_proposals(folder, context.taxonomy),
    key=lambda proposal: proposal.slug,
    key_of=lambda path: path.stem if len(path.parts) == 1 and path.suffix == ".yml" else None,
    markdown=False,
)
