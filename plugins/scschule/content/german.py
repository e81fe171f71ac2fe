"""German dates, times and numbers for everything readers see, formatted by Babel (CLDR data).

One module, so a page, a PDF, an e-mail and a widget write the same day the same way.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "de_DE"


def long_date(value: date | None) -> str:
    """'4. März 2027' (empty for no date)."""
    return "" if value is None else format_date(value, "d. MMMM y", locale=LOCALE)


def short_date(value: date) -> str:
    """'22.11.2026', for tables."""
    return format_date(value, "dd.MM.y", locale=LOCALE)


def weekday_date(value: date) -> str:
    """'Donnerstag, 4. März 2027'."""
    return format_date(value, "EEEE, d. MMMM y", locale=LOCALE)


def short_datetime(value: datetime) -> str:
    """'04.03.2027, 15:00' (in the time zone ``value`` carries)."""
    return format_datetime(value, "dd.MM.y, HH:mm", tzinfo=value.tzinfo, locale=LOCALE)


def number(value: int | float, digits: int = 0) -> str:
    """'1.925.000'; with ``digits``, up to that many decimals without trailing zeros: '3,14'."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)
