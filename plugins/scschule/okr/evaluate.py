"""Key results on a day: their value, progress and trend, and recording a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..content.german import number
from ..content.problems import ContentError, error
from .metrics import METRICS, Facts, Link, Measurement, measure
from .model import DIGESTS, REVIEWS, EnteredValue, KeyResult, Matrix, Objective, digest


@dataclass(frozen=True)
class Reading:
    """A key result's value on one day."""

    value: float | int | None  # None: no value known on that day
    items: tuple[Link, ...] = ()  # computed: what was counted
    undated: int = 0
    entry: EnteredValue | None = None  # entered: the value used, with its source


def read(kr: KeyResult, facts: Facts, day: date) -> Reading:
    if kr.kind == "computed":
        m: Measurement = measure(kr.metric, facts, day, kr.scope)
        return Reading(m.value, m.items, m.undated)
    known = [v for v in kr.values if v.date <= day]
    return Reading(known[-1].value, entry=known[-1]) if known else Reading(None)


def higher_is_better(kr: KeyResult) -> bool:
    return METRICS[kr.metric].higher_is_better if kr.kind == "computed" else True


def progress(kr: KeyResult, value: float | int | None) -> float | None:
    """Share of the target reached (0..1); None without target or value."""
    if value is None or not kr.has_target:
        return None
    target = kr.target
    if higher_is_better(kr):
        return 1.0 if target <= 0 else max(0.0, min(1.0, value / target))
    return 1.0 if value <= target else (0.0 if value == 0 else max(0.0, min(1.0, target / value)))


def reached(kr: KeyResult, value: float | int | None) -> bool | None:
    if value is None or not kr.has_target:
        return None
    return value >= kr.target if higher_is_better(kr) else value <= kr.target


def trend(matrix: Matrix, kr: KeyResult) -> list[tuple[date, float | int | None]]:
    """The key result's value in every review (the newest correction per date), oldest first."""
    points = []
    for review in matrix.effective_reviews():
        recorded = review.meta.values.get(kr.id)
        if recorded is not None:
            points.append((review.day, recorded.value))
    return points


def latest_assessment(matrix: Matrix, objective: Objective) -> tuple[date, str] | None:
    for review in reversed(matrix.effective_reviews()):
        text = review.meta.assessments.get(objective.id)
        if text:
            return review.day, text
    return None


# -- recording a review ------------------------------------------------------

def review_path(folder: Path, day: date, correction: bool) -> Path:
    base = folder / REVIEWS
    if not correction:
        return base / f"{day.isoformat()}.yml"
    n = 1
    while (base / f"{day.isoformat()}-korrektur-{n}.yml").exists():
        n += 1
    return base / f"{day.isoformat()}-korrektur-{n}.yml"


def new_review_path(folder: Path, matrix: Matrix, day: date, today: date, reason: str | None) -> Path:
    """Where a review of ``day`` goes; a ContentError if it may not be recorded."""
    if day > today:
        raise ContentError(error(folder / REVIEWS, 0, f"--date {day.isoformat()} liegt in der Zukunft (heute ist {today.isoformat()})"))
    existing = folder / REVIEWS / f"{day.isoformat()}.yml"
    if reason is None and existing.exists():
        raise ContentError(error(existing, 1, f"für {day.isoformat()} ist schon ein Review aufgezeichnet; es bleibt unverändert. "
                                              "Eine Korrektur kommt mit --korrektur GRUND in eine neue Datei"))
    if reason is not None and not existing.exists():
        raise ContentError(error(existing, 0, f"für {day.isoformat()} gibt es kein Review, das korrigiert werden könnte"))
    if reason is not None and not reason.strip():
        raise ContentError(error(existing, 0, "--korrektur verlangt einen Grund"))
    return review_path(folder, day, correction=reason is not None)


def record_review(folder: Path, matrix: Matrix, facts: Facts, day: date, today: date,
                  assessments: dict[str, str], reason: str | None = None) -> Path:
    """Write ``okr/reviews/<day>.yml`` and its digest; never overwrites a file.

    ``reason`` makes it a correction of the review of ``day``, in a new file.
    """
    path = new_review_path(folder, matrix, day, today, reason)
    unknown = sorted(set(assessments) - {o.id for o in matrix.objectives})
    if unknown:
        raise ContentError(error(folder / REVIEWS, 0, f"unbekanntes Ziel '{unknown[0]}'; bekannt sind: {', '.join(o.id for o in matrix.objectives)}"))
    values = {}
    for _, kr in matrix.key_results():
        reading = read(kr, facts, day)
        values[kr.id] = {"value": reading.value, **({"undated": reading.undated} if reading.undated else {})}
    document = {"date": day, "recorded": today}
    if reason is not None:
        document |= {"corrects": day, "reason": reason}
    document |= {"values": values, "assessments": {o.id: assessments.get(o.id, "") for o in matrix.objectives}}
    header = (f"# OKR-Review zum {day.isoformat()}, aufgezeichnet mit 'scschule okr review'.\n"
              f"# Nicht ändern: die Prüfsumme steht in {DIGESTS}; Korrekturen mit --korrektur als neue Datei.\n")
    text = (header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:  # "x": fails instead of overwriting
        out.write(text)
    ledger = path.parent / DIGESTS
    prefix = "" if ledger.exists() else "# Prüfsummen (SHA-256) der aufgezeichneten Reviews. Nur anhängen, nie ändern.\n"
    with ledger.open("a", encoding="utf-8") as out:
        out.write(f"{prefix}{path.name}: {digest(text)}\n")
    return path


def format_value(value: float | int | None, unit: str) -> str:
    return "kein Wert" if value is None else f"{number(value)} {unit}"

