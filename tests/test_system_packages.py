"""One list of system packages (scripts/system-packages.sh), and every pipeline installs through it.

- No pipeline file installs anything by name (apt-get, pip, npm): every job that runs the project's
  commands calls scripts/setup.sh, which takes Debian packages from the profile and Python and npm
  packages from the lock files.
- Every shared library the code loads at run time belongs to a package that the profile needing it
  installs (directly or as a dependency), or to the base system a clean root starts with: checked
  by loading the libraries for real (WeasyPrint rendering a PDF; Playwright's bundled Node.js driver)
  and asking dpkg which package owns each file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from projecttools import ROOT

SCRIPT = ROOT / "scripts" / "system-packages.sh"
# What a clean root holds before the project installs anything (../shared/clean-room/run: a minbase
# Debian with these), and with them everything of priority "required".
CLEAN_ROOT = ("python3", "python3-venv", "python3-pip", "make", "git", "ca-certificates", "sudo")

PIPELINES = sorted([*ROOT.glob(".github/workflows/*.yml"), ROOT / ".gitlab-ci.yml", *ROOT.glob(".gitlab/*.yml"),
                    ROOT / "Makefile", ROOT / ".ci" / "run", *ROOT.glob("deploy/*.sh")])
INSTALLS = re.compile(r"\b(apt-get|apt|aptitude|dpkg|pip3?|uv|npm|npx|yarn|pnpm)\b[^\n]*\b(install|ci|add|-i)\b")


def profile(name: str) -> list[str]:
    result = subprocess.run(["bash", str(SCRIPT), "--list", name], capture_output=True, text=True, check=True)
    return result.stdout.split()


def installs_by_name(text: str) -> list[str]:
    """Lines of a pipeline file that install packages themselves (comments aside)."""
    code = (line.split("#", 1)[0] for line in text.splitlines())
    return [line.strip() for line in code if INSTALLS.search(line)]


@pytest.mark.parametrize("path", PIPELINES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_pipeline_installs_packages_by_name(path):
    text = path.read_text(encoding="utf-8")
    found = installs_by_name(text)
    assert not found, f"{path.relative_to(ROOT)}: installiert selbst statt über scripts/setup.sh: {found}"
    # Nor does it name a package of the list (commands such as git or npm aside), even in a variable.
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    named = {p for p in profile("test") if p not in {"git", "time", "npm", "nodejs"}
             and re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", code)}
    assert not named, f"{path.relative_to(ROOT)} nennt Pakete der Liste: {sorted(named)}"


def test_the_check_finds_an_install_by_name():
    assert installs_by_name("run: |\n  sudo apt-get install -y libpango-1.0-0\n")
    assert installs_by_name("  - pip install -q -e .")
    assert installs_by_name("PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts")
    assert not installs_by_name("  - bash scripts/setup.sh build  # instead of apt-get install")


def jobs_with_commands() -> dict[str, str]:
    """Every job of both forges that runs commands, with all of its commands as one text."""
    jobs = {}
    for path in ROOT.glob(".github/workflows/*.yml"):
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            runs = [step["run"] for step in job.get("steps", []) if "run" in step]
            if runs:
                jobs[f"{path.name}:{name}"] = "\n".join(runs)
    default = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["default"]
    for path in (ROOT / ".gitlab-ci.yml", *ROOT.glob(".gitlab/*.yml")):
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if isinstance(job, dict) and "script" in job:
                jobs[f"{path.name}:{name}"] = "\n".join([*job.get("before_script", default["before_script"]),
                                                         *job["script"]])
    return jobs


def test_every_job_that_runs_the_project_sets_up_through_the_one_script():
    jobs = jobs_with_commands()
    assert {"deploy.yml:build", "check.yml:check", "preview.yml:preview", "intake.yml:intake",
            "newest-versions.yml:newest", ".gitlab-ci.yml:pages", ".gitlab-ci.yml:check",
            "intake.gitlab-ci.yml:intake", ".gitlab-ci.yml:neueste-versionen"} <= set(jobs)
    for name, commands in jobs.items():
        assert re.search(r"^bash scripts/setup\.sh (build|check|test)\b", commands, re.M), name


def test_the_profiles_build_on_each_other():
    build, test = profile("build"), profile("test")
    assert build == test[:len(build)]
    assert {"libpango-1.0-0", "fonts-dejavu-core"} <= set(build) and "chromium" not in build
    assert {"chromium", "libatomic1", "nodejs", "default-jre-headless", "nginx-light"} <= set(test)
    assert subprocess.run(["bash", str(SCRIPT), "--list", "alles"], capture_output=True).returncode == 2


# --- the libraries the code loads, and the packages that bring them --------------------------------

def dpkg_field(package: str, field: str) -> str:
    result = subprocess.run(["dpkg-query", "-W", f"-f=${{{field}}}", package], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


@cache
def installed(package: str) -> bool:
    return "install ok installed" in dpkg_field(package, "Status")


def closure(packages) -> set[str]:
    """The packages and everything they depend on, as installed on this machine."""
    seen, todo = set(), [p for p in packages if installed(p)]
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        depends = f"{dpkg_field(package, 'Depends')}, {dpkg_field(package, 'Pre-Depends')}"
        for alternatives in depends.split(","):
            for alternative in alternatives.split("|"):
                name = alternative.strip().split(" ")[0].split(":")[0]
                if name and installed(name):
                    todo.append(name)
    return seen


@cache
def base_system() -> frozenset[str]:
    listed = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Priority}\n"], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    required = [line.split()[0] for line in listed if line.endswith(" required")]
    return frozenset(closure([*required, *CLEAN_ROOT]))


def owners(paths) -> dict[str, str | None]:
    """The Debian package of each file (None: no package owns it, e.g. a wheel's own library)."""
    found = {}
    for path in paths:
        candidates = [path, path.replace("/usr/lib/", "/lib/", 1), path.replace("/lib/", "/usr/lib/", 1)]
        found[path] = None
        for candidate in dict.fromkeys(candidates):
            result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            # "package[:arch][, package…]: path"; Debian 13 also prints "diversion by libc6 from: …" lines.
            owned = [line for line in result.stdout.splitlines() if not line.startswith("diversion by ")]
            if result.returncode == 0 and owned:
                found[path] = owned[0].split(": ", 1)[0].split(",")[0].split(":")[0].strip()
                break
    return found


def not_brought_by(libraries, packages) -> dict[str, str]:
    """Each library whose package neither the profile nor the clean root installs."""
    provided = closure(packages) | base_system()
    return {path: owner for path, owner in owners(libraries).items() if owner and owner not in provided}


LOADED_BY_PDF = """
import sys, weasyprint
weasyprint.HTML(string="<h1>Straße</h1>").write_pdf(sys.argv[1])
print("\\n".join(sorted({line.split()[-1] for line in open("/proc/self/maps") if ".so" in line.split()[-1]})))
"""


@pytest.fixture(scope="module")
def pdf_libraries(tmp_path_factory) -> list[str]:
    pdf = tmp_path_factory.mktemp("pdf") / "a.pdf"
    result = subprocess.run([sys.executable, "-c", LOADED_BY_PDF, str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if line.startswith("/") and "site-packages" not in line]


@pytest.fixture(scope="module")
def driver_libraries() -> list[str]:
    import playwright
    node = Path(playwright.__file__).parent / "driver" / "node"
    result = subprocess.run(["ldd", str(node)], capture_output=True, text=True)
    missing = [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
    assert not missing, f"Playwrights Treiber findet {missing} nicht: fehlt in scripts/system-packages.sh test"
    return [part for line in result.stdout.splitlines() for part in line.split() if part.startswith("/")]


def test_the_build_profile_brings_every_library_the_pdf_rendering_loads(pdf_libraries):
    assert any("libpango-1.0" in path for path in pdf_libraries)  # the check saw the real loading
    assert not_brought_by(pdf_libraries, profile("build")) == {}


def test_the_test_profile_brings_every_library_of_playwrights_driver(driver_libraries):
    assert any("libatomic.so.1" in path for path in driver_libraries)
    assert not_brought_by(driver_libraries, profile("test")) == {}


def test_the_check_notices_a_library_missing_from_its_profile(pdf_libraries):
    without_pango = [p for p in profile("build") if not p.startswith(("libpango", "libharfbuzz"))]
    assert "libpango-1.0-0" in not_brought_by(pdf_libraries, without_pango).values()
    # (Playwright's libatomic1 cannot serve as the example everywhere: Debian 13's base system has it.)
