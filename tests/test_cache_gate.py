"""The correctness gate of the caches (issue 29, point 5): whatever an editor changes, a build
that reuses every cache writes byte for byte the site a cold build writes without any.

One project is built again and again with its caches (``.cache/``: converted pages, themed
pages, compiled templates, the search index), one edit of each kind at a time; after each edit a fresh copy without ``.cache/`` and
with ``render_cache: false`` is built, and the two sites must not differ (``diff -r``, the
search index included). PDFs are off (``pdf: false``): their cache has tests of its own
(tests/test_caches.py) and would make each cold build minutes long.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from projecttools import engine, run_build

SCHEDULED = "newsletter/2027/04-geplante-ausgabe.md"
TODAY = "2027-01-09"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def a_guide(project: Path) -> Path:
    return sorted((project / "guides").glob("*/index.md"))[0]


def body_text(project: Path) -> None:
    append(a_guide(project), "\nDer Zwischenstand wird jedes Quartal im Lenkungskreis vorgestellt.\n")


def title(project: Path) -> None:  # the nav and every page that lists the guide change
    guide = a_guide(project)
    text = guide.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    replace_once(guide, line, line.rstrip('"') + ' (überarbeitet)"' if line.endswith('"') else line + " (überarbeitet)")


def override_template(project: Path) -> None:
    replace_once(project / "overrides" / "partials" / "copyright.html", "Leichte Sprache</a></li>",
                 "Leichte Sprache</a></li>\n      <li><a href=\"{{ 'impressum/' | url }}#kontakt\">Kontakt</a></li>")


def configuration(project: Path) -> None:
    replace_once(project / "mkdocs.yml", 'copyright: "Inhalte: CC BY 4.0', 'copyright: "Texte: CC BY 4.0')


def taxonomy_entry(project: Path) -> None:
    append(project / "taxonomy" / "bundles" / "m02.md", "\nDie Messwerte werden alle 15 Minuten übertragen.\n")


def renamed_file(project: Path) -> None:
    old = project / "newsletter" / "2026" / "03-formate-der-schule.md"
    old.rename(old.with_name("03-die-formate-der-schule.md"))


def deleted_file(project: Path) -> None:
    (project / "newsletter" / "2026" / "02-gesamtstrategie-und-massnahmenbuendel.md").unlink()


def publishing_date(project: Path) -> None:  # the scheduled issue appears: lists, feeds, search
    replace_once(project / "mkdocs.yml", f"today: '{TODAY}'", "today: '2027-01-10'")


EDITS = [body_text, title, override_template, configuration, taxonomy_entry, renamed_file, deleted_file,
         publishing_date]


def prepare(project: Path) -> None:
    """PDFs off, a fixed today and a newsletter issue scheduled for the day after it."""
    config = project / "mkdocs.yml"
    replace_once(config, "  - scschule\n", f"  - scschule:\n      today: '{TODAY}'\n")
    replace_once(config, "  - scschule-guides\n", "  - scschule-guides:\n      pdf: false\n")
    issue = (project / "newsletter" / "2026" / "03-formate-der-schule.md").read_text(encoding="utf-8")
    scheduled = project / SCHEDULED
    scheduled.parent.mkdir()
    scheduled.write_text(issue.replace("issue: 3\n", "issue: 4\n").replace("date: 2026-11-22", "date: 2027-01-10")
                         .replace("title: \"Lernen ohne Lehrerpult", "title: \"Geplant: Lernen ohne Lehrerpult"),
                         encoding="utf-8")


def cold_build(project: Path, dest: Path) -> Path:
    """A copy of the project without any cache, built with the render cache off."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(project, dest, ignore=shutil.ignore_patterns(".cache", "site"))
    replace_once(dest / "mkdocs.yml", "  - scschule:\n", "  - scschule:\n      render_cache: false\n")
    result = run_build(dest)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "aus dem Cache" not in result.stderr.replace("0 aus dem Cache", "")
    return dest / "site"


