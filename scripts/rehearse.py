"""Rehearses every pipeline in clean Debian roots, step by step as written.

    make rehearse                                   # all rehearsals (about an hour)
    .venv/bin/python scripts/rehearse.py --list     # their names
    .venv/bin/python scripts/rehearse.py gitlab:pages github:deploy.yml:build

Each rehearsal runs in a fresh root made by ../shared/clean-room/run (Debian 12 unless it says
trixie): only python3, venv, pip, make, git, ca-certificates and sudo, and a fresh clone of the
committed HEAD. A pipeline job is read from its file: its `run:` steps (GitHub) or its
before_script and script (GitLab) run in order, as the forge would run them, with the forge's
variables set as a fresh fork has them (no repository variables, no secrets). What only the forge
does is stood in for: `actions/checkout` is the clean clone, `actions/setup-python` Debian's
python3 (3.11 on Debian 12, as the workflows ask), an upload is a check that the folder holds a
site; the forms jobs talk to a stand-in `gh` and a local stand-in of GitLab's API, and push to a
local bare repository. Nothing leaves the machine.

Needs root and ../shared/clean-room (the clean roots are cached there after the first run).
Prints one line per rehearsal and exits 1 if any failed; the logs are in .cache/rehearse/.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN_ROOM = ROOT.parent / "shared" / "clean-room" / "run"
LOGS = ROOT / ".cache" / "rehearse"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
STEP_OUTPUT = re.compile(r"^steps\.([\w-]+)\.outputs\.([\w-]+) == '([^']*)'$")

# The GitHub contexts of a fresh fork: no variables, no secrets; the forms job gets one issue.
FORM_ISSUE = ROOT / "tests" / "fixtures" / "intake" / "github-kommune-teilnehmer.md"
GITHUB_CONTEXT = {
    "github.event.issue.number": "7",
    "github.token": "probe-token",
    "github.repository": "schule/portal",
    "github.event.pull_request.number": "3",
}

# Stand-ins for the forms jobs, written into the clean root before the job's own steps.
FAKE_GH = """#!/bin/sh
# Stand-in for GitHub's CLI: records the call, answers "no open pull request".
echo "gh $*" >> "$RUNNER_TEMP/gh.log"
exit 0
"""
FAKE_GITLAB = r'''
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit, parse_qs
DESCRIPTION = open(sys.argv[1], encoding="utf-8").read()
class Api(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        url = urlsplit(self.path)
        if self.headers.get("PRIVATE-TOKEN") != "probe-token":
            return self.answer(401, {"message": "401 Unauthorized"})
        if url.path.endswith("/issues"):
            label = parse_qs(url.query).get("labels", [""])[0]
            return self.answer(200, [{"iid": 5, "description": DESCRIPTION}] if label == "formular: kommune" else [])
        return self.answer(200, [])
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        with open(sys.argv[2], "a", encoding="utf-8") as log:
            log.write(f"POST {self.path} {self.rfile.read(length).decode()}\n")
        self.answer(201, {"iid": 1})
    def log_message(self, *args):
        pass
server = HTTPServer(("127.0.0.1", 0), Api)
open(sys.argv[3], "w").write(str(server.server_port))
server.serve_forever()
'''


def github_value(expression: str, context: dict[str, str]) -> str:
    """The value of a `${{ }}` expression in a fresh fork: known contexts, else empty (vars, secrets)."""
    if expression == "github.event.issue.body":
        return FORM_ISSUE.read_text(encoding="utf-8")
    return context.get(expression, "")


def substitute(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: github_value(m.group(1), context), text)


def github_condition(condition: str | None) -> str:
    """A step's `if:` as a shell test (the forms of condition the workflows use)."""
    if condition is None or condition.strip() in ("success()", "always()"):
        return "true"
    match = STEP_OUTPUT.match(EXPRESSION.sub(r"\1", condition).strip())
    if not match:
        raise SystemExit(f"rehearse: cannot evaluate the condition {condition!r}")
    step, name, value = match.groups()
    return f'[ "$(sed -n "s/^{name}=//p" "$RUNNER_TEMP/out-{step}" | tail -n1)" = {shlex.quote(value)} ]'


