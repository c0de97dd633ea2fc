"""Places: toponyms found by NER and demonyms, resolved against a GeoNames-derived
gazetteer with the article's own context as prior; each event gets the place of its clause.

Resolution scores every gazetteer candidate of a mention by its population, its feature
class, and how well its country / admin-1 region agree with the rest of the article (the
dateline counts most). Mentions are resolved twice: the first pass, without context, gives
the countries and regions the article is about; the second uses them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from spacy.attrs import IDX, IS_ALPHA, IS_TITLE, IS_UPPER, LOWER, ORTH, SENT_START

from tacitus.geo.gazetteer import Entry, Gazetteer, gazetteer, norm
from tacitus.geo.gdelt import gdelt_geo
from tacitus.model import Article, Event, Place
from tacitus.nlp import doc_ents, trigger_root
from tacitus.nlp.syntax import anchor_token, clause_verb
from tacitus.settings import settings
from tacitus.spans import SpanIndex

__all__ = [
    "find_places",
    "place_events",
    "main_place",
    "dateline_match",
    "gdelt_geo",
    "resolve_mentions",
    "Mention",
    "PLACE_RULES",
]

# The scoring weights of candidates (calibrated on gold/geo) are settings:
# ``tacitus.settings.GeoWeights``.
NER_LABELS = ("GPE", "LOC", "FAC")
# labels the small English model often gives to place names ("Ohio" as ORG, "Alexandria"
# as PERSON); such entities are places only on the evidence _mentions looks for
MISLABELLED = ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW")
# what an organisation-labelled name may be taken whole as without further evidence (a
# locative before it, a region after it, the same name tagged a place elsewhere) besides
# countries and regions: the small model tags "Ohio" ORG, and a city's name so tagged is
# often a person or a company ("Lincoln", "Toyota"), but dropping cities cost more recall
# (.8399 → .8278) than it gained precision (.8109 → .8284) on gold/geo
ORG_WHOLE_KINDS = ("admin2", "city")
# a town below this population named only by an alternate name is not taken as a place
# (gold/geo: 0 → .8523 accuracy, P .8161, R .8396; 100,000 → .8541, P .8217, R .8359)
STRAY_ALTERNATE_POPULATION = 100_000
# a city this large (or any country, region or county) may be taken outside NER's labels
STRONG_CITY_POPULATION = 15000
INNER_MAX_TOKENS = 3
# names remembered between articles before the memo starts afresh (bounds its memory)
MEMO_MAX = 100_000
# the longest name taken from a list before a plural kind word ("Otter Tail")
LIST_NAME_MAX_TOKENS = 3
UNTAGGED_MAX_TOKENS = 3
# entity labels kept as places even when unresolved (streets, rivers, buildings: real
# places the gazetteer lacks); unresolved GPE names are mostly NER errors and are dropped
KEEP_UNRESOLVED = ("FAC", "LOC")
# prepositions that attach a location ("in Qatar", "at Camp David")
LOCATIVE_PREPS = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "from",
    "to",
    "across",
    "throughout",
    "on",
}
# prepositions that put the whole clause in a place even when the parser hangs them on a noun
PLACE_IN_PREPS = {"in", "at", "near", "outside", "inside", "throughout", "across"}
# first characters where a dateline may end
DATELINE_WINDOW = 80
DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z .'-]+?)(?:,\s*([A-Z][A-Za-z .'-]+?))?\s*(?:\([A-Za-z .]+\))?\s*[—–―-]{1,2}\s"
)
# a dateline after a headline: it opens one of the first paragraphs, within this many
# characters of the start, and its city is in capitals ("Headline.\n\nWASHINGTON (AP) — ...")
DATELINE_SCAN_CHARS = 600
DATELINE_LATER = re.compile(
    r"\n\s*([A-Z][A-Z .'-]*[A-Z])(?:,\s*([A-Z][A-Za-z .'-]+?))?\s*(?:\([A-Za-z .]+\))?\s*[—–―-]{1,2}\s"
)
# Event.place_rule: how the event's place was found
PLACE_RULES = ("clause", "sentence", "dateline", "article-main-place")


@dataclass
class Mention:
    """A place name in the text, before and after resolution."""

    text: str
    start: int
    end: int
    lookup: str  # the text looked up (suffix words and articles dropped)
    hint: str | None = None  # the feature a hint word points to
    demonym: bool = False
    within: str | None = None  # text of the enclosing place ("Springfield, Ill." → "Ill.")
    label: str = "GPE"  # the NER label it came from; INNER / UNTAGGED / LIST: found by our rules
    fallback: str | None = None  # the place a facility's name starts with
    entry: Entry | None = None
    margin: float = 0.0
    candidates: list[Entry] = field(default_factory=list)
    country_votes: Counter[str] = field(default_factory=Counter)
    admin1_votes: Counter[tuple[str, str]] = field(default_factory=Counter)


def _clean(text: str, gaz: Gazetteer) -> tuple[str, str | None]:
    """The name to look up (possessive, article, prefix and unknown suffix words dropped) and
    the feature a dropped word points to."""
    memo = gaz.memo.setdefault("clean", {})
    hit = memo.get(text)
    if hit is None:
        if len(memo) > MEMO_MAX:
            memo.clear()
        hit = memo[text] = _clean_uncached(text, gaz)
    return hit


def _clean_uncached(text: str, gaz: Gazetteer) -> tuple[str, str | None]:
    t = re.sub(r"(?:'s|’s|')$", "", text.strip()).strip(" ,.;:")
    # keep abbreviations' final dot ("Calif.", "D.C.")
    if text.strip().endswith(".") and re.search(r"\.[A-Za-z]+$", t + "."):
        t = text.strip().rstrip(",;:")
    t = re.sub(r"^(?:the|The)\s+", "", t)
    hint = None
    low = t.lower()
    for pre, kind in gaz.prefixes.items():
        if low.startswith(pre + " "):
            t, hint = t[len(pre) + 1 :], kind
            break
    words = t.split()
    if len(words) > 1 and words[-1].lower() in gaz.suffixes:
        # "Laurel County" is itself a name; only drop the word when the whole is unknown
        if not gaz.lookup(t):
            hint = gaz.suffixes[words[-1].lower()]
            t = " ".join(words[:-1])
    return t, hint


def _strong(text: str, gaz: Gazetteer) -> bool:
    """Whether a name is well enough known as a place to be taken outside NER's place labels."""
    for e in _lookup(_clean(text, gaz)[0], gaz):
        if (
            e.kind in ("country", "admin1", "continent", "region", "admin2")
            or e.population >= STRONG_CITY_POPULATION
        ):
            return True
    return False


