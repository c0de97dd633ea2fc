"""The knowledge the event coder reads: CAMEO codes, the CAMEO→PLOVER map, verb/noun patterns,
frame composition and grammatical cues. Every table is a data file under ``tacitus/data/events``;
this module only parses them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from tacitus.errors import Errors
from tacitus.lexicon.words import word_classes

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "events"

POS_KINDS = ("V", "N", "A")
FRAMES = ("appeal", "intent", "demand", "reject", "threaten", "consider", "cease", "say")
FLAGS = frozenset((*FRAMES, "weak", "need_target", "recip", "light-only", "complement", "drop", "swap", "self", "need_act", "bare", "subject-words", "named", "from-source", "official"))
PATTERN_COLUMNS = ("id", "code", "pos", "lemmas", "particle", "object", "target", "flags", "notes")


def _read_data(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _data_lines(text: str) -> list[str]:
    """Lines that are not comments or blank."""
    return [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


# --------------------------------------------------------------------------- CAMEO codes


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root_code: str
    goldstein: float
    quad_class: int


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """All CAMEO event codes (root, base and tertiary) with name, Goldstein and QuadClass."""
    rows = csv.DictReader(io.StringIO("\n".join(_data_lines(_read_data("cameo_codes.csv")))))
    return {
        r["code"]: CameoCode(
            r["code"], r["description"], r["root_code"], float(r["goldstein"]), int(r["quad_class"])
        )
        for r in rows
    }


# ConfliBERT's labels put CAMEO 16 (reduce relations: sanctions, aid cuts, expulsions) with the
# verbal conflicts, as its annotated sentences show (53 of 55 such sentences in the train split).
PENTACLASS_OVERRIDES = {16: 3}


def pentaclass(code: str) -> int:
    """ConfliBERT's five classes: statement/appeal, verbal coop., material coop., verbal conflict, material conflict."""
    root = int(code[:2])
    if root in PENTACLASS_OVERRIDES:
        return PENTACLASS_OVERRIDES[root]
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


# --------------------------------------------------------------------------- PLOVER


@lru_cache(maxsize=1)
def plover_map() -> dict[str, tuple[str | None, str | None]]:
    """CAMEO code → (PLOVER event, mode): the 2021 conversion table, then our 01/02 rows."""
    table: dict[str, tuple[str | None, str | None]] = {}
    for line in _data_lines(_read_data("cameo2plover.txt")):
        m = re.match(r"^\s*(\d{2,4}):\s*([A-Z]+)\s*,([^,#]*)", line)
        if m:
            mode = m.group(3).strip() or None
            table.setdefault(m.group(1), (m.group(2), mode))
    extra = _data_lines(_read_data("plover_extra.tsv"))
    for line in extra[1:]:
        prefix, event, mode = (line.split("\t") + ["-", "-"])[:3]
        table.setdefault(prefix, (None if event == "-" else event, None if mode == "-" else mode))
    return table


def plover_of(code: str) -> tuple[str | None, str | None]:
    """PLOVER (event, mode) of a CAMEO code: the code itself, else its longest listed prefix."""
    table = plover_map()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None, None


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Pattern:
    id: str
    code: str
    pos: str
    lemmas: frozenset[str]
    particle: frozenset[str] | None
    # conjunctive groups of alternatives: (("sanction", "embargo"), ("economic",))
    objects: tuple[frozenset[str], ...]
    targets: tuple[str, ...]
    flags: frozenset[str]
    notes: str = ""
    user: bool = False

    @property
    def frame(self) -> str | None:
        for f in FRAMES:
            if f in self.flags:
                return f
        return None

    @property
    def specificity(self) -> int:
        """Patterns with more constraints are tried first."""
        return 2 * bool(self.objects) + bool(self.particle)


