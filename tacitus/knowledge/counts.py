"""Counts of people: how many were killed, wounded, arrested, deployed, protested...

A number (digits or words, "14,000", "Thirteen", "two hundred", "dozens of") is a count
when the phrase it belongs to says what happened to the people counted: the verb they are
subject or object of ("troops have died", "killed 12 soldiers"), an adjective ("12 dead"),
a death toll, or a noun that is itself the kind ("hundreds of protesters"). The cues, the
number words and the approximation markers are data files in ``tacitus/data/knowledge/``;
country names and demonyms come from the shared lexicon (``tacitus.lexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tacitus.knowledge._data import read_rows
from tacitus.lexicon import countries
from tacitus.model import Count

# Entity labels under which a number is not a head count ("in 2019", "$5", "30%").
SKIP_ENT_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
# A bare number ("More than 2,400 have died") borrows the object and country of a count of
# the same kind at most this many sentences back; 2 covers the example article's pair.
INHERIT_SENTENCES = 2
# How many tokens before a number may hold an approximation marker ("no fewer than").
MARKER_WINDOW = 3
# Dependency hops from a number up to a "toll" noun ("the death toll rose to 30").
TOLL_HOPS = 4

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_SUBJ_OBJ = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "appos", "npadvmod", "oprd"})


@dataclass(frozen=True)
class _Cue:
    kind: str
    needs_personnel: bool


@lru_cache(maxsize=1)
def _cues() -> dict[tuple[str, str], _Cue]:
    cues = {}
    for row in read_rows("count_kinds.tsv"):
        needs = len(row) > 3 and row[3].strip() == "personnel"
        cues[(row[0], row[1])] = _Cue(row[2], needs)
    return cues


def count_kinds() -> list[str]:
    """The kinds a count may have (``killed``, ``wounded``, ``deployed``…), sorted."""
    return sorted({cue.kind for cue in _cues().values()})


@lru_cache(maxsize=1)
def _personnel() -> frozenset[str]:
    return frozenset(row[0] for row in read_rows("personnel.tsv"))


@lru_cache(maxsize=1)
def _number_words() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2]) for row in read_rows("number_words.tsv")}


@lru_cache(maxsize=1)
def _markers() -> list[tuple[list[str], str]]:
    rows = [(row[0].split(), row[1]) for row in read_rows("approx_markers.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


# What names a country in a count's phrase: its names and demonyms, not its capital.
COUNTRY_KINDS = frozenset({"country", "demonym"})


def country_of_words(words: list[str]) -> str | None:
    """ISO3 of the first country name or demonym among ``words`` (longest phrase first)."""
    table = countries()
    for i in range(len(words)):
        for n in (3, 2, 1):
            if len(words[i : i + n]) != n:
                continue
            phrase = " ".join(words[i : i + n])
            found = table.find(phrase, COUNTRY_KINDS)
            # plural demonyms ("Syrians") share the singular's country
            if found is None and phrase.endswith("s"):
                found = table.find(phrase[:-1], COUNTRY_KINDS)
            if found is not None:
                return found
    return None


def parse_number(words: list[str]) -> tuple[int, bool] | None:
    """Value of a number written in digits and/or words, and whether it is vague.

    ``["14,000"]`` → (14000, False); ``["two", "hundred"]`` → (200, False);
    ``["2.5", "million"]`` → (2500000, False); ``["dozens"]`` → (12, True).
    """
    table = _number_words()
    total = 0
    current = 0.0
    seen = False
    vague = False
    for raw in words:
        w = raw.lower().strip()
        if w in ("and", "-", "a", "an", "of"):
            continue
        parts = [p for p in w.split("-") if p] if not _DIGITS.match(w) else [w]
        for p in parts:
            if _DIGITS.match(p):
                current += float(p.replace(",", ""))
                seen = True
            elif p in table:
                value, kind = table[p]
                seen = True
                if kind == "unit":
                    current += value
                elif kind == "scale":
                    current = (current or 1) * value
                    if value >= 1000:
                        total += int(current)
                        current = 0
                else:
                    vague = True
                    current = (current or 1) * value
            else:
                return None
    if not seen:
        return None
    return int(round(total + current)), vague


def _is_number_token(tok: Any) -> bool:
    low = tok.lower_
    if low in _number_words():
        return True
    if _DIGITS.match(tok.text):
        return True
    if "-" in low:
        parts = [p for p in low.split("-") if p]
        return bool(parts) and all(p in _number_words() for p in parts)
    return False


def _is_vague(tok: Any) -> bool:
    entry = _number_words().get(tok.lower_)
    return entry is not None and entry[1] == "vague"


def _number_groups(sent: Any) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of numbers in a sentence."""
    groups = []
    i = sent.start
    while i < sent.end:
        tok = sent.doc[i]
        if not _is_number_token(tok):
            i += 1
            continue
        j = i + 1
        while j < sent.end:
            t = sent.doc[j]
            if _is_number_token(t) and not _DIGITS.match(t.text):
                j += 1
            elif t.lower_ in ("and", "-") and j + 1 < sent.end and _is_number_token(sent.doc[j + 1]):
                j += 2
            elif (t.lower_ == "of" and j + 1 < sent.end and _is_vague(sent.doc[j - 1])
                  and _is_vague(sent.doc[j + 1])):
                j += 2  # "tens of thousands", "hundreds of thousands"
            else:
                break
        groups.append((i, j))
        i = j
    return groups


def _excluded(doc: Any, i: int, j: int) -> bool:
    toks = doc[i:j]
    if any(t.ent_type_ in SKIP_ENT_LABELS for t in toks):
        return True
    before = doc[i - 1] if i > 0 else None
    after = doc[j] if j < len(doc) else None
    if before is not None and before.text in ("$", "€", "£", "#", "No.", "no."):
        return True
    if after is not None and (after.lower_ in ("%", "percent", "per", "-year", "years", "year")
                              or after.lower_.startswith("-year")):
        return True
    text = toks.text
    if _YEAR.fullmatch(text) and "," not in text:
        return True
    # "one" is most often a pronoun or determiner ("one of them", "one official said").
    return text.lower() in ("one", "a", "an")


def _cue(lemma: str, part: str) -> _Cue | None:
    return _cues().get((lemma.lower(), part))


def _personnel_ok(cue: _Cue, noun: Any | None) -> bool:
    return not cue.needs_personnel or (noun is not None and noun.lemma_.lower() in _personnel())


def _verb_cue(tok: Any, noun: Any | None) -> tuple[_Cue, Any] | None:
    """A kind verb that ``tok`` (the counted noun or number) is subject or object of."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "conj" or (cur.dep_ == "pobj" and cur.head.lower_ == "of"):
            cur = cur.head if cur.dep_ == "conj" else cur.head.head
            continue
        break
    if cur.dep_ not in _SUBJ_OBJ and cur.dep_ != "ROOT":
        return None
    verb = cur.head if cur.dep_ != "ROOT" else cur
    for cand in (verb, *[c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp", "oprd")]):
        for part in ("verb", "adj"):
            cue = _cue(cand.lemma_, part) or _cue(cand.lower_, part)
            if cue and _personnel_ok(cue, noun):
                return cue, verb
    return None


def _toll_cue(tok: Any) -> tuple[_Cue, Any] | None:
    cur = tok
    for _ in range(TOLL_HOPS):
        if cur.head is cur:
            break
        cur = cur.head
        cands = [cur, *[c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]]
        for c in cands:
            cue = _cue(c.lemma_, "toll")
            if cue:
                return cue, cur
    return None


def _object_noun(doc: Any, i: int, j: int) -> Any | None:
    """The noun counted by the number doc[i:j], if the phrase has one."""
    last = doc[j - 1]
    if last.dep_ in ("nummod", "compound", "quantmod") and last.head.pos_ in ("NOUN", "PROPN") \
            and last.head.i >= j:
        noun = last.head
        # "Thirteen U.S. troops" is parsed as a compound chain ending in the counted noun
        while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head
        return noun
    for child in last.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and pobj[0].pos_ in ("NOUN", "PROPN"):
                return pobj[0]
    if j < len(doc) and doc[j].lower_ == "of" and j + 1 < len(doc):
        # "dozens of protesters" parsed with the number as the head of nothing
        for k in range(j + 1, min(j + 5, len(doc))):
            if doc[k].pos_ == "NOUN":
                return doc[k]
    return None


def _object_words(noun: Any) -> tuple[str, str | None, int]:
    """Text of the counted noun with its compounds, its country, and where the phrase ends."""
    mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
    for m in list(mods):
        mods.extend(c for c in m.lefts if c.dep_ in ("compound", "amod"))
    country = country_of_words([m.text for m in mods]) or country_of_words([noun.text])
    words = [m for m in mods if m.dep_ == "compound" and not _is_number_token(m)
             and country_of_words([m.text]) is None]
    obj = " ".join([w.text for w in words] + [noun.text])
    return obj, country, noun.i + 1


def _approx(doc: Any, i: int, sent_start: int) -> tuple[bool, int]:
    """Whether a marker before doc[i] makes the number approximate, and where it starts."""
    lo = max(sent_start, i - MARKER_WINDOW)
    words = [t.lower_ for t in doc[lo:i]]
    for phrase, _bound in _markers():
        n = len(phrase)
        if n <= len(words) and words[len(words) - n :] == phrase:
            return True, i - n
    return False, i


def _since(verb: Any | None) -> str | None:
    if verb is None:
        return None
    for child in verb.children:
        if child.lower_ == "since":
            phrase = "".join(t.text_with_ws for t in child.subtree).strip()
            m = _YEAR.search(phrase)
            return m.group(1) if m else phrase[len("since") :].strip() or None
    return None


def find_counts(doc: Any) -> list[Count]:
    """Counts of people in a spaCy ``Doc``: value, approximation, kind, object, country, since."""
    counts: list[Count] = []
    sent_of: list[int] = []
    # built once per document (shared with the other stages): spaCy rebuilds it on every access
    text = doc.user_data.get("tacitus.text")
    if text is None:
        text = doc.user_data["tacitus.text"] = doc.text
    for s_idx, sent in enumerate(doc.sents):
        for i, j in _number_groups(sent):
            if _excluded(doc, i, j):
                continue
            parsed = parse_number([t.text for t in doc[i:j]])
            if parsed is None:
                continue
            value, vague = parsed
            noun = _object_noun(doc, i, j)
            anchor = noun if noun is not None else doc[j - 1]
            found = _verb_cue(anchor, noun) or _toll_cue(anchor)
            verb = found[1] if found else None
            cue = found[0] if found else None
            if cue is None:
                nxt = doc[j] if noun is None and j < sent.end else (
                    doc[noun.i + 1] if noun is not None and noun.i + 1 < sent.end else None)
                if nxt is not None:
                    cue = _cue(nxt.lower_, "adj")
            if cue is None and noun is not None:
                # "the 15 people arrested": a participle after the counted noun
                for child in noun.children:
                    if child.dep_ == "acl" and child.i > noun.i:
                        cue = _cue(child.lemma_.lower(), "verb") or _cue(child.lower_, "adj")
                        if cue is not None and _personnel_ok(cue, noun):
                            verb = child
                            break
                        cue = None
            if cue is None and noun is not None:
                cue = _cue(noun.lemma_.lower(), "noun") or _cue(noun.lower_, "adj")
            if cue is None:
                continue
            approximate, start_tok = _approx(doc, i, sent.start)
            end_tok = j
            obj: str | None = None
            country: str | None = None
            if noun is not None:
                obj, country, end_tok = _object_words(noun)
                end_tok = max(end_tok, j)
            else:
                for prev, p_sent in zip(reversed(counts), reversed(sent_of), strict=True):
                    if s_idx - p_sent > INHERIT_SENTENCES:
                        break
                    if (prev.kind == cue.kind or p_sent == s_idx) and prev.object:
                        obj, country = prev.object, prev.country
                        break
            if country is None and verb is not None and cue.needs_personnel:
                # "The United States has about 2,500 troops in Iraq": the deploying country
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    country = country_of_words([t.text for t in subj.subtree])
            start = doc[start_tok].idx
            end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
            counts.append(
                Count(
                    value=value,
                    approximate=approximate or vague,
                    kind=cue.kind,
                    object=obj,
                    country=country,
                    text=text[start:end],
                    start=start,
                    end=end,
                    since=_since(verb),
                )
            )
            sent_of.append(s_idx)
    return counts