def differences(warm: Path, cold: Path) -> str:
    result = subprocess.run(["diff", "-r", "-q", str(warm), str(cold)], capture_output=True, text=True)
    return result.stdout + result.stderr


def test_every_cache_on_writes_the_site_a_cold_build_writes_after_every_kind_of_edit(project, tmp_path):
    prepare(project)
    first = run_build(project)
    assert first.returncode == 0, first.stderr[-4000:]
    for edit in EDITS:
        edit(project)
        warm = run_build(project)
        assert warm.returncode == 0, (edit.__name__, warm.stderr[-4000:])
        [(converted, reused)] = re.findall(r"Seiten: (\d+) umgewandelt, (\d+) aus dem Cache", warm.stderr)
        [(rendered, themed)] = re.findall(r"Seitenrahmen: (\d+) gerendert, (\d+) aus dem Cache", warm.stderr)
        if edit not in (override_template, configuration, publishing_date, title):  # these change every page
            assert int(reused) > 100 and int(themed) > 100, (edit.__name__, warm.stderr[-3000:])
        cold = cold_build(project, tmp_path / "cold")
        assert differences(project / "site", cold) == "", edit.__name__
    search = json.loads((project / "site" / "assets" / "scschule" / "search" / "docs.json").read_text("utf-8"))
    assert "Geplant: Lernen ohne Lehrerpult" in json.dumps(search, ensure_ascii=False)  # the date published it

    # Verify mode: every page converted again and compared with what the cache holds.
    verified = subprocess.run(engine("build", "--strict", "--site-dir", str(project / "site")),
                              cwd=project, capture_output=True, text=True, env={**os.environ, "SCSCHULE_VERIFY_CACHE": "1"})
    assert verified.returncode == 0, verified.stderr[-4000:]
    [checked] = re.findall(r"Prüfung des Render-Caches: (\d+) Seiten umgewandelt und mit dem Cache verglichen, "
                           r"keine Abweichung", verified.stderr)
    assert int(checked) > 100  # every page the cache holds (all but the home page)


def test_verify_mode_fails_on_a_stored_page_frame_that_differs_from_the_rendering(project):
    prepare(project)
    assert run_build(project).returncode == 0
    [tampered, *_] = sorted((project / ".cache" / "scschule" / "themed").glob("*.html"))
    tampered.write_text(tampered.read_text(encoding="utf-8").replace("</body>", "<p>alt</p></body>"), encoding="utf-8")
    verified = subprocess.run(engine("build", "--strict", "--site-dir", str(project / "site")),
                              cwd=project, capture_output=True, text=True, env={**os.environ, "SCSCHULE_VERIFY_CACHE": "1"})
    assert verified.returncode != 0, verified.stderr
    [line] = [line for line in verified.stderr.splitlines() if "Render-Cache weicht ab:" in line]
    assert line.startswith("ERROR") and line.rstrip().endswith(": themed output")
    assert "Traceback" not in verified.stderr


def test_verify_mode_fails_on_a_cache_entry_that_differs_from_the_conversion(project):
    prepare(project)
    assert run_build(project).returncode == 0
    entries = sorted((project / ".cache" / "scschule" / "pages").glob("*.json"))
    assert entries
    tampered = entries[0]
    entry = json.loads(tampered.read_text(encoding="utf-8"))
    entry["html"] = entry["html"].replace("<p>", "<p>Veraltet: ", 1) if "<p>" in entry["html"] else entry["html"] + "x"
    tampered.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    assert run_build(project).returncode == 0  # without verify mode the cache is trusted
    verified = subprocess.run(engine("build", "--strict", "--site-dir", str(project / "site")),
                              cwd=project, capture_output=True, text=True, env={**os.environ, "SCSCHULE_VERIFY_CACHE": "1"})
    assert verified.returncode != 0, verified.stderr
    [line] = [line for line in verified.stderr.splitlines() if "Render-Cache weicht ab:" in line]
    assert line.startswith("ERROR") and line.rstrip().endswith(": html")
    assert "Prüfung des Render-Caches: 1 von " in verified.stderr and "Traceback" not in verified.stderr
