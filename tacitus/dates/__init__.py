"""Dates: date expressions resolved against the publication date, and each event's own date.

``find_dates`` reads spaCy's DATE (and day-naming TIME) entities plus weekday / month-day
phrases NER missed, and resolves each with ``tacitus.dates.resolve`` using the tense of the
clause it modifies ("will meet on Monday" → the coming Monday; "met on Monday" → the past
one). ``date_events`` gives each event the date attached to its clause, else the one date of
its sentence, else the publication date with ``date_precision = "published"``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from typing import Any

from tacitus.dates.resolve import MONTHS, WEEKDAYS, Resolved, resolve, resolve_all
from tacitus.lexicon import reporting_verbs
from tacitus.model import DateRef, Event
from tacitus.nlp import doc_ents, doc_text, trigger_root
from tacitus.nlp.syntax import anchor_token, clause_tense, verb_of
from tacitus.settings import settings
from tacitus.spans import SpanIndex

__all__ = [
    "find_dates",
    "date_events",
    "resolve",
    "parse_published",
    "tense_of",
    "PUBLISHED_PRECISION",
    "DATE_RULES",
]

# how many days before publication an event (or date) is background is a setting:
# ``tacitus.settings.DateSettings.historical_days``
# the precision given to an event dated by its article's publication date, for lack of its own
PUBLISHED_PRECISION = "published"
# words of a DATE entity that never make it a date on their own ("the 18-year-old conflict")
_TIME_DAY = re.compile(
    r"\b(?:" + "|".join(WEEKDAYS) + r"|today|tonight|yesterday|tomorrow)\b", re.I
)
_EXTRA = re.compile(
    r"\b(?:(?:last|next|this|on|coming|past)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:last|next|this|earlier this|later this)\s+(?:week|month|year)\b"
    r"|\b(?:in\s+)?recent\s+(?:days|weeks)\b"
)


def parse_published(published: str | None) -> date | None:
    """The publication date of an ISO string ("2019-07-19", "2019-07-19T10:00:00Z")."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def tense_of(span: Any) -> str | None:
    """ "past", "future" or None for the clause a date expression modifies."""
    return clause_tense(verb_of(span.root))


def _to_ref(start: int, end: int, text: str, r: Resolved, anchor: date | None) -> DateRef:
    return DateRef(
        text=text,
        start=start,
        end=end,
        value=r.value,
        precision=r.precision,
        historical=anchor is not None and r.last_day() < anchor - timedelta(days=settings().dates.historical_days),
    )


def find_dates(doc: Any, published: str | None) -> list[DateRef]:
    """The date expressions of the article resolved against its publication date (those
    that need an anchor are skipped when there is none)."""
    anchor = parse_published(published)
    out: list[DateRef] = []
    taken: set[int] = set()
    spans = [
        e
        for e in doc_ents(doc)
        if e.label_ == "DATE" or (e.label_ == "TIME" and _TIME_DAY.search(e.text))
    ]
    for m in _EXTRA.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and not any(
            s.start_char < span.end_char and span.start_char < s.end_char for s in spans
        ):
            spans.append(span)
    spans = [_with_day_before(s) for s in spans]
    last_quarter: Resolved | None = None
    for span in sorted(spans, key=lambda s: s.start_char):
        if span.start_char in taken:
            continue
        taken.add(span.start_char)
        if anchor is None and not re.search(r"\d{4}", span.text):
            continue  # relative to nothing: no guess
        base = anchor or date(int(re.search(r"\d{4}", span.text).group()), 1, 1)  # type: ignore[union-attr]
        if last_quarter is not None and _QUARTER_REF.search(span.text):
            # in results reporting, "a year earlier" is the same quarter a year before and
            # "the quarter" the one just named
            q = last_quarter
            if _QUARTER_REF.search(span.text).group("ago"):  # type: ignore[union-attr]
                q = Resolved(f"{int(q.value[:4]) - 1:04d}{q.value[4:]}", "quarter")
            out.append(_to_ref(span.start_char, span.end_char, span.text, q, anchor))
            continue
        for s, e, r in resolve_all(span.text, base, tense_of(span)):
            out.append(_to_ref(span.start_char + s, span.start_char + e, span.text[s:e], r, anchor))
            if r.precision == "quarter":
                last_quarter = r
    return out


_DAY_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+$")
_MONTH_FIRST = re.compile(r"^(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)


def _with_day_before(span: Any) -> Any:
    """A month entity with the day number NER left outside it ("the morning of 1 | March
    2019"): the span widened over that number."""
    if not _MONTH_FIRST.match(span.text):
        return span
    doc = span.doc
    before = doc_text(doc)[max(0, span.start_char - 8) : span.start_char]
    m = _DAY_BEFORE.search(before)
    if m is None:
        return span
    wider = doc.char_span(span.start_char - len(before) + m.start(), span.end_char, alignment_mode="expand")
    return wider if wider is not None else span


_QUARTER_REF = re.compile(
    r"^(?:the |its |their )?(?:(?P<ago>(?:a|one) year (?:ago|earlier)|year-(?:ago|earlier) (?:quarter|period)|"
    r"(?:the )?(?:same|corresponding|comparable) (?:quarter|period)(?: (?:a year ago|last year|a year earlier))?)"
    r"|(?:latest |most recent |current )?quarter)$",
    re.I,
)


# Event.date_rule: how the event's date was found
DATE_RULES = ("clause", "sentence", "incident", "relative-event", "published")
# "two days after the bombing": a span of time before or after an event named by a noun
_RELATIVE_EVENT = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>day|week|month|year)s?\s+(?P<dir>after|before)\s+(?:the|a|an|its|his|her|their|that|this)\s+"
    r"(?:\w+\s+)?(?P<noun>[a-z]+)",
    re.I,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# the longest stem two words share to name one act ("bombing" / "bombed", "attack" / "attacked")
STEM_CHARS = 4


def date_events(events: list[Event], dates: list[DateRef], doc: Any, published: str | None) -> None:
    """Give each event its own date and say how (``Event.date_rule``):

    * ``clause``: the date attached to its clause; ``sentence``: else the sentence's one date
      when it dates a clause governing the event;
    * ``relative-event``: else a span of time from an act the article has dated ("two days
      after the bombing", the bombing dated in an earlier sentence);
    * ``incident``: else the date stated for the same incident elsewhere in the article (an
      event of the same source actor, the same tense, dated to the day within the last
      ``DateSettings.historical_days``): "Gunmen attacked ... on Tuesday. ... The gunmen also burned ...";
    * ``published``: else the publication date (precision "published").

    Asserted events dated more than ``DateSettings.historical_days`` before publication become "historical"."""
    anchor = parse_published(published)
    own: dict[int, tuple[DateRef, str]] = {}
    dates_at = SpanIndex(dates)
    for i, ev in enumerate(events):
        found = _event_date(ev, dates_at, doc)
        if found is not None and found[0].value:
            own[i] = found
    for i, ev in enumerate(events):
        if i not in own:
            rel = _relative_to_event(ev, i, events, own, doc)
            if rel is not None:
                own[i] = rel
    carried: dict[int, tuple[DateRef, str]] = {}
    by_source = _dated_by_source(events, own)
    for i, ev in enumerate(events):
        if i not in own:
            inc = _incident_date(ev, i, events, own, anchor, by_source)
            if inc is not None:
                carried[i] = inc
    own.update(carried)
    index_of: dict[int, int] = {}  # the first index of each DateRef object in ``dates``
    for k, d in enumerate(dates):
        index_of.setdefault(id(d), k)
    for i, ev in enumerate(events):
        if i in own:
            ref, rule = own[i]
            ev.date, ev.date_precision, ev.date_rule = ref.value, ref.precision, rule
            # for Event.trace: which of the article's DateRefs (null: a span built here)
            ev.trace["date"] = {"rule": rule, "index": index_of.get(id(ref))}
            end = Resolved(ref.value or "", ref.precision or "day").last_day()
            if (
                anchor
                and end
                and ev.modality == "asserted"
                and end < anchor - timedelta(days=settings().dates.historical_days)
            ):
                ev.modality = "historical"
        elif anchor is not None:
            ev.date, ev.date_precision = anchor.isoformat(), PUBLISHED_PRECISION
            ev.date_rule = PUBLISHED_PRECISION
        else:
            ev.date, ev.date_precision, ev.date_rule = None, None, None


def _source_keys(ev: Event) -> set[str]:
    return {a.key for a in ev.source if a.key}


def _future(ev: Event) -> bool:
    return ev.modality in ("future", "intended", "requested")


def _dated_by_source(events: list[Event], own: dict[int, tuple[DateRef, str]]) -> dict[str, list[int]]:
    """Source actor key → the events (ascending) its own clause or sentence dates to a day:
    the only ones ``_incident_date`` can carry a day from."""
    out: dict[str, list[int]] = {}
    for j in sorted(own):
        if own[j][1] in ("clause", "sentence") and own[j][0].precision == "day":
            for key in _source_keys(events[j]):
                out.setdefault(key, []).append(j)
    return out


