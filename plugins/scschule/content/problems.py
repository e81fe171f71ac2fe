"""Problems found in content: every check reports ``path:line: message``."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file. ``line`` is 1-based; 0 means the whole file."""

    path: Path
    line: int
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self, root: Path | None = None) -> str:
        """``path:line``, the path relative to ``root`` where possible."""
        return f"{_shown(self.path, root)}:{max(self.line, 1)}"

    def format(self, root: Path | None = None) -> str:
        prefix = "" if self.is_error else "Warnung: "
        return f"{self.where(root)}: {prefix}{self.message}"

    def format_github(self, root: Path | None = None) -> str:
        # GitHub Actions workflow command; newlines must be escaped as %0A.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity.value} file={_shown(self.path, root)},line={max(self.line, 1)}::{message}"

    def code_quality(self, root: Path | None = None) -> dict:
        """One issue of GitLab's Code Quality report (a subset of the Code Climate format)."""
        path = _shown(self.path, root)
        line = max(self.line, 1)
        # The same problem keeps its fingerprint between pipelines, so GitLab can tell new from fixed ones.
        fingerprint = hashlib.sha256(f"{path}\0{line}\0{self.message}".encode()).hexdigest()
        return {
            "type": "issue",
            "check_name": "scschule-check",
            "description": self.message,
            "categories": ["Style"],
            "severity": "major" if self.is_error else "minor",
            "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": line}},
        }


def format_gitlab(problems: Iterable[Problem], root: Path | None = None) -> str:
    """GitLab Code Quality report (JSON array); one entry per distinct problem."""
    issues = {issue["fingerprint"]: issue for issue in (p.code_quality(root) for p in problems)}
    return json.dumps(list(issues.values()), ensure_ascii=False, indent=2)


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def error(path: Path, line: int, message: str) -> Problem:
    return Problem(path, line, message, Severity.ERROR)


def warning(path: Path, line: int, message: str) -> Problem:
    return Problem(path, line, message, Severity.WARNING)


class ContentError(Exception):
    """Raised when a file cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem
