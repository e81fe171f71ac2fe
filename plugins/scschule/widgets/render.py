"""From platform payloads to accessible static HTML (Jinja with autoescape).

The view functions are also the shape check of a fresh answer: if they raise
:class:`PayloadError`, the answer is garbage and the stored snapshot stays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import jinja2

from ..content import german

from .fetch import PayloadError, Request, Snapshot
from .spec import (AGGREGATIONS, DatasetWidget, DatasetsWidget, EntityWidget, QueryWidget, TimeseriesWidget, WidgetBase)

MAX_TEXT = 300
MAX_ITEMS = 10
MAX_POINTS = 1000
# Larger magnitudes are no measurement; they would print dozens of digits and break the chart's scale.
MAX_MAGNITUDE = 1e15
OUT_OF_RANGE = "(Wert außerhalb des Anzeigebereichs)"
NGSI_ATTRIBUTE_TYPES = {"Property", "GeoProperty", "Relationship", "LanguageProperty", "VocabProperty",
                        "ListProperty", "ListRelationship", "JsonProperty"}

try:
    LOCAL = ZoneInfo("Europe/Berlin")
except Exception:  # no tz database: fall back to UTC rather than fail the build
    LOCAL = timezone.utc


# ---------------------------------------------------------------- values


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display(value: Any, depth: int = 0) -> str:
    """A short German text for any JSON value; bounded in depth and length."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return "–"
        return german.number(value, 2) if abs(value) <= MAX_MAGNITUDE else OUT_OF_RANGE
    if isinstance(value, str):
        when = parse_time(value) if len(value) >= 10 and value[4:5] == "-" and "T" in value else None
        return german_time(when) if when else clip(value)
    if depth >= 3:
        return "…"
    if isinstance(value, list):
        shown = [display(item, depth + 1) for item in value[:MAX_ITEMS]]
        return clip(", ".join(shown) + (", …" if len(value) > MAX_ITEMS else ""))
    if isinstance(value, dict):
        if "@value" in value:
            return display(value["@value"], depth + 1)
        if value.get("type") == "Point" and isinstance(value.get("coordinates"), list):
            coords = value["coordinates"]
            if len(coords) >= 2 and all(isinstance(c, (int, float)) for c in coords[:2]):
                lon, lat = coords[0], coords[1]
                return (f"Punkt ({german.number(abs(lat), 5)}° {'N' if lat >= 0 else 'S'}, "
                        f"{german.number(abs(lon), 5)}° {'O' if lon >= 0 else 'W'})")
        if "value" in value:
            return display(value["value"], depth + 1)
        parts = [f"{clip(str(k), 40)}: {display(v, depth + 1)}" for k, v in list(value.items())[:MAX_ITEMS]]
        return clip("; ".join(parts))
    return "–"


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        when = datetime.fromisoformat(text)
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        when.astimezone(LOCAL), when.timestamp()  # near year 1 or 9999 these overflow: no usable time
    except (ValueError, OverflowError):
        return None
    return when


def german_time(when: datetime) -> str:
    return f"{german.short_datetime(when.astimezone(LOCAL))} Uhr"


def german_age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "weniger als einer Minute"
    if minutes < 120:
        return f"{minutes} Minute" + ("n" if minutes != 1 else "")
    hours = minutes // 60
    if hours < 48:
        return f"{hours} Stunden"
    return f"{hours // 24} Tagen"


