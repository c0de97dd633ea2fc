"""Code a noun phrase as a CAMEO actor: country + role + known group, on the article's date.

A phrase is matched left to right against the lexicon (longest match first), which splits
it into *segments*: persons, organisations and armed groups, seats of power, countries
(names, demonyms, capitals) and role words. The segments then compose one actor:

* a known person → the code of the office held on the date ("Imran Khan" → PAKGOV in 2019,
  PAKELI in 2015, when out of office);
* an organisation or armed group → its own code (role words such as "troops" or
  "negotiators" do not change it);
* a seat of power → its code ("White House officials" → USAGOV);
* a country with role words → country + the role of the word nearest the head
  ("Pakistani military" → PAKMIL, "Afghan government officials" → AFGGOV);
* role words alone → the role ("reporters" → MED), or the article's own government when
  the words are governmental ("senior administration officials").
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tacitus import cache
from tacitus.actors.lexicon import (
    ROLE_CODES,
    Entry,
    Lexicon,
    country_entries,
    read_file,
    read_shipped,
    squash,
)
from tacitus.actors.spelling import Speller
from tacitus.settings import settings

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
# Load order: later files override earlier ones for the same phrase (persons' spells add up).
# The broad generated tables come first, so that country names, our role words and the
# curated groups and leaders win over the older Phoenix entries for the same phrase.
# COUNTRY_NAMES stands for the shared lexicon's country names (``tacitus.lexicon``).
COUNTRY_NAMES = "lexicon:countries"
SHIPPED_FILES = (
    "places_geonames.tsv",
    "roles_phoenix.tsv",
    "orgs_phoenix.tsv",
    "leaders_phoenix.tsv",
    "leaders_wikidata_2021.tsv",
    "leaders_us_executive.tsv",
    "leaders_current_2026_ccbysa.tsv",
    COUNTRY_NAMES,
    "roles.tsv",
    "groups.tsv",
    "seats.tsv",
    "leaders.tsv",
)
# Bump when the in-memory layout of the lexicon changes, to invalidate load caches.
CACHE_FORMAT = 5
# Longest phrase tried when matching, in tokens (long Phoenix names of armed groups are
# rarely written out in full; 8 covers the long official names of the dictionary).
MAX_PHRASE_TOKENS = 8
# The confidence of each way of coding is a setting: ``tacitus.settings.ActorWeights``.
# Roles that belong to the country the article is about when the phrase names none: the sectors
# of the state ("the ministry said", "security forces fired") as the article's own "officials"
# do, and its civilians ("residents fled", "villagers said"), as coders place them; media,
# business or rebels stay unplaced. Civilians added on the check half of the article gold:
# recall 0.265 -> 0.275 (tune unchanged, tune target country 0.684 -> 0.658).
CONTEXT_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "CVL"})

# Words that make a country the sponsor or opponent of an actor, not its country.
SPONSOR_PREFIXES = frozenset({"pro", "anti"})
SPONSOR_SUFFIXES = frozenset({"backed", "supported", "funded", "armed", "sponsored", "allied", "aligned", "trained"})
SPONSOR_SUFFIXES_ALONE = frozenset({"backed", "supported", "funded", "sponsored"})
# Names this short written in capitals are acronyms ("IS", "AU", "WHO") and must be
# written in capitals to match.
ACRONYM_MAX_LETTERS = 4
# Titles that name a single office whose holder can be looked up by country and date.
OFFICE_TITLES = frozenset(squash(t) for t in (
    "president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "sultan",
    "supreme leader", "foreign minister", "defence minister", "defense minister",
    "secretary of state", "secretary of defense", "foreign secretary", "vice president", "taoiseach",
))
# Offices whose former holders stay known by their surname alone ("Clinton" in 2020 is a
# US elite): a bare surname out of office codes only for people who held one of these.
WELL_KNOWN_OFFICES = frozenset(squash(t) for t in (
    "president", "prime minister", "vice president", "chancellor", "premier", "king", "monarch",
    "emir", "supreme leader", "secretary of state", "foreign minister", "foreign secretary",
))
# A bare surname shorter than this is too ambiguous to name a former leader.
MIN_SURNAME_LETTERS = 4
# Shortest words corrected by one edit to a country name ("Ethopia"), and to a
# person's surname ("Mitterand"); shorter words have too many neighbours (checked on the
# PLOVER dev actors and the ConfliBERT sentences: no false corrections at these lengths).
MIN_FUZZY_COUNTRY_LETTERS = 6
MIN_FUZZY_SURNAME_LETTERS = 7
# Country names only: demonyms sit one edit from surnames ("Liberman", "Liberian").
FUZZY_COUNTRY_KINDS = frozenset({"country"})
# Spells of one person that overlap by more than this come from sources that disagree.
SPELL_OVERLAP_DAYS = 31
NAME_KINDS = frozenset({"country", "demonym", "capital", "seat", "org", "armed", "person"})
PLACE_KINDS = frozenset({"country", "demonym", "capital", "place"})
FORMER_WORDS = frozenset({"former", "ex", "late", "then"})
# Heads that only count the actor named by their "of" phrase.
QUANTITY_HEADS = frozenset({
    "dozens", "hundreds", "thousands", "tens", "millions", "scores", "some", "many", "most", "several",
    "few", "all", "none", "both", "number", "handful", "group", "contingent", "unit", "team",
})


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sheikh", "prof"})


def _same_first_name(a: str, b: str) -> bool:
    """First names of one person: equal, an initial ("B."), one the short form of the other
    ("Abdel"/"Abdelaziz"), or one letter apart ("Benjamim")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    if a.startswith(b) or b.startswith(a):
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


def _names_someone_else(given: list[str], full_names: list[str]) -> bool:
    """Do the words before a surname ("Britta" of "Britta Nielsen") rule out every dictionary
    person of that surname? Titles do not count; a word of the person's full name ("Pérez" of
    Otto Pérez Molina) or their first name in any close form keeps them."""
    given = [g for g in given if g.rstrip(".") not in HONORIFICS]
    if not given or not full_names:
        return False
    for name in full_names:
        words = [squash(w) for w in name.split()]
        if _same_first_name(given[0], words[0]) or all(g in words for g in given):
            return False
    return True


@dataclass
class Segment:
    start: int  # index into the phrase's token list
    end: int
    entries: list[Entry]
    text: str

    @property
    def kind(self) -> str:
        return self.entries[0].kind


@dataclass
class Coded:
    """An actor as coded from a phrase, before it is placed in the article."""

    code: str | None
    country: str | None
    role: str | None
    group: str | None
    name: str | None
    rule: str
    confidence: float
    kind: str  # person | unknown_person | org | seat | country | role
    title: str | None = None  # the title words before a name, e.g. "prime minister"
    needs_context: bool = False  # role words only: the article's government may own it
    place_like: bool = False  # capital or seat alone: an actor only when it acts
    generic: bool = False  # only generic role words ("officials"): no actor without context


@dataclass
class ActorCoder:
    """The loaded dictionaries: shipped tables, then the user's files (which override)."""

    lexicon: Lexicon
    user_files: list[str] = field(default_factory=list)
    load_seconds: float = 0.0
    _offices: dict[tuple[str, str], list[Entry]] | None = field(default=None, repr=False)

    # ----- matching -------------------------------------------------------------------
    def segments(self, tokens: list[Any]) -> list[Segment]:
        """Split a phrase into its longest lexicon matches (unmatched tokens are skipped)."""
        out: list[Segment] = []
        n = len(tokens)
        i = 0
        maxlen = min(MAX_PHRASE_TOKENS, max(1, self.lexicon.max_tokens))
        # each token's text, key and filler test once (spaCy builds a string per access),
        # rather than once per candidate span it is part of
        texts = [t.text for t in tokens]
        # for ASCII, squash works letter by letter: a span's key is its tokens' keys joined
        keys = [squash(x) if x.isascii() else None for x in texts]
        filler = [_is_filler(t) for t in tokens]
        # a word's lemma where it is another word ("ministers" → "minister"), else None
        lemmas: list[str | None] = [None] * n
        for k, t in enumerate(tokens):
            lemma = t.lemma_
            if lemma and lemma.lower() != t.lower_:
                lemmas[k] = lemma
        while i < n:
            found = None
            for j in range(min(n, i + maxlen), i, -1) if not filler[i] else ():
                if filler[j - 1]:
                    continue
                part = keys[i:j]
                key = "".join(part) if None not in part else squash("".join(texts[i:j]))  # type: ignore[arg-type]
                entries = self._lookup(tokens[i:j], key, texts[i:j], lemmas[j - 1])
                if entries:
                    found = Segment(i, j, entries, " ".join(texts[i:j]))
                    break
            if found is not None and self._prefix_of_unknown_name(tokens, found):
                i = found.end + 1
                continue
            if found is None:
                found = self._misspelt_country(tokens, i)
            if found:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out

    def _prefix_of_unknown_name(self, tokens: list[Any], seg: Segment) -> bool:
        """An institution's name built with "of" that goes on in capitals the lexicon does
        not know is the start of another name ("Department of State" in "Department of State
        Services"); names without such words are followed by titles and names ("White House
        Press Secretary Sarah Sanders", "United Nations Mideast envoy")."""
        if seg.kind not in ("org", "armed") or seg.end - seg.start < 3 or seg.end >= len(tokens):
            return False
        if not any(t.pos_ in ("ADP", "CCONJ", "DET") for t in tokens[seg.start + 1:seg.end - 1]):
            return False
        nxt = tokens[seg.end]
        return (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and not nxt.text.isupper()
                and not self.lexicon.get(squash(nxt.text)))

    def _speller(self, name: str) -> Speller:
        sp = self.lexicon.spellers.get(name)
        if sp is None:
            if name == "country":
                keys = self.lexicon.speller_keys.get("country")
                if keys is None:
                    keys = country_keys(self.lexicon)
                sp = Speller(keys, MIN_FUZZY_COUNTRY_LETTERS)
            else:
                sp = Speller(self.lexicon.surnames.keys(), MIN_FUZZY_SURNAME_LETTERS)
            self.lexicon.spellers[name] = sp
        return sp

    def _misspelt_country(self, tokens: list[Any], i: int) -> Segment | None:
        """A capitalised proper noun one edit from a country name or demonym ("Ethopia")."""
        tok = tokens[i]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.text.isupper():
            return None
        word = squash(tok.text)
        key = self._speller("country").correct(word)
        if key is None or word.rstrip("s") == key.rstrip("s"):
            return None  # a plural or possessive form is another word ("Frances", "Islands")
        entries = [e for e in self.lexicon.get(key) if e.kind in FUZZY_COUNTRY_KINDS]
        return Segment(i, i + 1, entries, tok.text) if entries else None

    def _lookup(self, span: list[Any], key: str, texts: list[str], lemma: str | None) -> list[Entry]:
        """Entries for the phrase ``span``: ``key`` its squashed text, ``texts`` its tokens'
        texts, ``lemma`` its last word's lemma when that is another word (else None); the
        caller reads each token once for all the spans it is part of."""
        entries = self.lexicon.get(key)
        if not entries and lemma:
            lemma_key = squash("".join(texts[:-1]) + lemma)
            entries = [e for e in self.lexicon.get(lemma_key) if e.kind == "role"]
        if not entries:
            return []
        capitalised = any(t[:1].isupper() or t[:1].isdigit() for t in texts)
        if len(span) == 1 and not texts[0][:1].isupper():
            capitalised = False
        if not capitalised:
            entries = [e for e in entries if e.kind == "role"]
        elif len(span) == 1 and not texts[0].isupper():
            # Acronyms match only in capitals: "IS" the group, not "Is" opening a question.
            entries = [e for e in entries if not _is_acronym(e.phrase)]
            if span[0].is_sent_start and span[0].pos_ != "PROPN":
                # A capital letter opening a sentence is no sign of a name ("Total deaths").
                entries = [e for e in entries if e.kind not in ("org", "armed")]
        return entries

    # ----- composing ------------------------------------------------------------------
    def code_tokens(self, tokens: list[Any], head: Any, date: str | None,
                    extra: list[Any] | None = None) -> Coded | None:
        """Code the phrase made of ``tokens`` (document order) whose head is ``head``."""
        segs = self.segments(tokens)
        head_pos = next((k for k, t in enumerate(tokens) if t.i == head.i), len(tokens) - 1)
        head_seg = next((s for s in segs if s.start <= head_pos < s.end), None)
        if head_seg is None and (head.like_num or head.lower_ in QUANTITY_HEADS):
            # "dozens of Russian peacekeepers", "two of the rebels": the counted noun is the actor
            after = [s for s in segs if s.start > head_pos]
            if after and after[-1].end == len(tokens):
                head_seg = after[-1]
                head = tokens[head_seg.end - 1]
                head_pos = head_seg.end - 1
        former = any(t.lower_.strip("-") in FORMER_WORDS for t in tokens[:head_pos + 1])
        unknown = _unknown_name(tokens, segs)
        if head_seg is None and not (head.pos_ == "PROPN" and unknown):
            return None
        by_kind: dict[str, list[Segment]] = {}
        for s in segs:
            by_kind.setdefault(s.kind, []).append(s)
        roles = by_kind.get("role", [])
        role, title = _role_of(roles)

        persons = by_kind.get("person", [])
        # the nationality the phrase states ("Malaysian Defence Minister X"): a namesake of
        # another country found by the name alone is not this person
        stated = {_first_country([s], date) for s in segs if s.kind in PLACE_KINDS and not _sponsor(tokens, s)} - {None}
        if persons and stated and not stated & {e.country for e in persons[-1].entries if e.country}:
            persons = []
        if persons:
            if _other_first_name(tokens, persons[-1], segs):
                return None
            return self._code_person(persons[-1], date, former, title, roles)
        orgs = by_kind.get("armed", []) + by_kind.get("org", [])
        if orgs:
            seg = max(orgs, key=lambda s: s.start)
            e = _pick(seg.entries, date)
            code = e.code
            if role and role not in code and code[:3] in ("IGO", "NGO") and role in ("MIL", "COP", "JUD"):
                code += role
            country = e.country or _first_country(segs, date)
            return Coded(code, country, e.role or _role_in_code(code), e.group, e.name or seg.text,
                         f"{e.kind}:{e.phrase}", settings().actors.org, "org", title)
        seats = by_kind.get("seat", [])
        if seats:
            e = _pick(seats[-1].entries, date)
            alone = len(segs) == 1 and head_seg is seats[-1]
            return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, e.name,
                         f"seat:{e.phrase}", settings().actors.seat, "seat", title, place_like=alone)
        if unknown and head.pos_ == "PROPN":
            known = self.person_by_surname(unknown, date, title)
            if known is not None and (not stated or known.country in stated):
                return known
        places = [s for s in segs if s.kind in PLACE_KINDS and not _sponsor(tokens, s)]
        country = _first_country(places, date) if places else None
        if country is None and extra and not any(_has_flag(r, "relational") for r in roles):
            extra_segs = self.segments(extra)
            extra_orgs = [s for s in extra_segs if s.kind in ("org", "armed")]
            if extra_orgs and roles and _generic_only(roles):
                # "a spokesman for the Taliban": the role word speaks for the group
                e = _pick(extra_orgs[0].entries, date)
                return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, e.name,
                             f"{e.kind}:{e.phrase} (for)", settings().actors.org, "org", title)
            country = _first_country(extra_segs, date)
        if country is None and role and unknown:
            # "President Atambayev", "the Modi government": a known surname places the role
            country = self.surname_country(unknown)
        name = unknown if unknown and head.pos_ == "PROPN" else None
        if name and not role and not country:
            return None
        if not role and places and all(s.kind == "place" for s in places):
            return None  # a city or province is a place, never an actor by itself
        if country:
            if role and not name and title:
                holder = self.office_holder(country, title, date)
                if holder is not None:
                    return holder
            if role:
                return Coded(country + role, country, role, None, name, f"country+role:{places[0].text if places else country}+{title}",
                             settings().actors.country_role if not name else settings().actors.unknown_person,
                             "unknown_person" if name else "country", title)
            e = _pick(places[-1].entries, date) if places else None
            place_like = bool(e and e.kind == "capital" and len(segs) == 1)
            return Coded(country, country, None, None, (e.name if e else None) if not name else name,
                         f"{e.kind if e else 'country'}:{e.phrase if e else country}", settings().actors.country,
                         "unknown_person" if name else "country", title, place_like=place_like)
        if role and _generic_only(roles) and not any(_has_flag(s, "contextual") for s in roles):
            return None  # "leaders", "members" alone say nothing about who
        if role:
            # Only words such as "officials" or "the administration" belong to the
            # article's own government; a titled stranger ("President X") stays unplaced.
            contextual = role in CONTEXT_ROLES if name else (any(_has_flag(s, "contextual") for s in roles) or role in CONTEXT_ROLES)
            return Coded(role, None, role, None, name, f"role:{title}", settings().actors.role_only,
                         "unknown_person" if name else "role", title,
                         needs_context=contextual, generic=_generic_only(roles))
        return None

    def _code_person(self, seg: Segment, date: str | None, former: bool, title: str | None,
                     roles: list[Segment]) -> Coded:
        e = _pick(seg.entries, date)
        valid = date is None or e.valid_on(date)
        if not valid and not former and e.name:
            # a titled form from an older dictionary ("President X") whose spells end where the
            # curated terms under the person's own name go on: the terms decide
            same = [x for x in self.lexicon.get(squash(e.name)) if x.kind == "person" and x.country == e.country]
            current = _pick(same, date) if same else None
            if current is not None and current.dated and current.valid_on(date):
                e, valid = current, True
        name = e.name or seg.text
        if former or not valid or e.code.endswith("ELI"):
            country = e.country or _latest_country(seg.entries, date)
            code = (country + "ELI") if country else None
            return Coded(code, country, "ELI" if country else None, None, name,
                         f"person:{e.phrase} (out of office)", settings().actors.person_undated, "person", title)
        conf = settings().actors.person_dated if e.dated else settings().actors.person_undated
        return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, name,
                     f"person:{e.phrase} [{e.source or 'dictionary'}]", conf, "person", title or e.office)

    def office_holder(self, country: str, title: str, date: str | None) -> Coded | None:
        """The one person holding the office a title names in a country on the date
        ("Pakistan's prime minister" in 2019 → Imran Khan)."""
        if date is None:
            return None
        key = squash(title)
        if key not in OFFICE_TITLES:
            return None
        if self._offices is None:
            self._offices = {}
            rows = self.lexicon.offices
            for where, office, raw in office_rows(self.lexicon) if rows is None else rows:
                self._offices.setdefault((where, office), []).append(Entry._make(raw))
        holders = self._offices.get((country, key), [])
        live = [e for k, e in enumerate(holders) if e.valid_on(date) and not _superseded(
            e, [f for f in holders[k + 1:] if f.name == e.name], date)]
        if len({e.name for e in live}) != 1:
            return None
        e = live[-1]
        return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, e.name,
                     f"office:{title}@{country} [{e.source or 'dictionary'}]", settings().actors.country_role, "person", title)

    def person_by_surname(self, name: str, date: str | None, title: str | None = None,
                          given: list[str] | None = None) -> Coded | None:
        """A name the dictionaries know only in a longer form: first and last name
        ("Carlos Menem" for Carlos Saul Menem), or a bare surname ("Trump") that names
        exactly one person in office on the date. ``given``: the names written before the
        surname when only the surname is looked up; a first name no namesake bears rules
        them all out ("Britta Nielsen")."""
        words = name.split()
        if words[-1].isupper() and len(words[-1]) > 1:
            # an all-capitals word is an acronym or a code name, not a surname ("a BUK missile")
            return None
        cands = self.lexicon.surname_entries(squash(words[-1]))
        if given and _names_someone_else([squash(w) for w in given], [e.name for e in cands if e.name]):
            return None
        if not cands and len(words) > 1:
            # a misspelt surname only with a first name that confirms it
            fixed = self._speller("surname").correct(squash(words[-1]))
            cands = self.lexicon.surname_entries(fixed) if fixed else []
        if len(words) > 1 and cands:
            first = squash(words[0])
            same = [e for e in cands if e.name and squash(e.name.split()[0]) == first]
            if same and len({e.name for e in same}) == 1:
                return self._code_person(Segment(0, 0, same, name), date, False, title, [])
            if _names_someone_else([squash(w) for w in words[:-1]], [e.name for e in cands if e.name]):
                # "Britta Nielsen" is not the Faroese minister Bárður Nielsen
                return None
        if not cands:
            return None
        if date is None:
            # no article date: the latest top-office holder of that surname, as ``_pick``
            # takes the latest spell, when all such holders are of one country
            top = [e for e in cands if _top_office(e) and e.start]
            if len(words) > 1 or not top or len({e.country for e in top}) != 1:
                return None
            e = max(top, key=lambda x: x.start or "")
            return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, e.name,
                         f"surname:{e.phrase} (latest) [{e.source or 'dictionary'}]", settings().actors.surname,
                         "person", title or e.office)
        live = [e for e in cands if e.valid_on(date) and e.dated and not e.code.endswith("ELI")]
        names = {e.name for e in live}
        if not names and len(words) == 1:
            return self._former_by_surname(name, cands, date, title)
        if not names:
            return None
        if len(names) > 1:
            # Sources spell one person's first name differently ("Joe"/"Joseph Biden"):
            # one code for all is still one answer, and one top office on one date has one
            # holder, named as the last-loaded (curated) source names them.
            top = [e for e in live if _top_office(e)]
            if len({e.code for e in live}) != 1 or len({(e.country, e.office) for e in top}) > 1:
                return None
            live = [top[-1]] if top else live
        e = live[-1] if len(live) == 1 else max(live, key=lambda x: x.start or "")
        person = len({x.name for x in live}) == 1
        return Coded(e.code, e.country, e.role or _role_in_code(e.code), e.group, e.name if person else None,
                     f"surname:{e.phrase} [{e.source or 'dictionary'}]", settings().actors.surname, "person", title or e.office)

    def surname_country(self, name: str) -> str | None:
        """The one country of every dictionary person with this surname (and first name,
        when given), one of whom held a top office; None when they differ or none is known."""
        words = name.split()
        if len(squash(words[-1])) < MIN_SURNAME_LETTERS:
            return None
        cands = self.lexicon.surname_entries(squash(words[-1]))
        if len(words) > 1:
            first = squash(words[0])
            cands = [e for e in cands if e.name and squash(e.name.split()[0]) == first]
        if not any(_top_office(e) for e in cands):
            return None  # an obscure namesake ("Catalan", a Chilean minister) places nothing
        countries = {e.country for e in cands}
        return countries.pop() if len(countries) == 1 else None

    def _former_by_surname(self, name: str, cands: list[Entry], date: str, title: str | None) -> Coded | None:
        """A bare surname nobody holds office under on the date: an elite of the country,
        when everyone of that surname who had held a top office by then is from one country
        ("Clinton" in 2020 → USAELI). Namesakes who only held lesser
        posts (Phoenix ministers) do not compete with a former head of state."""
        if len(squash(name)) < MIN_SURNAME_LETTERS:
            return None
        # Only those who had already held the office: a later holder was no leader yet.
        top = [e for e in cands if e.start and e.start <= date and _top_office(e)]
        if len({e.country for e in top}) != 1 or not top[0].country:
            return None
        country = top[0].country
        names = {e.name for e in top}
        return Coded(country + "ELI", country, "ELI", None, top[0].name if len(names) == 1 else None,
                     f"surname:{name} (out of office)", settings().actors.surname, "person", title)


