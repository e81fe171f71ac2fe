"""Registrations: ``municipalities/<slug>.yml``, one per committed municipality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..content.loading import load_each
from ..content.problems import Problem, error
from ..content.records import Record, validate
from ..content.source import Source, read_yaml
from ..taxonomy import RegionMunicipality, Taxonomy


class Commitment(Record):
    date: date
    document: str | None = None


class Resolution(Record):
    date: date
    body: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    link: str | None = None


class RegistrationFile(Record):
    name: str = Field(min_length=1)
    ags: str = Field(pattern=r"^\d{8}$")
    status: Literal["pionier", "mitmacher", "teilnehmer"]
    commitment: Commitment | None = None
    resolution: Resolution | None = None
    contact: str | None = None
    website: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Registration:
    meta: RegistrationFile
    municipality: RegionMunicipality
    source: Source

    @property
    def slug(self) -> str:
        return self.municipality.slug


def load_registrations(root: Path, taxonomy: Taxonomy) -> tuple[list[Registration], list[Problem]]:
    """Load every ``<root>/<slug>.yml``; the municipality must be in the reference list."""

    def build(source: Source) -> tuple[Registration | None, list[Problem]]:
        meta, problems = validate(RegistrationFile, source)
        if meta is None:
            return None, problems
        place = taxonomy.by_ags.get(meta.ags)
        if place is None:
            return None, [error(source.path, source.line_of("ags"), f"ags: '{meta.ags}' ist keine der 59 Kommunen Südwestfalens")]
        return Registration(meta, place, source), []

    return load_each(root.glob("*.yml"), read_yaml, build)
