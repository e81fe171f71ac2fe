"""Typed taxonomy records and the reference checks every tagged content item goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.collection import Capability, Collection, LoadContext
from ..content.problems import ContentError, Problem, error, warning
from ..content.records import Tagged
from ..content.slugs import slugify
from ..content.source import Source, read_text
from .region import (BUNDLES_FILE, FIELDS_FILE, MUNICIPALITIES_FILE, REGION_FOLDER, Region, read_bundles, read_fields,
                     read_municipality_rows, read_region, region_path)

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
    """One of the region's cities and municipalities (a row of ``region/kommunen.csv``)."""

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
    """A Maßnahmenbündel of the region's strategy (``region/massnahmenbuendel.yml``)."""

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
    region: Region
    handlungsfelder: dict[str, Handlungsfeld]
    bundles: dict[str, Bundle]
    municipalities: dict[str, RegionMunicipality]  # by slug, in directory order
    by_ags: dict[str, RegionMunicipality] = field(repr=False)
    pioneers: tuple[RegionMunicipality, ...]

    def none_of_region(self) -> str:
        """'keine der 7 Kommunen des Kreises Olpe', with the region's own count and name."""
        return self.region.none_of(len(self.municipalities))

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


def load_taxonomy(root: Path) -> Taxonomy:
    """Load the region's reference data from ``<root>/region/`` (beside mkdocs.yml).

    A wrong file raises :class:`ContentError` with its path and line: without its region,
    no item of the portal can be checked.
    """
    folder = region_path(root)
    region = read_region(folder)
    rows = read_municipality_rows(folder / MUNICIPALITIES_FILE)
    places = [RegionMunicipality(row["ags"], row["name"], row["kreis"], row["kind"], float(row["lat"]), float(row["lon"]))
              for _, row in rows]
    by_ags = {m.ags: m for m in places}
    by_slug: dict[str, RegionMunicipality] = {}
    for (line, _), place in zip(rows, places):
        if place.slug in by_slug:
            raise ContentError(error(folder / MUNICIPALITIES_FILE, line,
                                     f"name: '{place.name}' ergibt denselben Kurznamen '{place.slug}' wie "
                                     f"'{by_slug[place.slug].name}'"))
        by_slug[place.slug] = place
    fields = read_fields(folder / FIELDS_FILE)
    handlungsfelder: dict[str, Handlungsfeld] = {}
    for field_record in fields:
        handlungsfelder.setdefault(field_record.id, Handlungsfeld(field_record.id, field_record.title))
    source, raw = read_bundles(folder / BUNDLES_FILE)
    letters: dict[str, RegionMunicipality] = {}
    for letter, ags in raw.pioneers.items():
        if ags not in by_ags:
            raise ContentError(error(source.path, source.line_of("pioneers", letter),
                                     f"pioneers.{letter}: '{ags}' ist {region.none_of(len(places))}"))
        letters[letter] = by_ags[ags]

    def pioneer(letter: str, *location: str | int) -> RegionMunicipality:
        if letter not in letters:
            raise ContentError(error(source.path, source.line_of(*location),
                                     f"'{letter}' ist unter 'pioneers' nicht genannt (bekannt: {', '.join(letters) or 'keine'})"))
        return letters[letter]

    bundles = {
        b.id: Bundle(
            id=b.id,
            title=b.title,
            municipalities=tuple(pioneer(x, "bundles", i, "municipalities", k) for k, x in enumerate(b.municipalities)),
            cost_eur=b.cost_eur,
            measures=tuple(Measure(m.title, pioneer(m.by, "bundles", i, "measures", k, "by")) for k, m in enumerate(b.measures)),
        )
        for i, b in enumerate(raw.bundles)
    }
    return Taxonomy(
        region=region,
        handlungsfelder=handlungsfelder,
        bundles=bundles,
        municipalities=by_slug,
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


# The region folder itself: read by :func:`load_taxonomy` before every other collection (the
# load context carries it); declared here so the serve watcher and every project copy know it.
REGION: Collection[Region] = Collection(
    "region", REGION_FOLDER, (), load=lambda folder, context: ([context.taxonomy.region], []),
    markdown=False,
)

TAXONOMY_CAPABILITY = Capability("scschule-taxonomy", (REGION, BUNDLE_TEXTS))
