"""The OKR matrix: ``okr/ziele.yml`` (objectives and key results) and ``okr/reviews/``.

Objectives state what the school wants to reach (from the strategy documents) and
which Handlungsfelder and Maßnahmenbündel they serve. Each key result is either
*computed* (it names a metric of :mod:`scschule.okr.metrics`) or *entered* (dated
values, each with its source). Where the strategy gives no target or date, the
file says ``offen``: nothing is guessed.

Half-yearly reviews are files ``okr/reviews/<JJJJ-MM-TT>.yml`` written by
``scschule okr review``. A review is never changed or deleted once recorded:

- ``okr/reviews/pruefsummen.yml`` lists the SHA-256 digest of every review file;
  a file whose digest differs, a file without digest and a digest without file are
  errors, so an edit shows up even without git;
- in a git checkout, every digest that any commit ever recorded in that list must
  still be there, unchanged (``git log`` of the list), so a change of both the
  review and its digest in a later commit is rejected too.

A correction is a new review file ``<date>-korrektur-<n>.yml`` with ``corrects``
and ``reason``; it supersedes the values of the review it corrects on the page.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BeforeValidator, Field

from ..content.collection import Capability, Collection, LoadContext
from ..content.items import ItemRef
from ..content.problems import ContentError, Problem, error
from ..content.records import Record, Tagged, check_unique, validate
from ..content.source import Source, read_yaml
from .metrics import METRICS

OPEN = "offen"  # no target or date in the strategy: said so, never guessed
UNKNOWN = "unbekannt"
MATRIX_FILE = "ziele.yml"
REVIEWS = "reviews"
DIGESTS = "pruefsummen.yml"
PAGE_URL = "wirkung/"
OBJECTIVE_KIND = "Ziel der Schule"
ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REVIEW_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(-korrektur-(?P<n>[1-9]\d*))?\.yml$")


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("Zahl erwartet")
    return value


def _number_or_open(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() == OPEN:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Zahl erwartet, oder '{OPEN}', wenn die Strategie keinen Zielwert nennt")
    return value


def _date_or_open(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() == OPEN:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"Datum im Format JJJJ-MM-TT erwartet, oder '{OPEN}', wenn die Strategie keinen Termin nennt")
    return value


def _open_as_none(value: object) -> object:
    return None if isinstance(value, str) and value.strip().lower() == OPEN else value


def _date_or_unknown(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() == UNKNOWN:
        return None
    return value


Number = Annotated[int | float, BeforeValidator(_number)]


class Baseline(Record):
    value: Number
    date: Annotated[date | None, BeforeValidator(_date_or_unknown)]  # None: "unbekannt"
    source: str = Field(min_length=1)


class EnteredValue(Record):
    date: date
    value: Number
    source: str = Field(min_length=1)  # the document the value comes from
    link: str | None = Field(default=None, pattern=r"^https://")


class KeyResult(Record):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=1)
    kind: Literal["computed", "entered"]
    metric: str | None = None  # computed: an id of METRICS
    scope: str | None = None  # computed, for metrics per Handlungsfeld or bundle
    unit: str = Field(min_length=1)
    baseline: Annotated[Baseline | None, BeforeValidator(_open_as_none)]  # None: "offen"
    target: Annotated[int | float | None, BeforeValidator(_number_or_open)]  # None: "offen" (Zielwert offen)
    target_source: str | None = None  # where the target is stated; required with a target
    due: Annotated[date | None, BeforeValidator(_date_or_open)]  # None: "offen"
    owner: str = Field(min_length=1)  # a function or a body, never a person
    values: list[EnteredValue] = []

    @property
    def has_target(self) -> bool:
        return self.target is not None


class Objective(Tagged):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    source: str = Field(min_length=1)  # where the strategy states this objective
    key_results: list[KeyResult] = Field(min_length=1)

    @property
    def anchor(self) -> str:
        return f"ziel-{self.id}"

    def ref(self) -> ItemRef:
        return ItemRef(OBJECTIVE_KIND, self.title, f"{PAGE_URL}#{self.anchor}", self.summary, None,
                       tuple(self.handlungsfelder), tuple(self.bundles), ())


class MatrixFile(Record):
    objectives: list[Objective] = Field(min_length=1)


class ReviewValue(Record):
    value: Annotated[int | float | None, BeforeValidator(lambda v: v if v is None else _number(v))]  # None: no value was known on that day (an entered key result without values)
    undated: int = 0  # counted items whose source gives no date


class ReviewFile(Record):
    date: date
    recorded: date  # the day the review was written
    corrects: date | None = None
    reason: str | None = None
    values: dict[str, ReviewValue]
    assessments: dict[str, str]


@dataclass(frozen=True)
class Review:
    meta: ReviewFile
    source: Source
    correction: int = 0  # n of <date>-korrektur-<n>.yml; 0 for the review itself

    @property
    def day(self) -> date:
        return self.meta.date


@dataclass(frozen=True)
class Matrix:
    objectives: tuple[Objective, ...]
    source: Source
    reviews: tuple[Review, ...]  # every file, by date, corrections after what they correct

    def key_results(self) -> list[tuple[Objective, KeyResult]]:
        return [(o, kr) for o in self.objectives for kr in o.key_results]

    def effective_reviews(self) -> list[Review]:
        """One review per date, oldest first: the newest correction where there is one."""
        latest: dict[date, Review] = {}
        for review in self.reviews:
            latest[review.day] = review
        return [latest[day] for day in sorted(latest)]


def digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


# -- the matrix --------------------------------------------------------------

def check_matrix(meta: MatrixFile, source: Source, context: LoadContext) -> list[Problem]:
    path, line = source.path, source.line_of
    problems: list[Problem] = []
    ids: list[tuple[str, Path, int]] = []
    for o_index, objective in enumerate(meta.objectives):
        at = ("objectives", o_index)
        ids.append((objective.id, path, line(*at, "id")))
        problems += context.taxonomy.check_tags(objective, source, at)
        for k_index, kr in enumerate(objective.key_results):
            problems += check_key_result(kr, source, (*at, "key_results", k_index), context)
            ids.append((kr.id, path, line(*at, "key_results", k_index, "id")))
    return problems + check_unique(ids, "Id")


def check_key_result(kr: KeyResult, source: Source, at: tuple, context: LoadContext) -> list[Problem]:
    path, line = source.path, source.line_of
    field = ".".join(str(p) for p in at)
    problems: list[Problem] = []

    def fail(key: tuple, message: str) -> None:
        problems.append(error(path, line(*at, *key), f"{field}.{'.'.join(str(k) for k in key)}: {message}"))

    if kr.kind == "computed":
        metric = METRICS.get(kr.metric or "")
        if kr.metric is None:
            fail(("kind",), "computed verlangt 'metric' (eine der Kennzahlen: " + ", ".join(METRICS) + ")")
        elif metric is None:
            fail(("metric",), f"unbekannte Kennzahl '{kr.metric}'; bekannt sind: {', '.join(METRICS)}")
        if kr.values:
            fail(("values",), "eine berechnete Kennzahl hat keine eingetragenen Werte (kind: entered?)")
        if metric is not None:
            if kr.unit != metric.unit:
                fail(("unit",), f"Einheit '{kr.unit}' passt nicht zur Kennzahl '{metric.id}', die in '{metric.unit}' zählt")
            if metric.scope is None and kr.scope is not None:
                fail(("scope",), f"die Kennzahl '{metric.id}' kennt kein 'scope'")
            elif metric.scope is not None:
                table = context.taxonomy.handlungsfelder if metric.scope == "handlungsfeld" else context.taxonomy.bundles
                label = "Handlungsfeld" if metric.scope == "handlungsfeld" else "Maßnahmenbündel"
                if kr.scope is None:
                    fail(("metric",), f"die Kennzahl '{metric.id}' verlangt 'scope': ein {label}")
                elif kr.scope not in table:
                    fail(("scope",), f"unbekanntes {label} '{kr.scope}'")
    else:
        if kr.metric is not None or kr.scope is not None:
            fail(("metric",) if kr.metric is not None else ("scope",),
                 "ein eingetragenes Kernergebnis nennt keine Kennzahl (kind: computed?)")
        if not kr.values:
            fail(("kind",), "entered verlangt 'values': Werte mit Datum und Quelle")
        previous: date | None = None
        for index, value in enumerate(kr.values):
            if value.date > context.today:
                fail(("values", index, "date"), f"{value.date.isoformat()} liegt in der Zukunft (heute ist {context.today.isoformat()})")
            if previous and value.date < previous:
                fail(("values", index, "date"), "Werte bitte in zeitlicher Reihenfolge (ältester zuerst)")
            previous = value.date
    if kr.has_target and not kr.target_source:
        fail(("target",), "zum Zielwert fehlt 'target_source' (wo die Strategie ihn nennt); sonst 'target: offen'")
    if kr.baseline and kr.baseline.date and kr.baseline.date > context.today:
        fail(("baseline", "date"), f"{kr.baseline.date.isoformat()} liegt in der Zukunft (heute ist {context.today.isoformat()})")
    return problems


# -- reviews -----------------------------------------------------------------

def load_review(path: Path, context: LoadContext, known_objectives: set[str]) -> tuple[Review | None, list[Problem]]:
    match = REVIEW_NAME.match(path.name)
    if match is None:
        return None, [error(path, 1, "Dateiname muss JJJJ-MM-TT.yml oder JJJJ-MM-TT-korrektur-N.yml lauten")]
    try:
        source = read_yaml(path)
    except ContentError as exc:
        return None, [exc.problem]
    meta, problems = validate(ReviewFile, source)
    if meta is None:
        return None, problems
    line = source.line_of
    if meta.date.isoformat() != match["date"]:
        problems.append(error(path, line("date"), f"date: {meta.date.isoformat()} passt nicht zum Dateinamen {path.name}"))
    for key, when in (("date", meta.date), ("recorded", meta.recorded)):
        if when > context.today:
            problems.append(error(path, line(key), f"{key}: {when.isoformat()} liegt in der Zukunft (heute ist {context.today.isoformat()})"))
    if meta.recorded < meta.date:
        problems.append(error(path, line("recorded"), "recorded: ein Review wird am Stichtag oder danach aufgezeichnet"))
    correction = int(match["n"] or 0)
    if correction and (meta.corrects != meta.date or not meta.reason):
        problems.append(error(path, line("corrects"), f"eine Korrektur nennt 'corrects: {match['date']}' und 'reason' (warum korrigiert wird)"))
    if not correction and (meta.corrects or meta.reason):
        problems.append(error(path, line("corrects"), f"'corrects' und 'reason' gehören in eine Datei {match['date']}-korrektur-N.yml"))
    for objective in meta.assessments:
        if objective not in known_objectives:
            problems.append(error(path, line("assessments", objective), f"assessments: unbekanntes Ziel '{objective}'"))
    return Review(meta, source, correction), problems


def read_digests(path: Path) -> tuple[dict[str, str], Source | None, list[Problem]]:
    if not path.is_file():
        return {}, None, []
    try:
        source = read_yaml(path)
    except ContentError as exc:
        return {}, None, [exc.problem]
    bad = [name for name, value in source.data.items() if not (isinstance(name, str) and isinstance(value, str))]
    if bad:
        return {}, source, [error(path, source.line_of(bad[0]), "erwartet je Zeile 'JJJJ-MM-TT.yml: <Prüfsumme>'")]
    return dict(source.data), source, []


def committed_digests(ledger: Path) -> list[tuple[str, dict[str, str]]]:
    """Every version of the digest list in the git history, oldest first, as (commit, digests).

    Empty outside a git checkout. The list may be gone from the work tree (deleted
    with the reviews); its history still binds.
    """
    folder = next((p for p in ledger.parents if p.is_dir()), Path("."))
    try:
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0:
            return []
        root = Path(top.stdout.strip())
        relative = ledger.resolve().relative_to(root.resolve()).as_posix()
        commits = subprocess.run(["git", "-C", str(root), "log", "--format=%h", "--", relative],
                                 capture_output=True, text=True, timeout=30)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return []
    versions = []
    for commit in reversed(commits.stdout.split()):  # oldest first: the first recorded digest binds
        shown = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{relative}"], capture_output=True, timeout=30)
        if shown.returncode != 0:
            continue  # this commit deleted the list; older commits still have it
        try:
            data = yaml.safe_load(shown.stdout.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            versions.append((commit, {str(k): str(v) for k, v in data.items()}))
    return versions


def check_reviews_kept(folder: Path, files: dict[str, bytes], digests: dict[str, str], ledger: Source | None,
                       history: list[tuple[str, dict[str, str]]]) -> list[Problem]:
    """The never-overwrite rule: every recorded review is still there, byte for byte."""
    ledger_path = folder / DIGESTS
    problems = []
    for name, content in sorted(files.items()):
        recorded = digests.get(name)
        if recorded is None:
            problems.append(error(folder / name, 1, f"Review ist nicht in {DIGESTS} verzeichnet; bitte mit 'scschule okr review' aufzeichnen"))
        elif recorded != digest(content):
            problems.append(error(folder / name, 1, "Review wurde nach der Aufzeichnung geändert (Prüfsumme stimmt nicht); "
                                                    "aufgezeichnete Reviews bleiben unverändert, Korrekturen kommen als neue Datei "
                                                    "(scschule okr review --korrektur)"))
    for name in sorted(set(digests) - set(files)):
        line = ledger.line_of(name) if ledger else 1
        problems.append(error(ledger_path, line, f"Review {name} wurde gelöscht; aufgezeichnete Reviews bleiben erhalten"))
    reported = {p.path.name for p in problems} | {name for name in set(digests) - set(files)}
    for commit, committed in history:
        for name, value in committed.items():
            if name in reported:
                continue
            if digests.get(name) != value:
                what = "entfernt" if name not in digests else "geändert"
                problems.append(error(ledger_path, ledger.line_of(name) if ledger and name in digests else 1,
                                      f"Review {name}: die in Commit {commit} aufgezeichnete Prüfsumme wurde {what}; "
                                      "aufgezeichnete Reviews bleiben unverändert"))
                reported.add(name)
    return problems


# -- the collection ----------------------------------------------------------

def load_okr(folder: Path, context: LoadContext) -> tuple[list[Matrix], list[Problem]]:
    """Load the matrix and its reviews; without an ``okr/`` folder there is no matrix."""
    if not folder.is_dir():
        return [], []
    path = folder / MATRIX_FILE
    if not path.is_file():
        return [], [error(path, 0, f"die OKR-Matrix {MATRIX_FILE} fehlt")]
    try:
        source = read_yaml(path)
    except ContentError as exc:
        return [], [exc.problem]
    meta, problems = validate(MatrixFile, source)
    if meta is not None:
        problems += check_matrix(meta, source, context)
    objectives = {o.id for o in meta.objectives} if meta else set()
    reviews, files = [], {}
    review_folder = folder / REVIEWS
    for review_path in sorted(review_folder.glob("*.yml")) if review_folder.is_dir() else []:
        if review_path.name == DIGESTS:
            continue
        files[review_path.name] = review_path.read_bytes()
        review, found = load_review(review_path, context, objectives)
        problems += found
        if review is not None:
            reviews.append(review)
    digests, ledger, found = read_digests(review_folder / DIGESTS)
    problems += found
    history = committed_digests(review_folder / DIGESTS)
    problems += check_reviews_kept(review_folder, files, digests, ledger, history)
    if meta is None or any(p.is_error for p in problems if p.path == path):
        return [], problems
    reviews.sort(key=lambda r: (r.day, r.correction))
    return [Matrix(tuple(meta.objectives), source, tuple(reviews))], problems


OKR: Collection[Matrix] = Collection(
    "okr", "okr", (), load=load_okr, key=lambda matrix: "okr",
    key_of=lambda path: "okr", markdown=False,
)


OKR_CAPABILITY = Capability("scschule-okr", (OKR,))
