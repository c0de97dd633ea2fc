"""Read PETRARCH/TABARI dictionaries (``.actors.txt`` and ``.agents.txt``) as lexicon rows.

Actor blocks: a root line ``NAME_OF_ACTOR [CODE]`` (words joined by ``_`` or spaces),
``+SYNONYM`` lines, and codes in brackets, optionally dated: ``[PAKGOV 20080909-20130908]``,
``[USAGOV >20170120]`` (from), ``[USAELI <20090120]`` (until). Six-digit dates are YYMMDD.
Agents: ``PHRASE {PLURAL} [~GOV]`` with substitution sets ``!PERSON! = MAN, WOMAN``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tacitus.actors.lexicon import Entry

_CODE_RE = re.compile(r"\[([^\]\s]*)\s*([^\]]*)\]")
_XML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
# Two-digit years at or below this are 20YY, above it 19YY (TABARI dictionaries end in 2015
# and reach back to the 1930s).
TWO_DIGIT_YEAR_PIVOT = 30


def _date(raw: str) -> str | None:
    raw = raw.strip()
    if not raw.isdigit():
        return None
    if len(raw) == 6:
        yy = int(raw[:2])
        raw = ("20" if yy <= TWO_DIGIT_YEAR_PIVOT else "19") + raw
    if len(raw) != 8:
        return None
    y, m, d = raw[:4], raw[4:6], raw[6:]
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def parse_dates(spec: str) -> tuple[str | None, str | None]:
    """``'690325-711220'`` → (start, end); ``'>date'`` → (date, None); ``'<date'`` → (None, date)."""
    spec = spec.strip()
    if not spec:
        return None, None
    if spec.startswith(">"):
        return _date(spec[1:]), None
    if spec.startswith("<"):
        return None, _date(spec[1:])
    if "-" in spec:
        a, _, b = spec.partition("-")
        return _date(a), _date(b)
    return None, None


def _phrase(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def read_petrarch_actors(text: str, where: str = "dictionary", dated_kind: str = "person",
                         undated_kind: str = "auto") -> Iterator[Entry]:
    """Rows of a PETRARCH actors dictionary (or an agents dictionary, detected by ``[~``).

    Undated entries with a bare three-letter code behave as countries (role words attach:
    "Gondor soldiers" → GONMIL) unless ``undated_kind`` names another kind."""
    text = _XML_COMMENT_RE.sub("", text)
    if "[~" in text or "~]" in text:
        yield from read_petrarch_agents(text, where)
        return
    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []

    def flush() -> Iterator[Entry]:
        if not names or not codes:
            return
        canonical = names[0].title()
        dated = any(s or e for _, s, e in codes)
        for n in names:
            for code, start, end in codes:
                if not re.fullmatch(r"[A-Za-z]{3,}", code) or code == "---":
                    continue
                kind = dated_kind if dated else undated_kind
                if kind == "auto":
                    kind = "country" if len(code) == 3 else "org"
                yield Entry(
                    phrase=n,
                    kind=kind,
                    code=code.upper(),
                    country=code[:3].upper() if not code.upper().startswith("IGO") else None,
                    name=canonical,
                    start=start,
                    end=end,
                    source=where,
                )

    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        body = line.strip()
        if body.startswith("+"):
            names.append(_phrase(_CODE_RE.sub("", body[1:])))
        elif body.startswith("["):
            pass
        else:
            yield from flush()
            names, codes = [_phrase(_CODE_RE.sub("", body))], []
        for m in _CODE_RE.finditer(body):
            start, end = parse_dates(m.group(2))
            codes.append((m.group(1), start, end))
    yield from flush()


def read_petrarch_agents(text: str, where: str = "agents") -> Iterator[Entry]:
    """Role words of a PETRARCH agents dictionary: ``PHRASE {PLURAL} [~ROLE]``."""
    subs: dict[str, list[str]] = {}
    for raw in _XML_COMMENT_RE.sub("", text).splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        cm = _CODE_RE.search(line)
        if not cm:
            continue
        role = cm.group(1).replace("~", "").upper()
        if not role.isalpha():
            continue
        head = line[: cm.start()]
        plural = None
        pm = re.search(r"\{([^}]*)\}", head)
        if pm:
            plural = pm.group(1).strip()
            head = head[: pm.start()]
        forms = [head.strip()]
        if plural:
            forms.append(plural)
        elif pm is None:
            forms.append(head.strip() + "S")
        for form in forms:
            for expanded in _expand(form, subs):
                yield Entry(phrase=_phrase(expanded), kind="role", code=role, role=role, source=where)


def _expand(form: str, subs: dict[str, list[str]]) -> Iterator[str]:
    m = re.search(r"![A-Z]+!", form)
    if not m or m.group(0) not in subs:
        yield form.replace("!", "")
        return
    for word in subs[m.group(0)]:
        yield from _expand(form[: m.start()] + word + form[m.end():], subs)