def _top_office(e: Entry) -> bool:
    return bool(e.office) and any(squash(o) in WELL_KNOWN_OFFICES for o in (e.office or "").split(";"))


def _sponsor(tokens: list[Any], seg: Segment) -> bool:
    """A country that backs or opposes the actor rather than being its own:
    "pro-Russian separatists", "Iranian-backed militias", "anti-government protesters"."""
    before = tokens[seg.start - 1].lower_ if seg.start > 0 else ""
    before2 = tokens[seg.start - 2].lower_ if seg.start > 1 else ""
    if before in SPONSOR_PREFIXES or (before == "-" and before2 in SPONSOR_PREFIXES):
        return True
    after = [t.lower_ for t in tokens[seg.end:seg.end + 2]]
    # "Russian armed forces" are Russia's own: unhyphenated, only the unambiguous suffixes sponsor
    return bool(after) and (
        after[0] in SPONSOR_SUFFIXES_ALONE or (after[0] == "-" and len(after) > 1 and after[1] in SPONSOR_SUFFIXES)
    )


def _is_acronym(phrase: str) -> bool:
    letters = phrase.replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) <= ACRONYM_MAX_LETTERS


def _is_filler(tok: Any) -> bool:
    return tok.dep_ in ("det", "case", "punct", "predet") or tok.lower_ in ("'s", "’s", "'", "’")