def _lookup(name: str, gaz: Gazetteer) -> list[Entry]:
    """Gazetteer entries of a name; a bare compass word ("South", "Western") names no place
    in news: it is a fragment of a longer name ("South Charleston") or a direction, not the
    admin-1 regions of a few countries that bear it."""
    if norm(name) in gaz.directions:
        return []
    return gaz.lookup(name)


def _named_outright(name: str, gaz: Gazetteer, kinds: tuple[str, ...]) -> bool:
    """Whether a name outside NER's place labels is the own name of a place of these kinds,
    or a short form of a country or region, rather than a town's alternate name or a
    town's name that also names a person or an organisation ("Hamas", "UN", "Lincoln")."""
    key = norm(name)
    if name.isupper():
        kinds = ()  # an acronym ("UN") spells a country or a region, not a town
    return any(
        (e.key == key and e.kind in kinds)
        or e.kind in ("country", "admin1", "continent", "region")
        for e in _lookup(name, gaz)
    )


def _entity_mentions(ent: Any, gaz: Gazetteer) -> list[Mention]:
    text = ent.text
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^,]+", text)]
    if len(parts) < 2:
        lookup, hint = _clean(text, gaz)
        return [Mention(text, ent.start_char, ent.end_char, lookup, hint, label=ent.label_)]
    # "Springfield, Ill.": each part is a toponym, the later ones contain the first
    out = []
    for i, (off, part) in enumerate(parts):
        lead = len(part) - len(part.lstrip())
        part = part.strip()
        if not part:
            continue
        s = ent.start_char + off + lead
        lookup, hint = _clean(part, gaz)
        within = parts[i + 1][1].strip() if i + 1 < len(parts) else None
        out.append(Mention(part, s, s + len(part), lookup, hint, within=within, label=ent.label_))
    return out


