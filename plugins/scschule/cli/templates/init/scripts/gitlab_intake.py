"""GitLab's counterpart of .github/workflows/intake.yml, run by a scheduled pipeline
(.gitlab/intake.gitlab-ci.yml): every open issue with a form label becomes a merge
request with the file ``scschule intake`` writes, or a German note listing its problems.

GitLab starts no pipeline for a new issue, so this looks at the open issues on every
scheduled run. A note carries the SHA-256 of the description it answered, so an issue is
handled again only after the person edited it. The description is untrusted: it goes
into a file and through the API as data, never into a command line.

Environment: CI_API_V4_URL, CI_PROJECT_ID, CI_DEFAULT_BRANCH (set by GitLab), INTAKE_TOKEN
(a project access token with the scope "api", role Developer) and INTAKE_PUSH_URL (default:
https://oauth2:<token>@<CI_SERVER_HOST>/<CI_PROJECT_PATH>.git).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

LABELS = ("formular: kommune", "formular: beitrag", "formular: termin", "formular: pausenhof")
THANKS = ("Vielen Dank! Aus Ihren Angaben ist ein Änderungsvorschlag entstanden; die Redaktion prüft ihn. "
          "Dieses Issue wird geschlossen, sobald er übernommen ist.")


def marker(description: str) -> str:
    return f"<!-- scschule-intake {hashlib.sha256(description.encode('utf-8')).hexdigest()} -->"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def handle(api: httpx.Client, project: str, issue: dict, default_branch: str, push_url: str) -> str:
    """Answer one issue; returns what was done (for the job log)."""
    iid = int(issue["iid"])
    description = issue.get("description") or ""
    seen = marker(description)
    notes = api.get(f"projects/{project}/issues/{iid}/notes", params={"per_page": 100}).raise_for_status().json()
    if any(seen in (note.get("body") or "") for note in notes):
        return f"#{iid}: schon beantwortet"
    branch = f"intake/issue-{iid}"
    with tempfile.TemporaryDirectory() as work:
        body, out = Path(work) / "issue.md", Path(work) / "out"
        body.write_text(description, encoding="utf-8")
        git("checkout", "--quiet", "-B", branch, f"origin/{default_branch}")
        result = subprocess.run([sys.executable, "-m", "scschule.cli", "intake", str(body), "--check",
                                 "--name", f"issue-{iid}", "--out", str(out)], capture_output=True, text=True)
        answer = (out / "antwort.md").read_text(encoding="utf-8") if (out / "antwort.md").is_file() else result.stderr
        if result.returncode != 0:
            _note(api, project, iid, f"{answer}\n{seen}")
            return f"#{iid}: Probleme beantwortet"
        written = [line for line in (out / "dateien.txt").read_text(encoding="utf-8").splitlines() if line]
        git("add", "--", *written)
        staged = sorted(git("diff", "--cached", "--name-only").split("\n")[:-1])
        others = git("status", "--porcelain", "--untracked-files=all").splitlines()
        if staged != sorted(written) or len(others) != len(written):
            raise SystemExit(f"#{iid}: unerwartete Änderungen neben {written}")
        title = (out / "titel.txt").read_text(encoding="utf-8").strip()
        git("-c", "user.name=scschule intake", "-c", "user.email=intake@invalid", "commit", "--quiet", "-m", title)
        git("push", "--quiet", "--force", push_url, f"HEAD:refs/heads/{branch}")
        git("checkout", "--quiet", "--detach", f"origin/{default_branch}")
    request = {"title": title, "description": f"{answer}\nCloses #{iid}\n"}
    existing = api.get(f"projects/{project}/merge_requests",
                       params={"source_branch": branch, "state": "opened"}).raise_for_status().json()
    if existing:
        api.put(f"projects/{project}/merge_requests/{existing[0]['iid']}", json=request).raise_for_status()
    else:
        api.post(f"projects/{project}/merge_requests",
                 json={**request, "source_branch": branch, "target_branch": default_branch,
                       "remove_source_branch": True}).raise_for_status()
    _note(api, project, iid, f"{THANKS}\n{seen}")
    return f"#{iid}: Merge Request {branch}"


def _note(api: httpx.Client, project: str, iid: int, body: str) -> None:
    api.post(f"projects/{project}/issues/{iid}/notes", json={"body": body}).raise_for_status()


def main() -> None:
    env = os.environ
    token = env["INTAKE_TOKEN"]
    project = env["CI_PROJECT_ID"]
    push_url = env.get("INTAKE_PUSH_URL") or f"https://oauth2:{token}@{env['CI_SERVER_HOST']}/{env['CI_PROJECT_PATH']}.git"
    default_branch = env.get("CI_DEFAULT_BRANCH", "main")
    with httpx.Client(base_url=env["CI_API_V4_URL"].rstrip("/") + "/", headers={"PRIVATE-TOKEN": token},
                      timeout=30) as api:
        for label in LABELS:
            issues = api.get(f"projects/{project}/issues",
                             params={"state": "opened", "labels": label, "per_page": 100}).raise_for_status().json()
            for issue in issues:
                print(handle(api, project, issue, default_branch, push_url))


if __name__ == "__main__":
    main()
