"""Publication dates from input metadata, normalised to ISO (YYYY-MM-DD, YYYY-MM or YYYY)."""

from __future__ import annotations

import calendar
import re
import time
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s].*)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T.*)?\s*$")
# English month names from the standard library (C locale): "19 July 2019", "Jul 19, 2019",
# "19-JUL-2019 10:02:00" are read without dateparser, which costs ~7 ms a call.
_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
_MONTHS["sept"] = 9
_MON = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_DAY_MONTH_YEAR = re.compile(rf"^\s*{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+({_MON})[\s\-/.,]+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"^\s*{_WEEKDAY}({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# Years outside this window in a *publication* date are data errors, not news.
MIN_YEAR = 1800
MAX_YEAR = 2200
# dateparser is the fallback for free-form dates ("July 19, 2019"); strings longer than this
# are not dates and are not worth its time.
MAX_FREE_DATE_CHARS = 64


def normalise_date(value: Any) -> str | None:
    """ISO date of ``value`` (str, date, datetime, struct_time, epoch number), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _iso(value.year, value.month, value.day)
    if isinstance(value, date):
        return _iso(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _iso(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, (int, float)):
        try:
            d = datetime.fromtimestamp(float(value), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _iso(d.year, d.month, d.day)
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        y, mo, d = (int(g) if g else None for g in m.groups())
        return _iso(y, mo, d)
    m = _DAY_MONTH_YEAR.match(s)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY_YEAR.match(s)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        return _iso(dt.year, dt.month, dt.day)
    if len(s) > MAX_FREE_DATE_CHARS:
        return None
    return _free_date(s)


@lru_cache(maxsize=4096)
def _free_date(s: str) -> str | None:
    import dateparser  # slow to import; most inputs never need it

    try:
        # absolute dates only: "yesterday" in metadata has no anchor we could trust
        dt = dateparser.parse(
            s,
            settings={
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"],
            },
            languages=["en"],
        )
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    if dt is None:
        return None
    return _iso(dt.year, dt.month, dt.day)


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
