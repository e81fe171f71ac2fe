"""The sitemap's ``lastmod``: the date a page's content records, so that search engines can trust it.

A collection item (a guide, a newsletter issue, a course, ...) records its date in its own
file; a hand-written page may say ``updated:`` or ``date:`` in its front matter. A page that
records no date gets no ``lastmod`` (the sitemap protocol makes it optional): the build date
would claim a change that did not happen. ``overrides/sitemap.xml`` reads the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime


def recorded_date(meta: Mapping) -> date | None:
    """``updated`` (or else ``date``) of a page's front matter, if it is a date."""
    for key in ("updated", "date"):
        value = meta.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return None


def item_url(page_url: str) -> str:
    """A page URL in the items' directory style: ``leitfaeden/x/index.html`` -> ``leitfaeden/x/``."""
    return page_url.removesuffix("index.html")


def content_dates(pages: Iterable[tuple[str, Mapping]], item_dates: Mapping[str, date]) -> dict[str, str]:
    """ISO date by page URL, for every page that records one: the item's date, else its front matter's."""
    dates = {}
    for url, meta in pages:
        recorded = item_dates.get(item_url(url)) or recorded_date(meta)
        if recorded is not None:
            dates[url] = recorded.isoformat()
    return dates
