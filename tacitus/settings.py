"""The tunable weights of the coder: confidences, scores, bonuses, penalties and windows.

One frozen dataclass per concern (``ActorWeights``, ``EventWeights``, ``GeoWeights``,
``DateSettings``, ``DedupeSettings``), grouped in ``Settings``. The defaults are the calibrated values (each
field says what it was calibrated on and how to re-measure); a TOML file overrides any of
them (``tacitus code/ingest --settings FILE``, ``Settings.from_toml``), section by section::

    [actors]
    org = 0.85

    [geo.feature_bonus]
    admin2 = -1.5

Code reads a value where it needs it from the process-wide ``settings()``; the pipeline puts
a coder's own settings there while it codes (``use_settings``). Settings other than the
defaults are part of the coder fingerprint (``tacitus.fingerprint``), so a stored coding
follows the weights that made it. Every key is documented in ``docs/SETTINGS.md``.

True constants (format versions, byte limits, column counts, word lists) stay in their
modules: they are not knobs.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from tacitus.errors import Errors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class ActorWeights:
    """Confidence of each way an actor is coded (``Actor.confidence``), calibrated by hand on
    the example article and the PLOVER/PETRARCH dev records (``tacitus eval actors``)."""

    # a person in office on the article's date ("Imran Khan" in 2019)
    person_dated: float = 0.95
    # a person known without dates, or out of office on the article's date
    person_undated: float = 0.8
    # an organisation or armed group by name ("the Taliban", "NATO")
    org: float = 0.9
    # a country, its demonym or capital ("Pakistan", "Afghan", "Kabul")
    country: float = 0.9
    # a country with a role ("Pakistani officials"), or an office of a country ("the
    # president of Chile")
    country_role: float = 0.85
    # a seat of government standing for it ("the Kremlin")
    seat: float = 0.85
    # a role that takes its country from the article's context ("the ministry said")
    context: float = 0.6
    # a role alone, with no country to give it ("officials")
    role_only: float = 0.5
    # a surname of a known person ("Khan" after "Imran Khan")
    surname: float = 0.75
    # a person no dictionary knows, placed by a country in the phrase ("Chilean lawyer X")
    unknown_person: float = 0.7
    # a person no dictionary knows who takes the article's country: a guess, below a coded
    # context role
    unknown_person_context: float = 0.35
    # a pronoun ("he", "they") takes its antecedent's confidence times this
    pronoun_factor: float = 0.8
    # how many sentences back a pronoun looks for its antecedent
    pronoun_window_sentences: int = 2


@dataclass(frozen=True)
class EventWeights:
    """``Event.confidence``: a base by trigger kind plus adjustments, clipped to
    [minimum, maximum]. Calibrated on the dev gold sets (ConfliBERT pentaclass train,
    PETRARCH2 GSR dev, PLOVER GSR dev: share of coded events whose class/root/type is right,
    per feature bucket, ~1,600 events); check the reliability table of `tacitus eval events`
    after changing patterns or these numbers."""

    # base by the part of speech of the trigger: verb, noun, adjective, anything else
    base_verb: float = 0.93
    base_noun: float = 0.82
    base_adjective: float = 0.93
    base_other: float = 0.5
    # frame + act ("agreed to meet") is specific
    composed: float = 0.04
    # the pattern has a particle/object constraint that held
    specific: float = 0.04
    # both source and target coded
    dyad: float = 0.02
    # the act sits in a subordinate or coordinated clause
    subordinate: float = -0.40
    # target only (passive without agent)
    no_source: float = -0.15
    # statement kept because nothing else was coded
    weak: float = -0.15
    # a bare "said" is the least specific statement
    say: float = -0.32
    # user patterns: no evidence either way
    user: float = 0.0
    # the event is reported by someone ("officials said ...")
    reported: float = -0.05
    # an act someone was urged to do, coded beside the appeal
    requested: float = -0.10
    minimum: float = 0.05
    maximum: float = 0.98
    # an actor no dictionary codes, kept by name as a source or target
    uncoded_actor: float = 0.3
    # A bare statement whose reported words judge an actor is criticism when the net VADER
    # valence of the words is at least judgement_net in one direction, carried by at least
    # one word of judgement_word or more (tuned on the tune half of the article gold;
    # re-measure with `tacitus eval articles --half tune`).
    judgement_net: float = 2.0
    judgement_word: float = 1.5
    # An act said to happen only under a condition or as a possibility ("perhaps Russia will
    # oppose", "if X attacks ...") is no event unless it is a threat (13): coders list no such
    # acts (articles tune F1 0.390 -> 0.398, check 0.356 -> 0.357; GSR root precision check
    # 0.63 -> 0.71). true keeps them with modality "hypothetical".
    keep_hypothetical: bool = False
    # An act with no other target takes the place its "in" names as target ("troops were on
    # alert in the north of Ruritania"), as PETRARCH's verb patterns and the span annotators do.
    locative_target: bool = True


@dataclass(frozen=True)
class FeatureBonus:
    """Score bonus of a gazetteer candidate by its feature kind: admin-2 areas are rarely
    meant by a bare name ("Cambridge" the city, not the district)."""

    country: float = 3.0
    continent: float = 3.0
    region: float = 2.0
    admin1: float = 1.5
    admin2: float = -2.0
    city: float = 0.0

    def of(self, kind: str) -> float:
        """The bonus of feature ``kind`` (one of the field names)."""
        return float(getattr(self, kind))


@dataclass(frozen=True)
class GeoWeights:
    """How a place name is resolved to a gazetteer entry, calibrated on gold/geo (LGL +
    GeoVirus dev files) with `tacitus eval geo` (figures: accuracy@161 km). A candidate's
    score: population_weight * log10(population) + feature_bonus + context bonuses."""

    # 1.25 and 1.5 measured no better
    population_weight: float = 1.0
    feature_bonus: FeatureBonus = field(default_factory=FeatureBonus)
    # a candidate known only by an alternate name, when another candidate bears the name itself
    alternate_name_penalty: float = 3.0
    # weight of the vote each unresolved mention casts for its candidates' countries
    candidate_vote: float = 0.5
    # the same for regions: two names that can both lie in one region ("Gainesville" and
    # "Hall County" in Georgia) point at it (0.5 → .8286, 1.0 → .8332)
    region_candidate_vote: float = 1.0
    # the candidate's country is mentioned elsewhere (scaled by its share of country evidence)
    context_country_bonus: float = 4.0
    # a region of a country the article otherwise never points at (0 → .8332, 1.5 → .8351)
    foreign_region_penalty: float = 1.5
    # a town in the admin-1 region that could hold the most of the article's other names
    # (0 → .8351, 1.0 → .8381, 2.0 → .8360)
    cover_bonus: float = 1.0
    # the region vote of a name placed at a town or county rather than at the region itself
    # (1.0 → .8440, 0.5 → .8469)
    town_region_vote: float = 0.5
    # the candidate lies in an admin-1 region the article names
    context_admin1_bonus: float = 3.0
    # the candidate agrees with the dateline ("KABUL, Afghanistan —")
    dateline_bonus: float = 2.0
    # the span names the place directly (primary name) rather than through an alternate name
    primary_name_bonus: float = 0.7
    # a hint word ("Kandahar province", "the city of X") matching the candidate's feature
    feature_hint_bonus: float = 2.0
    # national capitals are named far beyond their population ("Kabul"), the more so when
    # their country is what the article is about (times its share of country evidence)
    capital_bonus: float = 1.0
    capital_context_bonus: float = 2.0
    # a capital that shares its name with a region of its own country ("Washington")
    capital_over_region_bonus: float = 2.0
    # a city named like the region it lies in ("Kandahar") is usually the city itself
    seat_bonus: float = 2.0
    # each distinct name casts one vote, however often it is repeated (false: one per mention)
    name_votes_once: bool = True
    # below this score margin over the runner-up a first-pass resolution is not used as context
    context_margin: float = 0.5
    # how far an event's place is trusted when the record infers it (times the confidence of
    # the place it was taken from) rather than reads it from the event's own sentence
    dateline_confidence: float = 0.6
    main_place_confidence: float = 0.4


@dataclass(frozen=True)
class DateSettings:
    """How dates are resolved and events dated (``tacitus.dates``), calibrated on TempEval-3
    TimeBank/AQUAINT with `tacitus eval dates`."""

    # an event (or date) more than this many days before publication is background: events
    # get modality "historical", dates the flag (GDELT and POLECAT treat a month as "current")
    historical_days: int = 31
    # a month-day without a year but with tense is put on the side the tense says, allowing
    # this many days of slack (news reports the day's events after they happened, previews
    # them before)
    tense_slack_days: int = 1
    # ... but a tense-consistent reading further than this from the anchor loses to the nearest
    tense_reach_days: int = 270


@dataclass(frozen=True)
class DateWindows:
    """How far apart (days) two mentions' dates may be and still be one event, by the
    precision of the date: a date read from the text is exact; the publication date stands in
    for "recently" (re-issued wire stories run up to 3 days apart; 2 days left weekend copies
    apart: merge recall of `tacitus eval dedupe` 0.93 against 0.97); a day carried over from
    another event of the same actor (``inferred``) is compared within the month (0.938 → 0.97)."""

    day: int = 0
    published: int = 3
    month: int = 31
    year: int = 366
    inferred: int = 31
    # any other precision (none known)
    other: int = 2

    def of(self, precision: str | None) -> int:
        """The window of ``precision`` (``other`` for one without its own field)."""
        if precision in ("day", "published", "month", "year", "inferred"):
            return int(getattr(self, precision))
        return self.other


@dataclass(frozen=True)
class DedupeSettings:
    """When mentions are one event (``tacitus.dedupe``), calibrated with `tacitus eval dedupe`."""

    date_window_days: DateWindows = field(default_factory=DateWindows)
    # an event missing one side ("officials said") must also share this share of content
    # words with the other mention's evidence (Jaccard; re-issued copies score 1.0, different
    # statements of one office on one day mostly under 0.2)
    min_evidence_similarity: float = 0.35


@dataclass(frozen=True)
class LearnedSettings:
    """The learned layer beside the rules (``tacitus.learn``)."""

    # recode statements whose sentence the shipped root arbiter places under another root
    # (`--no-model`: off)
    root_arbiter: bool = True
    # score every coded event with the shipped event scorer: its calibrated probability becomes
    # the event's confidence (events under the model's threshold would be dropped; the shipped
    # model's is 0) (`--no-model`: off)
    event_scorer: bool = True


@dataclass(frozen=True)
class Settings:
    """Every tunable weight of the coder, by concern (the TOML sections)."""

    actors: ActorWeights = field(default_factory=ActorWeights)
    events: EventWeights = field(default_factory=EventWeights)
    geo: GeoWeights = field(default_factory=GeoWeights)
    dates: DateSettings = field(default_factory=DateSettings)
    dedupe: DedupeSettings = field(default_factory=DedupeSettings)
    learned: LearnedSettings = field(default_factory=LearnedSettings)

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Defaults overridden by the TOML file ``path``; an unknown section or key, or a
        value of the wrong type, is a one-line ``TacitusError`` naming the file and key."""
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise Errors.E070.error(path=path, reason=exc.strerror or exc) from exc
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise Errors.E071.error(path=path, reason=exc) from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<settings>") -> Settings:
        """Defaults overridden by ``data`` (nested like the TOML file)."""
        return _overridden(cls(), data, source, "")

    def changed(self) -> dict[str, Any]:
        """The values that differ from the defaults, by dotted key (``geo.capital_bonus``)."""
        defaults = _flat(DEFAULTS)
        return {k: v for k, v in _flat(self).items() if defaults[k] != v}

    def fingerprint(self) -> str | None:
        """A short hash of these settings, or None for the defaults (whose coder needs none)."""
        changed = self.changed()
        if not changed:
            return None
        return hashlib.sha1(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:12]


