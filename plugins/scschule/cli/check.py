"""``scschule check`` runs the build's own checks: one rule, one place.

With a ``mkdocs.yml`` the check *is* the build: ``mkdocs build --strict`` of the
project into a temporary folder, with widgets read from their snapshots (no
fetching). Every problem a plugin reports is kept on the build state as a
:class:`~scschule.content.problems.Problem`, the portal's own link and anchor
check among them (:mod:`scschule.site.linkcheck`);
any other warning of the build is reported against ``mkdocs.yml``. Without a
``mkdocs.yml`` (a content folder on its own) only the content rules and the
widget blocks can be checked.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import date
from pathlib import Path

from ..content.problems import ContentError, Problem, error
from ..content.siteconfig import SITE_CONFIG
from ..portal import content_folders, load_portal, open_placeholders
from ..taxonomy import load_taxonomy
from ..widgets.spec import WIDGETS, scan_project

CORE_PLUGIN, WIDGETS_PLUGIN = "scschule", WIDGETS.plugin


def check_project(root: Path, today: date | None = None) -> list[Problem]:
    """Every problem the build of ``root`` finds (content, links, anchors, widgets, front matter)."""
    try:
        load_taxonomy(root)
    except ContentError as exc:  # a wrong region/ file: the build could not check anything else
        return [exc.problem]
    if not (root / SITE_CONFIG).is_file():
        return content_problems(root, today)
    return sorted(set(build_problems(root, today)))


def content_problems(root: Path, today: date | None) -> list[Problem]:
    """The rules that need no build: each collection's own and the widget blocks."""
    portal = load_portal(root, today=today)
    return [*portal.problems, *scan_project(root, content_folders(root))[1], *open_placeholders(root)]


class _Warnings(logging.Handler):
    """Collects the build's warnings that are not already problems on the build state."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "problem", None) is None:
            self.messages.append(record.getMessage())


def build_problems(root: Path, today: date | None) -> list[Problem]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / SITE_CONFIG
    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        with tempfile.TemporaryDirectory(prefix="scschule-check-") as site_dir:
            try:
                config = load_config(str(config_file), site_dir=site_dir, strict=True)
            except (ConfigurationError, Abort) as exc:
                return [error(config_file, 0, f"Konfiguration fehlerhaft: {exc}")]
            _set_option(config, CORE_PLUGIN, "today", today.isoformat() if today else None)
            _set_option(config, WIDGETS_PLUGIN, "offline", True)  # a check never waits for the data platform
            try:
                build(config)
            except Abort:
                pass  # the problems are on the build state or in the collected warnings
            except Exception as exc:  # noqa: BLE001 - a plugin's crash is a finding, not a traceback
                warnings.messages.append(f"Abbruch der Website-Erstellung: {type(exc).__name__}: {exc}")
            state = getattr(config.plugins.get(CORE_PLUGIN), "state", None)
    finally:
        logger.removeHandler(warnings)
    problems = list(state.problems) if state is not None else []
    if state is not None and state.portal.errors:
        # The build stops at content errors; widget blocks are still checked from their files.
        problems += scan_project(root, content_folders(root))[1]
    problems += [error(config_file, 0, message) for message in warnings.messages if not _is_summary(message)]
    return problems


def _set_option(config, plugin_name: str, option: str, value) -> None:
    plugin = config.plugins.get(plugin_name)
    if plugin is not None and value is not None:
        plugin.config[option] = value


def _is_summary(message: str) -> bool:
    # The abort line repeats what the problems above it said.
    return "Fehler im Inhalt; Details oben" in message
