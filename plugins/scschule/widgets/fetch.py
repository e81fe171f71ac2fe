"""Fetching widget data: requests per kind, concurrent fetching within a time budget, snapshots.

Everything the platform sends is untrusted. The bounds, and why they hold:

- Size: the client asks for ``gzip`` or no encoding and decodes gzip itself, at most
  ``max_bytes`` of output per step (``zlib`` ``max_length``), so the cap counts decoded
  bytes while decoding. httpx's own decoders inflate a whole chunk at once without an
  output limit (and chain nested encodings), so a cap checked after them cannot bound
  memory; any other ``Content-Encoding`` is refused.
- Time: one deadline per request, from connect to the last byte (``asyncio.timeout``);
  httpx's ``timeout`` alone is per read, so a source dripping a byte a second would
  never hit it. Each source has its own connection pool and slots, so a slow source
  cannot hold the slots of another one; ``data_budget`` bounds the whole phase.
- Validity: only a 2xx answer with a JSON content type, valid UTF-8 without lone
  surrogates, finite numbers and the widget's expected shape becomes a snapshot;
  anything a payload raises stays the failure of its own widget.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import os
import re
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote, urlencode

from .spec import (DatasetWidget, DatasetsWidget, EntityWidget, QueryWidget, SourceConfig, TimeseriesWidget,
                   WidgetBase)

if TYPE_CHECKING:
    import httpx  # imported where a fetch runs: a build, which only reads snapshots, never loads it

NGSI_LD_JSON = "application/json"
COUNT_HEADER = "NGSILD-Results-Count"
# The encodings the client accepts and decodes itself under the size cap (see above).
ACCEPT_ENCODING = "gzip, identity"
JSON_TYPES = ("application/json", "application/ld+json")  # and every application/*+json


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
        headers = {"Accept": NGSI_LD_JSON, "Accept-Encoding": ACCEPT_ENCODING}
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

    def to_bytes(self) -> bytes:
        """The stored form: strict JSON (no NaN/Infinity), UTF-8 (raises for lone surrogates)."""
        record = {"fetched_at": self.fetched_at.isoformat(timespec="seconds"), "url": self.url,
                  "count": self.count, "payload": self.payload}
        return (json.dumps(record, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


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
        """Replace the snapshot atomically; on any failure the old file stays and no temporary file is left."""
        data = snapshot.to_bytes()  # before any file is touched: a payload that cannot be stored changes nothing
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self._path(key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


# ---------------------------------------------------------------- reading and checking one answer


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


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _is_json(media_type: str) -> bool:
    return media_type in JSON_TYPES or (media_type.startswith("application/") and media_type.endswith("+json"))


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, never more than ``cap`` bytes held, counted while decoding."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
    if encoding not in ("identity", "gzip"):
        raise PayloadError(f"Antwort ist als '{_short(encoding, 40)}' kodiert; angefordert war nur gzip oder unkodiert")
    declared = response.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        raise PayloadError(f"Antwort ist zu groß ({int(declared)} Bytes, höchstens {cap})")
    decoder = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
    body, received = bytearray(), 0
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > cap:
                raise PayloadError(f"Antwort ist zu groß (mehr als {cap} Bytes)")
            if decoder is None:
                body += chunk
                continue
            data = chunk
            while data and not decoder.eof:
                body += decoder.decompress(data, cap + 1 - len(body))
                if len(body) > cap:
                    raise PayloadError(f"Antwort ist entpackt zu groß (mehr als {cap} Bytes)")
                data = decoder.unconsumed_tail
            if decoder.eof and (decoder.unused_data or data):
                raise PayloadError("Antwort enthält Daten nach dem Ende der gzip-Daten")
    except zlib.error:
        raise PayloadError("gzip-Daten der Antwort sind fehlerhaft") from None
    if decoder is not None and not decoder.eof:
        raise PayloadError("gzip-Daten der Antwort sind unvollständig")
    return bytes(body)


def _reject_constant(name: str) -> Any:
    raise PayloadError(f"Antwort enthält den Zahlwert '{name}', den JSON nicht kennt")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise PayloadError(f"Antwort enthält eine Zahl außerhalb des Wertebereichs ({_short(text, 40)})")
    return value


def parse_json(body: bytes, status: int) -> Any:
    """Strict JSON: UTF-8 (RFC 8259), finite numbers, valid Unicode strings."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError(f"Antwort ist kein gültiges UTF-8 (HTTP {status})") from None
    try:
        payload = json.loads(text.removeprefix("\ufeff"), parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise PayloadError("Antwort ist zu tief verschachtelt") from None
    except ValueError:
        raise PayloadError(f"Antwort ist kein JSON (HTTP {status})") from None
    try:
        json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError("Antwort enthält ungültige Unicode-Zeichen (einzelne Surrogate wie \\ud800)") from None
    except RecursionError:
        raise PayloadError("Antwort ist zu tief verschachtelt") from None
    return payload


def _count(response: httpx.Response) -> int | None:
    raw = response.headers.get(COUNT_HEADER)
    if raw is None:
        return None
    if not re.fullmatch(r"[0-9]{1,15}", raw.strip()):
        raise PayloadError(f"Kopfzeile {COUNT_HEADER} ist keine Anzahl: '{_short(raw, 40)}'")
    return int(raw)


async def _fetch_once(client: httpx.AsyncClient, request: Request, timeout: float) -> tuple[Any, int | None]:
    """One GET, within one deadline from connect to the last byte."""
    import httpx

    try:
        async with asyncio.timeout(timeout):
            async with client.stream("GET", request.url, headers=request.headers(), timeout=timeout) as response:
                status = response.status_code
                if 300 <= status < 400:
                    raise PayloadError(f"HTTP {status}: Weiterleitung wird nicht verfolgt; "
                                       "bitte die Adresse der Quelle in mkdocs.yml prüfen")
                if status >= 500 or status == 429:
                    raise _Retryable(f"HTTP {status}")
                if 200 <= status < 300 and not _is_json(_media_type(response)):
                    shown = _short(_media_type(response), 60) or "keiner"
                    raise PayloadError(f"HTTP {status}, aber Inhaltstyp '{shown}' statt JSON")
                body = await _read_capped(response, request.source.max_bytes)
                count = _count(response) if request.source.type == "ngsi-ld" and 200 <= status < 300 else None
    except TimeoutError:
        raise _Retryable(f"keine vollständige Antwort innerhalb von {timeout:g} s") from None
    except httpx.TimeoutException:
        raise _Retryable(f"keine vollständige Antwort innerhalb von {timeout:g} s") from None
    except httpx.TransportError as exc:
        raise _Retryable(f"nicht erreichbar ({type(exc).__name__})") from None
    ok = 200 <= status < 300
    if not ok:
        try:
            payload = parse_json(body, status)
        except PayloadError:
            raise PayloadError(f"HTTP {status}") from None
        raise PayloadError(_ckan_error(payload, status) if request.source.type == "ckan"
                           else _problem_details(payload, status, request))
    payload = parse_json(body, status)
    if request.source.type == "ckan":
        return _ckan_result(payload, status), None
    return payload, count


def _problem_details(payload: Any, status: int, request: Request) -> str:
    if isinstance(payload, dict):
        kind = str(payload.get("type", ""))
        if kind.endswith("/NonExistingTenant"):
            return f"HTTP {status}: Mandant '{request.source.tenant or ''}' gibt es auf dem Broker nicht"
        title, detail = payload.get("title"), payload.get("detail")
        if isinstance(title, str):
            return f"HTTP {status}: {title[:200]}" + (f" ({detail[:200]})" if isinstance(detail, str) else "")
    return f"HTTP {status}"


def _ckan_error(payload: Any, status: int) -> str:
    err = payload.get("error") if isinstance(payload, dict) else None
    message = err.get("message") if isinstance(err, dict) else None
    return f"CKAN meldet einen Fehler (HTTP {status}): {message[:200] if isinstance(message, str) else 'ohne Begründung'}"


def _ckan_result(payload: Any, status: int) -> Any:
    if not isinstance(payload, dict) or "success" not in payload:
        raise PayloadError(f"keine CKAN-API-Antwort (HTTP {status}, Feld 'success' fehlt)")
    if payload["success"] is not True:
        raise PayloadError(_ckan_error(payload, status))
    return payload.get("result")


# ---------------------------------------------------------------- fetching many


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
        except Exception as exc:  # noqa: BLE001 - whatever a payload raises stays this widget's failure
            result.error = f"Antwort nicht verarbeitbar ({type(exc).__name__}: {_short(str(exc))})"
            return
        if attempt < retries:
            await asyncio.sleep(min(0.25 * 2**attempt, max(deadline - time.monotonic(), 0)))
    result.error = last  # None if the budget was gone before the first attempt


async def fetch_all(jobs: list[Job], *, budget: float, concurrency: int = 8,
                    on_result: Callable[[FetchResult], None] | None = None) -> dict[str, FetchResult]:
    """Fetch every job at once (at most ``concurrency`` in flight per source); never longer than ``budget`` seconds.

    ``on_result`` is called with each finished job's result as soon as it is done.
    """
    import httpx

    deadline = time.monotonic() + budget
    unique = {job.request.key: job for job in jobs}
    results = {key: FetchResult(key) for key in unique}
    exhausted = f"Zeitbudget von {budget:g} s für alle Datenabrufe erschöpft"
    by_source: dict[str, list[Job]] = {}
    for job in unique.values():
        by_source.setdefault(job.request.source_name, []).append(job)
    limits = httpx.Limits(max_connections=concurrency)
    # One client (connection pool) and one gate per source: a slow source only uses up its own slots.
    # One TLS context for all: each client would otherwise load the CA bundle itself (tenths of a second each).
    tls = httpx.create_ssl_context()
    clients = {name: httpx.AsyncClient(limits=limits, follow_redirects=False, trust_env=False, verify=tls)
               for name in by_source}
    gates = {name: asyncio.Semaphore(concurrency) for name in by_source}
    try:
        async def run(job: Job) -> None:
            name = job.request.source_name
            async with gates[name]:
                await _fetch_job(clients[name], job, deadline, results[job.request.key])
            if on_result is not None:
                on_result(results[job.request.key])

        tasks = {asyncio.create_task(run(job)): key for key, job in unique.items()}
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=max(deadline - time.monotonic(), 0))
            for task in pending:
                task.cancel()
                results[tasks[task]].snapshot = None
                results[tasks[task]].error = exhausted
            await asyncio.gather(*pending, return_exceptions=True)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients.values()), return_exceptions=True)
    for result in results.values():
        if result.snapshot is None and result.error is None:
            result.error = exhausted
    return results


def fetch_all_sync(jobs: list[Job], *, budget: float, concurrency: int = 8,
                   on_result: Callable[[FetchResult], None] | None = None) -> dict[str, FetchResult]:
    # Not asyncio.run: it waits for the default executor, i.e. for name lookups that the budget
    # already gave up on; closing the loop shuts the executor down without waiting.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(fetch_all(jobs, budget=budget, concurrency=concurrency, on_result=on_result))
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
