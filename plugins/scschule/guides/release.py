"""Releasing a new version of a guide: archive the current file, then bump it.

The front matter is edited line by line (not re-dumped), so the editor's
formatting, comments and key order stay as they were.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..content.problems import ContentError, error
from ..content.skeletons import REVIEW_AFTER
from ..content.source import read_markdown
from ..taxonomy import Taxonomy
from .model import VERSIONS_DIR, check_release, load_guides, review_overdue


def release(guide_dir: Path, taxonomy: Taxonomy, new_version: str, note: str, today: date,
            review_by: date | None = None) -> Path:
    """Archive ``guide_dir/index.md`` as ``versions/<old>.md`` and bump it to ``new_version``.

    Returns the archive file. Raises :class:`ContentError` (nothing written) if the
    guide is invalid, the version does not increase or the archive file exists.
    """
    index = guide_dir / "index.md"
    if not index.is_file():
        raise ContentError(error(index, 0, "Leitfaden nicht gefunden"))
    if not note.strip():
        raise ContentError(error(index, 0, "--note darf nicht leer sein: was hat sich geändert?"))
    guides, problems = load_guides(guide_dir.parent, taxonomy)
    guide = next((g for g in guides if g.source.path == index), None)
    if guide is not None:
        archive = guide_dir / VERSIONS_DIR / f"{guide.meta.version}.md"
        # Checked first: an existing archive file also breaks the history rules below.
        if archive.exists():
            raise ContentError(error(archive, 0, "Datei gibt es schon; eine archivierte Fassung wird nie überschrieben"))
    errors = [p for p in problems if p.is_error and guide_dir in (p.path.parent, p.path.parent.parent)]
    if errors or guide is None:
        raise ContentError(errors[0])
    why_not = check_release(guide, new_version)
    if why_not:
        raise ContentError(error(index, guide.source.line_of("version"), why_not))
    if today < guide.meta.updated:
        raise ContentError(error(index, guide.source.line_of("updated"),
                                 f"Datum {today.isoformat()} liegt vor dem bisherigen Stand {guide.meta.updated.isoformat()}"))

    source = guide.source
    lines = source.text.splitlines(keepends=True)
    if review_by is None and review_overdue(guide.meta.review_by, today):
        review_by = today + REVIEW_AFTER
    edits = {source.line_of("version"): f"version: {new_version}\n",
             source.line_of("updated"): f"updated: {today.isoformat()}\n"}
    if review_by is not None:
        edits[source.line_of("review_by")] = f"review_by: {review_by.isoformat()}\n"
    for line, text in edits.items():
        if not lines[line - 1].startswith(text.split(":")[0] + ":"):
            raise ContentError(error(index, line, f"'{text.split(':')[0]}' bitte als einfache Zeile 'schlüssel: wert' schreiben"))
        lines[line - 1] = text
    changelog_line, first_entry_line = source.line_of("changelog"), source.line_of("changelog", 0)
    first_entry = lines[first_entry_line - 1]
    if first_entry_line == changelog_line or not first_entry.lstrip().startswith("- "):
        raise ContentError(error(index, changelog_line, "changelog bitte als Liste mit '- version: …' je Eintrag schreiben"))
    indent = first_entry[: len(first_entry) - len(first_entry.lstrip())]
    entry = (f"{indent}- version: {new_version}\n{indent}  date: {today.isoformat()}\n"
             f"{indent}  note: {json.dumps(note.strip(), ensure_ascii=False)}\n")
    # Newest first, like the changelog the editors keep.
    lines.insert(changelog_line, entry)

    archive.parent.mkdir(exist_ok=True)
    with archive.open("x", encoding="utf-8", newline="") as handle:  # "x": never overwrite an archived version
        handle.write(source.text)
    index.write_text("".join(lines), encoding="utf-8", newline="")
    read_markdown(index)  # the edited file must still parse
    return archive