def _other_first_name(tokens: list[Any], seg: Segment, segs: list[Segment]) -> bool:
    """"Britta Nielsen" where the dictionaries know only a Bardur Nielsen: a surname matched
    alone, after a capitalised first name that none of its people bear."""
    if seg.start == 0 or seg.end - seg.start != 1:
        return False
    prev = tokens[seg.start - 1]
    if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or any(s.start <= seg.start - 1 < s.end for s in segs):
        return False
    return _names_someone_else([squash(prev.text)], [e.name for e in seg.entries if e.name and len(e.name.split()) > 1])


def _unknown_name(tokens: list[Any], segs: list[Segment]) -> str | None:
    """Capitalised proper-noun tokens not covered by any match: an unknown name."""
    covered = {k for s in segs for k in range(s.start, s.end)}
    words = [t.text for k, t in enumerate(tokens)
             if k not in covered and t.pos_ == "PROPN" and t.text[:1].isupper() and t.dep_ not in ("poss",)]
    return " ".join(words) if words else None


def _role_of(roles: list[Segment]) -> tuple[str | None, str | None]:
    """The phrase's role: the last specific role word, else the last generic one."""
    specific = [s for s in roles if not _is_generic(s)]
    chosen = specific[-1] if specific else (roles[-1] if roles else None)
    if chosen is None:
        return None, None
    title = " ".join(s.text for s in roles).lower()
    return chosen.entries[-1].code, title


