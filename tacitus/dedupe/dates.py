"""When two mentions' dates can be one event's (shared by within- and cross-article dedupe)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from tacitus.settings import settings

# How far apart two mentions' dates may be and still be one event, by the precision of the
# date, is a setting: ``tacitus.settings.DateWindows``.
# A day carried over from another event of the same actor (Event.date_rule "incident") is a
# guess at a recent day, as the publication date it replaces: compared by its own window
# (``DateWindows.inferred``), that of the month the dates stage carries such days over in.
INFERRED_DATE_RULES = ("incident",)
INFERRED = "inferred"


def precision_of(precision: str | None, rule: str | None) -> str | None:
    """The precision to compare an event's date by: ``inferred`` for a carried-over day."""
    return INFERRED if rule in INFERRED_DATE_RULES else precision


def date_window(precision: str | None) -> int:
    """Days two dates of this precision may be apart and be one event's (a setting)."""
    return settings().dedupe.date_window_days.of(precision)


# cross-article dedupe compares each new mention with many stored ones: each date string is
# parsed once (strptime is slow), not once per comparison
@lru_cache(maxsize=65536)
def date_or_none(value: str | None) -> str | None:
    """An ISO day (``YYYY-MM-DD``) from an ISO string of day, month or year precision."""
    if not value:
        return None
    v = value[:10]
    if len(v) == 4 and v.isdigit():
        return f"{v}-01-01"
    if len(v) == 7:
        return f"{v}-01"
    try:
        datetime.strptime(v, "%Y-%m-%d")
    except ValueError:
        return None
    return v


def dates_compatible(d1: str | None, p1: str | None, d2: str | None, p2: str | None) -> bool:
    """Two event dates can be one event's: within the wider of their precision windows."""
    a, b = date_or_none(d1), date_or_none(d2)
    if a is None or b is None:
        return a is None and b is None
    gap = abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).days)
    return gap <= max(date_window(p1), date_window(p2))
