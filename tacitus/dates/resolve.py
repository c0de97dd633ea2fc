"""Resolve one English date expression against an anchor date (the publication date).

``resolve("Monday", date(2019, 7, 19), "future")`` → ``Resolved("2019-07-22", "day")``.
Values follow the public record: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; precision says
how much of that is meant: day, week (value = its Monday), month, quarter and season (value
= the first month), year. Durations ("three hours"), decades and vague references ("now",
"the past") are not dates and give ``None``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from tacitus.settings import settings

DATA = Path(__file__).resolve().parent.parent / "data" / "dates"

# a month-day without a year and without tense is put in the year that brings it closest to
# the anchor; with tense, on the side the tense says, within the slack and reach of
# ``tacitus.settings.DateSettings``
# oldest and newest 4-digit numbers read as years
MIN_YEAR, MAX_YEAR = 1800, 2100


@dataclass(frozen=True)
class Resolved:
    value: str
    precision: str  # day | week | month | quarter | season | year

    def first_day(self) -> date:
        parts = [int(p) for p in self.value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    def last_day(self) -> date:
        d = self.first_day()
        if self.precision == "day":
            return d
        if self.precision == "week":
            return d + timedelta(days=6)
        if self.precision == "year":
            return date(d.year, 12, 31)
        months = {"month": 1, "quarter": 3, "season": 3}[self.precision]
        return _add_months(d, months) - timedelta(days=1)


@dataclass(frozen=True)
class Lexicon:
    day: dict[str, int]
    shift: dict[str, int]
    season: dict[str, int]
    ordinal: dict[str, int]
    vague: dict[str, int]
    numbers: dict[str, int]


def _rows(name: str) -> list[list[str]]:
    out = []
    with (DATA / name).open(encoding="utf-8") as fh:
        header = True
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if header:
                header = False
                continue
            out.append(line.rstrip("\n").split("\t"))
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    kinds: dict[str, dict[str, int]] = {
        k: {} for k in ("day", "shift", "season", "ordinal", "vague")
    }
    for word, kind, value in _rows("lexicon.tsv"):
        kinds[kind][word] = int(value)
    numbers = {w: int(v) for w, v in _rows("numbers.tsv")}
    return Lexicon(numbers=numbers, **kinds)


MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4})"
MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE}\b)?")
DAY_MONTH = re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?(?P<month>{_MONTH_RE})\.?(?:,?\s+{_YEAR_RE}\b)?")
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_RE})\.?,?\s+(?:of\s+)?{_YEAR_RE}\b")
MONTH_REL_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s+(?:of\s+)?(?P<rel>last|next|this)\s+year\b"
)
MONTH_ONLY = re.compile(rf"\b(?P<month>{_MONTH_RE})\b")
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
US_DATE = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})\b")
YEAR = re.compile(r"(?<![\d$.,])(?P<year>\d{4})(?P<plural>'?s)?(?![\d%])")
WEEKDAY = re.compile(r"\b(?:(?P<shift>\w+)\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b")
QUARTER = re.compile(
    r"(?:\b(?P<year0>\d{4})\s+|\b(?P<rel>year-ago|year-earlier|last year's|next year's|this year's)\s+)?"
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b"
    r"(?:\s+(?:of|in)\s+(?:fiscal\s+)?(?P<year>\d{4}))?"
)
PAST_UNIT = re.compile(r"\bthis past (?P<unit>week|month|year)\b")
SHIFTED_UNIT = re.compile(r"\b(?P<shift>\w+)\s+(?P<unit>week|month|year|quarter)\b")
AGO = re.compile(
    r"\b(?P<n>\d+|[a-z]+(?: (?:few|couple of))?)\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)\b"
)
SEASON = re.compile(
    r"\b(?:(?P<shift>\w+)\s+)?(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<year>\d{4}))?"
)
DURATION = re.compile(
    r"\b(?:\d+|[a-z]+)[- ](?:year|month|week|day|hour|minute)s?[- ]old\b|\bfor\s+(?:the\s+)?(?:past|last)\b"
)


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _day(d: date) -> Resolved:
    return Resolved(d.isoformat(), "day")


def _week(d: date) -> Resolved:
    return Resolved(_monday(d).isoformat(), "week")


def _month(y: int, m: int) -> Resolved:
    return Resolved(f"{y:04d}-{m:02d}", "month")


def _pick_year(month: int, day: int, anchor: date, tense: str | None) -> int | None:
    """The year that puts month/day on the side of the anchor that the tense says, unless
    that is more than ``DateSettings.tense_reach_days`` away: then the nearest (tense is parsed, often wrong)."""
    if tense is not None:
        y = _pick_year(month, day, anchor, None)
        nearest = _valid_day(y, month, day) if y else None
        sided = _pick_year_sided(month, day, anchor, tense)
        d = _valid_day(sided, month, day) if sided else None
        if d and abs((d - anchor).days) <= settings().dates.tense_reach_days:
            return sided
        return nearest.year if nearest else sided
    return _pick_year_sided(month, day, anchor, None)


def _pick_year_sided(month: int, day: int, anchor: date, tense: str | None) -> int | None:
    best = None
    slack = settings().dates.tense_slack_days
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        delta = (d - anchor).days
        if tense == "past" and delta > slack:
            continue
        if tense == "future" and delta < -slack:
            continue
        if best is None or abs(delta) < abs(best[1]):
            best = (y, delta)
    return best[0] if best else None


def _valid_day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(text: str, anchor: date, tense: str | None = None) -> Resolved | None:
    """The date an expression names, or None when it names no date."""
    found = resolve_all(text, anchor, tense)
    return found[0][2] if found else None


def resolve_all(
    text: str, anchor: date, tense: str | None = None, limit: int = 3
) -> list[tuple[int, int, Resolved]]:
    """Every date named in a text (an NER span may hold two: "the third quarter ended
    Sept. 30"), as (start, end, Resolved) in the text's own offsets, in text order."""
    t = text.lower().replace("’", "'")
    if DURATION.search(t):
        return []
    out: list[tuple[int, int, Resolved]] = []
    for _ in range(limit):
        hit = _resolve_one(t, anchor, tense)
        if hit is None:
            break
        s, e, r = hit
        if (
            r.precision == "day"
            and WEEKDAY.fullmatch(t[s:e].strip())
            and any(x[2].precision == "day" for x in out)
        ):
            # "Monday, Oct. 26": the weekday names the same day as the date beside it
            t = t[:s] + " " * (e - s) + t[e:]
            continue
        out.append((s, e, r))
        t = t[:s] + " " * (e - s) + t[e:]
    return sorted(out, key=lambda x: x[0])


def _resolve_one(t: str, anchor: date, tense: str | None) -> tuple[int, int, Resolved] | None:
    lex = lexicon()
    for phrase, offset in sorted(lex.vague.items(), key=lambda kv: -len(kv[0])):
        m = re.search(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", t)
        if m:
            return m.start(), m.end(), _week(anchor + timedelta(days=offset))

    m = QUARTER.search(t)
    if m:
        q = lex.ordinal[m.group("ord")]
        year, rel = m.group("year") or m.group("year0"), m.group("rel")
        if year:
            y = int(year)
        elif rel == "next year's":
            y = anchor.year + 1
        elif rel == "this year's":
            y = anchor.year
        else:
            # a quarter named without a year is the latest one of that number not in the future
            y = anchor.year if (q - 1) * 3 + 1 <= anchor.month else anchor.year - 1
            if rel:  # year-ago, year-earlier, last year's
                y -= 1
        return m.start(), m.end(), Resolved(f"{y:04d}-{(q - 1) * 3 + 1:02d}", "quarter")

    for rx in (ISO_DATE, US_DATE):
        m = rx.search(t)
        if m:
            y = int(m.group("year"))
            y = y + (1900 if y >= 50 else 2000) if y < 100 else y
            d = _valid_day(y, int(m.group("month")), int(m.group("day")))
            if d:
                return m.start(), m.end(), _day(d)
    for rx in (MONTH_DAY, DAY_MONTH):
        m = rx.search(t)
        if m and 1 <= int(m.group("day")) <= 31:
            month, day = MONTHS[m.group("month")], int(m.group("day"))
            year = (
                int(m.group("year")) if m.group("year") else _pick_year(month, day, anchor, tense)
            )
            d = _valid_day(year, month, day) if year else None
            if d:
                return m.start(), m.end(), _day(d)
    m = MONTH_YEAR.search(t)
    if m:
        return m.start(), m.end(), _month(int(m.group("year")), MONTHS[m.group("month")])
    m = MONTH_REL_YEAR.search(t)
    if m:
        return (
            m.start(),
            m.end(),
            _month(anchor.year + lexicon().shift[m.group("rel")], MONTHS[m.group("month")]),
        )

    for word, offset in lex.day.items():
        m = re.search(rf"\b{word}\b", t)
        if m:
            return m.start(), m.end(), _day(anchor + timedelta(days=offset))
    m = WEEKDAY.search(t)
    if m and not re.search(
        r"\b(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\b", t
    ):
        shift = lex.shift.get(m.group("shift") or "")
        s = m.start() if shift is not None else m.start("weekday")
        return s, m.end(), _weekday(WEEKDAYS[m.group("weekday")], shift, anchor, tense)

    m = AGO.search(t)
    if m:
        n_text = m.group("n")
        n = int(n_text) if n_text.isdigit() else lex.numbers.get(n_text)
        if n is not None:
            return m.start(), m.end(), _ago(n, m.group("unit"), anchor)

    m = PAST_UNIT.search(t)
    if m:
        return m.start(), m.end(), _shifted(-1, m.group("unit"), anchor)
    m = SHIFTED_UNIT.search(t)
    if m and m.group("shift") in lex.shift:
        return m.start(), m.end(), _shifted(lex.shift[m.group("shift")], m.group("unit"), anchor)

    m = SEASON.search(t)
    if m:
        r = _season(
            lex.season[m.group("season")],
            lex.shift.get(m.group("shift") or ""),
            m.group("year"),
            anchor,
            tense,
        )
        return m.start(), m.end(), r

    m = MONTH_ONLY.search(t)
    if m:
        month = MONTHS[m.group("month")]
        shift = re.search(r"\b(last|next|this)\s+" + m.group("month"), t)
        sided = tense
        if shift and shift.group(1) == "last":
            sided = "past"
        elif shift and shift.group(1) == "next":
            sided = "future"
        y = (_pick_year_sided if shift else _pick_year)(month, 15, anchor.replace(day=15), sided)
        if shift and shift.group(1) == "last" and month == anchor.month:
            y = anchor.year - 1
        return (shift.start() if shift else m.start()), m.end(), _month(y or anchor.year, month)

    for m in YEAR.finditer(t):
        if MIN_YEAR <= int(m.group("year")) <= MAX_YEAR and not m.group("plural"):
            return m.start(), m.end(), Resolved(m.group("year"), "year")
    return None


def _weekday(wd: int, shift: int | None, anchor: date, tense: str | None) -> Resolved:
    diff = wd - anchor.weekday()
    if shift == 1:  # next Monday: the first one after the anchor's day
        return _day(anchor + timedelta(days=diff if diff > 0 else diff + 7))
    if shift == -1:  # last Monday: the most recent one before the anchor's day
        return _day(anchor + timedelta(days=diff if diff < 0 else diff - 7))
    if shift == 0:  # this Monday: in the anchor's week
        return _day(_monday(anchor) + timedelta(days=wd))
    if tense == "future":
        return _day(anchor + timedelta(days=diff if diff >= 0 else diff + 7))
    return _day(anchor + timedelta(days=diff if diff <= 0 else diff - 7))


def _shifted(shift: int, unit: str, anchor: date) -> Resolved:
    if unit == "week":
        return _week(anchor + timedelta(days=7 * shift))
    if unit == "month":
        d = _add_months(anchor.replace(day=1), shift)
        return _month(d.year, d.month)
    if unit == "quarter":
        q0 = (anchor.month - 1) // 3 + shift
        y = anchor.year + q0 // 4
        return Resolved(f"{y:04d}-{(q0 % 4) * 3 + 1:02d}", "quarter")
    return Resolved(f"{anchor.year + shift:04d}", "year")


def _ago(n: int, unit: str, anchor: date) -> Resolved:
    if unit == "day":
        return _day(anchor - timedelta(days=n))
    if unit == "week":
        return _week(anchor - timedelta(days=7 * n))
    if unit == "month":
        d = _add_months(anchor.replace(day=1), -n)
        return _month(d.year, d.month)
    return Resolved(f"{anchor.year - n:04d}", "year")


def _season(
    first_month: int, shift: int | None, year: str | None, anchor: date, tense: str | None
) -> Resolved:
    if year:
        return Resolved(f"{int(year):04d}-{first_month:02d}", "season")
    start = date(anchor.year, first_month, 1)
    if first_month == 12 and anchor.month < 3:
        start = date(anchor.year - 1, 12, 1)  # the winter we are in began last December
    end = _add_months(start, 3)
    current = start <= anchor < end
    if shift == -1 or (shift is None and tense == "past" and start > anchor):
        if start > anchor or current:
            start = start.replace(year=start.year - 1)
    elif shift == 1 or (shift is None and tense == "future" and end <= anchor):
        if start <= anchor:
            start = start.replace(year=start.year + 1)
    return Resolved(f"{start.year:04d}-{first_month:02d}", "season")
