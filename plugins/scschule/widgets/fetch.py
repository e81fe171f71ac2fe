"""Fetching widget data: requests per kind, concurrent fetching within a time budget, snapshots.

Everything the platform sends is untrusted: answers are size-capped while streaming,
parsed defensively and checked against the widget's expected shape before they may
replace a stored snapshot.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from .spec import (DatasetWidget, DatasetsWidget, EntityWidget, QueryWidget, SourceConfig, TimeseriesWidget,
                   WidgetBase)

NGSI_LD_JSON = "application/json"
COUNT_HEADER = "NGSILD-Results-Count"


class PayloadError(Exception):
    """The platform answered, but not with what the widget needs (German message)."""


@dataclass(frozen=True)
class Request:
    source_name: str
    source: SourceConfig
    path: str  # below the source's base URL, e.g. "/ngsi-ld/v1/entities/urn:..."
    params: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return self.source.url.rstrip("/") + self.path + (f"?{urlencode(self.params)}" if self.params else "")

    @property
    def browser_url(self) -> str | None:
        base = self.source.browser_url
        if base is None:
            return None
        return base.rstrip("/") + self.path + (f"?{urlencode(self.params)}" if self.params else "")

    @property
    def key(self) -> str:
        """Snapshot key: what is asked, not where; a moved broker keeps its snapshots."""
        identity = [self.source_name, self.source.tenant, self.path, list(self.params)]
        return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:24]

    def headers(self) -> dict[str, str]:
        """Request headers; the token is added only here and never stored or shown."""
        headers = {"Accept": NGSI_LD_JSON}
        if self.source.type == "ngsi-ld":
            if self.source.tenant:
                headers["NGSILD-Tenant"] = self.source.tenant
            if self.source.context:
                headers["Link"] = link_header(self.source.context)
        if self.source.token_env and os.environ.get(self.source.token_env):
            headers["Authorization"] = f"Bearer {os.environ[self.source.token_env]}"
        return headers


def link_header(context: str) -> str:
    return f'<{context}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'


def build_request(spec: WidgetBase, source_name: str, source: SourceConfig) -> Request:
    def ngsi_options(fmt: str) -> list[tuple[str, str]]:
        return [("options", fmt)] if fmt in ("keyValues", "temporalValues") else []

    if isinstance(spec, EntityWidget):
        params = [("attrs", ",".join(a.name for a in spec.attributes)), *ngsi_options(spec.format)]
        return Request(source_name, source, f"/ngsi-ld/v1/entities/{quote(spec.id, safe=':')}", tuple(params))
    if isinstance(spec, QueryWidget):
        params = [("type", spec.type), *([("q", spec.q)] if spec.q else []),
                  ("attrs", ",".join(a.name for a in spec.attributes)),
                  ("limit", str(spec.limit)), ("count", "true"), *ngsi_options(spec.format)]
        return Request(source_name, source, "/ngsi-ld/v1/entities", tuple(params))
    if isinstance(spec, TimeseriesWidget):
        params = [("attrs", spec.attribute), ("lastN", str(spec.last_n))]
        if spec.format == "aggregated":
            params += [("options", "aggregatedValues"), ("aggrMethods", spec.aggregation)]
            params += [("aggrPeriodDuration", spec.period)] if spec.period else []
        else:
            params += ngsi_options(spec.format)
        return Request(source_name, source, f"/ngsi-ld/v1/temporal/entities/{quote(spec.id, safe=':')}", tuple(params))
    if isinstance(spec, DatasetsWidget):
        params = [*([("q", spec.q)] if spec.q else []),
                  *([("fq", f"organization:{spec.organization}")] if spec.organization else []),
                  ("rows", str(spec.rows)), ("sort", spec.sort)]
        return Request(source_name, source, "/api/3/action/package_search", tuple(params))
    if isinstance(spec, DatasetWidget):
        return Request(source_name, source, "/api/3/action/package_show", (("id", spec.id),))
    raise TypeError(f"unknown widget kind {spec!r}")


# ---------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Snapshot:
    fetched_at: datetime
    url: str  # the request URL (never carries the token)
    payload: Any
    count: int | None = None

    def age(self, now: datetime) -> float:
        return (now - self.fetched_at).total_seconds()


class SnapshotStore:
    """One JSON file per request key below ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> Snapshot | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Snapshot(datetime.fromisoformat(data["fetched_at"]), str(data["url"]), data["payload"],
                            data.get("count"))
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # missing or damaged: treated as "no snapshot"

    def save(self, key: str, snapshot: Snapshot) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(key)
        temp = target.with_suffix(".tmp")
        record = {"fetched_at": snapshot.fetched_at.isoformat(timespec="seconds"), "url": snapshot.url,
                  "count": snapshot.count, "payload": snapshot.payload}
        temp.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(temp, target)  # atomic: a crash never leaves half a snapshot


# ---------------------------------------------------------------- fetching