def _has_flag(seg: Segment, flag: str) -> bool:
    """Role rows carry flags in their ``office`` column: ``generic`` (no role of its own
    next to a specific role word), ``contextual`` (alone, the article's government) and
    ``relational`` (takes no country from "in X": an ally in Afghanistan is not Afghan)."""
    return all(flag in (e.office or "").split() for e in seg.entries)


def _is_generic(seg: Segment) -> bool:
    return _has_flag(seg, "generic")


def _generic_only(roles: list[Segment]) -> bool:
    return bool(roles) and all(_is_generic(s) for s in roles)


def _pick(entries: list[Entry], date: str | None) -> Entry:
    """The entry that holds on the date: a dated spell first (the last loaded wins), then an
    undated entry; with no date, the most recent spell."""
    # the same phrase's entries are picked among many times an article (every mention of
    # "president", "Iran"), and a person's spells are compared pairwise
    return _pick_among(tuple(entries), date)


@lru_cache(maxsize=4096)
def _pick_among(entries: tuple[Entry, ...], date: str | None) -> Entry:
    if date is None:
        dated = [e for e in entries if e.start]
        if dated:
            return max(dated, key=lambda e: (e.start or "", not e.code.endswith("ELI")))
        return entries[-1]
    valid = [k for k, e in enumerate(entries) if e.dated and e.valid_on(date)]
    # A spell from an older source gives way to a later source that dates the same
    # office differently (Phoenix's coarse spells against the curated terms).
    valid = [k for k in valid if not _superseded(entries[k], entries[k + 1:], date)]
    if valid:
        good = [entries[k] for k in valid if not entries[k].code.endswith("ELI")] or [entries[k] for k in valid]
        return good[-1]
    # An undated row is the code outside the dated spells of its own dictionary (PETRARCH's
    # default code); a later source's terms for the same person override it, so that a
    # leader listed undated by Phoenix is out of office outside the curated terms.
    undated = [k for k, e in enumerate(entries) if not e.dated and not (e.kind == "person" and any(
        f.dated and f.source != e.source for f in entries[k + 1:]))]
    dated = [e for e in entries if e.dated]
    if not undated and dated and entries[0].kind == "person":
        past = [e for e in dated if (e.start or "") <= date]
        return max(past or dated, key=lambda e: e.start or "")
    undated = [entries[k] for k in undated]
    if undated:
        return undated[-1]
    return entries[-1]