def _inner_place(ent: Any, gaz: Gazetteer) -> Mention | None:
    """A place named inside an organisation's name ("Gainesville Police Department",
    "University of Georgia")."""
    toks = [t for t in ent if not t.is_punct]
    while toks and toks[0].lower_ == "the":
        toks = toks[1:]
    if not toks:
        return None
    for n in range(min(INNER_MAX_TOKENS, len(toks) - 1), 0, -1):
        head = toks[:n]
        # "University of Cincinnati" and "Wal-Mart" open with no place
        after = ent.doc[head[-1].i + 1] if head[-1].i + 1 < len(ent.doc) else None
        if toks[n].lower_ == "of" or (after is not None and after.text == "-"):
            continue
        if all(t.is_title or t.is_upper for t in head):
            span = ent.doc[head[0].i : head[-1].i + 1]
            if _strong(span.text, gaz):
                # the longest known name wins: "Avondale Estates", not its "Avondale"
                for longer in range(min(INNER_MAX_TOKENS, len(toks)), n, -1):
                    whole = ent.doc[toks[0].i : toks[longer - 1].i + 1]
                    if all(t.is_title for t in toks[:longer]) and gaz.lookup(whole.text):
                        span = whole
                        break
                lookup, hint = _clean(span.text, gaz)
                return Mention(
                    span.text, span.start_char, span.end_char, lookup, hint, label="INNER"
                )
    for t in toks[:-1]:
        if t.lower_ == "of":
            rest = ent.doc[t.i + 1 : ent.end]
            if rest.text and _strong(rest.text, gaz) and rest[0].is_title:
                lookup, hint = _clean(rest.text, gaz)
                return Mention(
                    rest.text, rest.start_char, rest.end_char, lookup, hint, label="INNER"
                )
    return None