def _incident_date(
    ev: Event, i: int, events: list[Event], own: dict[int, tuple[DateRef, str]], anchor: date | None,
    by_source: dict[str, list[int]] | None = None,
) -> tuple[DateRef, str] | None:
    """The day stated for the same incident: the nearest event before (else after) with the
    same source actor and tense whose own clause or sentence dates it to a recent day.

    Only the events ``by_source`` (``_dated_by_source`` of ``own``) lists under one of its
    source keys are tried, in the same order: trying every event of the article for every
    undated one was quadratic in a long article's events."""
    keys = _source_keys(ev)
    if not keys:
        return None
    if by_source is None:
        by_source = _dated_by_source(events, own)
    tried = sorted({j for key in keys for j in by_source.get(key, ())})
    k = bisect_left(tried, i)
    order = tried[:k][::-1] + [j for j in tried[k:] if j != i]
    for j in order:
        if j not in own or own[j][1] not in ("clause", "sentence"):
            continue
        ref = own[j][0]
        other = events[j]
        if ref.precision != "day" or not (_source_keys(other) & keys) or _future(other) != _future(ev):
            continue
        if other.start == ev.start:
            continue  # the sentence's date did not date this clause on purpose
        if anchor is not None and ref.value:
            d = Resolved(ref.value, "day").last_day()
            if d is None or d < anchor - timedelta(days=settings().dates.historical_days):
                continue
        return ref, "incident"
    return None


def _relative_to_event(
    ev: Event, i: int, events: list[Event], own: dict[int, tuple[DateRef, str]], doc: Any
) -> tuple[DateRef, str] | None:
    """ "two days after the bombing": the date of the earlier event the noun names, shifted."""
    text = doc_text(doc)[ev.start : ev.end]
    for m in _RELATIVE_EVENT.finditer(text):
        noun = m.group("noun").lower()
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS[m.group("n").lower()]
        sign = 1 if m.group("dir").lower() == "after" else -1
        for j in range(i - 1, -1, -1):
            if j not in own or own[j][0].precision != "day":
                continue
            trig = (events[j].trigger or "").lower()
            if not trig or trig[:STEM_CHARS] != noun[:STEM_CHARS]:
                continue
            base = Resolved(own[j][0].value or "", "day").last_day()
            if base is None:
                continue
            unit = m.group("unit").lower()
            if unit in ("day", "week"):
                d = base + timedelta(days=sign * n * (7 if unit == "week" else 1))
                value, precision = d.isoformat(), "day"
            elif unit == "month":
                months = base.year * 12 + base.month - 1 + sign * n
                value, precision = f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
            else:
                value, precision = f"{base.year + sign * n:04d}", "year"
            ref = DateRef(text=m.group(0), start=ev.start + m.start(), end=ev.start + m.end(),
                          value=value, precision=precision)
            return ref, "relative-event"
    return None


def _event_date(ev: Event, dates: SpanIndex[DateRef], doc: Any) -> tuple[DateRef, str] | None:
    in_sentence = [d for d in dates.within(ev.start, ev.end) if d.value]
    if not in_sentence:
        return None
    # the clause the coder took the event's modality from; else the verb above the trigger
    trigger_verb = anchor_token(doc, ev.trace.get("anchor"))
    if trigger_verb is None:
        root = trigger_root(doc, ev.trigger_start, ev.trigger_end)
        trigger_verb = verb_of(root) if root is not None else None
    if trigger_verb is not None:
        attached, elsewhere = [], []
        for d in in_sentence:
            span = doc.char_span(d.start, d.end, alignment_mode="expand")
            verb = verb_of(span.root) if span is not None else None
            (attached if verb == trigger_verb else elsewhere).append(d)
        if attached:
            return min(attached, key=lambda d: _PRECISION_RANK.get(d.precision or "", 9)), "clause"
        # no date on the event's own clause: the sentence's only date when it dates a clause
        # that governs the event, unless that is the reporting ("officials said on Monday
        # that ..."); a date in a side or embedded clause dates another act ("he is hopeful
        # a deal can be reached by the summer")
        if (
            len(elsewhere) == 1
            and not _governs_other(elsewhere[0], trigger_verb, doc)
            and _dates_a_governing_clause(elsewhere[0], trigger_verb, doc)
        ):
            return elsewhere[0], "sentence"
        return None
    return (in_sentence[0], "sentence") if len(in_sentence) == 1 else None


def _dates_a_governing_clause(d: DateRef, trigger_verb: Any, doc: Any) -> bool:
    """Whether a date's clause is above the event's own verb in the parse."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    verb = verb_of(span.root) if span is not None else None
    return verb is not None and verb in trigger_verb.ancestors


def _governs_other(d: DateRef, trigger_verb: Any, doc: Any) -> bool:
    """Whether a date modifies a reporting verb of the event's sentence ("officials said on
    Monday") rather than the event's own clause."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    verb = verb_of(span.root) if span is not None else None
    return verb is not None and verb != trigger_verb and _is_reporting_verb(verb.lemma_)


# The kinds of shared reporting verbs (``tacitus.lexicon``) whose date is the report's, not
# the reported event's: the plain verbs of attribution ("officials said on Monday"); rarer
# ones ("declared") as often head an act of their own that shares the event's date.
REPORTING_KINDS = frozenset({"attribution"})


def _is_reporting_verb(lemma: str) -> bool:
    return reporting_verbs().get(lemma) in REPORTING_KINDS


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}
