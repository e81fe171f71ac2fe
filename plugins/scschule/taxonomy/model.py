"""Typed taxonomy records and the reference checks every tagged content item goes through."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..content.collection import Capability, Collection, LoadContext
from ..content.problems import ContentError, Problem, error, warning
from ..content.records import Tagged
from ..content.slugs import slugify
from ..content.source import Source, read_text

DATA = resources.files(__package__) / "data"
# Site folders of the pages per Handlungsfeld, bundle and municipality.
HANDLUNGSFELD_PAGES, BUNDLE_PAGES, MUNICIPALITY_PAGES = "handlungsfelder/", "massnahmenbuendel/", "kommunen/"


@dataclass(frozen=True)
class Handlungsfeld:
    id: str
    title: str

    @property
    def url(self) -> str:
        return f"{HANDLUNGSFELD_PAGES}{self.id}/"


@dataclass(frozen=True)
class RegionMunicipality:
    """One of the 59 cities and municipalities of Südwestfalen (official directory)."""

    ags: str
    name: str
    kreis: str
    kind: str  # "Stadt" or "Gemeinde"
    lat: float
    lon: float

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def url(self) -> str:
        return f"{MUNICIPALITY_PAGES}{self.slug}/"


@dataclass(frozen=True)
class Measure:
    title: str
    by: RegionMunicipality


@dataclass(frozen=True)
class Bundle:
    """A Maßnahmenbündel M01–M16 of the overall strategy."""

    id: str
    title: str
    municipalities: tuple[RegionMunicipality, ...]
    cost_eur: int
    measures: tuple[Measure, ...]

    @property
    def url(self) -> str:
        return f"{BUNDLE_PAGES}{self.id.lower()}/"


@dataclass(frozen=True)
class Taxonomy:
    handlungsfelder: dict[str, Handlungsfeld]
    bundles: dict[str, Bundle]
    municipalities: dict[str, RegionMunicipality]  # by slug, in directory order
    by_ags: dict[str, RegionMunicipality] = field(repr=False)
    pioneers: tuple[RegionMunicipality, ...]

    def municipality_by_name(self, name: str) -> RegionMunicipality | None:
        wanted = slugify(name)
        return self.municipalities.get(wanted)

    def check_tags(self, item: Tagged, source: Source, prefix: tuple = ()) -> list[Problem]:
        """An unknown Handlungsfeld, bundle or municipality is an error at its list item."""
        return (
            self._check_refs(item.handlungsfelder, self.handlungsfelder, "Handlungsfeld", source, (*prefix, "handlungsfelder"))
            + self._check_refs(item.bundles, self.bundles, "Maßnahmenbündel", source, (*prefix, "bundles"))
            + self.check_municipalities(item.municipalities, source, (*prefix, "municipalities"))
        )

    def check_municipalities(self, slugs: list[str], source: Source, location: tuple) -> list[Problem]:
        return self._check_refs(slugs, self.municipalities, "Kommune", source, location)

    @staticmethod
    def _check_refs(refs: list[str], table: dict, label: str, source: Source, location: tuple) -> list[Problem]:
        field = ".".join(str(part) for part in location)
        return [
            error(source.path, source.line_of(*location, index), f"{field}: unbekannte(s) {label} '{ref}'{_closest(ref, table)}")
            for index, ref in enumerate(refs)
            if ref not in table
        ]


def _closest(ref: str, table: dict) -> str:
    import difflib

    match = difflib.get_close_matches(ref, list(table), n=1)
    return f" – meinten Sie '{match[0]}'?" if match else ""


def load_taxonomy(data_dir: Path | None = None) -> Taxonomy:
    """Load the reference data shipped with the package (or from ``data_dir``)."""
    base = Path(data_dir) if data_dir else DATA
    with (base / "suedwestfalen-kommunen.csv").open(encoding="utf-8", newline="") as handle:
        region = [
            RegionMunicipality(row["ags"], row["name"], row["kreis"], row["kind"], float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(handle)
        ]
    by_ags = {m.ags: m for m in region}
    fields = yaml.safe_load((base / "handlungsfelder.yml").read_text(encoding="utf-8"))
    handlungsfelder = {f["id"]: Handlungsfeld(f["id"], f["title"]) for f in fields}
    raw = yaml.safe_load((base / "massnahmenbuendel.yml").read_text(encoding="utf-8"))
    letters = {letter: by_ags[ags] for letter, ags in raw["pioneers"].items()}
    bundles = {
        b["id"]: Bundle(
            id=b["id"],
            title=b["title"],
            municipalities=tuple(letters[x] for x in b["municipalities"]),
            cost_eur=int(b["cost_eur"]),
            measures=tuple(Measure(m["title"], letters[m["by"]]) for m in b["measures"]),
        )
        for b in raw["bundles"]
    }
    return Taxonomy(
        handlungsfelder=handlungsfelder,
        bundles=bundles,
        municipalities={m.slug: m for m in region},
        by_ags=by_ags,
        pioneers=tuple(letters.values()),
    )


def load_bundle_texts(folder: Path, context: LoadContext) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Extra Markdown for bundle pages: ``<folder>/<id>.md`` (e.g. ``m01.md``) -> (bundle id, text)."""
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        bundle_id = path.stem.upper()
        if bundle_id not in context.taxonomy.bundles:
            problems.append(warning(path, 0, "gehört zu keinem Maßnahmenbündel (erwartet m01.md bis m16.md) "
                                             "und wird nicht angezeigt"))
            continue
        try:
            texts.append((bundle_id, read_text(path)))
        except ContentError as exc:
            problems.append(exc.problem)
    return texts, problems


BUNDLE_TEXTS: Collection[tuple[str, str]] = Collection(
    "bundle-texts", "taxonomy/bundles", (), load=load_bundle_texts,
    key=lambda text: text[0], key_of=lambda path: path.stem.upper(),
)


TAXONOMY_CAPABILITY = Capability("scschule-taxonomy", (BUNDLE_TEXTS,))
