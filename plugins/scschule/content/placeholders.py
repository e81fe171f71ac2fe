"""What an editor still has to fill in: the placeholders of ``scschule init`` and the template
sentences of ``scschule new``, each a warning at its ``path:line``.

``scschule init`` marks every fact it cannot know as ``«AUSFÜLLEN: what belongs here»``
(the marker is unusual on purpose: no page text, YAML value or Markdown syntax uses it).
The legal pages must hold none of them before a site is published
(:func:`legal_page_placeholders`, run by ``deploy/build-site.sh``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem, error, warning
from .skeletons import TEMPLATE_TEXTS

MARKER = re.compile(r"«AUSFÜLLEN:[^»\n]*»")
# The pages a German public body must publish complete (TMG/DDG, DSGVO, BITV 2.0), below docs_dir.
LEGAL_PAGES = ("impressum.md", "datenschutz.md", "barrierefreiheit.md")
SCANNED = {".md", ".yml", ".yaml", ".csv", ".txt"}
_KEY = re.compile(r"^(?:- )?(?:[\w-]+:\s*)?(.*?)\s*$")


def marker(what: str) -> str:
    """A placeholder as ``scschule init`` writes it."""
    return f"«AUSFÜLLEN: {what}»"


def placeholder_problems(files: Iterable[Path]) -> list[Problem]:
    """A warning for every placeholder and every template sentence still in ``files``."""
    templates = set(TEMPLATE_TEXTS)
    problems: list[Problem] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the collection's own loader reports an unreadable file
        if "«AUSFÜLLEN" not in text and not any(t in text for t in templates):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for found in MARKER.findall(line):
                problems.append(warning(path, number, f"Platzhalter noch ausfüllen: {found}"))
            value = _KEY.match(line.strip()).group(1).strip("'\"")
            if value in templates:
                problems.append(warning(path, number, f"Vorlagentext noch ersetzen: „{value}“"))
    return problems


def project_files(folders: Iterable[Path], extra: Iterable[Path] = ()) -> list[Path]:
    """The editors' files below ``folders`` that can hold placeholders, plus ``extra`` files."""
    found: dict[Path, None] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in SCANNED and path.is_file() and not any(p.startswith(".") for p in path.parts[-3:]):
                    found[path] = None
    for path in extra:
        if path.is_file():
            found[path] = None
    return list(found)


def legal_page_placeholders(docs: Path) -> list[Problem]:
    """An error for every placeholder of ``scschule init`` left on a legal page: such a site must
    not be published. (Other bracketed notes, e.g. ``[Anschrift]``, are the operator's own.)"""
    problems = []
    for name in LEGAL_PAGES:
        path = docs / name
        for problem in placeholder_problems([path]) if path.is_file() else []:
            if MARKER.search(problem.message):
                problems.append(error(problem.path, problem.line, problem.message))
    return problems