def exports(variables: dict[str, str]) -> list[str]:
    return [f"export {name}={shlex.quote(str(value))}" for name, value in variables.items()]


def load_yaml(path: Path):
    import yaml  # only for the pipeline rehearsals: the site comparison runs with any python3

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_job(workflow: str, job_name: str) -> str:
    """A GitHub job's steps as one shell script, with the runner's files and variables."""
    job = load_yaml(ROOT / ".github" / "workflows" / workflow)["jobs"][job_name]
    lines = ["set -euo pipefail", "export CI=true GITHUB_ACTIONS=true RUNNER_TEMP=$(mktemp -d)",
             'export GITHUB_PATH="$RUNNER_TEMP/path" GITHUB_ENV="$RUNNER_TEMP/env" GITHUB_STEP_SUMMARY="$RUNNER_TEMP/summary"',
             'touch "$GITHUB_PATH" "$GITHUB_ENV" "$GITHUB_STEP_SUMMARY"']
    if workflow == "intake.yml":  # the stand-ins: gh, and the push goes to a local bare repository
        remote = "https://x-access-token:probe-token@github.com/schule/portal.git"
        lines += ['mkdir -p "$RUNNER_TEMP/bin"', f"cat > \"$RUNNER_TEMP/bin/gh\" <<'EOF'\n{FAKE_GH}EOF",
                  'chmod +x "$RUNNER_TEMP/bin/gh"; export PATH="$RUNNER_TEMP/bin:$PATH"',
                  'git init -q --bare "$RUNNER_TEMP/remote.git"',
                  f'git config --global url."$RUNNER_TEMP/remote.git".insteadOf {shlex.quote(remote)}']
    lines += exports({k: substitute(str(v), GITHUB_CONTEXT) for k, v in job.get("env", {}).items()})
    for number, step in enumerate(job["steps"], 1):
        name = step.get("name") or step.get("uses") or f"step {number}"
        lines.append(f"echo {shlex.quote(f'::: step {number}: {name}')}")
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            lines.append("git log -1 --oneline  # the clean root's fresh clone")
        elif uses.startswith("actions/setup-python@"):
            lines.append("python3 --version  # Debian's python3 stands in for setup-python")
        elif uses.startswith(("actions/upload-pages-artifact@", "actions/upload-artifact@")):
            folder = substitute(step["with"]["path"], GITHUB_CONTEXT)
            lines.append(f"test -f {shlex.quote(folder)}/index.html && du -sh {shlex.quote(folder)}")
        elif "run" in step:
            env = {k: substitute(str(v), GITHUB_CONTEXT) for k, v in step.get("env", {}).items()}
            output = f'"$RUNNER_TEMP/out-{step.get("id", number)}"'
            script = substitute(step["run"], GITHUB_CONTEXT)
            lines.append(f"if {github_condition(step.get('if'))}; then (" + "; ".join(exports(env) or [":"])
                         + f"; export GITHUB_OUTPUT={output}; bash --noprofile --norc -eo pipefail -c {shlex.quote(script)}"
                         + "); fi")
            lines.append('while read -r p; do [ -n "$p" ] && PATH="$p:$PATH"; done < "$GITHUB_PATH"; export PATH')
        else:
            raise SystemExit(f"rehearse: {workflow}:{job_name} uses {uses}, which has no stand-in")
    if workflow == "intake.yml":  # the pull request holds exactly the written file
        lines += ['git --git-dir="$RUNNER_TEMP/remote.git" diff --stat main intake/issue-7 2>/dev/null '
                  '|| git --git-dir="$RUNNER_TEMP/remote.git" log --stat -1 intake/issue-7',
                  'grep -q "gh pr create" "$RUNNER_TEMP/gh.log"', 'cat "$RUNNER_TEMP/gh.log"']
    return "\n".join(lines)


