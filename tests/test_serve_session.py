"""The serve session's correctness gate (issue 29, points 1 and 5): serve's rebuilds in one
process reuse the collections, feeds and caches of the rebuilds before, and still write byte for
byte what a cold serve build of the same files writes, after every kind of edit.

The session runs in its own process (``tests/serve_session.py``), as ``properdocs serve`` runs
its rebuilds; the cold reference is a fresh process of the same driver on a copy of the project
without ``.cache/`` and with the render cache off, so nothing of a session or a cache is in it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scschule.widgets.plugin import OFFLINE_ENV
from projecttools import ROOT
from test_cache_gate import EDITS, append, body_text, differences, prepare, replace_once, taxonomy_entry

DRIVER = Path(__file__).with_name("serve_session.py")


class Session:
    """One driver process: ``rebuild()`` runs one serve rebuild and returns its log."""

    def __init__(self, project: Path, site: Path):
        # Widgets offline: serve's background fetch would otherwise change a page's data note between
        # the session and the cold build (what the source answered), which no cache decides.
        env = {**os.environ, OFFLINE_ENV: "1"}
        self.process = subprocess.Popen([sys.executable, str(DRIVER), str(project), str(site)], cwd=project,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def rebuild(self, *, ok: bool = True) -> list[str]:
        """One rebuild's log; it must end as ``ok`` says (serve logs a failed build and waits for the next save)."""
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the serve session ended"
        result = json.loads(answer)
        assert result["ok"] is ok, "\n".join(result["log"][-40:])
        return result["log"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("stop\n")
            self.process.stdin.flush()
            self.process.wait(timeout=120)


def cold_serve_build(project: Path, dest: Path) -> Path:
    """A fresh process's serve build of a copy of ``project`` without caches."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(project, dest, ignore=shutil.ignore_patterns(".cache", "site", "preview"))
    config = dest / "mkdocs.yml"
    text, found = re.subn(r"^  - scschule:?\n", "  - scschule:\n      render_cache: false\n", config.read_text("utf-8"),
                          count=1, flags=re.M)
    assert found, "mkdocs.yml names no scschule plugin"
    config.write_text(text, encoding="utf-8")
    cold = Session(dest, dest / "preview")
    try:
        log = cold.rebuild()
    finally:
        cold.stop()
    assert not any("aus dem Cache" in line and not re.search(r"\b0 aus dem Cache", line) for line in log), log
    return dest / "preview"


def reloaded(log: list[str]) -> str:
    [line] = [line for line in log if "Sammlungen neu gelesen:" in line]
    return line.split("Sammlungen neu gelesen:", 1)[1].strip()


def taken_over(log: list[str]) -> dict[str, int]:
    """The stages a rebuild took over from the one before, with the number of their parts."""
    [line] = [line for line in log if "Aus dem letzten Durchlauf übernommen:" in line]
    kept = {}
    for part in line.split("übernommen:", 1)[1].strip().split(", "):
        name, _, count = part.partition(" (")
        kept[name] = int(count.rstrip(")") or 1)
    return kept


@pytest.fixture
def session(project):
    prepare(project)
    running = Session(project, project / "preview")
    yield running
    running.stop()


def test_a_serve_session_writes_what_a_cold_serve_build_writes_after_every_kind_of_edit(project, session, tmp_path):
    first = session.rebuild()
    assert "guides" in reloaded(first) and "newsletter" in reloaded(first)  # the first build reads everything
    for edit in EDITS:
        edit(project)
        log = session.rebuild()
        if edit is body_text:  # one guide saved: only its collection is read again, only its pages rendered again
            assert reloaded(log) == "guides", log
            kept = taken_over(log)
            assert {"newsletter:pages", "newsletter:feeds", "registry:pages", "taxonomy:pages"} <= set(kept), log
            guides = sum(1 for path in (project / "guides").iterdir() if (path / "index.md").is_file())
            assert kept["guides:leitfaden"] == guides - 1, log
        if edit is taxonomy_entry:
            assert reloaded(log) == "bundle-texts", log
        cold = cold_serve_build(project, tmp_path / "cold")
        assert differences(project / "preview", cold) == "", edit.__name__


def test_an_unchanged_rebuild_reads_no_collection_and_reuses_every_page(session):
    session.rebuild()
    log = session.rebuild()
    assert reloaded(log) == "keine"
    assert {"courses:pages", "guides:katalog", "guides:leitfaden", "newsletter:feeds"} <= set(taken_over(log))
    [(converted, reused)] = re.findall(r"Seiten: (\d+) umgewandelt, (\d+) aus dem Cache", "\n".join(log))
    assert int(converted) <= 1 and int(reused) > 100  # the home page is never stored


def test_a_broken_file_saved_during_serve_is_reported_with_its_line_and_the_next_save_recovers(project, session):
    session.rebuild()
    guide = sorted((project / "guides").glob("*/index.md"))[0]
    good = guide.read_text(encoding="utf-8")
    guide.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    log = session.rebuild(ok=False)
    assert reloaded(log) == "guides"
    where = re.compile(re.escape(guide.relative_to(project).as_posix()) + r":\d+: YAML-Syntaxfehler")
    assert any(where.search(text) for text in log if text.startswith("ERROR")), log
    assert "Traceback" not in "\n".join(log)
    guide.write_text(good, encoding="utf-8")  # fixed: the next save builds it again
    log = session.rebuild()
    assert reloaded(log) == "guides" and not any(line.startswith("ERROR") for line in log)


def test_a_serve_session_on_500_generated_items_writes_what_a_cold_serve_build_writes(tmp_path):
    """The same gate on the synthetic portal of the benchmarks (500 items, about 950 pages)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate

    project, _ = generate(500, tmp_path / "synth", pdf=False)
    guides = project / "guides"
    edits = {
        "body text": lambda: append(guides / "leitfaden-1" / "index.md", "\nDer Zwischenstand kommt ins Quartalstreffen.\n"),
        "title": lambda: replace_once(guides / "leitfaden-2" / "index.md", "title: 'Leitfaden 2:", "title: 'Leitfaden 2 (neu):"),
        "deleted issue": lambda: (project / "newsletter" / "2000" / "02-ausgabe.md").unlink(),
    }
    session = Session(project, project / "preview")
    try:
        session.rebuild()
        for name, edit in edits.items():
            edit()
            session.rebuild()
            cold = cold_serve_build(project, tmp_path / "cold")
            assert differences(project / "preview", cold) == "", name
    finally:
        session.stop()


def test_stages_run_again_only_for_a_new_key_and_forget_what_a_rebuild_did_not_ask_for():
    from scschule.site.cache import Stages

    stages, made = Stages(), []

    def make(value):
        return lambda: made.append(value) or [value]

    stages.start()
    assert stages.get("guides:leitfaden:a", "k1", make("a1")) == ["a1"]
    assert stages.get("guides:leitfaden:b", "k1", make("b1")) == ["b1"]
    assert stages.get("feeds", None, make("f1")) == ["f1"]  # no key (outside serve): always made, never kept
    stages.finish()
    stages.start()
    assert stages.get("guides:leitfaden:a", "k1", make("a2")) == ["a1"]  # same key: taken over
    assert stages.get("feeds", None, make("f2")) == ["f2"]
    assert stages.summary() == "guides:leitfaden"
    stages.finish()  # b was not asked for (its guide was deleted): forgotten
    stages.start()
    assert stages.get("guides:leitfaden:b", "k1", make("b3")) == ["b3"]
    assert stages.get("guides:leitfaden:a", "k2", make("a3")) == ["a3"]  # a new key: made again
    assert stages.summary() == "nichts"
    assert made == ["a1", "b1", "f1", "f2", "b3", "a3"]
