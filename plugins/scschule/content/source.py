"""Reading content files: YAML front matter plus Markdown body, or a plain YAML file.

The reader keeps the line of every YAML key and list item so that validation
can point an editor at ``path:line`` of the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, error

Location = tuple[str | int, ...]

_FENCE = "---"


@dataclass(frozen=True)
class Source:
    """A parsed content file: its data, its Markdown body and where each key stands."""

    path: Path
    data: dict[str, Any]
    body: str = ""
    body_line: int = 1
    lines: dict[Location, int] = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)

    def line_of(self, *location: str | int) -> int:
        """Line of the deepest known prefix of ``location`` (first line of data if none)."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(error(path, 0, f"Datei nicht lesbar: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            error(path, line, "Datei ist nicht in UTF-8 kodiert; bitte als UTF-8 speichern")
        ) from None
    return text.removeprefix("\ufeff")


def read_markdown(path: Path) -> Source:
    """Read a Markdown file that must start with a YAML front-matter block."""
    text = read_text(path)
    if not text.strip():
        raise ContentError(error(path, 1, "Datei ist leer; erwartet wird Front Matter zwischen '---'-Zeilen"))
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != _FENCE:
        raise ContentError(error(path, 1, "Front Matter fehlt: die Datei muss mit einer Zeile '---' beginnen"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            break
    else:
        raise ContentError(error(path, 1, "Front Matter wird nicht mit einer Zeile '---' abgeschlossen"))
    front = "".join(lines[1:index])
    data, key_lines = parse_yaml(path, front, first_line=2)
    body = "".join(lines[index + 1 :])
    return Source(path, data, body, index + 2, key_lines, text)


def read_yaml(path: Path) -> Source:
    """Read a YAML file whose top level is a mapping."""
    text = read_text(path)
    if not text.strip():
        raise ContentError(error(path, 1, "Datei ist leer"))
    data, key_lines = parse_yaml(path, text, first_line=1)
    return Source(path, data, "", 1, key_lines, text)


def parse_yaml(path: Path, text: str, first_line: int) -> tuple[dict[str, Any], dict[Location, int]]:
    offset = first_line - 1
    try:
        try:
            node, data = compose(FAST_LOADER, text)
        except yaml.YAMLError:
            node, data = compose(yaml.SafeLoader, text)  # raises again, with PyYAML's own message and line
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + offset if mark else first_line
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(error(path, line, f"YAML-Syntaxfehler: {what}")) from None
    except ValueError:
        # A value that looks like a date but is none (2026-13-40): YAML's constructor raises ValueError.
        raise ContentError(_bad_timestamp(path, text, offset) or error(path, first_line, "ungültiger Wert")) from None
    if data is None:
        raise ContentError(error(path, first_line, "Front Matter ist leer"))
    if not isinstance(data, dict):
        raise ContentError(error(path, first_line, "Front Matter muss eine Zuordnung 'schlüssel: wert' sein"))
    return data, {(): first_line, **key_lines(node, offset)}


def _bad_timestamp(path: Path, text: str, offset: int):
    """The first scalar YAML reads as a date or time that no calendar has, as a problem at its line."""
    loader = yaml.SafeLoader(text)
    try:
        pending = [loader.get_single_node()]
        while pending:
            node = pending.pop(0)
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
                try:
                    loader.construct_yaml_timestamp(node)
                except ValueError:
                    return error(path, node.start_mark.line + 1 + offset,
                                 f"'{node.value}' ist kein gültiges Datum (JJJJ-MM-TT) bzw. kein gültiger Zeitpunkt")
            elif isinstance(node, yaml.MappingNode):
                pending += [value for _, value in node.value]
            elif isinstance(node, yaml.SequenceNode):
                pending += node.value
    finally:
        loader.dispose()
    return None


# libyaml's loader gives the same data and key lines as PyYAML's, about twenty times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(loader_class, text: str) -> tuple[yaml.Node | None, Any]:
    """Compose once, then construct from the same node tree: one parse gives
    both the data and the line of every key."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def key_lines(node: yaml.Node, offset: int = 0) -> dict[Location, int]:
    """The 1-based line of every key and list item below ``node``, by its key path."""
    out: dict[Location, int] = {}
    _collect_lines(node, (), out, offset)
    return out


def _collect_lines(node: yaml.Node, location: Location, out: dict[Location, int], offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*location, key_node.value)
            out[key] = key_node.start_mark.line + 1 + offset
            _collect_lines(value_node, key, out, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*location, index)
            out[key] = item.start_mark.line + 1 + offset
            _collect_lines(item, key, out, offset)
