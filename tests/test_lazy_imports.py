"""Loading the plugins imports no heavy library (issue 29, point 4).

MkDocs imports every configured plugin's entry point when it reads mkdocs.yml, so a
library imported at a module's top is paid by every ``serve`` start and every build, also
one that reuses the search index from its cache or writes no calendar. Each of these is
imported only in the function that needs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from projecttools import ROOT

HEAVY = ("lunr", "nltk", "icalendar", "httpx", "weasyprint")


def entry_points() -> dict[str, str]:
    """pyproject's ``mkdocs.plugins`` entry points: name -> ``module:Class``."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["entry-points"]["mkdocs.plugins"]


def imported_after(code: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after running ``code`` in a fresh Python."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_loading_every_plugin_imports_no_heavy_library():
    points = entry_points()
    assert len(points) >= 12 and "scschule-search" in points
    load = "\n".join(
        ["import importlib"]
        + [f"getattr(importlib.import_module({module!r}), {name!r})"
           for module, name in (value.split(":") for value in points.values())]
    )
    imported = imported_after(load)
    assert {"scschule", "mkdocs"} <= imported  # the plugins were loaded
    assert sorted(imported & set(HEAVY)) == []


def test_the_probe_sees_a_heavy_import():
    """The check above can fail: the functions that need a library do import it."""
    imported = imported_after("from scschule.search import german\ngerman.stem('häuser')\n"
                              "from scschule.courses.events import calendar_ics\n"
                              "calendar_ics([], name='T', uid_domain='example.org', stamp=__import__('datetime').date(2026, 1, 1))")
    assert {"nltk", "icalendar"} <= imported