def _superseded(e: Entry, later: Sequence[Entry], date: str) -> bool:
    """Whether a later source dates the same spell differently and says it does not hold on
    the date (Phoenix's and Wikidata's coarse or open spells against the curated terms)."""
    return any(f.source != e.source and f.dated and not f.valid_on(date) and _overlap(e, f) for f in later)


def _overlap(a: Entry, b: Entry) -> bool:
    """Whether two spells share more than ``SPELL_OVERLAP_DAYS`` (handovers share a day)."""
    a0, a1 = a.start or "0000-01-01", a.end or "9999-12-31"
    b0, b1 = b.start or "0000-01-01", b.end or "9999-12-31"
    lo, hi = max(a0, b0), min(a1, b1)
    if lo > hi:
        return False
    try:
        return (_date.fromisoformat(hi) - _date.fromisoformat(lo)).days > SPELL_OVERLAP_DAYS
    except ValueError:
        return True


def _latest_country(entries: list[Entry], date: str | None) -> str | None:
    with_country = [e for e in entries if e.country]
    if not with_country:
        return None
    past = [e for e in with_country if date is None or (e.start or "") <= date]
    return max(past or with_country, key=lambda e: e.start or "").country


def _first_country(segs: list[Segment], date: str | None) -> str | None:
    for s in segs:
        if s.kind in PLACE_KINDS:
            return _pick(s.entries, date).country
    return None


