"""Support for open proposals: the 👍 reactions on each proposal's forge issue.

``scschule pausenhof fetch`` asks the forge's API (GitHub: ``reactions["+1"]`` of the
issue, GitLab: its ``upvotes``) with the data widgets' client
(:mod:`scschule.widgets.fetch`): one time budget, a decoded-size cap, no redirects,
strict JSON, and only an answer of the expected shape becomes a snapshot. A snapshot
holds the count alone (never the issue's text or the token) and is committed; the
build only ever reads snapshots, so it needs neither a token nor the network, and the
page says how old the counts are. A failed fetch never replaces a stored count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from pydantic import Field

from ..content.collection import Capability
from ..content.problems import ContentError, Problem
from ..content.records import Record, validate
from ..content.siteconfig import SITE_CONFIG, read_site_config
from ..content.source import Source
from ..widgets.fetch import FetchResult, Job, PayloadError, Request, Snapshot, SnapshotStore, fetch_all_sync
from .model import PROPOSALS

MAX_COUNT = 10_000_000  # more 👍 than people in Germany's public service: not a real answer


class SupportSettings(Record):
    """Options of the ``scschule-pausenhof`` plugin in mkdocs.yml (the fetch step reads them too)."""

    snapshots: str = "snapshots/pausenhof"
    token_env: str = Field(default="SCSCHULE_FORGE_TOKEN", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    api_url: str | None = Field(default=None, pattern=r"^https?://")  # GitHub Enterprise, or a test server
    budget: float = Field(default=20.0, gt=0, le=600)
    timeout: float = Field(default=5.0, gt=0, le=120)
    retries: int = Field(default=1, ge=0, le=5)
    max_bytes: int = Field(default=1_000_000, gt=0, le=20_000_000)


# The options of the scschule-pausenhof plugin: the build and `scschule pausenhof fetch` read the same.
PAUSENHOF_CAPABILITY = Capability("scschule-pausenhof", (PROPOSALS,), settings=SupportSettings)


@dataclass(frozen=True)
class ForgeSource:
    """What the widgets' :class:`~scschule.widgets.fetch.Request` reads of a source, for a forge's API."""

    type: str  # "github" or "gitlab": neither NGSI-LD headers nor CKAN's envelope apply
    url: str  # the API's base URL
    token_env: str
    timeout: float
    retries: int
    max_bytes: int
    tenant: None = None
    context: None = None
    browser_url: None = None


@dataclass(frozen=True)
class Forge:
    kind: str  # "github" | "gitlab"
    project: str  # "owner/repo" or GitLab's "group/project"
    web_url: str  # the repository's address

    def issue_url(self, number: int) -> str:
        return f"{self.web_url}/issues/{number}" if self.kind == "github" else f"{self.web_url}/-/issues/{number}"


def forge_of_repo(repo_url: str | None) -> Forge | None:
    """The forge of mkdocs.yml's ``repo_url``: github.com is GitHub, any other host GitLab."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/").removesuffix(".git")
    parts = urlsplit(base)
    project = parts.path.strip("/")
    if not parts.hostname or not project:
        return None
    kind = "github" if parts.hostname in ("github.com", "www.github.com") else "gitlab"
    return Forge(kind, project, base)


def api_base(forge: Forge, settings: SupportSettings) -> str:
    if settings.api_url:
        return settings.api_url.rstrip("/")
    if forge.kind == "github":
        return "https://api.github.com"
    parts = urlsplit(forge.web_url)
    return f"{parts.scheme}://{parts.netloc}/api/v4"


def support_request(forge: Forge, number: int, settings: SupportSettings) -> Request:
    source = ForgeSource(forge.kind, api_base(forge, settings), settings.token_env, settings.timeout,
                         settings.retries, settings.max_bytes)
    if forge.kind == "github":
        path = f"/repos/{forge.project}/issues/{number}"
    else:
        path = f"/projects/{quote(forge.project, safe='')}/issues/{number}"
    return Request(forge.kind, source, path)  # type: ignore[arg-type]  (duck-typed source)


