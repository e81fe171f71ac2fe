"""A content-addressed on-disk cache for the expensive steps of a build.

Each step (PDF rendering, the search index, ...) gets a folder
``<project>/.cache/scschule/<name>/``. An entry's key is a SHA-256 over
everything that shapes its output: the bytes of the inputs, the template and
code files, the relevant configuration and the package version. A changed input
gives a new key, so an entry is never stale and never needs invalidating; an
unchanged input finds its entry and the step is skipped.

Counters (``hits``, ``misses``) let the build log, and tests, say what was done.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TypeVar

CACHE_ROOT = Path(".cache") / "scschule"
DISTRIBUTION = "smartcities-schule"
T = TypeVar("T")


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


def digest(*parts: object) -> str:
    """SHA-256 over ``parts``: bytes as they are, paths by their file's bytes, anything else as ``str``.

    Parts are length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    """
    hasher = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            data = part.read_bytes()
        elif isinstance(part, bytes):
            data = part
        else:
            data = str(part).encode("utf-8")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """Digest of several files: their names and bytes, in a stable order."""
    ordered = sorted(paths, key=lambda p: p.as_posix())
    return digest(*[x for p in ordered for x in (p.name, p)])


WHOLE_FILE_LIMIT = 1 << 20  # bytes; larger files (videos, slides) count by size and modification time


def folder_digest(folder: Path) -> str:
    """Digest of every file below ``folder``: relative names and bytes (an absent folder has one too).

    A serve session's key of a collection: text files are read whole, since an editor's save within
    the file system's time resolution must still count as a change; reading a video on every save
    would cost more than the rebuild, so large files count by size and modification time.
    """
    if not folder.is_dir():
        return digest("absent", folder.as_posix())
    parts: list[object] = []
    for path in sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.as_posix()):
        stat = path.stat()
        whole = stat.st_size <= WHOLE_FILE_LIMIT
        parts += [path.relative_to(folder).as_posix(), path if whole else f"{stat.st_size}:{stat.st_mtime_ns}"]
    return digest(*parts)


class ContentCache:
    """Entries ``<project>/.cache/scschule/<name>/<key><suffix>``.

    ``shared`` are the parts every entry of this cache depends on (templates,
    code, configuration); :meth:`key` adds an entry's own inputs.
    """

    def __init__(self, project: Path, name: str, *shared: object):
        self.folder = Path(project) / CACHE_ROOT / name
        self.fingerprint = digest(package_version(), *shared)
        self.hits = self.misses = 0

    def key(self, *parts: object) -> str:
        return digest(self.fingerprint, *parts)

    def path(self, key: str, suffix: str = "") -> Path:
        return self.folder / f"{key}{suffix}"

    def provide(self, key: str, make: Callable[[], bytes], suffix: str = "") -> Path:
        """The entry's file, calling ``make`` only if it is not cached yet."""
        path = self.path(key, suffix)
        if path.is_file():
            self.hits += 1
            return path
        self.store(path, make())
        self.misses += 1
        return path

    def read(self, key: str, suffix: str = "") -> bytes | None:
        """The entry's bytes, or None (counted as a hit or a miss)."""
        try:
            data = self.path(key, suffix).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def write(self, key: str, data: bytes, suffix: str = "") -> Path:
        path = self.path(key, suffix)
        self.store(path, data)
        return path

    def write_text(self, key: str, chunks: Iterable[str], suffix: str = "") -> Path:
        """Like :meth:`write`, for text made piece by piece (a large JSON value): never held whole."""
        path = self.path(key, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            write_chunks(partial, chunks)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)  # atomic, as in store()
        return path

    @staticmethod
    def store(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a cancelled build never leaves half an entry


CHUNK = 1 << 20  # characters


def slices(text: str) -> Iterator[str]:
    """A long text in pieces of CHUNK characters, to be written without one encoded copy of all of it."""
    return (text[start:start + CHUNK] for start in range(0, len(text), CHUNK))


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write text pieces to ``path`` as UTF-8, exactly as written (no newline translation)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        file.writelines(chunks)


# A serve session's reuse of a part of a stage: (part, collections read or None for all, its other inputs
# (a function: a production build never computes them), make).
Reuse = Callable[[str, "tuple | None", Callable[[], tuple], Callable[[], T]], T]


class Stages:
    """What a serve session's stages made in the last rebuild, each under the digest of its inputs.

    A stage (a capability's generated pages, the feeds) is run again only when its key changed;
    a key of None (outside a serve session) always runs it. Only the last result of each stage is
    kept, and only of the stages the last rebuild asked for, so memory does not grow with the
    number of saves.
    """

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, object]] = {}
        self.reused: list[str] = []  # the stages the current rebuild took over (log and tests)
        self._asked: set[str] = set()

    def start(self) -> None:
        self.reused, self._asked = [], set()

    def finish(self) -> None:
        """Forget the stages this rebuild did not ask for (a deleted guide's pages)."""
        for name in self._last.keys() - self._asked:
            del self._last[name]

    def summary(self) -> str:
        """The reused stages for the log: "guides:katalog, guides:leitfaden (499)" (parts of a kind counted)."""
        kinds = Counter(":".join(name.split(":")[:2]) for name in self.reused)
        return ", ".join(kind if count == 1 else f"{kind} ({count})" for kind, count in sorted(kinds.items())) or "nichts"

    def get(self, name: str, key: str | None, make: Callable[[], T]) -> T:
        if key is None:
            return make()
        self._asked.add(name)
        last = self._last.get(name)
        if last is not None and last[0] == key:
            self.reused.append(name)
            return last[1]  # type: ignore[return-value]
        result = make()
        self._last[name] = (key, result)
        return result