def gitlab_job(job_name: str) -> str:
    """A GitLab job's before_script and script as one shell script, with GitLab's variables."""
    pipeline = load_yaml(ROOT / ".gitlab-ci.yml")
    for include in pipeline.get("include", []):
        pipeline.update(load_yaml(ROOT / include["local"]))
    job = pipeline[job_name]
    variables = {"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": "/work/main", "CI_DEFAULT_BRANCH": "main",
                 "CI_COMMIT_BRANCH": "main", "CI_PAGES_URL": "https://schule.gitlab.io/portal",
                 **pipeline.get("variables", {}), **job.get("variables", {})}
    lines = ["set -euo pipefail", *[f'export {k}="{v}"' for k, v in variables.items()]]
    if job_name == "intake":  # the stand-in API and a local remote
        lines += ['tmp=$(mktemp -d)', f"cat > \"$tmp/gitlab.py\" <<'EOF'\n{FAKE_GITLAB}\nEOF",
                  f"cat > \"$tmp/issue.md\" <<'EOF'\n{(ROOT / 'tests/fixtures/intake/gitlab-kommune-teilnehmer.md').read_text(encoding='utf-8')}\nEOF",
                  'python3 "$tmp/gitlab.py" "$tmp/issue.md" "$tmp/posts.log" "$tmp/port" & api=$!',
                  'trap "kill $api" EXIT; while [ ! -s "$tmp/port" ]; do sleep 0.1; done',
                  'git init -q --bare "$tmp/remote.git" && git push -q "$tmp/remote.git" HEAD:refs/heads/main',
                  'export CI_API_V4_URL="http://127.0.0.1:$(cat "$tmp/port")/api/v4" CI_PROJECT_ID=42',
                  'export INTAKE_TOKEN=probe-token INTAKE_PUSH_URL="$tmp/remote.git" CI_PIPELINE_SOURCE=schedule',
                  "export SCSCHULE_ZEITPLAN=formulare"]
    for line in [*job.get("before_script", pipeline["default"]["before_script"]), *job["script"]]:
        lines += [f"echo {shlex.quote('$ ' + line)}", line]
    for path in job.get("artifacts", {}).get("paths", []):
        lines.append(f"test -f {shlex.quote(path.rstrip('/'))}/index.html && du -sh {shlex.quote(path)}")
    report = job.get("artifacts", {}).get("reports", {}).get("codequality")
    if report:
        lines.append(f"python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))), \"Befunde\")' {report}")
    if job_name == "intake":
        lines += ['git --git-dir="$tmp/remote.git" diff --name-only main intake/issue-5',
                  'grep -q "merge_requests" "$tmp/posts.log" && cat "$tmp/posts.log"']
    return "\n".join(lines)


def site_tar(suite: str, log) -> Path:
    """The site built in a clean root of ``suite``, as a tar file (PDFs aside)."""
    target = LOGS / f"site-{suite}.tar"
    command = ("{ bash scripts/setup.sh build && TZ=Europe/Berlin .venv/bin/properdocs build --strict --config-file mkdocs.yml "
               "--site-dir /tmp/site; } >&2 && tar -C /tmp/site --exclude='*.pdf' --sort=name -cf - .")
    with target.open("wb") as out:
        status = subprocess.run([str(CLEAN_ROOM), "--suite", suite, "--", "bash", "-c", command], cwd=ROOT,
                                stdout=out, stderr=log).returncode
    if status != 0:
        raise SystemExit(f"rehearse: the {suite} build failed")
    return target


def identical_sites(log) -> int:
    """The same commit builds a byte-identical site on Debian 12 and 13: every page, feed, data file
    and the search index (the PDFs carry their creation time)."""
    members = {}
    for suite in ("bookworm", "trixie"):
        with tarfile.open(site_tar(suite, log)) as tar:
            members[suite] = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    bookworm, trixie = members["bookworm"], members["trixie"]
    differ = sorted(name for name in bookworm.keys() | trixie.keys() if bookworm.get(name) != trixie.get(name))
    print(f"{len(bookworm)} files on bookworm, {len(trixie)} on trixie, {len(differ)} differ: {differ[:20]}", file=log)
    return 1 if differ or not bookworm else 0


