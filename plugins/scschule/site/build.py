"""What the portal's MkDocs plugins share during one build, and the helpers they use.

The ``scschule`` core plugin (:mod:`scschule.plugin`) loads the portal once per build
and keeps a :class:`BuildState`; every capability plugin reads it through
:func:`state_of` / :func:`portal_of` instead of loading collections itself, so each
file is parsed once per build. Every problem a plugin finds goes through
:meth:`BuildState.report`: it is logged as ``path:line: message`` and kept, so
``scschule check`` reports exactly what the build found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..content.collection import Capability, Collection
from ..content.problems import Problem
from ..content.records import validate
from ..content.source import Source
from .cache import CACHE_ROOT, Reuse, Stages, digest, folder_digest
from .context import SiteContext
from .pages import GeneratedPage, PageRenderer
from .urls import relative_url

if TYPE_CHECKING:
    from ..portal import Portal

PLUGIN_NAME = "scschule"
T = TypeVar("T")


@dataclass
class BuildState:
    """One build's shared state; a new one is made for every build (``mkdocs serve`` rebuilds)."""

    root: Path
    portal: Portal
    site: SiteContext
    serving: bool = False
    problems: list[Problem] = field(default_factory=list)  # everything reported, in order
    html_links: dict[str, frozenset[str]] = field(default_factory=dict)  # generated page -> its HTML link targets
    html_blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # generated page -> HTML, until converted
    page_meta: dict[str, dict] = field(default_factory=dict)  # generated page -> front matter, until read
    origins: dict[str, tuple[Path, ...]] = field(default_factory=dict)  # generated page -> files its text is from
    stages: Stages | None = None  # a serve session's results of the rebuild before, by their inputs

    def report(self, log: logging.Logger, problem: Problem, level: int | None = None) -> None:
        """Log ``problem`` as ``path:line: message`` and keep it for ``scschule check``.

        Errors are warnings in the log by default, so ``--strict`` fails on them after
        every page was looked at; content warnings are information.
        """
        self.problems.append(problem)
        if level is None:
            level = logging.WARNING if problem.is_error else logging.INFO
        log.log(level, problem.format(self.root), extra={"problem": problem})

    def origins_of(self, file: File) -> tuple[Path, ...]:
        """The files an editor wrote a page's text in: its own file, or those of a generated page."""
        if file.src_uri in self.origins:
            return self.origins[file.src_uri]
        if file.abs_src_path and not file.generated_by:
            return (Path(file.abs_src_path),)
        return ()


def project_root(config: MkDocsConfig) -> Path:
    """The collections live next to mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def site_context(config: MkDocsConfig, today: date | None = None) -> SiteContext:
    """The site context of ``config``: the one place the build configuration is unpacked."""
    return SiteContext(
        site_url=config.site_url or "", site_name=config.site_name or "", site_author=config.site_author or "",
        markdown_extensions=tuple(config.markdown_extensions), mdx_configs=dict(config.mdx_configs),
        directory_urls=bool(config.use_directory_urls), repo_url=config.repo_url or None,
        today=today or date.today(),
    )


def state_of(config: MkDocsConfig) -> BuildState:
    """The state the ``scschule`` plugin keeps for this build."""
    plugin = config.plugins.get(PLUGIN_NAME)
    state = getattr(plugin, "state", None)
    if not isinstance(state, BuildState):
        raise PluginError("Das Plugin 'scschule' muss in mkdocs.yml vor den anderen scschule-Plugins stehen.")
    return state


def portal_of(config: MkDocsConfig) -> Portal:
    """The portal loaded by the ``scschule`` plugin for this build."""
    return state_of(config).portal


def is_serving(config: MkDocsConfig) -> bool:
    state = getattr(config.plugins.get(PLUGIN_NAME), "state", None)
    return isinstance(state, BuildState) and state.serving


def published_site_url(config: MkDocsConfig) -> str:
    """The site's address as published: mkdocs.yml's ``site_url``, also in ``mkdocs serve``, which
    replaces ``config.site_url`` by its own address before any plugin sees the config."""
    if not is_serving(config) or not config.config_file_path:
        return config.site_url or ""
    from mkdocs.utils.yaml import yaml_load  # INHERIT and !ENV as MkDocs reads them

    with open(config.config_file_path, encoding="utf-8") as file:
        return str(yaml_load(file).get("site_url") or "")


def site_of(config: MkDocsConfig) -> SiteContext:
    """The site context the ``scschule`` plugin built for this build."""
    return state_of(config).site


def page_renderer(package: str, config: MkDocsConfig) -> PageRenderer:
    """The renderer of a capability's generated pages, for this build's site context."""
    return PageRenderer(package, site_of(config), template_bytecode(project_root(config)))


def template_bytecode(root: Path):
    """Jinja's bytecode cache in ``.cache/scschule/jinja``: compiling the templates again costs
    more than a build's other template work. Each entry is checked against its template's
    source by Jinja, so an edited template is compiled again."""
    import jinja2

    folder = root / CACHE_ROOT / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


class _AsWritten(config_options.BaseConfigOption):
    """An option MkDocs takes as written: the capability's settings schema checks it."""

    def run_validation(self, value):
        return value


