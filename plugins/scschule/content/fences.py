"""Fenced code blocks in Markdown: the one scanner every rule about fences uses.

A fence opens with three or more backticks or tildes, possibly indented (inside a
list item or an admonition), and closes with a line of at least as many of the
same character. Text inside a fence is code, never Markdown structure: headings,
admonitions and moderation notes in it do not count.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

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


def named_blocks(text: str, path: Path, name: str, first_line: int = 1) -> list[NamedBlock]:
    """Every fence whose info string names ``name`` (``name``, ``{.name}``), also indented ones."""
    info = re.compile(rf"^\{{?\.?{re.escape(name)}\b")
    lines = text.splitlines()
    return [NamedBlock(path, first_line + fence.start, textwrap.dedent("\n".join(fence.body(lines))))
            for fence in fences(lines) if info.match(fence.info)]
