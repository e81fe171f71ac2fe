"""Reading ``mkdocs.yml`` without MkDocs: for ``scschule`` commands that run without a build.

Tags such as ``!!python/name:`` or ``!ENV`` are not resolved (nothing is imported);
``!ENV [NAME, default]`` reads as its default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem, error
from .records import validate
from .source import Source, compose, key_lines, read_text

SITE_CONFIG = "mkdocs.yml"
DEFAULT_DOCS_DIR = "docs"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what ``!!python/name:`` or ``!ENV`` tags point at."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return None
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None  # !ENV [NAME, default] -> default
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_site_config(root: Path) -> tuple[dict, yaml.Node | None]:
    """The data of ``<root>/mkdocs.yml`` and its node tree (for key lines); ContentError if unreadable."""
    path = root / SITE_CONFIG
    text = read_text(path)
    try:
        node, config = compose(_TolerantLoader, text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(error(path, mark.line + 1 if mark else 1, f"YAML-Syntaxfehler: {exc}")) from None
    return (config if isinstance(config, dict) else {}), node


def docs_dir(root: Path) -> Path:
    """The folder of the hand-written pages (``docs_dir`` of mkdocs.yml, MkDocs' default ``docs``)."""
    try:
        config, _ = read_site_config(root) if (root / SITE_CONFIG).is_file() else ({}, None)
    except ContentError:
        config = {}
    return root / str(config.get("docs_dir") or DEFAULT_DOCS_DIR)


def plugin_options(root: Path, plugin: str, schema: type) -> tuple[Any, list[Problem]]:
    """The options of ``plugin`` in ``<root>/mkdocs.yml`` checked against ``schema``: the record
    (the schema's defaults if the plugin has no options or they are wrong) and every problem,
    at the line of its key."""
    path = root / SITE_CONFIG
    if not path.is_file():  # a content folder checked on its own
        return schema(), []
    try:
        config, node = read_site_config(root)
    except ContentError as exc:
        return schema(), [exc.problem]
    raw, prefix = _options_of(config, plugin)
    settings, problems = validate(schema, Source(path, raw, lines=_lines_below(node, prefix)))
    return settings or schema(), problems


def _options_of(config: dict, plugin: str) -> tuple[dict, tuple]:
    for index, entry in enumerate(config.get("plugins") or []):
        if isinstance(entry, dict) and plugin in entry:
            return dict(entry[plugin] or {}), ("plugins", index, plugin)
    return {}, ()


def _lines_below(node: yaml.Node | None, prefix: tuple) -> dict[tuple, int]:
    """Lines of the keys below ``prefix``, keyed relative to it."""
    lines = key_lines(node) if node is not None else {}
    n = len(prefix)
    relative = {key[n:]: line for key, line in lines.items() if key[:n] == prefix}
    relative.setdefault((), lines.get(prefix, 1))
    return relative
