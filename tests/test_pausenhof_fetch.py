"""``scschule pausenhof fetch``: the 👍 on each open proposal's issue, read from a local HTTP server that
answers like GitHub's and GitLab's APIs (also with hostile answers), stored as snapshots the build reads."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from formats_site import formats_project
from projecttools import built_page, run_build
from scschule.cli import main
from scschule.pausenhof.support import forge_of_repo, load_settings, support_request
from scschule.widgets.fetch import Snapshot, SnapshotStore

TOKEN = "geheimes-token-4711"
GITHUB_PATH = "/repos/beispiel/smartcities-schule/issues/{}"


def github_issue(number: int, thumbs: int) -> dict:
    # The fields GitHub's "get an issue" answer carries that matter here, plus some that must not be stored.
    return {"number": number, "title": "Thema", "body": "Text mit <script>", "user": {"login": "jemand"},
            "reactions": {"+1": thumbs, "-1": 0, "total_count": thumbs}}


def fetch(root: Path, token: str | None = TOKEN):
    env = {"SCSCHULE_FORGE_TOKEN": token} if token else {"SCSCHULE_FORGE_TOKEN": ""}
    return CliRunner().invoke(main, ["pausenhof", "fetch", "--root", str(root)], env=env)


def open_titles(site: Path) -> list[str]:
    return [h3.get_text(strip=True) for h3 in built_page(site, "pausenhof").select("ol.scs-pausenhof h3")]


def stored_snapshots(root: Path) -> dict[str, bytes]:
    folder = root / "snapshots" / "pausenhof"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.is_dir() else {}


def test_github_counts_order_the_open_proposals_and_the_token_stays_out_of_everything(tmp_path, httpserver):
    root = formats_project(tmp_path / "project", api_url=httpserver.url_for("/").rstrip("/"))
    for number, thumbs in ((11, 2), (12, 7)):
        httpserver.expect_request(GITHUB_PATH.format(number), method="GET",
                                  headers={"Authorization": f"Bearer {TOKEN}"}).respond_with_json(github_issue(number, thumbs))
    result = fetch(root)
    assert result.exit_code == 0, result.output
    assert "wenig-unterstuetzt: 2 × 👍" in result.output and "viel-unterstuetzt: 7 × 👍" in result.output
    # Only open proposals with an issue are asked for: planned, discussed and declined ones are not.
    asked = sorted(request.path for request, _ in httpserver.log)
    assert asked == [GITHUB_PATH.format(11), GITHUB_PATH.format(12)]
    snapshots = stored_snapshots(root)
    assert len(snapshots) == 2
    assert all(b'"daumen_hoch"' in data and b"jemand" not in data and b"script" not in data for data in snapshots.values())

    build = run_build(root)
    assert build.returncode == 0, build.stderr
    site = root / "site"
    assert open_titles(site) == ["Testthema mit viel Unterstützung", "Testthema mit wenig Unterstützung",
                                 "Testthema ohne Issue"]
    entry = built_page(site, "pausenhof").select_one("#thema-viel-unterstuetzt").get_text(" ", strip=True)
    assert "7 × 👍" in entry
    leaks = [str(p) for p in [*site.rglob("*"), *root.joinpath("snapshots").rglob("*")]
             if p.is_file() and TOKEN.encode() in p.read_bytes()]
    assert not leaks and TOKEN not in result.output + build.stdout + build.stderr


def test_gitlab_upvotes_are_counted_from_the_projects_api(tmp_path, httpserver):
    repo = httpserver.url_for("/beispiel/smartcities-schule")
    root = formats_project(tmp_path / "project", repo_url=repo)
    # GitLab's project path is one URL-encoded segment (beispiel%2Fsmartcities-schule); the server sees it decoded.
    for number, votes in ((11, 5), (12, 1)):
        httpserver.expect_request(f"/api/v4/projects/beispiel/smartcities-schule/issues/{number}").respond_with_json(
            {"iid": number, "id": 1000 + number, "upvotes": votes, "downvotes": 0, "author": {"username": "jemand"}})
    result = fetch(root, token=None)
    assert result.exit_code == 0, result.output
    assert "ohne Token" in result.output
    assert all("%2F" in request.url or "beispiel/smartcities" in request.path for request, _ in httpserver.log)
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    assert open_titles(root / "site")[:2] == ["Testthema mit wenig Unterstützung", "Testthema mit viel Unterstützung"]
    vote = built_page(root / "site", "pausenhof").select_one("#thema-wenig-unterstuetzt a[href$='/-/issues/11']")
    assert vote is not None and "GitLab" in vote.get_text()


HOSTILE = {
    "kein JSON-Inhaltstyp": (lambda h: h.respond_with_data("<html>Anmeldung</html>", content_type="text/html"),
                             "Inhaltstyp 'text/html'"),
    "anderes Issue": (lambda h: h.respond_with_json(github_issue(99, 500)), "gehört nicht zu Issue 12"),
    "negative Anzahl": (lambda h: h.respond_with_json(github_issue(12, -3)), "keine gültige Anzahl"),
    "Anzahl als Text": (lambda h: h.respond_with_json({**github_issue(12, 0), "reactions": {"+1": "viele"}}),
                        "keine gültige Anzahl"),
    "Wahrheitswert": (lambda h: h.respond_with_json({**github_issue(12, 0), "reactions": {"+1": True}}),
                      "keine gültige Anzahl"),
    "riesige Anzahl": (lambda h: h.respond_with_json(github_issue(12, 10**12)), "keine gültige Anzahl"),
    "zu groß": (lambda h: h.respond_with_data(b'{"x": "' + b"a" * 2_000_000 + b'"}', content_type="application/json"),
                "zu groß"),
    "gzip-Bombe": (lambda h: h.respond_with_data(gzip.compress(b'{"x": "' + b"0" * 30_000_000 + b'"}'),
                                                 content_type="application/json", headers={"Content-Encoding": "gzip"}),
                   "entpackt zu groß"),
    "Weiterleitung": (lambda h: h.respond_with_data("", status=302, headers={"Location": "https://example.org/"}),
                      "Weiterleitung"),
    "Serverfehler": (lambda h: h.respond_with_data("kaputt", status=500), "HTTP 500"),
    "kein JSON": (lambda h: h.respond_with_data("{kaputt", content_type="application/json"), "kein JSON"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_answer_names_its_cause_and_keeps_the_stored_count(tmp_path, httpserver, name):
    root = formats_project(tmp_path / "project", api_url=httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(GITHUB_PATH.format(11)).respond_with_json(github_issue(11, 1))
    handler, cause = HOSTILE[name]
    handler(httpserver.expect_request(GITHUB_PATH.format(12)))
    settings, repo_url, _ = load_settings(root)
    key = support_request(forge_of_repo(repo_url), 12, settings).key
    store = SnapshotStore(root / settings.snapshots)
    store.save(key, Snapshot(datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc), "alt", {"daumen_hoch": 4}, 4))
    before = (root / settings.snapshots / f"{key}.json").read_bytes()

    result = fetch(root)
    assert result.exit_code == 1
    assert "nicht abrufbar: viel-unterstuetzt: " in result.output and cause in result.output, result.output
    assert "Traceback" not in result.output
    assert (root / settings.snapshots / f"{key}.json").read_bytes() == before
    assert "wenig-unterstuetzt: 1 × 👍" in result.output  # the other proposal is not harmed
    assert not [p for p in (root / settings.snapshots).iterdir() if p.name.startswith(".")]


def test_without_network_the_build_shows_the_last_counts_and_their_age(tmp_path):
    root = formats_project(tmp_path / "project", api_url="http://127.0.0.1:9")  # nothing listens there
    settings, repo_url, _ = load_settings(root)
    forge = forge_of_repo(repo_url)
    store = SnapshotStore(root / settings.snapshots)
    for number, count in ((11, 6), (12, 3)):
        store.save(support_request(forge, number, settings).key,
                   Snapshot(datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc), "alt", {"daumen_hoch": count}, count))
    before = stored_snapshots(root)
    result = fetch(root)
    assert result.exit_code == 1 and "nicht erreichbar" in result.output and "die gespeicherte Zahl bleibt" in result.output
    assert stored_snapshots(root) == before
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    site = root / "site"
    assert open_titles(site)[:2] == ["Testthema mit wenig Unterstützung", "Testthema mit viel Unterstützung"]
    text = built_page(site, "pausenhof").select_one("article").get_text(" ", strip=True)
    assert "Stand: 21. November 2026, vor 10 Tagen" in text


def test_fetch_without_repo_url_says_what_is_missing(tmp_path):
    from projecttools import copy_project

    root = formats_project(tmp_path / "project")  # open proposals with issues
    config = root / "mkdocs.yml"
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                if not line.startswith("repo_url:")) + "\n", encoding="utf-8")
    result = fetch(root)
    assert result.exit_code == 1 and "repo_url fehlt in mkdocs.yml" in result.output
    assert stored_snapshots(root) == {}
    # Nothing to count (the portal as shipped: no proposal yet) is no failure, with or without repo_url.
    bare = fetch(copy_project(tmp_path / "bare"))
    assert bare.exit_code == 0 and "nichts zu zählen" in bare.output
