"""The theme cache: a page whose template inputs are unchanged reuses its themed HTML.

Rendering Material's page template (``main.html`` → ``base.html`` with the nav
partials) is the largest cost of a rebuild once conversion is cached. MkDocs offers
no event to skip it, but ``on_env`` runs after every page is converted and before
any is rendered, and it may change the Jinja environment: for a page whose entry
exists, the page's documented ``template`` meta key is set to a name that the
environment's loader (wrapped here, :class:`CachedOutputLoader`) answers with an
object whose ``render`` returns the stored output. The core plugin's ``on_post_page``
(first, before any other plugin changes the output) puts the page's own ``template``
back, and stores a freshly rendered output once it has removed the theme's invalid
``autocomplete`` attributes, so a reused page skips that step too.

The key holds everything the template reads, in two parts:

- per build (:func:`site_digest`): the engine and theme versions, mkdocs.yml and
  the config file actually read (a deploy's INHERIT file with its ``site_url``),
  ``site_url``, the theme's folders (``overrides/``), the package's code, the
  stylesheets and scripts every page links, ``extra``, today's date and the whole
  nav (titles, URLs, order), so previous/next and the active entry follow;
- per page (:meth:`ThemeCache.key`): URL, source path, title, content, table of
  contents, front matter, canonical and edit URL, and whether it is a draft.

Verify mode (``SCSCHULE_VERIFY_CACHE=1``) renders every page and records a
mismatch where the stored output differs.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .cache import ContentCache, digest, files_digest

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

CACHE_NAME = "themed"
TEMPLATE_PREFIX = "scschule-themed/"


class _Rendered:
    """What the environment hands out for a cached page: ``render`` returns the stored output."""

    is_up_to_date = True

    def __init__(self, path: Path):
        self.path = path
        self.globals: dict = {}

    def render(self, *args, **kwargs) -> str:
        return self.path.read_bytes().decode("utf-8")


class CachedOutputLoader(jinja2.BaseLoader):
    """The theme's loader, plus the names of cached outputs (read when the page is written)."""

    def __init__(self, inner: jinja2.BaseLoader, outputs: dict[str, Path]):
        self.inner = inner
        self.outputs = outputs

    def get_source(self, environment, template):
        return self.inner.get_source(environment, template)

    def list_templates(self):
        return self.inner.list_templates()

    def load(self, environment, name, globals=None):
        path = self.outputs.get(name)
        if path is not None:
            return _Rendered(path)
        return self.inner.load(environment, name, globals)


def _nav_tokens(items) -> list:
    return [[type(item).__name__, item.title, getattr(item, "url", None), _nav_tokens(item.children or [])]
            for item in items]


def _toc_tokens(items) -> list:
    return [[item.title, item.id, item.level, _toc_tokens(item.children)] for item in items]


def site_digest(config, nav, code: str, today) -> str:
    """Everything every page's themed output depends on besides the page itself."""
    versions = [metadata.version(name) for name in ("mkdocs", "mkdocs-material")]
    engine = [type(config).__module__, getattr(sys.modules.get("properdocs"), "__version__", "")]
    theme_files = [p for folder in config.theme.dirs if "site-packages" not in folder
                   for p in Path(folder).rglob("*") if p.is_file()]
    config_path = Path(config.config_file_path)
    written = [config_path, config_path.parent / "mkdocs.yml"]
    return digest(*versions, *engine, *[p.read_bytes() if p.is_file() else b"" for p in written],
                  config.site_url or "", files_digest(theme_files), code,
                  json.dumps([str(x) for x in config.extra_css]), json.dumps([str(x) for x in config.extra_javascript]),
                  json.dumps(dict(config.extra), sort_keys=True, default=str), today,
                  json.dumps(_nav_tokens(nav.items), ensure_ascii=False))


@dataclass
class ThemeCache:
    """One build's view of the stored themed outputs."""

    cache: ContentCache
    verify: bool = False
    keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key, for every page of the build
    swapped: dict[str, object] = field(default_factory=dict)  # src_uri -> its own meta 'template' (or _NONE)
    outputs: dict[str, Path] = field(default_factory=dict)  # template name -> stored output
    mismatches: list[str] = field(default_factory=list)
    rendered: int = 0
    reused: int = 0

    @classmethod
    def open(cls, project: Path, site: str, verify: bool = False) -> ThemeCache:
        return cls(ContentCache(project, CACHE_NAME, site), verify=verify)

    def key(self, page: Page) -> str:
        return self.cache.key(page.url, page.file.src_uri, page.title or "", page.content or "",
                              json.dumps(_toc_tokens(page.toc), ensure_ascii=False),
                              json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False),
                              page.canonical_url or "", page.edit_url or "", str(page.file.inclusion))

    def prepare(self, env: jinja2.Environment, pages) -> None:
        """Before any page is rendered: point every page with a stored output at it."""
        for page in pages:
            key = self.keys[page.file.src_uri] = self.key(page)
            path = self.cache.path(key, ".html")
            if self.verify or not path.is_file():
                continue
            name = f"{TEMPLATE_PREFIX}{key}"
            self.outputs[name] = path
            self.swapped[page.file.src_uri] = page.meta.get("template", _NONE)
            page.meta["template"] = name
        if self.outputs or self.verify:
            env.loader = CachedOutputLoader(env.loader, self.outputs)

    def was_reused(self, page: Page) -> bool:
        """Whether the page was written from its stored output; puts its own ``template`` back."""
        own = self.swapped.pop(page.file.src_uri, None)
        if own is None:
            return False
        if own is _NONE:
            del page.meta["template"]
        else:
            page.meta["template"] = own
        self.reused += 1
        return True

    def after_render(self, page: Page, output: str) -> None:
        """A freshly rendered page's output (after the core plugin's own clean-up): store or check it."""
        key = self.keys.get(page.file.src_uri)
        if key is None:
            return
        self.rendered += 1
        path = self.cache.path(key, ".html")
        if self.verify and path.is_file():
            if path.read_bytes().decode("utf-8") != output:
                self.mismatches.append(f"{page.file.src_uri}: themed output")
            return
        self.cache.write(key, output.encode("utf-8"), ".html")

    def prune(self) -> int:
        used = set(self.keys.values())
        removed = 0
        for path in self.cache.folder.glob("*.html") if self.cache.folder.is_dir() else []:
            if path.stem not in used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


_NONE = object()  # a page without its own 'template' key
