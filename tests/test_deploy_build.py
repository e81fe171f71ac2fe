"""deploy/build-site.sh, the build both pipelines publish: with ProperDocs it gives the same site as
MkDocs (only the generator meta differs), and a Pages address moves every link under it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from projecttools import ROOT, copy_project

BIN = Path(sys.executable).parent
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def deploy_build(project: Path, out: Path, site_url: str = "", engine: str = "mkdocs") -> subprocess.CompletedProcess:
    shutil.copytree(ROOT / "deploy", project / "deploy", dirs_exist_ok=True)
    executable = BIN / engine
    assert executable.is_file(), f"{engine} fehlt: pip install -e '.[test]'"
    env = {**os.environ, "ENGINE": str(executable)}
    return subprocess.run(["bash", str(project / "deploy" / "build-site.sh"), str(out), site_url],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def without_pdfs(project: Path) -> Path:
    """PDFs depend on the site address, so a new address renders them all again: not needed here."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scschule-guides\n" in text
    config.write_text(text.replace("  - scschule-guides\n", "  - scschule-guides:\n      pdf: false\n"), encoding="utf-8")
    return project


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    result = deploy_build(project, tmp_path / "properdocs", site_url, engine="properdocs")
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs" in (tmp_path / "properdocs" / "index.html").read_bytes()
    mkdocs, properdocs = site_files(built_site), site_files(tmp_path / "properdocs")
    assert sorted(properdocs) == sorted(mkdocs)
    differing = [name for name in mkdocs
                 if GENERATOR_META.sub(b"", mkdocs[name]) != GENERATOR_META.sub(b"", properdocs[name])]
    assert not differing, f"ProperDocs baut anders als MkDocs: {differing[:10]}"
    assert not list(project.glob("mkdocs.deploy.*.yml")), "die temporäre Konfiguration bleibt liegen"


def test_a_pages_address_moves_canonical_links_feeds_and_the_404_page_under_it(tmp_path):
    project = without_pdfs(copy_project(tmp_path / "project"))
    pages = "https://beispiel.gitlab.io/smartcities-schule"  # no slash: the script adds it
    result = deploy_build(project, tmp_path / "public", pages)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "public"
    not_found = (site / "404.html").read_text(encoding="utf-8")
    # GitLab and GitHub Pages serve 404.html for every unknown address at any depth: absolute paths.
    assert re.search(r'href="/smartcities-schule/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', not_found)
    assert '<link rel="canonical" href="https://beispiel.gitlab.io/smartcities-schule/impressum/">' in \
        (site / "impressum" / "index.html").read_text(encoding="utf-8")
    assert "<link>https://beispiel.gitlab.io/smartcities-schule/schuelerzeitung/" in \
        (site / "schuelerzeitung" / "rss.xml").read_text(encoding="utf-8")
    assert not list(project.glob("mkdocs.deploy.*.yml"))


def test_the_build_script_refuses_to_run_without_an_output_folder(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "deploy" / "build-site.sh")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "usage: deploy/build-site.sh OUT_DIR [SITE_URL]" in result.stderr