def _role_in_code(code: str) -> str | None:
    """The role part of a code (PAKGOV → GOV); IGO/NGO codes go on with a region or group."""
    rest = code[3:6]
    return rest if rest in ROLE_CODES else None


def country_keys(lexicon: Lexicon) -> list[str]:
    """The keys the country speller corrects to: those naming a country or a demonym."""
    return [k for k, lst in lexicon.entries.items()
            if any(Entry._make(x).kind in FUZZY_COUNTRY_KINDS for x in lst)]


def shipped_entries(name: str) -> Iterator[Entry]:
    """The rows of one of SHIPPED_FILES (COUNTRY_NAMES: the shared lexicon's country names)."""
    if name == COUNTRY_NAMES:
        return country_entries()
    return read_shipped((DATA_DIR / name).read_text(encoding="utf-8"))


def office_rows(lex: Lexicon) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(country, squashed office, row) of each dated office holder, in entry order (an
    entry with offices joined by ";" once per office): what ``office_holder`` looks up."""
    out = []
    for lst in lex.entries.values():
        for raw in lst:
            e = Entry._make(raw)
            if e.kind == "person" and e.office and e.country and e.start:
                for office in e.office.split(";"):
                    out.append((e.country, squash(office), tuple(e)))
    return out


def _parse_shipped() -> tuple[Any, ...]:
    lex = Lexicon()
    for name in SHIPPED_FILES:
        lex.add_all(shipped_entries(name))
    return lex.to_plain({"country": country_keys(lex)}, office_rows(lex))


@lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    """The shipped tables, parsed once and then read back from the knowledge cache
    (``tacitus.cache``; parsing the 60,000 rows takes about a second, reading the cache a
    tenth of that)."""
    return cache.load("actors", CACHE_FORMAT, _parse_shipped, Lexicon.from_plain)


def load_coder(user_files: list[str]) -> ActorCoder:
    """The shipped dictionaries (loaded once per process) plus the user's actor files."""
    t0 = time.perf_counter()
    base = _shipped()
    if user_files:
        lex = Lexicon(dict(base.entries), {k: list(v) for k, v in base.surnames.items()}, base.max_tokens)
        for f in user_files:
            lex.add_all(read_file(f))
    else:
        lex = base
    return ActorCoder(lex, list(user_files), time.perf_counter() - t0)
