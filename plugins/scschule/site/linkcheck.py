"""The portal's own link and anchor check, reported in German at the editor's ``path:line``.

Every page's Markdown links and images are recorded as the editor wrote them while the
page is converted: :class:`LinkRecorder` is a Python-Markdown treeprocessor that the core
plugin adds to ``markdown_extensions``; it runs right after Python-Markdown's inline
patterns made the links, so it sees them before MkDocs turns them into URLs. Every
page's anchors are the ``id``\\ s (and ``<a name>``) of its converted HTML, read with lxml.
Both are the project's own records (:class:`PageLinks`), which the render cache keeps
with a page's HTML, so a page taken from the cache is checked like a converted one.

When every page is converted (``on_env``), each link is resolved the way a Markdown link
is resolved in MkDocs, relative to the page's source file, against the build's files
(``Files.get_file_from_path``), and each link to a section is checked against the
target page's anchors. Each problem is a :class:`~scschule.content.problems.Problem` at
the line of the editor's file that holds the link: generated pages (a guide, a course
unit, an issue) name their files in :attr:`BuildState.origins`. ``mkdocs build --strict``
fails on them and ``scschule check`` lists them, in the same words.

MkDocs' own ``validation:`` of links and anchors is set to ``ignore`` in mkdocs.yml: this
check replaces it, and its English messages would only repeat the German ones.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import lxml.html
from lxml import etree
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from ..content.problems import Problem, error
from .build import BuildState

# Right after Python-Markdown's inline patterns (priority 20), which make the <a> and <img>
# elements of Markdown links; any later treeprocessor may rewrite them.
RECORDER_PRIORITY = 19
_URL_ATTRIBUTE = {"a": "href", "img": "src"}  # the links MkDocs resolves in Markdown


@dataclass(frozen=True)
class PageLinks:
    """What the check needs of one page: its links as written, and the anchors it has."""

    links: tuple[str, ...] = ()  # href/src of its Markdown links and images, external ones left out
    anchors: frozenset[str] = frozenset()

    def as_json(self) -> dict:
        return {"links": list(self.links), "anchors": sorted(self.anchors)}

    @classmethod
    def from_json(cls, data: dict) -> PageLinks:
        return cls(tuple(data["links"]), frozenset(data["anchors"]))


@dataclass
class LinkRecording:
    """The links of the page being converted; open only between ``on_page_markdown`` and ``on_page_content``,
    so conversions of other Markdown (PDFs, feeds) record nothing."""

    current: list[str] | None = None

    def start(self) -> None:
        self.current = []

    def stop(self) -> tuple[str, ...]:
        links, self.current = tuple(self.current or ()), None
        return links


class LinkRecorder(Treeprocessor):
    def __init__(self, md: Markdown, recording: LinkRecording):
        super().__init__(md)
        self.recording = recording

    def run(self, root: etree.Element) -> None:
        links = self.recording.current
        if links is None:
            return
        for element in root.iter():
            attribute = _URL_ATTRIBUTE.get(element.tag)
            url = element.get(attribute) if attribute else None
            if url and not _external(url):
                links.append(url)


class LinkRecorderExtension(Extension):
    def __init__(self, recording: LinkRecording):
        super().__init__()
        self.recording = recording

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(LinkRecorder(md, self.recording), "scschule_links", RECORDER_PRIORITY)


def _external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or AMP_SUBSTITUTE in url  # AMP_SUBSTITUTE: an obfuscated e-mail


def html_references(html: str) -> tuple[frozenset[str], set[str]]:
    """The anchors of converted HTML (``id`` of any element, ``name`` of ``<a>``) and its href/src values."""
    if not html.strip():
        return frozenset(), set()
    anchors: set[str] = set()
    urls: set[str] = set()
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter(etree.Element):
        if (anchor := element.get("id")) is not None:
            anchors.add(anchor)
        if element.tag == "a" and (name := element.get("name")) is not None:
            anchors.add(name)
        for attribute in ("href", "src"):
            if (url := element.get(attribute)) is not None:
                urls.add(url)
    return frozenset(anchors), urls


@dataclass(frozen=True)
class Resolved:
    """Where one written link leads: a file of the site (and a section of it), or a problem."""

    target: str | None = None  # src_uri of the target file; None for a link that is not checked further
    anchor: str = ""
    problem: str | None = None  # German, without the location


@dataclass
class LinkCheck:
    """One build's link records and their check."""

    state: BuildState
    docs_dir: Path
    pages: dict[str, PageLinks] = field(default_factory=dict)  # src_uri -> records, every page converted or reused
    texts: dict[Path, list[str]] = field(default_factory=dict)  # the editors' files, read once for the line search

    def record(self, src_uri: str, page: PageLinks) -> None:
        self.pages[src_uri] = page

    def all_resolve(self, src_uri: str, links: Iterable[str], files) -> bool:
        """Whether every link leads to a file of the site (a page whose links do not is never cached:
        MkDocs leaves such a link as written, and the page must be converted again once the target exists)."""
        return all(resolve(src_uri, link, files).problem is None for link in links)

    def report(self, files, log: logging.Logger) -> list[Problem]:
        """Check every recorded page's links and anchors; each problem is reported once per page and link."""
        found = []
        for src_uri, page in self.pages.items():
            seen = set()
            for link, message in self.findings(src_uri, page, files):
                if (link, message) in seen:
                    continue
                seen.add((link, message))
                path, line, written = self.locate(src_uri, link)
                problem = error(path, line, message.replace(f"'{link}'", f"'{written}'", 1))
                self.state.report(log, problem)
                found.append(problem)
        return found

    def findings(self, src_uri: str, page: PageLinks, files) -> Iterator[tuple[str, str]]:
        """(link, German message) for every link of the page that leads nowhere or to a missing section."""
        for link in page.links:
            resolved = resolve(src_uri, link, files)
            if resolved.problem is not None:
                yield link, resolved.problem
            elif resolved.anchor and resolved.target is not None:
                target = self.pages.get(resolved.target)
                if target is None or resolved.anchor in target.anchors:
                    continue  # not a page, or not converted in this build (``--dirty``): nothing to check against
                if resolved.target == src_uri:
                    yield link, f"Link '{link}': diesen Abschnitt gibt es auf der Seite nicht"
                else:
                    yield link, f"Link '{link}': die Seite '{resolved.target}' hat keinen Abschnitt '#{resolved.anchor}'"

    def locate(self, src_uri: str, link: str) -> tuple[Path, int, str]:
        """The editor's file and line that hold ``link`` on the page built from ``src_uri``, and the link as written.

        A page one folder deeper than its text's file (a guide's comparison pages) holds its
        links rebased by one ``../``: the editor wrote them without it.
        """
        origins = self.state.origins.get(src_uri) or (self.docs_dir / src_uri,)
        written = [link, link.removeprefix("../")] if link.startswith("../") else [link]
        for candidate in written:
            for path in origins:
                for number, line in enumerate(self._lines(path), start=1):
                    if candidate in line:
                        return path, number, candidate
        return origins[0], 0, link

    def _lines(self, path: Path) -> list[str]:
        if path not in self.texts:
            try:
                self.texts[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.texts[path] = []
        return self.texts[path]


def resolve(src_uri: str, link: str, files) -> Resolved:
    """Resolve a Markdown link written on the page ``src_uri`` as MkDocs documents it: relative to the
    Markdown file, to a ``.md`` file or any other file of the site."""
    scheme, netloc, path, query, anchor = urlsplit(link)
    if scheme or netloc or AMP_SUBSTITUTE in link:
        return Resolved()
    if link.startswith(("/", "\\")):
        return Resolved(problem=f"Link '{link}' ist absolut: bitte relativ zur .md-Datei verlinken")
    if not path:
        return Resolved(src_uri, anchor)
    path = unquote(path)
    target = _target_uri(src_uri, path)
    file = files.get_file_from_path(target)
    if file is not None:
        return Resolved(file.src_uri, anchor)
    if not posixpath.splitext(path)[1]:
        return Resolved(problem=f"Link '{link}' wird nicht erkannt: Seiten bitte über ihre .md-Datei verlinken, "
                                "z. B. ../anderer-leitfaden/index.md")
    hint = _suggestion(src_uri, path, target, query, anchor, files)
    return Resolved(problem=f"Link '{link}' führt ins Leere: die Seite '{target}' gibt es nicht"
                            + (f" – meinten Sie '{hint}'?" if hint else ""))


def _target_uri(base: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), path).lstrip("/"))


def _suggestion(src_uri: str, path: str, target: str, query: str, anchor: str, files) -> str:
    """A file the editor probably meant: the link read from the page's URL instead of its file,
    or ``x.html`` meant as ``x.md``."""
    page = files.get_file_from_path(src_uri)
    prefixes = dict.fromkeys([target] + ([_target_uri(page.url, path)] if page is not None else []))
    for prefix in prefixes:
        for guess in (prefix, prefix.removesuffix(".html") + ".md"):
            guess = posixpath.normpath(guess)
            if guess == target or guess.startswith("../") or files.get_file_from_path(guess) is None:
                continue
            relative = "" if anchor and guess == src_uri else posixpath.relpath(guess, posixpath.dirname(src_uri) or ".")
            return urlunsplit(("", "", relative, query, anchor))
    return ""
