"""What every listable content item looks like to the rest of the portal.

Cross-link pages (Handlungsfelder, bundles, municipalities, catalogues, search)
only need this projection, not each collection's full record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ItemRef:
    kind: str  # reader-facing type: "Leitfaden", "Kurs", "Schülerzeitung", ...
    title: str
    url: str  # site-relative, directory style: "leitfaeden/open-data/"
    summary: str
    date: date | None
    handlungsfelder: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