def count_of(kind: str, number: int, payload) -> int:
    """The 👍 count in a forge's answer about issue ``number``; PayloadError for any other shape."""
    if not isinstance(payload, dict):
        raise PayloadError("Antwort ist kein JSON-Objekt eines Issues")
    own = payload.get("number" if kind == "github" else "iid")
    if type(own) is not int or own != number:
        raise PayloadError(f"Antwort gehört nicht zu Issue {number}")
    if kind == "github":
        reactions = payload.get("reactions")
        value = reactions.get("+1") if isinstance(reactions, dict) else None
    else:
        value = payload.get("upvotes")
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise PayloadError("Antwort enthält keine gültige Anzahl der 👍-Reaktionen")
    return value


@dataclass(frozen=True)
class Support:
    count: int
    fetched_at: datetime


def load_settings(root: Path) -> tuple[SupportSettings, str | None, list[Problem]]:
    """The plugin's options (checked as the build checks them, with lines) and ``repo_url`` from mkdocs.yml."""
    settings, problems = PAUSENHOF_CAPABILITY.load_settings(root)
    repo_url = None
    if (root / SITE_CONFIG).is_file() and not problems:
        repo_url = read_site_config(root)[0].get("repo_url")
    return settings, repo_url if isinstance(repo_url, str) else None, problems


def read_support(root: Path, settings: SupportSettings, repo_url: str | None, proposals) -> dict[str, Support]:
    """The stored 👍 count of every proposal with an issue, by proposal slug (missing: never fetched)."""
    forge = forge_of_repo(repo_url)
    if forge is None:
        return {}
    store = SnapshotStore(root / settings.snapshots)
    found = {}
    for proposal in proposals:
        if proposal.meta.issue is None:
            continue
        snapshot = store.load(support_request(forge, proposal.meta.issue, settings).key)
        if snapshot is not None and type(snapshot.count) is int and snapshot.count >= 0:
            found[proposal.slug] = Support(snapshot.count, snapshot.fetched_at)
    return found


@dataclass(frozen=True)
class Outcome:
    proposal: str
    count: int | None  # None: not fetched, the stored count (if any) stays
    error: str | None


def fetch_support(root: Path, settings: SupportSettings, repo_url: str | None, proposals) -> list[Outcome]:
    """Fetch the count of every open proposal with an issue and store each valid answer."""
    wanted = [p for p in proposals if p.meta.issue is not None and p.status == "vorgeschlagen"]
    if not wanted:
        return []  # nothing to count: no forge needed
    forge = forge_of_repo(repo_url)
    if forge is None:
        raise ValueError("repo_url fehlt in mkdocs.yml: ohne die Adresse des Repositorys gibt es keine Issues zu zählen")
    jobs: dict[str, Job] = {}
    for proposal in wanted:
        number = proposal.meta.issue

        def check(payload, count, number=number):
            count_of(forge.kind, number, payload)

        jobs[proposal.slug] = Job(support_request(forge, number, settings), check)
    results: dict[str, FetchResult] = fetch_all_sync(list(jobs.values()), budget=settings.budget, concurrency=4)
    store = SnapshotStore(root / settings.snapshots)
    outcomes = []
    for proposal in wanted:
        job = jobs[proposal.slug]
        result = results[job.request.key]
        if result.snapshot is None:
            outcomes.append(Outcome(proposal.slug, None, result.error))
            continue
        count = count_of(forge.kind, proposal.meta.issue, result.snapshot.payload)
        # Only the count is kept: the issue's text and its people stay on the forge.
        stored = Snapshot(result.snapshot.fetched_at, job.request.url, {"daumen_hoch": count}, count)
        try:
            store.save(job.request.key, stored)
        except (OSError, ValueError) as exc:
            outcomes.append(Outcome(proposal.slug, None, f"nicht speicherbar: {exc}"))
            continue
        outcomes.append(Outcome(proposal.slug, count, None))
    return outcomes
