"""Collection and capability descriptors: what the portal knows about one kind of content, said once.

Each capability exports one :class:`Collection` (guides, newsletter, courses, ...).
The composition root (:mod:`scschule.portal`) loads every collection from its
descriptor, and everything that needs to know where content lives or what it is
called reads the descriptors too: the serve watcher, ``scschule check``, the
widget scan, the CLI and the tests. No folder name or kind list is written
anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar

from .fences import SlotFence
from .problems import Problem
from .siteconfig import plugin_options

T = TypeVar("T")


@dataclass(frozen=True)
class Kind:
    """A reader-facing kind of item, e.g. a guide: "Leitfaden", listed under /leitfaeden/."""

    key: str  # stable, in code: "guide"
    label: str  # German singular, shown as the item's type: "Leitfaden"
    plural: str  # German plural: "Leitfäden"
    url_prefix: str  # site URL folder of its pages: "leitfaeden/"
    about: str = ""  # heading of a list of such items about a place: "Leitfäden zu"


@dataclass(frozen=True)
class LoadContext:
    """What every loader may rely on: the reference data and the day the build is for."""

    taxonomy: Any  # scschule.taxonomy.Taxonomy (the taxonomy is loaded before any collection)
    today: date


@dataclass(frozen=True)
class Collection(Generic[T]):
    """One collection of content files next to mkdocs.yml.

    ``load`` reads and validates every file below ``root / folder`` and returns the
    valid records and every problem; it never raises for bad content. ``key_of``
    names the item a file belongs to (a guide's slug for ``guides/<slug>/…``), so an
    item whose file has errors is still known by its key and references to it can
    say so instead of calling it unknown.
    """

    name: str  # "guides"
    folder: str  # relative to the project root: "guides"
    kinds: tuple[Kind, ...]
    load: Callable[[Path, LoadContext], tuple[list[T], list[Problem]]]
    key: Callable[[T], str] = field(default=lambda record: "")  # a loaded record's key
    # The key of the item a file belongs to, from its path relative to ``folder``.
    key_of: Callable[[PurePosixPath], str | None] = field(default=lambda path: None)
    markdown: bool = True  # holds Markdown that may contain widgets and links
    file: str | None = None  # a collection kept in one file of ``folder``: its name ("termine.yml")

    def path(self, root: Path) -> Path:
        return root / self.folder

    def file_path(self, root: Path) -> Path:
        """The one file of a single-file collection (e.g. the school calendar)."""
        if self.file is None:
            raise ValueError(f"collection '{self.name}' is a folder, not one file")
        return self.path(root) / self.file

    def relative(self, root: Path, path: Path) -> PurePosixPath | None:
        """``path`` relative to this collection's folder, or None if it lies outside."""
        try:
            return PurePosixPath(path.resolve().relative_to(self.path(root).resolve()).as_posix())
        except ValueError:
            return None


@dataclass(frozen=True)
class Capability:
    """One capability as the portal composes it: its MkDocs plugin, its collections (each kind
    with its URL root), the schema of its plugin's options and the fence whose slots it fills.

    The schema (a :class:`~scschule.content.records.Record`) declares the options' types
    and defaults once; the MkDocs plugin's config is derived from it in the adapter layer
    (:func:`scschule.site.build.plugin_config`), and ``scschule check`` reads the same.
    """

    plugin: str  # its name under ``plugins:`` in mkdocs.yml: "scschule-widgets"
    collections: tuple[Collection, ...] = ()
    settings: type | None = None  # the schema of the plugin's options
    fence: SlotFence | None = None  # the ```fence it renders (its superfences formatter leaves slots)

    def load_settings(self, root: Path) -> tuple[Any, list[Problem]]:
        """The plugin's options in ``<root>/mkdocs.yml`` as the schema's record, and every problem (with lines)."""
        if self.settings is None:
            return None, []
        return plugin_options(root, self.plugin, self.settings)


def slug_folder(path: PurePosixPath) -> str | None:
    """``<slug>/…`` -> slug: for collections with one folder per item (guides, courses)."""
    return path.parts[0] if len(path.parts) > 1 else None


def kinds_of(collections: Iterable[Collection]) -> list[Kind]:
    return [kind for collection in collections for kind in collection.kinds]
