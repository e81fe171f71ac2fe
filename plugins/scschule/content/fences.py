"""Fenced code blocks in Markdown: the one scanner every rule about fences uses.

A fence opens with three or more backticks or tildes, possibly indented (inside a
list item or an admonition), and closes with a line of at least as many of the
same character. Text inside a fence is code, never Markdown structure: headings,
admonitions and moderation notes in it do not count.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    start: int  # 0-based index of the opening line
    end: int  # index of the closing line; len(lines) if the fence is never closed
    indent: str  # white space before the opening fence
    info: str  # the info string after the fence characters, stripped ("python", "{.datenplattform}")

    def body(self, lines: Sequence[str]) -> list[str]:
        return list(lines[self.start + 1:self.end])


def fences(lines: Sequence[str]) -> list[Fence]:
    """Every fenced code block in ``lines``, in order."""
    found: list[Fence] = []
    index = 0
    while index < len(lines):
        match = _OPEN.match(lines[index])
        # CommonMark: the info string of a backtick fence cannot contain backticks (that is inline code).
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            index += 1
            continue
        char, length = match["fence"][0], len(match["fence"])
        closing = re.compile(rf"^[ \t]*{re.escape(char)}{{{length},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        found.append(Fence(index, end, match["indent"], match["info"].strip()))
        index = end + 1
    return found


def fenced_mask(lines: Sequence[str]) -> list[bool]:
    """For each line: is it part of a fenced code block (its fence lines included)?"""
    mask = [False] * len(lines)
    for fence in fences(lines):
        for index in range(fence.start, min(fence.end, len(lines) - 1) + 1):
            mask[index] = True
    return mask


def unfenced(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of every line outside fenced code blocks."""
    for index, (line, fenced) in enumerate(zip(lines, fenced_mask(lines))):
        if not fenced:
            yield index, line


def map_unfenced(text: str, change) -> str:
    """``text`` with ``change(line)`` applied to every line outside fenced code blocks."""
    lines = text.splitlines(keepends=True)
    mask = fenced_mask(lines)
    return "".join(line if fenced else change(line) for line, fenced in zip(lines, mask))


@dataclass(frozen=True)
class NamedBlock:
    """One fence of a named kind (```datenplattform, ```medien) as written: where it stands and its text."""

    path: Path
    line: int  # line of the opening fence
    body: str  # dedented

    @property
    def key(self) -> str:
        return block_key(self.body)


def info_pattern(name: str) -> re.Pattern:
    """The info string of a fence named ``name``: ``name`` or ``{.name}``."""
    return re.compile(rf"^\{{?\.?{re.escape(name)}\b")


def named_blocks(text: str, path: Path, name: str, first_line: int = 1) -> list[NamedBlock]:
    """Every fence whose info string names ``name`` (``name``, ``{.name}``), also indented ones."""
    info = info_pattern(name)
    lines = text.splitlines()
    return [NamedBlock(path, first_line + fence.start, textwrap.dedent("\n".join(fence.body(lines))))
            for fence in fences(lines) if info.match(fence.info)]


def block_key(body: str) -> str:
    """Identifies a named block by what its YAML says, however it is indented or spaced.

    The fence formatter sees the body as the Markdown parser hands it over, a plugin
    sees it as the editor wrote it (e.g. inside an admonition); both get the same key.
    A body that is no YAML is keyed by its dedented text.
    """
    try:
        canonical = json.dumps(yaml.safe_load(body), sort_keys=True, default=str)
    except yaml.YAMLError:
        canonical = textwrap.dedent(body).strip()
    return hashlib.sha256(canonical.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class SlotFence:
    """A named fence whose HTML the build fills in after conversion (```datenplattform, ```medien).

    A ``pymdownx.superfences`` formatter is a plain function without access to the
    build, so :meth:`format` leaves a slot carrying the block's key; the capability's
    plugin replaces each slot (:meth:`fill`) once it knows what the block shows.
    Without the plugin (e.g. another converter) the slot says what is missing.
    """

    name: str  # the info string: "datenplattform"
    slot_class: str  # "scs-widget-slot"
    data_attribute: str  # "data-scs-widget"
    placeholder: str  # German, shown until the plugin fills the slot

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(rf'<div class="{self.slot_class}" {self.data_attribute}="(?P<key>[0-9a-f]{{20}})">.*?</div>',
                          re.S)

    @cached_property
    def info(self) -> re.Pattern:
        return info_pattern(self.name)

    def slot(self, key: str) -> str:
        return f'<div class="{self.slot_class}" {self.data_attribute}="{key}"><p>{self.placeholder}</p></div>'

    def format(self, source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
        """The superfences formatter: a slot for the block."""
        return self.slot(block_key(source))

    def blocks(self, text: str, path: Path, first_line: int = 1) -> list[NamedBlock]:
        """Every fence of this kind in ``text``, also indented ones."""
        return named_blocks(text, path, self.name, first_line)

    def has_slots(self, html: str) -> bool:
        return self.slot_class in html

    def keys_in(self, html: str) -> set[str]:
        return set(self.pattern.findall(html)) if self.has_slots(html) else set()

    def fill(self, html: str, content: Callable[[str, str], str]) -> str:
        """``html`` with each slot replaced by ``content(key, slot)``."""
        return self.pattern.sub(lambda match: content(match["key"], match[0]), html) if self.has_slots(html) else html
