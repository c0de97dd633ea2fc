"""Event filters: one type, one translation to SQL, for every reader of the store.

``tacitus query events``, ``tacitus export --to``, ``Store.query_events`` and the HTTP API
all select events through ``EventFilter.where``, so the same filter selects the same events
everywhere. Every user value travels as a bound parameter; the SQL text comes from this
module only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

# Expressions the filters test. The API's in-memory events snapshot stores them as columns of
# these names (string building per row was most of the cost of an actor or text filter: 50 ms
# against 10 ms at 100,000 events); ``where(precomputed=True)`` tests those columns instead.
DERIVED = {
    "__codes": "'|' || array_to_string(list_concat(source_codes, target_codes), '|')",
    "__source_codes": "'|' || array_to_string(source_codes, '|')",
    "__target_codes": "'|' || array_to_string(target_codes, '|')",
    "__text": "lower(text)",
}


def _iso(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class EventFilter:
    """Which events to select; every field left ``None`` selects all. Country and actor
    values are matched case-insensitively (upper-cased); ``code`` is a CAMEO code prefix."""

    since: date | str | None = None  # event date on or after (a date or YYYY-MM-DD)
    until: date | str | None = None  # event date on or before
    country: str | None = None  # ISO alpha-3 country of any actor on either side
    actor: str | None = None  # CAMEO actor code prefix of any actor on either side
    source: str | None = None  # the same, source side only
    target: str | None = None  # the same, target side only (with source: a dyad)
    code: str | None = None  # CAMEO event code prefix: "19", "0256"
    quad_class: int | None = None  # 1 verbal cooperation .. 4 material conflict
    place_country: str | None = None  # ISO alpha-3 country of the event's place
    place: str | None = None  # the event's place name, exact, case-insensitive
    modality: str | None = None  # asserted, future, negated, ...
    text: str | None = None  # text in the evidence sentence, case-insensitive

    def where(self, precomputed: bool = False) -> tuple[list[str], list[Any]]:
        """WHERE terms (to be joined with AND) and their parameters, in order.
        ``precomputed`` tests the ``DERIVED`` columns of a table that has them."""

        def term(name: str) -> str:
            return name if precomputed else DERIVED[name]

        where: list[str] = []
        params: list[Any] = []
        if self.since:
            where.append("event_date >= CAST(? AS DATE)")
            params.append(_iso(self.since))
        if self.until:
            where.append("event_date <= CAST(? AS DATE)")
            params.append(_iso(self.until))
        if self.country:
            where.append("list_contains(countries, ?)")
            params.append(self.country.upper())
        # prefix match on any code of a side, without lambdas (their syntax changed across
        # DuckDB releases)
        for side, value in (("__codes", self.actor), ("__source_codes", self.source),
                            ("__target_codes", self.target)):
            if value:
                where.append(f"contains({term(side)}, '|' || ?)")
                params.append(value.upper())
        if self.code:
            where.append("starts_with(code, ?)")
            params.append(self.code)
        if self.quad_class is not None:
            where.append("quad_class = ?")
            params.append(int(self.quad_class))
        if self.place_country:
            where.append("place_country = ?")
            params.append(self.place_country.upper())
        if self.place:
            where.append("lower(place_name) = lower(?)")
            params.append(self.place)
        if self.modality:
            where.append("modality = ?")
            params.append(self.modality)
        if self.text:
            where.append(f"contains({term('__text')}, lower(?))")
            params.append(self.text)
        return where, params

    def as_dict(self) -> dict[str, str]:
        """The fields that are set, as strings (dates as YYYY-MM-DD)."""
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None:
                out[f.name] = _iso(v) if isinstance(v, date) else str(v)
        return out


def where_sql(where: list[str]) -> str:
    """`` WHERE a AND b`` for the terms, or nothing for none."""
    return (" WHERE " + " AND ".join(where)) if where else ""