_Section = TypeVar("_Section")


def _overridden(section: _Section, data: Mapping[str, Any], source: str, prefix: str) -> _Section:
    hints = typing.get_type_hints(type(section))
    names = [f.name for f in fields(section)]  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in names:
            raise Errors.E072.error(path=source, key=dotted, known=", ".join(names))
        kind = hints[key]
        current = getattr(section, key)
        if is_dataclass(current):
            if not isinstance(value, Mapping):
                raise Errors.E073.error(path=source, key=dotted, expected=f"a table [{dotted}]", value=value)
            values[key] = _overridden(current, value, source, f"{dotted}.")
        else:
            values[key] = _checked(value, kind, source, dotted)
    return replace(section, **values)  # type: ignore[type-var]


def _checked(value: Any, kind: Any, source: str, key: str) -> Any:
    # bool is an int to Python, never a weight to a user
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        # a weight is a finite float: TOML's nan and inf, or an integer beyond floats, are not
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and _finite(value)
        value = float(value) if ok else value
    if not ok:
        expected = {bool: "true or false", int: "a whole number"}.get(kind, "a finite number")
        raise Errors.E073.error(path=source, key=key, expected=expected, value=value)
    return value


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _flat(section: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if is_dataclass(value):
            out.update(_flat(value, f"{prefix}{f.name}."))
        else:
            out[f"{prefix}{f.name}"] = value
    return out


def keys() -> dict[str, Any]:
    """Every settings key (dotted, as in the TOML file) with its default."""
    return _flat(DEFAULTS)


DEFAULTS = Settings()

# the settings code reads now: the defaults, else what the CLI or a coder put there
_current: Settings = DEFAULTS


def settings() -> Settings:
    """The process-wide settings: what coding code reads its weights from."""
    return _current


def set_settings(value: Settings) -> None:
    """Make ``value`` the process-wide settings (the CLI's ``--settings``)."""
    global _current
    _current = value


@contextmanager
def use_settings(value: Settings) -> Iterator[Settings]:
    """``value`` as the process-wide settings inside the block, restored after it."""
    global _current
    before, _current = _current, value
    try:
        yield value
    finally:
        _current = before


__all__ = ["ActorWeights", "DEFAULTS", "DateSettings", "DateWindows", "DedupeSettings", "EventWeights", "FeatureBonus",
           "GeoWeights", "Settings", "keys", "set_settings", "settings", "use_settings"]
