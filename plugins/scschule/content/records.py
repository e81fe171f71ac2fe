"""Typed records and their validation against per-collection schemas (pydantic models)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .problems import Problem, error
from .source import Source


class Record(BaseModel):
    """Base of every schema: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Tagged(Record):
    """Cross-references any content item may carry; checked against the taxonomy."""

    handlungsfelder: list[str] = []
    bundles: list[str] = []
    municipalities: list[str] = []


R = TypeVar("R", bound=BaseModel)

# German wording for the pydantic error types editors meet; anything else falls
# back to pydantic's own (English) message so no information is lost.
_MESSAGES = {
    "missing": "Pflichtfeld fehlt",
    "extra_forbidden": "unbekanntes Feld (Tippfehler?)",
    "string_type": "Text erwartet",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet",
    "float_type": "Zahl erwartet",
    "float_parsing": "Zahl erwartet",
    "bool_type": "true oder false erwartet",
    "bool_parsing": "true oder false erwartet",
    "list_type": "Liste erwartet",
    "dict_type": "Zuordnung (schlüssel: wert) erwartet",
    "model_type": "Zuordnung (schlüssel: wert) erwartet",
    "date_type": "Datum im Format JJJJ-MM-TT erwartet",
    "date_parsing": "Datum im Format JJJJ-MM-TT erwartet",
    "date_from_datetime_parsing": "Datum im Format JJJJ-MM-TT erwartet",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet",
    "datetime_type": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "datetime_parsing": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "datetime_from_date_parsing": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "string_too_short": "darf nicht leer sein",
    "too_short": "darf nicht leer sein",
    "greater_than": "Wert zu klein",
    "greater_than_equal": "Wert zu klein",
    "literal_error": "unzulässiger Wert",
    "enum": "unzulässiger Wert",
    "string_pattern_mismatch": "Format stimmt nicht",
}


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "value_error":
        # Raised by our own validators: the text after pydantic's prefix is ours.
        return str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    text = _MESSAGES.get(kind, err["msg"])
    if kind in ("literal_error", "enum") and "ctx" in err:
        text += f"; erlaubt: {err['ctx'].get('expected')}"
    if kind in ("string_pattern_mismatch",) and "ctx" in err:
        text += f" (Muster {err['ctx'].get('pattern')})"
    return text


def validate(model: type[R], source: Source, data: dict[str, Any] | None = None, **extra: Any) -> tuple[R | None, list[Problem]]:
    """Validate ``source.data`` (or ``data``) against ``model``.

    Returns the record, or ``None`` with one problem per wrong field, each at the
    line of the offending key.
    """
    payload = dict(source.data if data is None else data)
    payload.update(extra)
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            location = tuple(part for part in err["loc"] if not str(part).startswith("function-"))
            field = ".".join(str(part) for part in location) or "Front Matter"
            problems.append(error(source.path, source.line_of(*location), f"{field}: {_message(err)}"))
        return None, problems


def check_unique(items: list[tuple[str, Path, int]], what: str) -> list[Problem]:
    """One problem for every repeated key; ``items`` are (key, path, line)."""
    seen: dict[str, tuple[Path, int]] = {}
    problems = []
    for key, path, line in items:
        if key in seen:
            first_path, first_line = seen[key]
            problems.append(error(path, line, f"{what} '{key}' ist doppelt (schon in {first_path}:{first_line})"))
        else:
            seen[key] = (path, line)
    return problems
