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


def test_a_dead_link_and_an_overdue_review_become_code_quality_issues(project):
    guide = project / "guides" / "open-data-mit-ckan" / "index.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "\nMehr im [Leitfaden, den es nicht gibt](../gibt-es-nicht/index.md).\n", encoding="utf-8")
    dead_line = (text + "\n").count("\n") + 1

    # Far in the future every guide is past its review date: warnings, not errors.
    result = check_gitlab(project, "--today", "2099-01-01")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    issues = json.loads(result.stdout)  # stdout is the report and nothing else
    for issue in issues:
        assert_code_quality_issue(issue)
    dead = [i for i in issues if "gibt-es-nicht" in i["description"]]
    assert len(dead) == 1
    assert dead[0]["severity"] == "major"
    assert dead[0]["location"] == {"path": "guides/open-data-mit-ckan/index.md", "lines": {"begin": dead_line}}
    assert dead[0]["description"].startswith("Link '../gibt-es-nicht/index.md' führt ins Leere")
    overdue = [i for i in issues if i["severity"] == "minor"]
    assert overdue, "Überfällige Prüftermine fehlen im Bericht"
    assert any(i["location"]["path"] == "guides/open-data-mit-ckan/index.md" for i in overdue)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert result.stderr.strip().startswith("1 Fehler")


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
