"""``Event.trace``: how an event was coded, rule by rule, and its readable form
(``tacitus code --explain``).

The trace is filled once the article's events are final (after dedupe, ``fill_traces``) from
what the stages recorded: the trigger rule and its recodes (``Event.rule``), the actors'
rules, the modality and the word that gave it (the coder), the date rule and the DateRef it
came from (the dates stage), the place rule and the Place it came from (matched by span).
"""

from __future__ import annotations

from typing import Any

from tacitus.model import Article, DateRef, Event, Place

TRACE_KEYS = ("trigger", "composed", "recodes", "source", "target", "modality", "modality_cue",
              "date", "place", "source_rule", "target_rule", "anchor", "arbiter", "scorer")


def split_rule(rule: str | None) -> tuple[str | None, list[str], list[str]]:
    """``"V030.agree+V190.attack~threat~borrowed"`` → trigger rule ``"V030.agree+V190.attack"``,
    composed patterns ``["V030.agree", "V190.attack"]``, recodes ``["threat", "borrowed"]``."""
    if not rule:
        return rule, [], []
    trigger, *recodes = rule.split("~")
    composed = trigger.split("+") if "+" in trigger else []
    return trigger, composed, recodes


def _date_index(ev: Event, dates: list[DateRef]) -> int | None:
    recorded = ev.trace.get("date")
    if isinstance(recorded, dict) and recorded.get("rule") == ev.date_rule:
        idx = recorded.get("index")
        if idx is None or (0 <= idx < len(dates) and dates[idx].value == ev.date):
            return idx
    if ev.date_rule in (None, "published", "relative-event"):
        return None
    # not recorded by the dates stage (an event built elsewhere): the first DateRef of that value
    return next((k for k, d in enumerate(dates) if d.value and d.value == ev.date), None)


def _place_index(place: Place | None, places: list[Place]) -> int | None:
    if place is None:
        return None
    # an inferred place is a copy of the article's Place (same span) with a lower confidence
    return next((k for k, p in enumerate(places) if (p.start, p.end) == (place.start, place.end)
                 and p.name == place.name), None)


def event_trace(ev: Event, dates: list[DateRef], places: list[Place]) -> dict[str, Any]:
    """The trace of one final event of an article with these ``dates`` and ``places``."""
    trigger, composed, recodes = split_rule(ev.rule)
    coded_modality = ev.trace.get("modality", ev.modality)
    return {
        "trigger": trigger,
        "composed": composed,
        "recodes": recodes,
        "source": [a.rule for a in ev.source],
        "target": [a.rule for a in ev.target],
        "modality": ev.modality,
        # the cue is the coder's; a modality set later (historical, by the date) has none
        "modality_cue": ev.trace.get("modality_cue") if coded_modality == ev.modality else None,
        "date": {"rule": ev.date_rule, "index": _date_index(ev, dates)} if ev.date_rule else None,
        "place": (
            {"rule": ev.place_rule, "index": _place_index(ev.place, places)}
            if ev.place is not None else None
        ),
        # the coder's argument rules that chose source and target, and the clause anchor (the
        # token index of the verb whose clause gave modality, date and place)
        "source_rule": ev.trace.get("source_rule"),
        "target_rule": ev.trace.get("target_rule"),
        "anchor": ev.trace.get("anchor"),
        # the learned root arbiter that recoded a bare statement: model, root, P, the code it
        # replaced; None when it did not
        "arbiter": ev.trace.get("arbiter"),
        # the learned event scorer that kept the event: its name, P(right) (now the event's
        # confidence) and the rules' own confidence; None when no model scored it
        "scorer": ev.trace.get("scorer"),
    }


def fill_traces(article: Article) -> None:
    """Set ``Event.trace`` on every event of a coded article."""
    for ev in article.events:
        ev.trace = event_trace(ev, article.dates, article.places)


# -- tacitus code --explain ------------------------------------------------------------------
def _shorten(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actor_label(a: dict[str, Any]) -> str:
    return " ".join(x for x in (a.get("name") or a.get("country"), a.get("role")) if x) \
        or a.get("code") or a.get("text") or "?"


def _actor_lines(side: str, actors: list[dict[str, Any]], rules: list[Any]) -> list[str]:
    out = []
    for a, rule in zip(actors, rules + [None] * (len(actors) - len(rules)), strict=False):
        conf = a.get("confidence")
        label = f"{_actor_label(a)} [{a.get('code') or 'uncoded'}]"
        out.append(f"{side}: {label} ← {rule or 'unknown rule'}" + (f" ({conf:.2f})" if conf is not None else ""))
    return out or [f"{side}: none"]


def explain_lines(ev: dict[str, Any]) -> list[str]:
    """One event of a public record (a dict) as readable lines: code and name, evidence,
    then its trace."""
    tr = ev.get("trace") or {}
    lines = [f"{ev['code']} {ev.get('name') or ''}".rstrip(),
             f"  evidence: \"{_shorten(ev.get('text') or '')}\""]
    # the other mentions of the incident that dedupe merged into this event
    lines += [f"  also told: \"{_shorten(m.get('text') or '')}\" ({m.get('rule')})"
              for m in ev.get("other_mentions") or []]
    body = [f"trigger: {tr.get('trigger') or ev.get('rule')} (\"{ev.get('trigger') or ''}\")"]
    if tr.get("composed"):
        body.append("composed: " + " + ".join(tr["composed"]))
    body += _actor_lines("source", ev.get("source") or [], list(tr.get("source") or []))
    body += _actor_lines("target", ev.get("target") or [], list(tr.get("target") or []))
    found_by = [f"{side} ← {tr[key]}" for side, key in (("source", "source_rule"), ("target", "target_rule")) if tr.get(key)]
    if found_by:
        # the argument rules that chose the heads the actors were coded from
        body.append("arguments: " + ", ".join(found_by))
    cue = tr.get("modality_cue")
    body.append(f"modality: {ev.get('modality')}" + (f" ← \"{cue}\"" if cue else ""))
    date = tr.get("date")
    if date:
        ref = f" (DateRef #{date['index']})" if date.get("index") is not None else ""
        body.append(f"date: {ev.get('date')} ← {date.get('rule')}{ref}")
    else:
        body.append(f"date: {ev.get('date') or 'none'}")
    place = tr.get("place")
    p = ev.get("place") or {}
    if place:
        name = ", ".join(x for x in (p.get("name") or p.get("text"), p.get("country")) if x)
        ref = f" (Place #{place['index']})" if place.get("index") is not None else ""
        body.append(f"place: {name} ← {place.get('rule') or 'merged mention'}{ref}")
    else:
        body.append("place: none")
    body.append("recodes: " + (", ".join(tr.get("recodes") or []) or "none"))
    arbiter = tr.get("arbiter")
    if arbiter:
        body.append(f"model: {arbiter.get('model')} recoded {arbiter.get('from')} to root "
                    f"{arbiter.get('root')} (P {arbiter.get('p')})")
    scorer = tr.get("scorer")
    if scorer:
        body.append(f"model: {scorer.get('model')} P(right) {scorer.get('p')} "
                    f"(rules' confidence {scorer.get('rule_confidence')})")
    return lines + ["  " + b for b in body]


def explain(record: dict[str, Any]) -> str:
    """A whole article's events, explained (``tacitus code --explain``)."""
    title = record.get("title") or record.get("path") or record.get("id")
    events = record.get("events") or []
    head = f"{title} — published {record.get('published') or 'unknown'} — {len(events)} events"
    blocks = [head]
    for n, ev in enumerate(events, 1):
        lines = explain_lines(ev)
        lines[0] = f"#{n} {lines[0]}"
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