# An editor's laptop (issue 29): pip and the lock only, none of the packages of scripts/system-packages.sh
# (no Pango, no fonts, no word list); `properdocs serve` previews the site, and a guide page says in German
# that its PDF is made when the site is published.
PREVIEW_WITHOUT_SYSTEM_PACKAGES = r"""set -euxo pipefail
if ldconfig -p | grep -q libpango; then echo "Pango is installed: not a bare machine" >&2; exit 1; fi
python3 -m venv /tmp/venv
/tmp/venv/bin/pip install -q --require-hashes --no-deps -r requirements/setuptools.txt
/tmp/venv/bin/pip install -q --require-hashes --no-deps --no-build-isolation -r requirements/build.txt
/tmp/venv/bin/pip install -q --no-deps --no-build-isolation -e .
if /tmp/venv/bin/python -c 'import weasyprint' 2>/dev/null; then echo "WeasyPrint loads: not a bare machine" >&2; exit 1; fi
/tmp/venv/bin/properdocs serve --config-file mkdocs.yml --dev-addr 127.0.0.1:8765 >/tmp/serve.log 2>&1 &
trap 'kill %1; tail -40 /tmp/serve.log' EXIT
/tmp/venv/bin/python - <<'PY'
import time, urllib.request
page = "http://127.0.0.1:8765/leitfaeden/datenplattform-fiware-ngsi-ld/"
deadline = time.monotonic() + 600
while True:
    try:
        html = urllib.request.urlopen(page, timeout=30).read().decode()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise SystemExit("serve showed no page within 600 s")
        time.sleep(0.5)
assert "Das PDF dieser Version entsteht, wenn die Website veröffentlicht wird" in html, html[-2000:]
print("preview without system packages: ok")
PY
"""


def script_of(script) -> str:
    """A rehearsal's shell script: given, or made from its pipeline file when it runs."""
    return script() if callable(script) else script


def rehearsals() -> dict[str, object]:
    ci = "env SCSCHULE_CI_INSIDE=1 bash .ci/run"
    found: dict[str, object] = {"ci:bookworm": ("bookworm", ci), "ci:trixie": ("trixie", ci),
                                "site:bookworm=trixie": identical_sites,
                                "preview:bare": ("bookworm", PREVIEW_WITHOUT_SYSTEM_PACKAGES)}
    for workflow, job in (("deploy.yml", "build"), ("check.yml", "check"), ("preview.yml", "preview"),
                          ("intake.yml", "intake")):
        found[f"github:{workflow}:{job}"] = ("bookworm", lambda w=workflow, j=job: github_job(w, j))
    for job in ("pages", "check", "preview", "intake"):
        found[f"gitlab:{job}"] = ("bookworm", lambda j=job: gitlab_job(j))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="rehearsals to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the rehearsals and exit")
    parser.add_argument("--show", action="store_true", help="print the shell script of each rehearsal, run nothing")
    args = parser.parse_args()
    available = rehearsals()
    if args.list:
        print("\n".join(available))
        return 0
    unknown = set(args.names) - set(available)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    names = args.names or list(available)
    if args.show:
        for name in names:
            what = available[name]
            print(f"### {name}\n{script_of(what[1]) if isinstance(what, tuple) else what.__doc__}")
        return 0
    if not CLEAN_ROOM.is_file():
        parser.error(f"{CLEAN_ROOM} fehlt (../shared/clean-room)")
    LOGS.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in names:
        started = time.monotonic()
        with (LOGS / f"{name.replace(':', '_').replace('=', '_')}.log").open("w") as log:
            what = available[name]
            if callable(what):
                status = what(log)
            else:
                suite, script = what[0], script_of(what[1])
                # The script goes in as text: the clean root holds a clone of HEAD, nothing else of here.
                status = subprocess.run([str(CLEAN_ROOM), "--suite", suite, "--", "bash", "-c", script],
                                        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode
        failed += status != 0
        print(f"{'ok  ' if status == 0 else 'FAIL'} {name} ({time.monotonic() - started:.0f} s) {log.name}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
