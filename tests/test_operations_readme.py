"""README "Betrieb" tells a school's administrator the way from an empty fork to a published site:
every job, variable, file, schedule value and label it names must exist in the pipeline files."""

from __future__ import annotations

import re

import yaml

from projecttools import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("\n## Betrieb"):README.index("### Your own web server")]
WORKFLOWS = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in (ROOT / ".github" / "workflows").glob("*.yml")}
GITLAB_FILES = [ROOT / ".gitlab-ci.yml", *(ROOT / ".gitlab").glob("*.yml")]
PIPELINE_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in [*GITLAB_FILES, *(ROOT / ".github" / "workflows").glob("*.yml")])


def jobs() -> set[str]:
    names = {job for workflow in WORKFLOWS.values() for job in workflow["jobs"]}
    for path in GITLAB_FILES:
        names |= {name for name, job in yaml.safe_load(path.read_text(encoding="utf-8")).items()
                  if isinstance(job, dict) and "script" in job}
    return names


def named_after(word: str, text: str = SECTION) -> set[str]:
    """Every `x` the text names right after `word` ("the job `pages`", "jobs `a`, `b` and `c`")."""
    found = set()
    for match in re.finditer(rf"\b{word} ((?:`[^`]+`(?: \([^)]*\))?(?:, | and | or )?)+)", text):
        found |= set(re.findall(r"`([^`]+)`", re.sub(r" \([^)]*\)", "", match.group(1))))
    return found


def test_the_section_names_jobs_that_exist():
    named = named_after("job") | named_after("jobs")
    assert {"pages", "check", "preview", "intake", "build", "neueste-versionen"} <= named
    assert named <= jobs(), named - jobs()


def test_the_files_it_names_exist():
    paths = set(re.findall(r"`((?:\.github|\.gitlab|scripts|deploy|requirements)/[^`*<> ]+|[\w.-]+\.yml)`", SECTION))
    assert len(paths) > 8
    for path in paths:
        where = [ROOT / path, ROOT / ".github" / "workflows" / path]
        assert any(p.exists() for p in where), path


def test_the_variables_it_names_are_read_by_the_pipelines():
    variables = set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`", SECTION))
    assert {"SCSCHULE_SITE_URL", "SCSCHULE_BROKER_TOKEN", "INTAKE_TOKEN", "SCSCHULE_ZEITPLAN"} <= variables
    for variable in variables:
        assert variable in PIPELINE_TEXT, variable
    for value in re.findall(r"`SCSCHULE_ZEITPLAN` = `([^`]+)`", SECTION):
        assert f'$SCSCHULE_ZEITPLAN == "{value}"' in PIPELINE_TEXT, value


def test_the_nightly_times_and_labels_it_gives_are_the_pipelines():
    [schedule] = WORKFLOWS["deploy.yml"].get("on", WORKFLOWS["deploy.yml"].get(True))["schedule"]
    minute, hour = schedule["cron"].split()[:2]
    assert f"{int(hour):02d}:{int(minute):02d} UTC" in SECTION
    assert f"`{minute} {hour} * * *`" in SECTION  # the GitLab schedule publishes at the same time
    labels = set(re.findall(r"`(formular: \w+)`", SECTION))
    forms = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert labels and all(label in forms for label in labels)
    for label in labels:
        assert label in WORKFLOWS["intake.yml"]["jobs"]["intake"]["if"]


def test_the_check_notices_a_job_that_does_not_exist():
    assert named_after("job", "Then the job `veroeffentlichen` runs.") == {"veroeffentlichen"}
    assert not named_after("job", "Then the job `veroeffentlichen` runs.") <= jobs()
