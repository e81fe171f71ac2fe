"""The GitLab job (scripts/gitlab_intake.py) against a real local HTTP server standing in for
GitLab's REST API and a real git remote: issues become merge requests or German notes, an
answered description is not handled twice, and only the written file is pushed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug import Response

from projecttools import ROOT, copy_project
from test_intake_workflow import _git

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
PROJECT = "42"


@pytest.fixture
def checkout(tmp_path):
    """A CI checkout: a clone of a remote holding the project on main."""
    source = copy_project(tmp_path / "source")
    shutil.copy(ROOT / ".gitignore", source / ".gitignore")  # the build's caches stay out of git, as in the repository
    config = source / "mkdocs.yml"  # no PDFs: this is about the job, not the guides
    config.write_text(config.read_text(encoding="utf-8").replace("- scschule-guides\n", "- scschule-guides:\n      pdf: false\n", 1), encoding="utf-8")
    _git(source, "init", "-q", "-b", "main")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "base")
    remote = tmp_path / "remote.git"
    _git(tmp_path, "clone", "-q", "--bare", str(source), str(remote))
    _git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "checkout"))
    return tmp_path / "checkout", remote


def run_job(checkout: Path, remote: Path, httpserver) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI_API_V4_URL": httpserver.url_for("/api/v4"), "CI_PROJECT_ID": PROJECT,
           "CI_DEFAULT_BRANCH": "main", "INTAKE_TOKEN": "geheim", "INTAKE_PUSH_URL": str(remote),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "gitlab_intake.py")], cwd=checkout,
                          capture_output=True, text=True, env=env, timeout=600)


def serve_issues(httpserver, issues_by_label: dict[str, list[dict]], notes: list[dict]):
    """GitLab's endpoints the job uses; every write is recorded in ``notes``/the returned list."""
    for label in ("formular: kommune", "formular: beitrag", "formular: termin", "formular: pausenhof"):
        httpserver.expect_request(f"/api/v4/projects/{PROJECT}/issues", query_string={
            "state": "opened", "labels": label, "per_page": "100"}, headers={"PRIVATE-TOKEN": "geheim"},
        ).respond_with_json(issues_by_label.get(label, []))
    for issue in [i for issues in issues_by_label.values() for i in issues]:
        httpserver.expect_request(f"/api/v4/projects/{PROJECT}/issues/{issue['iid']}/notes", method="GET").respond_with_json(notes)
    written: list[tuple[str, str, dict]] = []

    def record(request):
        written.append((request.method, request.path, json.loads(request.data)))
        return Response(json.dumps({"iid": 1}), status=201, content_type="application/json")

    httpserver.expect_request(f"/api/v4/projects/{PROJECT}/merge_requests", method="GET").respond_with_json([])
    httpserver.expect_request(f"/api/v4/projects/{PROJECT}/merge_requests", method="POST").respond_with_handler(record)
    httpserver.expect_request(re.compile(rf"/api/v4/projects/{PROJECT}/issues/\d+/notes"), method="POST").respond_with_handler(record)
    return written


def test_valid_issue_becomes_a_merge_request_with_only_the_written_file(checkout, httpserver):
    repo, remote = checkout
    description = (FIXTURES / "gitlab-kommune-teilnehmer.md").read_text(encoding="utf-8")
    written = serve_issues(httpserver, {"formular: kommune": [{"iid": 5, "description": description}]}, [])
    result = run_job(repo, remote, httpserver)
    assert result.returncode == 0, result.stderr
    assert "#5: Merge Request intake/issue-5" in result.stdout
    assert _git(remote, "diff", "--name-only", "main", "intake/issue-5").split() == ["municipalities/brilon.yml"]
    (merge_request, note) = written
    assert merge_request[:2] == ("POST", f"/api/v4/projects/{PROJECT}/merge_requests")
    assert merge_request[2]["source_branch"] == "intake/issue-5" and merge_request[2]["target_branch"] == "main"
    assert merge_request[2]["title"] == "Anmeldung: Brilon (Teilnehmerkommune)"
    assert merge_request[2]["description"].endswith("Closes #5\n")
    assert note[1] == f"/api/v4/projects/{PROJECT}/issues/5/notes" and "Vielen Dank!" in note[2]["body"]


def test_invalid_issue_gets_the_german_answer_and_nothing_is_pushed(checkout, httpserver):
    repo, remote = checkout
    hostile = (FIXTURES / "gitlab-kommune-teilnehmer.md").read_text(encoding="utf-8").replace("Brilon\n", "$(touch pwned) Gotham\n", 1)
    written = serve_issues(httpserver, {"formular: kommune": [{"iid": 6, "description": hostile}]}, [])
    result = run_job(repo, remote, httpserver)
    assert result.returncode == 0, result.stderr
    [(method, path, note)] = written
    assert (method, path) == ("POST", f"/api/v4/projects/{PROJECT}/issues/6/notes")
    assert "issue-6:" in note["body"] and "ist keine der 59 Kommunen Südwestfalens" in note["body"]
    assert _git(remote, "for-each-ref", "--format=%(refname:short)", "refs/heads").split() == ["main"]
    assert not (repo / "pwned").exists()


def test_an_answered_description_is_not_handled_again(checkout, httpserver):
    repo, remote = checkout
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from gitlab_intake import marker
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    description = (FIXTURES / "gitlab-kommune-teilnehmer.md").read_text(encoding="utf-8")
    written = serve_issues(httpserver, {"formular: kommune": [{"iid": 5, "description": description}]},
                           [{"body": f"Vielen Dank!\n{marker(description)}"}])
    result = run_job(repo, remote, httpserver)
    assert result.returncode == 0, result.stderr
    assert "#5: schon beantwortet" in result.stdout and written == []
