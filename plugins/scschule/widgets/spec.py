"""Data-platform widgets in Markdown: ```datenplattform fences, their options and sources.

Plain Python (no mkdocs import): the build plugin and ``scschule check`` both call
:func:`scan_markdown` and :func:`validate_block`, so a rule lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from ..content.problems import ContentError, Problem, error
from ..content.records import Record, validate
from ..content.collection import Capability
from ..content.fences import NamedBlock, SlotFence
from ..content.source import Source, parse_yaml, read_text

WIDGET_FENCE = SlotFence("datenplattform", "scs-widget-slot", "data-scs-widget",
                         "Daten-Widget (wird beim Erstellen der Website eingesetzt).")
FENCE_NAME = WIDGET_FENCE.name
# The aggregation methods of NGSI-LD's aggregated temporal representation (ETSI GS CIM 009).
AGGREGATIONS = ("totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev", "sumsq")



def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("Adresse muss mit http:// oder https:// beginnen")
    return value


# ---------------------------------------------------------------- sources


class SourceConfig(Record):
    """One data source, configured under ``sources:`` of the widgets plugin in mkdocs.yml."""

    type: Literal["ngsi-ld", "ckan"]
    url: str
    tenant: str | None = None  # sent as NGSILD-Tenant
    context: str | None = None  # sent as JSON-LD Link header
    timeout: float = Field(default=5.0, gt=0, le=120)
    retries: int = Field(default=2, ge=0, le=5)
    max_bytes: int = Field(default=2_000_000, gt=0)
    browser_url: str | None = None  # same-origin proxy path for live refresh
    token_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    label: str | None = None  # shown as the source's name under each widget
    link: str | None = None  # public page about the source; else the request URL
    public_url: str | None = None  # CKAN: where readers open datasets, if not at ``url``

    _urls = field_validator("url", "link", "context", "public_url")(_http_url)

    @field_validator("browser_url")
    @classmethod
    def _same_origin(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("/") or value.startswith("//")):
            raise ValueError("browser_url muss ein Pfad auf derselben Website sein, z. B. /datenplattform/broker/")
        return value


class WidgetSettings(Record):
    """The options of the ``scschule-widgets`` plugin (also read by ``scschule check``)."""

    sources: dict[str, SourceConfig] = {}
    data_budget: float = Field(default=15.0, gt=0, le=600)
    on_error: Literal["warn", "fail"] = "warn"
    cache_dir: str = ".cache/scschule/widgets"
    offline: bool = False
    concurrency: int = Field(default=8, ge=1, le=64)
    max_age: float = Field(default=600, ge=0, le=604_800)  # seconds a snapshot counts as fresh; 0: always fetch


WIDGETS = Capability("scschule-widgets", settings=WidgetSettings, fence=WIDGET_FENCE)


def load_settings(root: Path) -> tuple[WidgetSettings, list[Problem]]:
    """The widget settings from ``<root>/mkdocs.yml`` (defaults if the plugin is not configured)."""
    return WIDGETS.load_settings(root)


# ---------------------------------------------------------------- widget options


class Attribute(Record):
    name: str = Field(min_length=1)
    label: str | None = None
    unit: str | None = None

    @property
    def shown(self) -> str:
        return self.label or self.name


class WidgetBase(Record):
    source: str = Field(min_length=1)
    title: str = Field(min_length=1)
    caption: str | None = None
    refresh: int | None = Field(default=None, ge=15, le=86_400)


def _attributes(value: Any) -> Any:
    # Shorthand: a plain attribute name instead of {name: ...}.
    if isinstance(value, list):
        return [{"name": item} if isinstance(item, str) else item for item in value]
    return value


class EntityWidget(WidgetBase):
    kind: Literal["entity"]
    id: str = Field(min_length=1)
    format: Literal["normalized", "keyValues"] = "normalized"
    attributes: list[Attribute] = Field(min_length=1)
    _attrs = field_validator("attributes", mode="before")(_attributes)


class QueryWidget(WidgetBase):
    kind: Literal["query"]
    type: str = Field(min_length=1)
    q: str | None = None
    format: Literal["normalized", "keyValues"] = "normalized"
    attributes: list[Attribute] = Field(min_length=1)
    limit: int = Field(default=10, ge=1, le=100)
    _attrs = field_validator("attributes", mode="before")(_attributes)


class TimeseriesWidget(WidgetBase):
    kind: Literal["timeseries"]
    id: str = Field(min_length=1)
    attribute: str = Field(min_length=1)
    label: str | None = None
    unit: str | None = None
    last_n: int = Field(default=24, ge=1, le=1000)
    format: Literal["normalized", "temporalValues", "aggregated"] = "temporalValues"
    aggregation: Literal[AGGREGATIONS] = "avg"
    period: str | None = Field(default=None, pattern=r"^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")


class DatasetsWidget(WidgetBase):
    kind: Literal["datasets"]
    q: str | None = None
    organization: str | None = None
    rows: int = Field(default=5, ge=1, le=50)
    sort: str = "metadata_modified desc"


class DatasetWidget(WidgetBase):
    kind: Literal["dataset"]
    id: str = Field(min_length=1)


KINDS: dict[str, type[WidgetBase]] = {
    "entity": EntityWidget, "query": QueryWidget, "timeseries": TimeseriesWidget,
    "datasets": DatasetsWidget, "dataset": DatasetWidget,
}
SOURCE_TYPE = {"entity": "ngsi-ld", "query": "ngsi-ld", "timeseries": "ngsi-ld", "datasets": "ckan", "dataset": "ckan"}


# ---------------------------------------------------------------- scanning Markdown


@dataclass(frozen=True)
class Block(NamedBlock):
    """One ```datenplattform fence as written: its YAML body and where it stands."""


def scan_markdown(text: str, path: Path, first_line: int = 1) -> list[Block]:
    """Every ```datenplattform fence in ``text`` (also indented, e.g. inside admonitions)."""
    return [Block(b.path, b.line, b.body) for b in WIDGET_FENCE.blocks(text, path, first_line)]


@dataclass(frozen=True)
class Widget:
    """A valid widget: its options and the source it reads from."""

    spec: WidgetBase
    source_name: str
    source: SourceConfig
    path: Path
    line: int


def validate_block(block: Block, sources: dict[str, SourceConfig]) -> tuple[Widget | None, list[Problem]]:
    """Check a fence's options; every problem points at the line of the offending key."""
    body_first = block.line + 1
    try:
        data, key_lines = parse_yaml(block.path, block.body, first_line=body_first)
    except ContentError as exc:
        return None, [error(block.path, exc.problem.line, f"Widget 'datenplattform': {exc.problem.message}")]
    source = Source(block.path, data, lines=key_lines)
    kind = data.get("kind")
    if kind not in KINDS:
        allowed = ", ".join(KINDS)
        what = "fehlt" if kind is None else f"'{kind}' gibt es nicht"
        return None, [error(block.path, source.line_of("kind") if kind is not None else block.line,
                            f"Widget 'datenplattform': kind {what}; erlaubt: {allowed}")]
    spec, problems = validate(KINDS[kind], source)
    problems = [error(p.path, p.line, f"Widget 'datenplattform': {p.message}") for p in problems]
    if spec is None:
        return None, problems
    config = sources.get(spec.source)
    if config is None:
        known = ", ".join(sorted(sources)) or "keine (mkdocs.yml, plugins: scschule-widgets: sources:)"
        return None, [error(block.path, source.line_of("source"),
                            f"Widget 'datenplattform': source: unbekannte Datenquelle '{spec.source}'; bekannt: {known}")]
    if config.type != SOURCE_TYPE[kind]:
        return None, [error(block.path, source.line_of("kind"),
                            f"Widget 'datenplattform': kind '{kind}' braucht eine Quelle vom Typ "
                            f"{SOURCE_TYPE[kind]}, '{spec.source}' ist {config.type}")]
    if spec.refresh is not None and (config.type != "ngsi-ld" or not config.browser_url):
        why = ("nur für NGSI-LD-Widgets möglich" if config.type != "ngsi-ld"
               else f"braucht browser_url bei der Quelle '{spec.source}' in mkdocs.yml")
        return None, [error(block.path, source.line_of("refresh"), f"Widget 'datenplattform': refresh: {why}")]
    return Widget(spec, spec.source, config, block.path, block.line), []


def content_files(folders: list[Path]) -> list[Path]:
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*.md"))]


def scan_project(root: Path, folders: list[Path]) -> tuple[list[Widget], list[Problem]]:
    """Every widget in the Markdown below ``folders``, validated against the sources in mkdocs.yml."""
    settings, problems = load_settings(root)
    widgets: list[Widget] = []
    for path in content_files(folders):
        try:
            text = read_text(path)
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        for block in scan_markdown(text, path):
            widget, found = validate_block(block, settings.sources)
            problems += found
            if widget is not None:
                widgets.append(widget)
    return widgets, problems