@dataclass
class FetchResult:
    key: str
    snapshot: Snapshot | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class Job:
    request: Request
    check: Any = field(default=None, compare=False)  # callable(payload, count) raising PayloadError


class _Retryable(Exception):
    pass


async def _fetch_once(client: httpx.AsyncClient, request: Request, timeout: float) -> tuple[Any, int | None]:
    cap = request.source.max_bytes
    try:
        async with client.stream("GET", request.url, headers=request.headers(), timeout=timeout) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise PayloadError(f"Antwort ist zu groß ({int(declared)} Bytes, höchstens {cap})")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > cap:
                    raise PayloadError(f"Antwort ist zu groß (mehr als {cap} Bytes)")
    except httpx.TimeoutException:
        raise _Retryable(f"keine Antwort innerhalb von {timeout:g} s") from None
    except httpx.TransportError as exc:
        raise _Retryable(f"nicht erreichbar ({type(exc).__name__})") from None
    status = response.status_code
    if status >= 500 or status == 429:
        raise _Retryable(f"HTTP {status}")
    payload = _parse_json(bytes(body), status)
    if request.source.type == "ckan":
        return _ckan_result(payload, status), None
    if status != 200:
        raise PayloadError(_problem_details(payload, status, request))
    count = response.headers.get(COUNT_HEADER)
    return payload, int(count) if count and count.isdigit() else None


def _parse_json(body: bytes, status: int) -> Any:
    try:
        return json.loads(body)
    except RecursionError:
        raise PayloadError("Antwort ist zu tief verschachtelt") from None
    except ValueError:
        raise PayloadError(f"Antwort ist kein JSON (HTTP {status})") from None


def _problem_details(payload: Any, status: int, request: Request) -> str:
    if isinstance(payload, dict):
        kind = str(payload.get("type", ""))
        if kind.endswith("/NonExistingTenant"):
            return f"HTTP {status}: Mandant '{request.source.tenant or ''}' gibt es auf dem Broker nicht"
        title, detail = payload.get("title"), payload.get("detail")
        if isinstance(title, str):
            return f"HTTP {status}: {title[:200]}" + (f" ({detail[:200]})" if isinstance(detail, str) else "")
    return f"HTTP {status}"


def _ckan_result(payload: Any, status: int) -> Any:
    if not isinstance(payload, dict) or "success" not in payload:
        raise PayloadError(f"keine CKAN-API-Antwort (HTTP {status}, Feld 'success' fehlt)")
    if payload["success"] is not True:
        err = payload.get("error")
        message = err.get("message") if isinstance(err, dict) else None
        return_text = message[:200] if isinstance(message, str) else "ohne Begründung"
        raise PayloadError(f"CKAN meldet einen Fehler (HTTP {status}): {return_text}")
    return payload.get("result")


async def _fetch_job(client: httpx.AsyncClient, job: Job, deadline: float, result: FetchResult) -> None:
    request, retries = job.request, job.request.source.retries
    last = None
    for attempt in range(retries + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        result.attempts += 1
        try:
            payload, count = await _fetch_once(client, request, min(request.source.timeout, remaining))
            if job.check is not None:
                job.check(payload, count)
            result.snapshot = Snapshot(datetime.now(timezone.utc), request.url, payload, count)
            result.error = None
            return
        except PayloadError as exc:
            result.error = str(exc)
            return  # the platform answered: asking again gives the same answer
        except _Retryable as exc:
            last = str(exc)
            result.error = last
        if attempt < retries:
            await asyncio.sleep(min(0.25 * 2**attempt, max(deadline - time.monotonic(), 0)))
    result.error = last  # None if the budget was gone before the first attempt


async def fetch_all(jobs: list[Job], *, budget: float, concurrency: int = 8) -> dict[str, FetchResult]:
    """Fetch every job at once (at most ``concurrency`` in flight); never longer than ``budget`` seconds."""
    deadline = time.monotonic() + budget
    unique = {job.request.key: job for job in jobs}
    results = {key: FetchResult(key) for key in unique}
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency)

    async with httpx.AsyncClient(limits=limits, follow_redirects=False, trust_env=False) as client:
        async def run(job: Job) -> None:
            async with gate:
                await _fetch_job(client, job, deadline, results[job.request.key])

        tasks = {asyncio.create_task(run(job)): key for key, job in unique.items()}
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=max(deadline - time.monotonic(), 0))
            for task in pending:
                task.cancel()
                results[tasks[task]].error = f"Zeitbudget von {budget:g} s für alle Datenabrufe erschöpft"
            await asyncio.gather(*pending, return_exceptions=True)
    for result in results.values():
        if result.snapshot is None and result.error is None:
            result.error = f"Zeitbudget von {budget:g} s für alle Datenabrufe erschöpft"
    return results


def fetch_all_sync(jobs: list[Job], *, budget: float, concurrency: int = 8) -> dict[str, FetchResult]:
    return asyncio.run(fetch_all(jobs, budget=budget, concurrency=concurrency))
