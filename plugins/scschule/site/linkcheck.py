"""MkDocs' own link and anchor validation, reported as the editor's ``path:line``.

MkDocs checks every Markdown link of every page (``validation:`` in mkdocs.yml) and
logs an English message naming the page's *site* source, which for generated pages
(a guide, a course unit, an issue) is not the file the editor wrote. While a build
runs, :class:`LinkReports` sits on MkDocs' page logger and turns each such message
into a :class:`~scschule.content.problems.Problem` at the line of the editor's file
that holds the link, in German, and records it on the build state: the build log
and ``scschule check`` show the same message.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..content.problems import Problem, error
from .build import BuildState

PAGES_LOGGER = "mkdocs.structure.pages"

_DOC = r"Doc file '(?P<src>[^']+)' contains "
_MESSAGES = (
    (re.compile(_DOC + r"a link '(?P<link>[^']+)', but the target(?: '(?P<target>[^']+)')? is not found among "
                       r"documentation files\.(?: Did you mean '(?P<hint>[^']+)'\?)?"),
     lambda m: f"Link '{m['link']}' führt ins Leere: die Seite '{m['target'] or m['link']}' gibt es nicht"
               + (f" – meinten Sie '{m['hint']}'?" if m["hint"] else "")),
    (re.compile(_DOC + r"a link '(?P<link>[^']+)', but the doc '(?P<target>[^']+)' does not contain an anchor "
                       r"'#(?P<anchor>[^']+)'\."),
     lambda m: f"Link '{m['link']}': die Seite '{m['target']}' hat keinen Abschnitt '#{m['anchor']}'"),
    (re.compile(_DOC + r"a link '(?P<link>[^']+)', but there is no such anchor on this page\."),
     lambda m: f"Link '{m['link']}': diesen Abschnitt gibt es auf der Seite nicht"),
    (re.compile(_DOC + r"an unrecognized relative link '(?P<link>[^']+)', it was left as is\."),
     lambda m: f"Link '{m['link']}' wird nicht erkannt: Seiten bitte über ihre .md-Datei verlinken, "
               "z. B. ../anderer-leitfaden/index.md"),
    (re.compile(_DOC + r"an absolute link '(?P<link>[^']+)', it was left as is\."),
     lambda m: f"Link '{m['link']}' ist absolut: bitte relativ zur .md-Datei verlinken"),
)


class LinkReports(logging.Filter):
    """A logging filter on MkDocs' page logger for the duration of one build."""

    def __init__(self, state: BuildState, docs_dir: Path):
        super().__init__()
        self.state = state
        self.docs_dir = docs_dir
        self.texts: dict[Path, list[str]] = {}
        self.warnings = 0  # every warning of MkDocs' page logger, reported or not (for the render cache)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        if record.levelno < logging.INFO or getattr(record, "problem", None) is not None:
            return True
        problem = self.problem(record.getMessage())
        if problem is not None:
            self.state.problems.append(problem)
            record.msg, record.args, record.problem = problem.format(self.state.root), (), problem
        return True

    def problem(self, message: str) -> Problem | None:
        for pattern, german in _MESSAGES:
            match = pattern.match(message)
            if match:
                path, line, link = self.locate(match["src"], match["link"])
                fields = {**match.groupdict(), "link": link}
                return error(path, line, german(fields))
        return None

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


def attach(state: BuildState, docs_dir: Path) -> LinkReports:
    reports = LinkReports(state, docs_dir)
    logging.getLogger(PAGES_LOGGER).addFilter(reports)
    return reports


def detach(reports: LinkReports | None) -> None:
    if reports is not None:
        logging.getLogger(PAGES_LOGGER).removeFilter(reports)