def _locative_before(doc: Any, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in LOCATIVE_PREPS


def _mentions(doc: Any, gaz: Gazetteer, text: str | None = None) -> list[Mention]:
    out: list[Mention] = []
    others = []
    for ent in doc_ents(doc):
        if ent.label_ in NER_LABELS:
            found = _entity_mentions(ent, gaz)
            last = ent[-1].lower_.rstrip(".")
            if (
                len(found) == 1
                and ent.label_ in KEEP_UNRESOLVED
                and not gaz.lookup(found[0].lookup)
            ):
                # "the Henderson County Jail": placed at the place its name starts with; a
                # street only when that place is a county ("Otter Tail County Road 3"), as
                # a town's name on a street sign names where it leads, not where it lies
                inner = _inner_place(ent, gaz)
                if inner is not None and (
                    last not in gaz.street_words
                    or any(e.kind == "admin2" for e in gaz.lookup(inner.lookup))
                ):
                    found[0].fallback = inner.lookup
            out.extend(found)
        elif ent.label_ == "NORP":
            key = norm(re.sub(r"(?:'s|’s)$", "", ent.text))
            if key in gaz.demonyms:
                out.append(Mention(ent.text, ent.start_char, ent.end_char, ent.text, demonym=True))
        else:
            others.append(ent)
    known = {norm(m.lookup) for m in out if not m.demonym and gaz.lookup(m.lookup)}
    for ent in others:
        if ent.label_ not in MISLABELLED:
            continue
        clean = _clean(ent.text, gaz)[0]
        whole = _strong(ent.text, gaz) and (
            (ent.label_ != "PERSON" and _named_outright(clean, gaz, ORG_WHOLE_KINDS))
            or norm(clean) in known
            or _locative_before(doc, ent.start)
            or _followed_by_region(doc, ent.end, gaz)
        )
        if whole:
            out.extend(_entity_mentions(ent, gaz))
        elif ent.label_ != "PERSON":
            m = _inner_place(ent, gaz)
            if m is not None:
                out.append(m)
    if text is None:
        text = doc.text  # spaCy rebuilds the text on every access
    listed = _listed(doc, gaz, text)
    if listed:
        spans = [(m.start, m.end) for m in listed]
        out = [m for m in out if not any(m.start < e and s < m.end for s, e in spans)]
        out.extend(listed)
    out.extend(_untagged(doc, out, known, gaz, text))
    out.sort(key=lambda m: m.start)
    # a following "Springfield, Ill." split across two entities: tie them
    for a, b in zip(out, out[1:], strict=False):
        gap = text[a.end : b.start]
        if a.within is None and gap.strip() == "," and not a.demonym and not b.demonym:
            a.within = b.lookup
    return out


def _listed(doc: Any, gaz: Gazetteer, text: str | None = None) -> list[Mention]:
    """Names listed before a plural kind word, each a place of that kind ("in Jackson and
    Barrow counties" names Jackson County and Barrow County), looked up with the singular
    word when the gazetteer knows the name so."""
    out: list[Mention] = []
    # most articles list no such names: skip the token walk on a plain text search
    text = doc.text if text is None else text
    if not any(word in text for word in gaz.plurals):
        return out
    for j, tok in enumerate(doc):
        plural = gaz.plurals.get(tok.lower_) if tok.is_lower else None
        if plural is None:
            continue
        singular, kind = plural
        names: list[Any] = []
        i = j - 1
        while i >= 0:
            end = i
            while i >= 0 and doc[i].is_title and doc[i].is_alpha:
                i -= 1
            if i == end or end - i > LIST_NAME_MAX_TOKENS:
                break
            names.append(doc[i + 1 : end + 1])
            if i >= 0 and doc[i].lower_ in ("and", "or", "&"):
                i -= 1
                if i >= 0 and doc[i].text == ",":
                    i -= 1
            elif i >= 0 and doc[i].text == ",":
                i -= 1
            else:
                break
        if len(names) < 2:
            continue
        for span in names:
            full = f"{span.text} {singular}"
            lookup = full if singular and gaz.lookup(full) else span.text
            out.append(
                Mention(span.text, span.start_char, span.end_char, lookup, kind, label="LIST")
            )
    return out


def _followed_by_region(doc: Any, end: int, gaz: Gazetteer) -> bool:
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    nxt = doc[end + 1 : min(end + 3, len(doc))]
    for k in (2, 1):
        text = nxt[:k].text
        if any(e.kind in ("admin1", "country") for e in gaz.lookup(text)):
            return True
    return False


class _Tok(NamedTuple):
    idx: int
    text: str
    lower: str
    title: bool
    upper: bool
    alpha: bool
    sent_start: bool


def _tokens(doc: Any) -> list[_Tok]:
    # read in one C call: spaCy builds a fresh Token object on every doc[i]
    strings = doc.vocab.strings
    rows = doc.to_array([IDX, ORTH, LOWER, IS_TITLE, IS_UPPER, IS_ALPHA, SENT_START]).tolist()
    # each distinct word's string made once (the store decodes a new one on every lookup)
    names = {h: strings[h] for h in {r[1] for r in rows} | {r[2] for r in rows}}
    return [
        _Tok(idx, names[orth], names[lower], bool(ti), bool(up), bool(al), ss == 1)
        for idx, orth, lower, ti, up, al, ss in rows
    ]


def _untagged(
    doc: Any, found: list[Mention], known: set[str], gaz: Gazetteer, doc_text: str
) -> list[Mention]:
    """Capitalised names NER left out: names the article already uses as places, names
    after a locative preposition that the gazetteer knows well, and the dateline."""
    taken = set()
    for m in found:
        taken.update(range(m.start, m.end))
    for ent in doc_ents(doc):
        if ent.label_ not in MISLABELLED and ent.label_ not in NER_LABELS and ent.label_ != "NORP":
            taken.update(range(ent.start_char, ent.end_char))
    toks = _tokens(doc)
    out: list[Mention] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if (
            tok.idx in taken
            or not (tok.title or (tok.upper and len(tok.text) > 2))
            or not tok.alpha
        ):
            i += 1
            continue
        locative = i > 0 and toks[i - 1].lower in LOCATIVE_PREPS
        hit = None
        for k in range(min(UNTAGGED_MAX_TOKENS, n - i), 0, -1):
            part = toks[i : i + k]
            if any(t.idx in taken for t in part) or not all(
                t.title or t.upper or t.text in (".", "-") for t in part
            ):
                continue
            end = part[-1].idx + len(part[-1].text)
            raw = doc_text[tok.idx : end]
            text = raw.title() if raw.isupper() else raw
            key = norm(_clean(text, gaz)[0])
            # a dateline's dash stands apart ("KABUL - "), a compound's does not ("Wal-Mart")
            dateline = (
                tok.idx < DATELINE_WINDOW
                and toks[i + k].text in (",", "—", "–", "-", "(")
                and (toks[i + k].text != "-" or doc_text[end : end + 1] == " ")
                if i + k < n
                else False
            )
            if key in known or (
                _strong(text, gaz)
                and (locative or dateline or _followed_by_region(doc, i + k, gaz))
            ):
                if tok.sent_start and key not in known and not dateline and not locative:
                    continue
                hit = doc[i : i + k]
                break
        if hit is None:
            i += 1
            continue
        text = hit.text.title() if hit.text.isupper() else hit.text
        lookup, hint = _clean(text, gaz)
        out.append(Mention(hit.text, hit.start_char, hit.end_char, lookup, hint, label="UNTAGGED"))
        taken.update(range(hit.start_char, hit.end_char))
        i = hit.end
    return out


def dateline_match(text: str) -> re.Match[str] | None:
    """The dateline of an article ("KABUL, Afghanistan —", "WASHINGTON (AP) —"): at the very
    start, or opening one of the first paragraphs after a headline (then in capitals)."""
    m = DATELINE.match(text[:DATELINE_WINDOW])
    if m:
        return m
    return DATELINE_LATER.search(text[:DATELINE_SCAN_CHARS])


def _dateline(text: str, gaz: Gazetteer) -> list[Entry]:
    m = dateline_match(text)
    if not m:
        return []
    city, region = m.group(1), m.group(2)
    cands = gaz.lookup(city)
    if region:
        inside = gaz.lookup(region)
        keep = [c for c in cands if any(_contains(r, c) for r in inside)]
        return keep or inside
    return cands


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer is inner:
        return False
    if outer.kind == "country":
        return inner.cc == outer.cc
    if outer.kind == "admin1":
        return (
            inner.cc == outer.cc
            and inner.admin1 == outer.admin1
            and inner.kind in ("city", "admin2")
        )
    return False


@dataclass
class _Context:
    countries: Counter[str]
    admin1: Counter[tuple[str, str]]
    dateline: list[Entry]
    # the votes each distinct name cast, taken out again when that name is scored
    own: dict[str, tuple[Counter[str], Counter[tuple[str, str]]]] = field(default_factory=dict)

    # how many distinct names of the article could lie in each admin-1 region
    cover: Counter[tuple[str, str]] = field(default_factory=Counter)
    cover_max: int = 0

    @classmethod
    def empty(cls) -> _Context:
        return cls(Counter(), Counter(), [])

    # ``without`` of each name voting once, made once: every mention of the name gets the same
    # answer, and a long article names the same places over and over (subtracting counters
    # the size of its countries and regions at each mention grew with length squared)
    _without: dict[str, tuple[Counter[str], Counter[tuple[str, str]]]] = field(default_factory=dict)

    def without(self, m: Mention) -> tuple[Counter[str], Counter[tuple[str, str]]]:
        """The article's evidence less the name's own: a name repeated is no evidence for
        itself ("Paris" three times in a Tennessee story). Read-only: the answer is shared."""
        if not settings().geo.name_votes_once:
            return self.countries - m.country_votes, self.admin1 - m.admin1_votes
        key = _name_key(m)
        if key not in self.own:
            return self.countries - m.country_votes, self.admin1 - m.admin1_votes
        out = self._without.get(key)
        if out is None:
            c, a = self.own[key]
            out = self._without[key] = (self.countries - c, self.admin1 - a)
        return out


def _name_key(m: Mention) -> str:
    return norm(m.lookup)


def _candidates(m: Mention, gaz: Gazetteer) -> list[Entry]:
    if m.demonym:
        iso2 = gaz.demonyms.get(norm(re.sub(r"(?:'s|’s)$", "", m.text)))
        return [gaz.countries[iso2]] if iso2 in gaz.countries else []
    cands = _lookup(m.lookup, gaz) or (_lookup(m.fallback, gaz) if m.fallback else [])
    if not cands and m.lookup.endswith("s") and m.lookup[:-1]:
        # plural demonym tagged GPE ("Afghans")
        iso2 = gaz.demonyms.get(norm(m.lookup[:-1]))
        if iso2:
            return [gaz.countries[iso2]]
    if not cands:
        iso2 = gaz.demonyms.get(norm(m.lookup))
        if iso2:
            return [gaz.countries[iso2]]
    words = m.lookup.split()
    if not cands and len(words) > 1 and words[0].lower() in gaz.directions:
        # "northern Iraq", "North Texas": the part of a known place
        cands = [
            c
            for c in gaz.lookup(" ".join(words[1:]))
            if c.kind in ("country", "admin1", "region", "continent")
        ]
    if m.within:
        inside = gaz.lookup(_clean(m.within, gaz)[0])
        kept = [c for c in cands if any(_contains(r, c) for r in inside)]
        if kept:
            return kept
    return cands


def _score(
    c: Entry,
    m: Mention,
    ctx: _Context,
    any_primary: bool,
    countries: Counter[str],
    total: float,
    admin1: Counter[tuple[str, str]],
) -> float:
    """A candidate's score; ``countries`` and ``admin1`` are the article's evidence less the
    name's own votes, ``total`` the sum of the country evidence."""
    w = settings().geo
    s = w.population_weight * math.log10(c.population + 10) + w.feature_bonus.of(c.kind)
    own_name = c.key == norm(m.lookup)
    if own_name:
        s += w.primary_name_bonus
    elif any_primary:
        s -= w.alternate_name_penalty
    gaz = gazetteer()
    share = countries[c.cc] / total if c.cc and total > 0 else 0.0
    if c.kind == "city" and c.geonames_id in gaz.capital_ids:
        s += w.capital_bonus + w.capital_context_bonus * share
        # the name names the capital and its region alike, said under the capital's own name
        # (an old or foreign name of a capital, "Philadelphia" of Amman, names no region)
        if own_name and any(e.kind == "admin1" and e.cc == c.cc for e in gaz.index.get(c.key, ())):
            s += w.capital_over_region_bonus
    if own_name and c.kind == "city" and c.admin1:
        region = gaz.admin1.get((c.cc, c.admin1))
        if region is not None and region.key == c.key:
            s += w.seat_bonus
    if m.hint and m.hint == c.kind:
        s += w.feature_hint_bonus
    s += w.context_country_bonus * share
    if c.kind in ("city", "admin2") and c.admin1 and ctx.cover_max > 1:
        # the region that could hold the most of the article's names is where a local
        # story is set ("New London", "Mount Pleasant" and "Henry County" all in Iowa)
        cover = ctx.cover[(c.cc, c.admin1)] - 1
        if cover > 0:
            s += w.cover_bonus * cover / (ctx.cover_max - 1)
    if c.kind in ("admin1", "admin2") and share == 0.0 and total > 0:
        s -= w.foreign_region_penalty
    if c.kind in ("city", "admin2") and c.admin1:
        # a town in a region the article names (the converse, a region whose towns it
        # names, measured worse on gold/geo)
        votes = admin1[(c.cc, c.admin1)]
        s += w.context_admin1_bonus * min(1.0, votes)
    for d in ctx.dateline:
        if d is c or _contains(d, c) or (d.cc == c.cc and d.cc and c.kind != "country"):
            s += w.dateline_bonus
            break
    return s


def _resolve(mentions: list[Mention], ctx: _Context, gaz: Gazetteer) -> None:
    for m in mentions:
        cands = m.candidates
        if not cands:
            m.entry, m.margin = None, 0.0
            continue
        key = norm(m.lookup)
        any_primary = any(c.key == key for c in cands)
        countries, admin1 = ctx.without(m)
        total = sum(countries.values())
        scored = sorted(
            (
                (_score(c, m, ctx, any_primary, countries, total, admin1), i, c)
                for i, c in enumerate(cands)
            ),
            key=lambda t: (-t[0], t[1]),
        )
        m.entry = scored[0][2]
        m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0


def _votes(m: Mention) -> None:
    """What a mention says about the article's countries and regions before it is resolved:
    one vote shared among the countries (and regions) of its candidates."""
    w = settings().geo
    m.country_votes, m.admin1_votes = Counter(), Counter()
    ccs = {c.cc for c in m.candidates if c.cc}
    for cc in ccs:
        m.country_votes[cc] += w.candidate_vote / len(ccs)
    regions = {(c.cc, c.admin1) for c in m.candidates if c.admin1 and c.kind != "country"}
    for r in regions:
        m.admin1_votes[r] += w.region_candidate_vote / len(regions)


def _context(mentions: Iterable[Mention], dateline: list[Entry]) -> _Context:
    w = settings().geo
    ctx = _Context(Counter(), Counter(), dateline)
    best: dict[str, Mention] = {}
    for m in mentions:
        # resolved with a clear margin: a full vote for its own country and region, which
        # replaces the mention's spread candidate votes
        e = m.entry
        if e is not None and m.margin >= w.context_margin:
            m.country_votes, m.admin1_votes = Counter(), Counter()
            if e.cc:
                m.country_votes[e.cc] = 1.0
            if e.kind in ("admin1", "admin2", "city") and e.admin1:
                m.admin1_votes[(e.cc, e.admin1)] = 1.0 if e.kind == "admin1" else w.town_region_vote
        if not w.name_votes_once:
            ctx.countries.update(m.country_votes)
            ctx.admin1.update(m.admin1_votes)
            continue
        # each distinct name votes once, with its most confident mention
        key = _name_key(m)
        if key not in best or m.margin > best[key].margin:
            best[key] = m
    regions_of: dict[str, set[tuple[str, str]]] = {}
    for m in mentions:
        if m.demonym or not m.candidates:
            continue
        regions_of.setdefault(_name_key(m), set()).update(
            (c.cc, c.admin1) for c in m.candidates if c.admin1 and c.kind != "country"
        )
    for regions in regions_of.values():
        ctx.cover.update(regions)
    ctx.cover_max = max(ctx.cover.values(), default=0)
    for key, m in best.items():
        ctx.own[key] = (m.country_votes, m.admin1_votes)
        ctx.countries.update(m.country_votes)
        ctx.admin1.update(m.admin1_votes)
    return ctx


def resolve_mentions(doc: Any, text: str | None = None) -> list[Mention]:
    """Find and resolve the place mentions of a parsed article (unresolved ones included)."""
    gaz = gazetteer()
    # the article's text is the doc's unless a caller parsed something else
    if text is None or not len(doc) or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text
    mentions = _mentions(doc, gaz, text)
    dateline = _dateline(text, gaz)
    for m in mentions:
        m.candidates = _candidates(m, gaz)
        _votes(m)
    _resolve(mentions, _context(mentions, dateline), gaz)
    _resolve(mentions, _context(mentions, dateline), gaz)
    _one_sense(mentions)
    return mentions


def _one_sense(mentions: list[Mention]) -> None:
    """One name, one place per article: the best-qualified mention ("Springfield, Ill.")
    or else the most confident decides for the others."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.entry is not None and not m.demonym:
            groups.setdefault(norm(m.lookup), []).append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        best = max(group, key=lambda m: (m.within is not None, m.margin))
        for m in group:
            if best.entry is not None and (m.hint is None or m.hint == best.entry.kind):
                m.entry, m.margin = best.entry, best.margin


def to_place(m: Mention, gaz: Gazetteer | None = None) -> Place:
    """The public record of a mention; an unresolved one keeps its span with no coordinates."""
    e = m.entry
    if e is None:
        return Place(text=m.text, start=m.start, end=m.end)
    gaz = gaz or gazetteer()
    a1 = gaz.admin1.get((e.cc, e.admin1)) if e.admin1 else None
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        name=e.name,
        country=gaz.country_of(e.cc) if e.cc else None,
        admin1=a1.name if a1 and e.kind != "admin1" else (e.name if e.kind == "admin1" else None),
        lat=round(e.lat, 5),
        lon=round(e.lon, 5),
        geonames_id=e.geonames_id,
        feature=e.kind,
        admin1_code=f"{e.cc}.{e.admin1}" if e.admin1 else None,
        confidence=round(1 - math.exp(-max(m.margin, 0.0)), 3),
    )


def find_places(doc: Any, article: Article) -> list[Place]:
    """The places named in the article. A name the gazetteer cannot place confidently keeps
    its span with name, coordinates and feature null (null rather than a guess)."""
    gaz = gazetteer()
    return [
        to_place(m, gaz)
        for m in resolve_mentions(doc, article.text)
        if (m.entry is not None and not _stray_alternate(m))
        or (m.label in KEEP_UNRESOLVED and norm(m.lookup) not in gaz.directions)
    ]


def _stray_alternate(m: Mention) -> bool:
    """A name that only a small town's alternate name matches, with nothing in the article
    pointing at that town's country: mostly a person ("Kristina") or a word, not a place."""
    e = m.entry
    return (
        e is not None
        and e.kind == "city"
        and e.population < STRAY_ALTERNATE_POPULATION
        and e.key != norm(m.lookup)
        and not m.demonym
        and m.margin >= 10.0  # no other candidate: nothing else the name could be
    )


def _clause_verb(tok: Any) -> Any:
    """The verb heading the clause a token belongs to (else its sentence root)."""
    return clause_verb(tok, max_steps=None)


def place_events(
    events: list[Event], places: list[Place], doc: Any, text: str | None = None
) -> None:
    """Give each event a place and say how (``Event.place_rule``):

    * ``clause``: the place attached to its clause ("met ... in Qatar");
    * ``sentence``: else the one place its sentence gives as a location;
    * ``dateline``: else, for an event said or done where the reporter files from (see
      ``_from_dateline``), the article's dateline ("KABUL (Reuters) —");
    * ``article-main-place``: else the country the article names most (its most named place
      there), the setting a careful coder assumes when a sentence names none.

    Inferred places carry a lower ``confidence`` (``GeoWeights.dateline_confidence``,
    ``GeoWeights.main_place_confidence`` times the place's own)."""
    if not events:
        return
    if text is None:
        text = doc.text
    dateline: Place | None | bool = False  # computed once, when first needed
    main: Place | None | bool = False
    places_at = SpanIndex(places)
    for ev in events:
        place, rule = _event_place(ev, places_at, doc)
        if place is None and _from_dateline(ev):
            if dateline is False:
                dateline = _dateline_place(text, places)
            if dateline is not None:
                place, rule = _inferred(dateline, settings().geo.dateline_confidence), "dateline"
        if place is None:
            if main is False:
                main = main_place(places, doc)
            if main is not None and not _said_elsewhere(ev, main):
                place, rule = _inferred(main, settings().geo.main_place_confidence), "article-main-place"
        ev.place, ev.place_rule = place, rule


def _said_elsewhere(ev: Event, main: Place) -> bool:
    """A statement or appeal (said where its source is) by actors of another country than the
    article's main place: that place is not where it was said ("US officials said ..." in a
    story set in Afghanistan stays unplaced rather than placed in Afghanistan)."""
    countries = {a.country for a in ev.source if a.country}
    return _from_dateline(ev) and bool(countries) and main.country not in countries


def _from_dateline(ev: Event) -> bool:
    """Whether an event with no place of its own happened where the article is filed from:
    statements, appeals, meetings and the other verbal acts (CAMEO quad classes 1 and 3) are
    made where the reporter hears them; a fight or an aid delivery reported from a capital
    happens in the country the article is about."""
    return ev.quad_class in (1, 3) if ev.quad_class else ev.root_code[:2] <= "05"


def _inferred(place: Place, factor: float) -> Place:
    conf = place.confidence if place.confidence is not None else 1.0
    return replace(place, confidence=round(conf * factor, 3))


def _dateline_place(text: str, places: list[Place]) -> Place | None:
    """The place of the article's dateline: its mention among ``places``, else its best
    gazetteer entry (a capital first, then the most populous)."""
    m = dateline_match(text)
    if m is None:
        return None
    start, end = m.span(1)
    for p in places:
        if p.feature and start <= p.start and p.end <= end:
            return p
    gaz = gazetteer()
    entries = _dateline(text, gaz)
    if not entries:
        return None
    best = max(entries, key=lambda e: (e.geonames_id in gaz.capital_ids, e.population))
    mention = Mention(m.group(1), start, end, m.group(1), entry=best, margin=1.0)
    return to_place(mention, gaz)


def main_place(places: list[Place], doc: Any = None) -> Place | None:
    """The article's main place: the country its resolved place names fall in most often
    (demonyms count only when no place name does; a tie goes to the country named first),
    and there the name said most often (a tie goes to the less specific, then the first)."""
    resolved = [p for p in places if p.feature and p.country]
    named = [p for p in resolved if not (doc is not None and _is_demonym(p, doc))]
    pool = named or resolved
    if not pool:
        return None
    counts = Counter(p.country for p in pool)
    first = {}
    for i, p in enumerate(pool):
        first.setdefault(p.country, i)
    country = max(counts, key=lambda c: (counts[c], -first[c]))
    mine = [p for p in pool if p.country == country]
    names = Counter(p.geonames_id or p.name for p in mine)
    rank = {"continent": 0, "country": 1, "region": 2, "admin1": 3, "admin2": 4, "city": 5}
    return min(
        mine,
        key=lambda p: (-names[p.geonames_id or p.name], rank.get(p.feature or "", 6), p.start),
    )


def _event_place(ev: Event, places: SpanIndex[Place], doc: Any) -> tuple[Place | None, str | None]:
    sent_places = [p for p in places.within(ev.start, ev.end) if p.feature]
    if not sent_places:
        return None, None
    root = trigger_root(doc, ev.trigger_start, ev.trigger_end)
    # the clause the coder took the event's modality from; else the clause above the trigger
    anchor = anchor_token(doc, ev.trace.get("anchor"))
    if root is not None:
        verb = anchor if anchor is not None else _clause_verb(root)
        attached = []
        for p in sent_places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            # climb from the place to the clause it modifies through a locative preposition
            head = tok.head
            # the preposition hangs on the event's verb or its trigger noun ("talks in Doha");
            # on another noun of the clause only a place-in preposition locates the event
            # ("met diplomats in Vienna", but not "cooperation from Pakistan")
            if tok.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
                if head.head == verb or head.head == root or (
                    head.lower_ in PLACE_IN_PREPS and _clause_verb(head.head) == verb
                ):
                    attached.append(p)
        if attached:
            return _most_specific(attached), "clause"
    # else the sentence's one place said as a location ("in Kabul") of the event's clause or
    # of a clause governing it ("In Kabul, police said militants attacked ..."); a place
    # that is a topic or an actor ("Afghanistan would be the focus", "help from Pakistan"),
    # one in another clause ("... presence in Afghanistan is necessary") and a demonym do
    # not say where the event happened
    verb = anchor if anchor is not None else (_clause_verb(root) if root is not None else None)
    located = [p for p in sent_places
               if not _is_demonym(p, doc) and _locates_clause(p, doc, verb)]
    distinct = {(p.geonames_id, p.name) for p in located}
    if len(distinct) == 1:
        return located[0], "sentence"
    return None, None


def _locates_clause(p: Place, doc: Any, verb: Any | None) -> bool:
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    if not (tok.dep_ == "pobj" and tok.head.lower_ in PLACE_IN_PREPS):
        return False
    if verb is None:
        return True
    clause = _clause_verb(tok.head.head)
    return clause == verb or clause in verb.ancestors


def _is_demonym(p: Place, doc: Any) -> bool:
    return p.feature == "country" and norm(p.text) in gazetteer().demonyms


def _most_specific(places: list[Place]) -> Place:
    rank = {"city": 0, "admin2": 1, "admin1": 2, "region": 2.5, "country": 3, "continent": 4}
    return min(places, key=lambda p: rank.get(p.feature or "", 5))
