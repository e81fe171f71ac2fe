"""The world's validators, run over a built site: the Nu HTML Checker (npm vnu-jar on Debian's
headless JRE) and pa11y (npm, HTML_CodeSniffer on Debian's chromium).

Both are installed by the project's own files (package.json via `make setup`, the JRE and
chromium via scripts/system-packages.sh). A missing tool is a failure, never a skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = NODE_MODULES / ".bin" / "pa11y"
VNU_ALLOWLIST = Path(__file__).with_name("vnu-allowlist.toml")
SETUP_HINT = "`make setup` installiert es (package.json, scripts/system-packages.sh)"


def require(path: Path | None, what: str) -> Path:
    """The tool's path; fails the test (not skips) when the project's setup did not install it."""
    import pytest

    if path is None or not path.exists():
        pytest.fail(f"{what} fehlt: {SETUP_HINT}")
    return path


@dataclass(frozen=True)
class VnuMessage:
    file: Path
    line: int | None
    message: str
    extract: str

    def where(self, site: Path) -> str:
        try:
            name = self.file.relative_to(site)
        except ValueError:
            name = self.file
        return f"{name}:{self.line or 0}: {self.message}"


def run_vnu(files: list[Path]) -> list[VnuMessage]:
    """Errors the Nu HTML Checker reports for ``files``: one JVM for all of them (fast)."""
    java = require(Path(shutil.which("java") or "/nonexistent"), "java (Debian: default-jre-headless)")
    jar = require(VNU_JAR, "Nu HTML Checker (npm vnu-jar)")
    # -Xss: the checker recurses deeply on long pages; --exit-zero-always: the JSON says it all.
    result = subprocess.run([str(java), "-Xss8m", "-jar", str(jar), "--format", "json", "--errors-only",
                             "--exit-zero-always", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"vnu.jar ist abgebrochen ({result.returncode}): {result.stderr[-2000:]}"
    report = json.loads(result.stderr or result.stdout)
    messages = []
    for message in report["messages"]:
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else Path(url)
        messages.append(VnuMessage(path.resolve(), message.get("lastLine"), message["message"],
                                   message.get("extract", "")))
    return messages


@dataclass(frozen=True)
class Allowed:
    """An error of the theme that the project cannot fix through its overrides."""
    message: re.Pattern
    extract: str
    reason: str

    def covers(self, error: VnuMessage) -> bool:
        return bool(self.message.search(error.message)) and self.extract in error.extract


def vnu_allowlist(path: Path = VNU_ALLOWLIST) -> list[Allowed]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["allowed"]
    out = []
    for number, entry in enumerate(entries, 1):
        missing = {"message", "extract", "reason"} - entry.keys()
        assert not missing, f"{path.name}: Eintrag {number}: es fehlt {', '.join(sorted(missing))}"
        assert entry["reason"].strip(), f"{path.name}: Eintrag {number}: kein Grund angegeben"
        out.append(Allowed(re.compile(entry["message"]), entry["extract"], entry["reason"]))
    return out
