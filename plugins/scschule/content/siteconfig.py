"""Reading ``mkdocs.yml`` without MkDocs: for ``scschule`` commands that run without a build.

Tags such as ``!!python/name:`` or ``!ENV`` are not resolved (nothing is imported);
``!ENV [NAME, default]`` reads as its default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, error
from .source import compose, read_text

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
