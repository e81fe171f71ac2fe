"""``scschule check --format gitlab``: GitLab's Code Quality report for merge requests.

GitLab reads a JSON array of Code Climate issues and shows each at its file and line in the
merge request; it needs description, check_name, fingerprint, severity and location.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scschule.content.problems import error, format_gitlab, warning

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def check_gitlab(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scschule.cli", "check", str(project), "--format", "gitlab", *args],
                          capture_output=True, text=True)


def assert_code_quality_issue(issue: dict) -> None:
    assert issue["type"] == "issue"
    assert isinstance(issue["description"], str) and issue["description"]
    assert issue["check_name"] == "scschule-check"
    assert issue["severity"] in GITLAB_SEVERITIES
    assert len(issue["fingerprint"]) == 64 and int(issue["fingerprint"], 16) >= 0
    assert not Path(issue["location"]["path"]).is_absolute()
    assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1


def test_a_dead_link_becomes_a_code_quality_issue_at_its_line(project):
    # In a newsletter issue: no guide PDF to render again, so the check stays quick.
    issue = project / "newsletter" / "2026" / "03-formate-der-schule.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text + "\nMehr im [Leitfaden, den es nicht gibt](../gibt-es-nicht/index.md).\n", encoding="utf-8")
    dead_line = (text + "\n").count("\n") + 1

    result = check_gitlab(project, "--today", "2026-11-30")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    issues = json.loads(result.stdout)  # stdout is the report and nothing else
    assert issues
    for entry in issues:
        assert_code_quality_issue(entry)
    [dead] = [i for i in issues if "gibt-es-nicht" in i["description"]]
    assert dead["severity"] == "major"
    assert dead["location"] == {"path": "newsletter/2026/03-formate-der-schule.md", "lines": {"begin": dead_line}}
    assert dead["description"].startswith("Link '../gibt-es-nicht/index.md'")
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert result.stderr.strip().startswith(f"{len(issues)} Fehler")


def test_fingerprints_are_stable_and_duplicates_collapse(tmp_path):
    path = tmp_path / "guides" / "x" / "index.md"
    message = 'Feld "title" fehlt\nzweite Zeile mit % und ü'
    report = json.loads(format_gitlab([error(path, 3, message), error(path, 3, message),
                                       warning(path, 0, "Prüftermin überschritten")], tmp_path))
    assert [i["location"] for i in report] == [{"path": "guides/x/index.md", "lines": {"begin": 3}},
                                               {"path": "guides/x/index.md", "lines": {"begin": 1}}]
    assert report[0]["description"] == message
    assert [i["severity"] for i in report] == ["major", "minor"]
    again = json.loads(format_gitlab([error(path, 3, message)], tmp_path))
    assert again[0]["fingerprint"] == report[0]["fingerprint"]
    moved = json.loads(format_gitlab([error(path, 4, message)], tmp_path))
    assert moved[0]["fingerprint"] != report[0]["fingerprint"]
    assert json.loads(format_gitlab([], tmp_path)) == []  # a clean check: an empty report, not nothing