def _dash(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def parse_patterns(text: str, source: str = "<patterns>", user: bool = False) -> list[Pattern]:
    """Parse a pattern file (format documented in ``tacitus/data/events/patterns.tsv``).

    A lemma or object alternative ``&NAME`` stands for every lemma of word class NAME
    (``tacitus/data/lexicon/word_classes.tsv``). Raises ``TacitusError`` E301 naming the line for
    any malformed row or unknown word class.
    """
    out: list[Pattern] = []
    seen: set[str] = set()
    codes = cameo_codes()
    classes = word_classes()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "id":
            continue
        if len(cols) < 4:
            raise Errors.E301.error("columns", where=f"{source}:{lineno}")
        cols = (cols + ["-"] * len(PATTERN_COLUMNS))[: len(PATTERN_COLUMNS)]
        pid, code, pos, lemmas, particle, obj, target, flags, notes = (c.strip() for c in cols)
        if not pid or pid in seen:
            raise Errors.E301.error("pattern_id", where=f"{source}:{lineno}", pattern_id=pid)
        if code not in codes:
            raise Errors.E301.error("code", where=f"{source}:{lineno}", code=code)
        if pos not in POS_KINDS:
            raise Errors.E301.error("pos", where=f"{source}:{lineno}", choices=", ".join(POS_KINDS), pos=pos)
        where = f"{source}:{lineno}"
        lemma_set = classes.expand(lemmas, where)
        if not lemma_set:
            raise Errors.E301.error("lemmas", where=f"{source}:{lineno}")
        flag_set = frozenset(f.strip() for f in (_dash(flags) or "").split(",") if f.strip())
        bad = flag_set - FLAGS
        if bad:
            raise Errors.E301.error("flags", where=f"{source}:{lineno}", flags=", ".join(sorted(bad)))
        objects: tuple[frozenset[str], ...] = ()
        if _dash(obj):
            objects = tuple(classes.expand(group, where) for group in obj.split("+") if group.strip())
        targets = tuple(t.strip() for t in (_dash(target) or "").split(",") if t.strip())
        for t in targets:
            if t not in ("dobj", "dative") and not re.fullmatch(r"prep:[a-z]+(\|[a-z]+)*", t):
                raise Errors.E301.error("target", where=f"{source}:{lineno}", target=t)
        p = _dash(particle)
        seen.add(pid)
        out.append(
            Pattern(
                pid, code, pos, lemma_set,
                frozenset(x.strip().lower() for x in p.split("|")) if p else None,
                objects, targets, flag_set, notes, user,
            )
        )
    return out


@dataclass
class PatternSet:
    """Patterns indexed by (pos, lemma), most specific first; user patterns before built-in ones."""

    patterns: list[Pattern]
    index: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.patterns:
            for lemma in p.lemmas:
                self.index.setdefault((p.pos, lemma), []).append(p)
        rank = {id(p): i for i, p in enumerate(self.patterns)}
        for lst in self.index.values():
            lst.sort(key=lambda p: (not p.user, -p.specificity, rank[id(p)]))

    def candidates(self, pos: str, lemma: str) -> list[Pattern]:
        return self.index.get((pos, lemma.lower()), [])


@lru_cache(maxsize=1)
def builtin_patterns() -> tuple[Pattern, ...]:
    return tuple(parse_patterns(_read_data("patterns.tsv"), "patterns.tsv"))


def load_patterns(user_files: Iterable[str | Path] = ()) -> PatternSet:
    """The built-in patterns plus users' pattern files (same format; tried first)."""
    user: list[Pattern] = []
    for f in user_files:
        path = Path(f)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise Errors.E302.error(path=path, reason=exc.strerror) from exc
        user.extend(parse_patterns(text, str(path), user=True))
    return PatternSet([*user, *builtin_patterns()])


@lru_cache(maxsize=1)
def default_patterns() -> PatternSet:
    return load_patterns(())


# --------------------------------------------------------------------------- composition and cues


@lru_cache(maxsize=1)
def compose_table() -> dict[tuple[str, str], str]:
    """(frame, act code prefix) → composed code, e.g. ("appeal", "087") → "0256"."""
    table: dict[tuple[str, str], str] = {}
    for line in _data_lines(_read_data("compose.tsv"))[1:]:
        frame, prefix, code = line.split("\t")[:3]
        table[(frame.strip(), prefix.strip())] = code.strip()
    return table


def compose(frame: str, act_code: str) -> str | None:
    """Code of a frame verb whose complement is ``act_code``: longest matching prefix, else None."""
    table = compose_table()
    for n in range(len(act_code), 1, -1):
        hit = table.get((frame, act_code[:n]))
        if hit:
            return hit
    return None


@lru_cache(maxsize=1)
def cues() -> dict[str, dict[str, str]]:
    """kind → {cue word: value} (modality auxiliaries, control verbs, light verbs, ...).
    Read through ``cue_words`` / ``cue_values``, which refuse a kind the file does not have."""
    out: dict[str, dict[str, str]] = {}
    for line in _data_lines(_read_data("cues.tsv"))[1:]:
        cue, kind, value = (line.split("\t") + ["-"])[:3]
        out.setdefault(kind.strip(), {})[cue.strip().lower()] = value.strip()
    out.setdefault("say", {}).update(say_cues())
    return out


# The shared reporting verbs (``tacitus.lexicon``) that are `say` cues, with the cue's value:
# verbs that only report speech or stress a point, and beliefs, whose "should" is not a demand.
SAY_CUE_VALUES = {"attribution": "-", "say": "-", "emphasis": "-", "opinion": "opinion"}


def say_cues() -> dict[str, str]:
    """Verbs of saying whose complement is reported speech → cue value (``-`` or ``opinion``)."""
    from tacitus.lexicon import reporting_verbs

    return {lemma: SAY_CUE_VALUES[kind] for lemma, kind in reporting_verbs().items() if kind in SAY_CUE_VALUES}


@cache
def cue_values(kind: str) -> MappingProxyType[str, str]:
    """The cue words of one ``kind`` of cues.tsv with their values ("will" → "future"), read-only.

    Raises ``KeyError`` for a kind the file does not define: a misspelt kind in code would
    otherwise read as an empty list and silently switch a rule off."""
    table = cues()
    if kind not in table:
        raise KeyError(f"cues.tsv has no cue kind {kind!r} (kinds: {', '.join(sorted(table))})")
    return MappingProxyType(table[kind])


@cache
def cue_words(kind: str) -> frozenset[str]:
    """The cue words of one ``kind`` of cues.tsv (see ``cue_values``)."""
    return frozenset(cue_values(kind))
