"""A native file watcher for ``serve`` (issue 29, point 4).

The engine's live-reload server watches with watchdog's ``PollingObserver``: every 0.5 s it
stats every watched file, so a save waits 0.25 s on average (and up to 0.5 s plus one round
of stats over all collections) before the rebuild starts. The platform's native observer
(inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows) is told of a save
at once. Where watchdog has no native observer it picks polling itself; nothing changes then.

Only the server's public surface is used: its ``observer`` attribute (which ``serve()``
starts and ``shutdown()`` stops), ``watch()`` and ``unwatch()``.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.scschule")

# Set (to anything but 0) to keep the engine's polling watcher, e.g. on a network share or a
# container mount, where the native observer does not hear of changes made on another machine.
POLLING_ENV = "SCSCHULE_POLLING_WATCHER"

# What a save, a new file, a deletion or a rename reports. Not "opened" and "closed without
# writing": inotify reports every read, the build reads every watched file, and the server
# rebuilds on any event, so each build would start the next.
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class ChangeObserver(Observer):
    """The platform's native observer, reporting changes only (``CHANGES``)."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def native_watcher_available() -> bool:
    """Whether watchdog has a native observer on this platform (it falls back to polling otherwise)."""
    return not issubclass(Observer, PollingObserver)


def use_native_observer(server: LiveReloadServer) -> bool:
    """Move the server's watches from its polling observer to a native one, before ``serve()``
    starts it; watches added later go to the native one too. Returns whether it did."""
    if not native_watcher_available() or os.environ.get(POLLING_ENV, "") not in ("", "0"):
        return False
    polling = getattr(server, "observer", None)
    if not isinstance(polling, PollingObserver):  # a server without one, or its watcher was chosen already
        return False
    watches = {emitter.watch.raw_path: emitter.watch.is_recursive for emitter in polling.emitters}
    counts = {}
    for path in watches:  # the server counts watches of a path; keep the count
        counts[path] = 0
        while any(emitter.watch.raw_path == path for emitter in polling.emitters):
            server.unwatch(path)
            counts[path] += 1
    server.observer = ChangeObserver()
    for path, recursive in watches.items():
        for _ in range(counts[path]):
            server.watch(path, recursive=recursive)
    log.debug(f"Dateiänderungen meldet {type(server.observer).__mro__[1].__name__} statt PollingObserver.")
    return True
