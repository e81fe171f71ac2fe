"""Shared loop for loading one collection: read, validate, collect every problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from .problems import ContentError, Problem
from .source import Source

T = TypeVar("T")


def load_each(
    paths: Iterable[Path],
    read: Callable[[Path], Source],
    build: Callable[[Source], tuple[T | None, list[Problem]]],
) -> tuple[list[T], list[Problem]]:
    """Read and build every file; a broken file yields problems, never an exception."""
    records: list[T] = []
    problems: list[Problem] = []
    for path in sorted(paths):
        try:
            source = read(path)
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        record, found = build(source)
        problems.extend(found)
        if record is not None:
            records.append(record)
    return records, problems