def plugin_config(capability: Capability) -> type[Config]:
    """The MkDocs config class of a capability's plugin: the fields of its settings schema.

    The schema alone declares the options' types and defaults; MkDocs only learns
    their names (an unknown name is still its warning). An option not written in
    mkdocs.yml is None here and gets the schema's default in :func:`plugin_settings`.
    """
    options = {name: config_options.Optional(_AsWritten()) for name in capability.settings.model_fields}
    return type(f"{capability.settings.__name__}Config", (Config,), options)


def plugin_settings(capability: Capability, config: MkDocsConfig, options: Config, log: logging.Logger):
    """A capability plugin's options, as MkDocs read them from mkdocs.yml, as its schema's record.

    Called from the plugin's ``on_config``. Wrong options stop the build with German
    problems at the line of their key in mkdocs.yml (read again only then).
    """
    root = project_root(config)
    written = {key: value for key, value in options.items() if value is not None}
    record, problems = validate(capability.settings, Source(Path(config.config_file_path), written))
    if record is not None:
        return record
    # The file's own lines; what only MkDocs resolved differently (``!ENV``) keeps the problems without lines.
    for problem in capability.load_settings(root)[1] or problems:
        log.error(problem.format(root))
    raise PluginError(f"Einstellungen von {capability.plugin} in mkdocs.yml sind fehlerhaft.")


def use_stylesheet(config: MkDocsConfig, uri: str) -> None:
    """Link a capability's stylesheet from every page (once, however often the config is reused)."""
    if uri not in config.extra_css:
        config.extra_css.append(uri)


def link_stylesheet(output: str, page_url: str, uri: str) -> str:
    """Link a capability's stylesheet from one written page only (styles that few pages need)."""
    return output.replace("</head>", f'<link rel="stylesheet" href="{relative_url(page_url, uri)}">\n</head>', 1)


def link_script(output: str, page_url: str, uri: str) -> str:
    """Load a capability's script (deferred) on one written page only."""
    return output.replace("</body>", f'<script src="{relative_url(page_url, uri)}" defer></script>\n</body>', 1)


def add_asset(files: Files, config: MkDocsConfig, package: str, name: str, dest_uri: str) -> None:
    """Ship ``<package>/assets/<name>`` as ``dest_uri`` in the site (no copy into docs/)."""
    source = resources.files(package) / "assets" / name
    files.append(File.generated(config, dest_uri, abs_src_path=str(source)))


def stage(config: MkDocsConfig, package: str, reads: tuple[Collection, ...] | None, make: Callable[[], T],
          inputs: Callable[[], tuple] = tuple, part: str = "pages") -> T:
    """``make()``, or in a serve session its result of the rebuild before when nothing it reads changed:
    the collections ``reads`` (every collection if None), the region, the day, mkdocs.yml, the templates
    of the capability ``package`` and what ``inputs()`` returns (asked only in a serve session)."""
    return stages_of(config, package)(part, reads, inputs, make)


def stages_of(config: MkDocsConfig, package: str) -> Reuse:
    """:func:`stage` for capability code that reuses parts of a stage (e.g. each guide's pages):
    ``reuse(part, reads, inputs, make)``."""
    state = state_of(config)
    templates = Path(str(resources.files(package) / "templates"))
    shared = None

    def reuse(part: str, reads: tuple[Collection, ...] | None, inputs: Callable[[], tuple], make: Callable[[], T]) -> T:
        nonlocal shared
        key = state.portal.inputs_digest(reads)
        if state.stages is None or key is None:
            return make()
        if shared is None:
            shared = digest(folder_digest(templates), state.site.site_url)
        return state.stages.get(f"{package.rsplit('.', 1)[-1]}:{part}", digest(key, shared, *inputs()), make)

    return reuse


def add_pages(files: Files, config: MkDocsConfig, pages: list[GeneratedPage]) -> None:
    """Hand generated Markdown to MkDocs as virtual files (nothing is written to docs/)."""
    state = state_of(config)
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(f"Seite '{page.src_uri}' gibt es doppelt (erzeugt und in docs/).")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        if page.meta:
            state.page_meta[page.src_uri] = page.meta
        if page.origins:
            state.origins[page.src_uri] = page.origins
        if page.html_links or page.html_blocks:
            state.html_links[page.src_uri] = page.html_links
            state.html_blocks[page.src_uri] = page.html_blocks
