"""Readable comparison of two versions of a guide, as Markdown with ``<ins>``/``<del>``.

The texts are compared unit by unit (a line of prose, a whole table, a whole code
block), then word by word inside changed prose lines. Links, inline code and HTML
tags are single tokens, so a change never cuts through Markdown syntax. Every
mark carries a visually hidden "eingefügt:"/"entfernt:" label, so the change is
not signalled by colour (or strike-through) alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

INS_LABEL = '<span class="scs-visually-hidden">eingefügt: </span>'
DEL_LABEL = '<span class="scs-visually-hidden">entfernt: </span>'
SIMILAR = 0.4  # below this ratio a changed line is shown as removed + inserted

_FENCE = re.compile(r"^\s*(```|~~~)")
# Markdown that opens a line and must stay outside any mark: indentation, list
# markers, headings, quotes, definition-list colons, admonition openers.
_PREFIX = re.compile(r"^(\s*(?:(?:[-*+]|\d+[.)])\s+|#{1,6}\s+|>\s*|:\s+|(?:!!!|\?\?\?\+?)\s+)?)")
_TOKEN = re.compile(
    r"!?\[[^\]]*\]\([^)]*\)"  # link or image, whole
    r"|`[^`]*`"  # inline code, whole
    r"|<[^>]+>"  # HTML tag
    r"|\w+|\s+|[^\w\s]"
)


@dataclass(frozen=True)
class Unit:
    kind: str  # "line", "table", "code"
    text: str


@dataclass(frozen=True)
class Comparison:
    markdown: str
    inserted: int  # number of marked insertions
    deleted: int


def split_units(markdown: str) -> list[Unit]:
    units: list[Unit] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            end = i + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(1)):
                end += 1
            units.append(Unit("code", "\n".join(lines[i : end + 1])))
            i = end + 1
        elif line.lstrip().startswith("|"):
            end = i
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            units.append(Unit("table", "\n".join(lines[i:end])))
            i = end
        else:
            units.append(Unit("line", line))
            i += 1
    return units


class _Marker:
    def __init__(self) -> None:
        self.inserted = self.deleted = 0

    def ins(self, text: str) -> str:
        if not text.strip():
            return text
        self.inserted += 1
        return f"<ins>{INS_LABEL}{text}</ins>"

    def delete(self, text: str) -> str:
        if not text.strip():
            return ""
        self.deleted += 1
        return f"<del>{DEL_LABEL}{text}</del>"

    def line(self, text: str, mark) -> str:
        prefix = _PREFIX.match(text).group(1)
        rest = text[len(prefix):]
        return prefix + mark(rest) if rest.strip() else text

    def block(self, unit: Unit, inserted: bool) -> str:
        if inserted:
            self.inserted += 1
        else:
            self.deleted += 1
        kind, label = ("scs-diff-ins", "Eingefügt:") if inserted else ("scs-diff-del", "Entfernt:")
        return f'\n<div class="scs-diff-block {kind}" markdown="1">\n<p class="scs-diff-label">{label}</p>\n\n{unit.text}\n\n</div>\n'

    def words(self, old: str, new: str) -> str:
        old_prefix, new_prefix = _PREFIX.match(old).group(1), _PREFIX.match(new).group(1)
        if old_prefix.strip() != new_prefix.strip():
            return self.line(old, self.delete) + "\n" + self.line(new, self.ins)
        a, b = _TOKEN.findall(old[len(old_prefix):]), _TOKEN.findall(new[len(new_prefix):])
        out = [new_prefix]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                out.append("".join(b[j1:j2]))
            else:
                out.append(self.delete("".join(a[i1:i2])) + self.ins("".join(b[j1:j2])))
        return "".join(out)


def compare(old: str, new: str) -> Comparison:
    """The new text with what changed since the old one marked inline."""
    a, b = split_units(old), split_units(new)
    marker = _Marker()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [u.text for u in b[j1:j2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        paired = 0
        for old_unit, new_unit in zip(olds, news):
            prose = old_unit.kind == new_unit.kind == "line"
            if prose and difflib.SequenceMatcher(None, old_unit.text, new_unit.text).ratio() >= SIMILAR:
                out.append(marker.words(old_unit.text, new_unit.text))
                paired += 1
            else:
                break
        for unit in olds[paired:]:
            out.append(marker.line(unit.text, marker.delete) if unit.kind == "line" else marker.block(unit, False))
        if olds[paired:] and news[paired:] and olds[-1].text.strip():
            out.append("")  # keep a removed and an inserted paragraph apart
        for unit in news[paired:]:
            out.append(marker.line(unit.text, marker.ins) if unit.kind == "line" else marker.block(unit, True))
    return Comparison("\n".join(out) + "\n", marker.inserted, marker.deleted)
