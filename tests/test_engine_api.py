"""The package uses MkDocs and Material through their public API only.

Every ``mkdocs.*`` / ``material.*`` name the package imports, reaches through an
imported module (``c.Type`` of ``config_options as c``) or names as a string (a logger
such as ``"mkdocs.structure.pages"``) must be on the allow-list below, and so must every
attribute the package reads or sets on an engine ``Page`` (a parameter annotated ``Page``,
or called ``page`` without annotation, like the events' argument). A private attribute (``x._name``) of anything but
``self``/``cls`` is never allowed. A new name fails this test with its file and line:
put it on the list only if the engine documents it.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "scschule"
ENGINES = ("mkdocs", "material")

# Documented in MkDocs' developer guide ("Developing Plugins", "API reference", "Custom themes")
# or its release notes' instructions for plugin authors.
DOCUMENTED = {
    "mkdocs.plugins.BasePlugin", "mkdocs.plugins.CombinedEvent", "mkdocs.plugins.event_priority",
    "mkdocs.plugins.get_plugin_logger",
    "mkdocs.config.base.Config", "mkdocs.config.defaults.MkDocsConfig",
    "mkdocs.config.config_options", "mkdocs.config.config_options.Type", "mkdocs.config.config_options.Optional",
    "mkdocs.config.config_options.Choice", "mkdocs.config.config_options.ListOfItems",
    "mkdocs.config.config_options.SubConfig", "mkdocs.config.config_options.Deprecated",
    "mkdocs.config.config_options.BaseConfigOption",  # the documented base of a custom option (Developing Plugins)
    "mkdocs.exceptions.PluginError", "mkdocs.exceptions.ConfigurationError", "mkdocs.exceptions.BuildError",
    "mkdocs.exceptions.Abort",  # what a build raises when it stops (the command line catches it)
    "mkdocs.structure.files.File", "mkdocs.structure.files.File.generated", "mkdocs.structure.files.Files",
    "mkdocs.structure.pages.Page", "mkdocs.structure.toc.AnchorLink",
}
# Public (no underscore, exported) but not described in the developer guide: each with the reason it is used.
UNDOCUMENTED = {
    "mkdocs.config.load_config": "in mkdocs.config.__all__; `scschule check` runs the strict build in-process",
    "mkdocs.commands.build.build": "the build the command line runs; `scschule check` needs the build state it leaves",
    "mkdocs.utils.yaml.yaml_load": "cli/newsletter.py reads mkdocs.yml's markdown_extensions with MkDocs' own "
                                   "YAML tags (!!python/name, !ENV); to go with the site context (issue 28, item 4)",
    "mkdocs.livereload.LiveReloadServer": "the server the documented on_serve event hands over; site/watcher.py "
                                          "uses only its public observer, watch() and unwatch() (issue 29, point 4)",
}
ALLOWED = DOCUMENTED | set(UNDOCUMENTED)

# The documented attributes of a page ("Custom themes" -> page) and the Markdown of on_page_markdown.
PAGE_ATTRIBUTES = {
    "title", "content", "toc", "meta", "url", "file", "abs_url", "canonical_url", "edit_url", "is_homepage",
    "previous_page", "next_page", "parent", "children", "active", "is_section", "is_page", "is_link", "markdown",
}


@dataclass(frozen=True, order=True)
class Use:
    path: str
    line: int
    name: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.name}"


def _is_engine(name: str) -> bool:
    return name.split(".")[0] in ENGINES


def _chain(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ['a', 'b', 'c']; None if it does not start with a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return [node.id, *reversed(parts)] if isinstance(node, ast.Name) else None


def _names_an_engine_object(text: str) -> bool:
    """Whether a dotted string names an engine module or something in one (a logger name, say)."""
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", text) or not _is_engine(text):
        return False
    parts = text.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


def _page_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, aliases: dict[str, str]) -> set[str]:
    """Parameters holding an engine page: one annotated ``Page``, or one called ``page`` without annotation
    (the events' argument, and what the package hands on from it)."""
    arguments = function.args
    names = set()
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        annotation = argument.annotation
        if annotation is None:
            if argument.arg == "page":
                names.add(argument.arg)
            continue
        chain = _chain(annotation)
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            chain = annotation.value.split(".")
        if chain and ".".join([aliases.get(chain[0], chain[0]), *chain[1:]]) == "mkdocs.structure.pages.Page":
            names.add(argument.arg)
    return names


def engine_uses(source: str, path: str = "<snippet>") -> list[Use]:
    """Every engine name and page attribute ``source`` uses, with its line."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> the engine name it stands for
    uses: list[Use] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_engine(alias.name):
                    uses.append(Use(path, node.lineno, alias.name))
                    local = alias.asname or alias.name.split(".")[0]
                    aliases[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and _is_engine(node.module):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                uses.append(Use(path, node.lineno, name))
                aliases[alias.asname or alias.name] = name
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_") and not node.attr.endswith("__"):
                owner = _chain(node.value)
                if owner != ["self"] and owner != ["cls"]:
                    uses.append(Use(path, node.lineno, f"{ast.unparse(node.value)}.{node.attr} (private attribute)"))
            if isinstance(parents.get(node), ast.Attribute):
                continue  # the outermost attribute names the whole chain
            chain = _chain(node)
            if chain and chain[0] in aliases:
                uses.append(Use(path, node.lineno, ".".join([aliases[chain[0]], *chain[1:]])))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _names_an_engine_object(node.value):
            uses.append(Use(path, node.lineno, node.value))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            pages = _page_parameters(node, aliases)
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name)
                        and inner.value.id in pages and inner.attr not in PAGE_ATTRIBUTES):
                    uses.append(Use(path, inner.lineno, f"Page.{inner.attr}"))
    return sorted(set(uses))


def not_allowed(uses: list[Use]) -> list[Use]:
    return [use for use in uses if use.name not in ALLOWED]


def package_uses() -> list[Use]:
    uses = []
    for path in sorted(PACKAGE.rglob("*.py")):
        uses += engine_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return uses


def test_the_package_uses_public_engine_names_only():
    uses = package_uses()
    assert not_allowed(uses) == [], "\n".join(map(str, not_allowed(uses)))
    used = {use.name for use in uses}
    assert {"mkdocs.plugins.BasePlugin", "mkdocs.structure.files.File.generated",
            "mkdocs.config.config_options.Type"} <= used  # the scan sees imports and attribute chains
    assert set(UNDOCUMENTED) <= used, "an undocumented name is no longer used: take it off the list"


@pytest.mark.parametrize(("snippet", "line", "name"), [
    pytest.param("import os\nfrom mkdocs.structure.pages import _RelativePathTreeprocessor\n",
                 2, "mkdocs.structure.pages._RelativePathTreeprocessor", id="from-import"),
    pytest.param("import mkdocs.structure.pages as pages\n\nx = pages._RelativePathTreeprocessor\n",
                 3, "mkdocs.structure.pages._RelativePathTreeprocessor", id="module-attribute"),
    pytest.param("import mkdocs.structure.pages\nmkdocs.structure.pages._RelativePathTreeprocessor(None, None, None)\n",
                 2, "mkdocs.structure.pages._RelativePathTreeprocessor", id="dotted-attribute"),
    pytest.param("from mkdocs.structure.toc import get_toc\n", 1, "mkdocs.structure.toc.get_toc", id="undocumented"),
    pytest.param("import logging\n\nlogging.getLogger('mkdocs.structure.pages').addFilter(None)\n",
                 3, "mkdocs.structure.pages", id="engine-logger"),
    pytest.param("class P:\n    def on_page_content(self, html, *, page, config, files):\n"
                 "        page.present_anchor_ids = set()\n", 3, "Page.present_anchor_ids", id="page-internal"),
    pytest.param("from mkdocs.structure.pages import Page\n\ndef f(page: Page):\n    return page.links_to_anchors\n",
                 4, "Page.links_to_anchors", id="annotated-page"),
    pytest.param("def f(page):\n    return page.links_to_anchors\n", 2, "Page.links_to_anchors", id="page-handed-on"),
    pytest.param("def f(page):\n    return page._title_from_render\n", 2, "page._title_from_render (private attribute)",
                 id="private-attribute"),
    pytest.param("from material.plugins.search.plugin import SearchPlugin\n", 1,
                 "material.plugins.search.plugin.SearchPlugin", id="material"),
])
def test_a_name_off_the_list_is_reported_with_its_line(snippet, line, name):
    found = not_allowed(engine_uses(snippet, "plugins/scschule/x.py"))
    assert [str(use) for use in found if use.name == name] == [f"plugins/scschule/x.py:{line}: {name}"], found


def test_public_names_and_the_projects_own_loggers_pass():
    snippet = ("import logging\nfrom mkdocs.config import config_options as c\nfrom mkdocs.plugins import BasePlugin\n"
               "log = logging.getLogger('mkdocs.plugins.scschule')\nconfig = 'mkdocs.yml'\n"
               "class P(BasePlugin):\n    x = c.Type(bool)\n"
               "    def on_page_content(self, html, *, page, config, files):\n"
               "        self._seen = page.file.src_uri, page.toc, page.meta\n")
    uses = engine_uses(snippet)
    assert {use.name for use in uses} == {"mkdocs.config.config_options", "mkdocs.plugins.BasePlugin",
                                          "mkdocs.config.config_options.Type"}
    assert not_allowed(uses) == []