def safe_url(url: Any) -> str | None:
    """Only http(s) links from the platform become links."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


# ---------------------------------------------------------------- NGSI-LD


def attribute_value(entity: dict, name: str) -> tuple[Any, str | None]:
    """(value, observedAt) of an attribute in normalized or keyValues form."""
    raw = entity.get(name)
    if isinstance(raw, list) and raw and all(isinstance(x, dict) and x.get("type") in NGSI_ATTRIBUTE_TYPES for x in raw):
        raw = raw[0]  # several instances (datasetId): show the first
    if isinstance(raw, dict) and raw.get("type") in NGSI_ATTRIBUTE_TYPES:
        value = raw.get("value", raw.get("object", raw.get("languageMap", raw.get("vocab"))))
        observed = raw.get("observedAt")
        return value, observed if isinstance(observed, str) else None
    return raw, None


def _entity(payload: Any) -> dict:
    if isinstance(payload, list) and len(payload) == 1:
        payload = payload[0]
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), str):
        raise PayloadError("Antwort ist keine NGSI-LD-Entität (Feld 'id' fehlt)")
    return payload


@dataclass(frozen=True)
class Cell:
    attr: str
    label: str
    value: str
    unit: str
    observed: str


def entity_view(spec: EntityWidget, payload: Any) -> dict:
    entity = _entity(payload)
    cells = []
    for attr in spec.attributes:
        value, observed = attribute_value(entity, attr.name)
        when = parse_time(observed)
        cells.append(Cell(attr.name, attr.shown, "nicht vorhanden" if attr.name not in entity else display(value),
                          attr.unit or "", german_time(when) if when else ""))
    return {"entity_id": clip(entity["id"]), "cells": cells}


def query_view(spec: QueryWidget, payload: Any, count: int | None) -> dict:
    if not isinstance(payload, list) or not all(isinstance(e, dict) for e in payload):
        raise PayloadError("Antwort ist keine Liste von NGSI-LD-Entitäten")
    rows = []
    for entity in payload[: spec.limit]:
        values = [display(attribute_value(entity, a.name)[0]) if a.name in entity else "–" for a in spec.attributes]
        rows.append({"id": clip(str(entity.get("id", "–"))), "values": values})
    return {"rows": rows, "count": count if count is not None else len(payload), "shown": len(rows)}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value) if abs(value) <= MAX_MAGNITUDE else math.inf
    elif isinstance(value, str) and len(value) < 40:
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_MAGNITUDE else None


def temporal_points(spec: TimeseriesWidget, payload: Any) -> list[tuple[datetime | None, str, Any]]:
    """(time, time as text, value) of each instance, in the three shapes brokers send."""
    if isinstance(payload, list):
        matching = [e for e in payload if isinstance(e, dict) and e.get("id") == spec.id]
        payload = matching[0] if matching else (payload[0] if payload else None)
    entity = _entity(payload)
    attr = entity.get(spec.attribute)
    points: list[tuple[str, Any]] = []
    if isinstance(attr, list):  # normalized: one object per instance
        points = [(i.get("observedAt"), i.get("value")) for i in attr if isinstance(i, dict)]
    elif isinstance(attr, dict) and isinstance(attr.get("values"), list):  # temporalValues
        points = [(p[1], p[0]) for p in attr["values"] if isinstance(p, list) and len(p) >= 2]
    elif isinstance(attr, dict) and isinstance(attr.get(spec.aggregation), list):  # aggregated
        points = [(p[1], p[0]) for p in attr[spec.aggregation] if isinstance(p, list) and len(p) >= 2]
    elif isinstance(attr, dict) and "value" in attr:  # a single instance
        points = [(attr.get("observedAt"), attr.get("value"))]
    elif isinstance(attr, dict) and any(k in attr for k in AGGREGATIONS):
        raise PayloadError(f"Aggregation '{spec.aggregation}' fehlt in der Antwort")
    else:
        raise PayloadError(f"Attribut '{spec.attribute}' fehlt in der Antwort oder hat keine Zeitreihe")
    out = [(parse_time(t), str(t)[:40] if t is not None else "–", v) for t, v in points[:MAX_POINTS]]
    return sorted(out, key=lambda p: (p[0] is None, p[0] or datetime.min.replace(tzinfo=timezone.utc)))


CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 64, 16, 16, 40


def timeseries_view(spec: TimeseriesWidget, payload: Any) -> dict:
    points = temporal_points(spec, payload)
    rows = [{"time": german_time(t) if t else clip(text, 40), "iso": t.isoformat(timespec="milliseconds") if t else "",
             "value": display(v)} for t, text, v in points]
    numeric = [(t, n) for t, _, v in points if t is not None and (n := _number(v)) is not None]
    chart = None
    if numeric:
        lo, hi = min(n for _, n in numeric), max(n for _, n in numeric)
        t0, t1 = numeric[0][0].timestamp(), numeric[-1][0].timestamp()
        span_v, span_t = (hi - lo) or 1.0, (t1 - t0) or 1.0
        inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B

        def xy(t: datetime, n: float) -> str:
            x = PAD_L + (inner_w * (t.timestamp() - t0) / span_t if len(numeric) > 1 else inner_w / 2)
            y = PAD_T + inner_h * (1 - (n - lo) / span_v) if hi != lo else PAD_T + inner_h / 2
            return f"{x:.1f},{y:.1f}"

        chart = {"points": " ".join(xy(t, n) for t, n in numeric), "dots": [xy(t, n).split(",") for t, n in numeric],
                 "min": german.number(lo, 2), "max": german.number(hi, 2),
                 "first": german_time(numeric[0][0]), "last": german_time(numeric[-1][0]),
                 "w": CHART_W, "h": CHART_H, "left": PAD_L, "right": CHART_W - PAD_R,
                 "top": PAD_T, "bottom": CHART_H - PAD_B}
    return {"rows": rows, "chart": chart, "label": spec.label or spec.attribute, "unit": spec.unit or ""}


# ---------------------------------------------------------------- CKAN


def _ckan_dataset(package: Any, base: str) -> dict:
    if not isinstance(package, dict) or not isinstance(package.get("name"), str):
        raise PayloadError("CKAN-Antwort enthält keinen Datensatz (Feld 'name' fehlt)")
    resources = [r for r in package.get("resources") or [] if isinstance(r, dict)]
    formats = sorted({clip(str(r.get("format")), 20) for r in resources if r.get("format")})
    org = package.get("organization")
    modified = parse_time(package.get("metadata_modified"))
    return {
        "title": clip(str(package.get("title") or package["name"])),
        "url": safe_url(f"{base.rstrip('/')}/dataset/{quote(package['name'], safe='')}"),
        "formats": formats,
        "modified": german_time(modified) if modified else "",
        "organization": clip(str(org.get("title") or org.get("name") or "")) if isinstance(org, dict) else "",
        "notes": clip(str(package.get("notes") or ""), 600),
        "license": clip(str(package.get("license_title") or "")),
        "resources": [{
            "name": clip(str(r.get("name") or r.get("url") or "Ressource")),
            "format": clip(str(r.get("format") or ""), 20),
            "url": safe_url(r.get("url")),
            "modified": german_time(m) if (m := parse_time(r.get("last_modified") or r.get("created"))) else "",
        } for r in resources[:50]],
    }


def datasets_view(spec: DatasetsWidget, payload: Any, base: str) -> dict:
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise PayloadError("CKAN-Antwort enthält keine Trefferliste (result.results fehlt)")
    items = [_ckan_dataset(p, base) for p in payload["results"][: spec.rows]]
    count = payload.get("count")
    plausible = isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= MAX_MAGNITUDE
    return {"items": items, "count": count if plausible else len(items)}


def dataset_view(spec: DatasetWidget, payload: Any, base: str) -> dict:
    return {"dataset": _ckan_dataset(payload, base)}


def view_of(spec: WidgetBase, payload: Any, count: int | None, base: str) -> dict:
    if isinstance(spec, EntityWidget):
        return entity_view(spec, payload)
    if isinstance(spec, QueryWidget):
        return query_view(spec, payload, count)
    if isinstance(spec, TimeseriesWidget):
        return timeseries_view(spec, payload)
    if isinstance(spec, DatasetsWidget):
        return datasets_view(spec, payload, base)
    if isinstance(spec, DatasetWidget):
        return dataset_view(spec, payload, base)
    raise TypeError(spec)


def check_of(widget) -> Any:
    """The shape check a fresh answer must pass before it may replace the snapshot."""
    def check(payload: Any, count: int | None) -> None:
        view_of(widget.spec, payload, count, public_base(widget.source))
    return check


def public_base(source) -> str:
    return source.public_url or source.url


def source_link(request: Request) -> str | None:
    """Where the reader can see the source: the configured page, the CKAN page, else the API URL."""
    source = request.source
    if source.link:
        return source.link
    if source.type == "ckan":
        params = dict(request.params)
        base = public_base(source).rstrip("/")
        if request.path.endswith("package_show"):
            return safe_url(f"{base}/dataset/{quote(params['id'], safe='')}")
        return safe_url(f"{base}/dataset/?{urlencode({'q': params.get('q', '')})}")
    return safe_url(request.url)


# ---------------------------------------------------------------- HTML


class WidgetRenderer:
    """Renders one widget's HTML; autoescape on, so nothing from the platform becomes markup."""

    def __init__(self, bytecode_cache: jinja2.BytecodeCache | None = None) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader(__package__, "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
            bytecode_cache=bytecode_cache,
        )

    def render(self, *, dom_id: str, spec: WidgetBase, request: Request, snapshot: Snapshot | None,
               stale_reason: str | None, now: datetime) -> str:
        view, broken, source = None, None, request.source
        if snapshot is not None:
            try:
                view = view_of(spec, snapshot.payload, snapshot.count, public_base(source))
            except PayloadError as exc:  # a damaged snapshot is as good as none
                view, broken = None, str(exc)
            except Exception as exc:  # noqa: BLE001 - a snapshot that breaks the view breaks only its widget
                view, broken = None, f"gespeicherter Stand nicht darstellbar ({type(exc).__name__})"
        return self.env.get_template("widget.html").render(
            dom_id=dom_id, spec=spec, kind=spec.kind, view=view,
            source_label=source.label or request.source_name, source_link=source_link(request),
            stand=german_time(snapshot.fetched_at) if view is not None else None,
            stand_iso=snapshot.fetched_at.isoformat() if view is not None else None,
            stale=stale_reason is not None and view is not None,
            age=german_age(snapshot.age(now)) if view is not None else None,
            reason=stale_reason or broken,
            live_url=request.browser_url if spec.refresh else None,
            tenant=source.tenant, context=source.context,
        ).strip()
