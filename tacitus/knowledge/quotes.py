"""Quotations and who said them.

Quoted text is found from the quotation marks themselves (straight or curly, double or
single, across sentences and across paragraphs when a paragraph leaves its quote open and
the next one re-opens it). Each quotation is ``direct`` when the marks hold a clause of their
own and ``partial`` when they hold a few words inside the reporter's sentence. Its speaker
is the subject of the nearest reporting verb outside the marks in the same sentence
("…,” said Trump / Trump said, “…” / “…,” a senior official said), the object of
"according to", or, for a quotation that stands alone, the speaker of the quotation or the
reporting clause just before it; a name and a colon ("Clinton: “…”") and a signature line
("- Sen. Sanders.") also attribute. A verb beside the marks wins over one higher in the
sentence, and no word inside the marks is ever taken for the speaker. Pronoun speakers
("he said") keep their words as the span and take the name of the last named speaker when
the actors stage cannot resolve them. Reported speech without marks ("X said (that) …",
"according to X, …") is returned as kind ``indirect``. Reporting verbs and abbreviations
are data (``tacitus/data/knowledge/``).

Measured with ``tacitus eval quotes`` (PolNeAR dev): see ``tacitus/eval/quotes.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tacitus.knowledge._data import read_rows
from tacitus.lexicon import reporting_verbs
from tacitus.model import Actor, Quote

# A quotation of fewer words than this is partial even when it looks like a clause.
DIRECT_MIN_WORDS = 3
# A "weak" reporting verb ("continued", "called") counts only this close to the marks (tokens).
WEAK_VERB_DISTANCE = 4
# A quotation that stands alone inherits the previous speaker only this far back (chars);
# about two news paragraphs, set by reading the PolNeAR train split.
CONTINUE_CHARS = 600
# A clause next to the marks this short (words) is taken as the attribution, whatever its verb.
ADJACENT_TOKENS = 8
# Reported speech without marks is returned too, as kind "indirect".
INCLUDE_INDIRECT = True
# Shortest reported clause kept as indirect speech (words).
INDIRECT_MIN_WORDS = 4
# Longest signature line ("- Sen. Bernie Sanders") under a quotation, in words.
SIGNATURE_WORDS = 5
# Tokens between an inverted reporting verb and its subject ("said Sen. John Smith").
INVERTED_DISTANCE = 4
# Longest quotation kept (chars): an unbalanced straight quote otherwise swallows paragraphs.
MAX_QUOTE_CHARS = 3000
# Single quotes: longest span considered a quotation (chars), so apostrophes do not pair up.
MAX_SINGLE_QUOTE_CHARS = 300

RULE = "knowledge.quote"

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_DOUBLE_MARK = re.compile("[" + re.escape(_OPEN_DOUBLE + _CLOSE_DOUBLE + '"') + "]")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc", "conj"})
_WORD = re.compile(r"\w+")


def _text(doc: Any) -> str:
    """The document text, built once: spaCy rebuilds ``doc.text`` on every access."""
    cached = doc.user_data.get("tacitus.text")
    if cached is None:
        cached = doc.user_data["tacitus.text"] = doc.text
    return cached


def _sents(doc: Any) -> list[Any]:
    cached = doc.user_data.get("tacitus.sents")
    if cached is None:
        cached = doc.user_data["tacitus.sents"] = list(doc.sents)
    return cached


def _sent_ends(doc: Any) -> list[int]:
    """``end_char`` of each of ``_sents(doc)``, in order."""
    cached = doc.user_data.get("tacitus.sent_ends")
    if cached is None:
        cached = doc.user_data["tacitus.sent_ends"] = [s.end_char for s in _sents(doc)]
    return cached


def _entity_text(tok: Any) -> str | None:
    """Text of the named entity holding ``tok`` (walking its IOB tags, not ``doc.ents``)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    lo = tok.i
    while doc[lo].ent_iob_ == "I" and lo > 0:
        lo -= 1
    hi = tok.i + 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi].text


@lru_cache(maxsize=1)
def _abbrev() -> re.Pattern[str]:
    """A single capital ("L.") or a listed abbreviation right before a period."""
    words = sorted((row[0] for row in read_rows("abbreviations.tsv")), key=len, reverse=True)
    return re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(w) for w in words) + r"))$")


# How quotations read the shared reporting verbs' kinds: a verb that says or acts in words
# introduces speech anywhere; a belief or a weak verb only right beside a quotation; a verb
# of emphasis ("underlined"), whose subject is often a thing, names no speaker.
QUOTE_KIND_OF_VERB = {"attribution": "speech", "say": "speech", "act": "speech", "opinion": "weak",
                      "weak": "weak"}


@lru_cache(maxsize=1)
def _verbs() -> dict[str, str]:
    """Reporting verb lemma → ``speech`` or ``weak`` (see QUOTE_KIND_OF_VERB)."""
    return {lemma: QUOTE_KIND_OF_VERB[kind] for lemma, kind in reporting_verbs().items()
            if kind in QUOTE_KIND_OF_VERB}


@dataclass
class _Span:
    """One quotation: content [start, end) and the marks' span [mark_start, mark_end)."""

    start: int
    end: int
    mark_start: int
    mark_end: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"\n", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _double_marks(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed (open, close) mark pairs in text[lo:hi] and an open mark left unclosed."""
    pairs = []
    opened: int | None = None
    # only the marks, found by the regex engine rather than by a loop over every character
    for m in _DOUBLE_MARK.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        if ch in _OPEN_DOUBLE:
            opened = i
        elif ch in _CLOSE_DOUBLE:
            if opened is not None:
                pairs.append((opened, i))
                opened = None
        elif ch == '"':
            if opened is None:
                opened = i
            else:
                pairs.append((opened, i))
                opened = None
    return pairs, opened


def _single_marks(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs of single quotation marks that are not apostrophes, outside double quotes."""
    pairs = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch not in "‘'":
            i += 1
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if not before.isalnum() and after.isalnum() and not any(a <= i <= b for a, b in taken):
            for k in range(i + 2, min(hi, i + MAX_SINGLE_QUOTE_CHARS)):
                c = text[k]
                nxt = text[k + 1] if k + 1 < hi else " "
                if c in "’'" and text[k - 1] != " " and not nxt.isalnum():
                    pairs.append((i, k))
                    i = k
                    break
                if c == "\n":
                    break
        i += 1
    return pairs


def _normalise_marks(text: str) -> str:
    """Typewriter double marks (``…'' and ''…'') as one straight double quote plus a space,
    keeping every offset."""
    if "``" not in text and "''" not in text:
        return text  # most texts have none: no walk over every character
    out = list(text)
    i = 0
    while i < len(text) - 1:
        pair = text[i : i + 2]
        if pair == "``" or (pair == "''" and (i == 0 or not text[i - 1].isalnum()) and text[i + 2 : i + 3].strip()):
            out[i], out[i + 1] = " ", '"'
            i += 2
        elif pair == "''":
            out[i], out[i + 1] = '"', " "
            i += 2
        else:
            i += 1
    return "".join(out)


def _quote_spans(text: str) -> list[_Span]:
    text = _normalise_marks(text)
    spans: list[_Span] = []
    pending: _Span | None = None  # a quotation left open at the end of a paragraph
    for lo, hi in _paragraphs(text):
        pairs, opened = _double_marks(text, lo, hi)
        if pending is not None:
            first_open = min([a for a, _ in pairs] + ([opened] if opened is not None else []),
                             default=None)
            starts_quoted = first_open is not None and not text[lo:first_open].strip()
            if starts_quoted and pairs and pairs[0][0] == first_open:
                # the quotation goes on in this paragraph and closes here
                a, b = pairs.pop(0)
                pending.end, pending.mark_end = b, b + 1
                spans.append(pending)
                pending = None
            elif starts_quoted and not pairs and opened is not None:
                pending.end, pending.mark_end = hi, hi
                opened = None
            else:
                spans.append(pending)
                pending = None
        for a, b in pairs:
            spans.append(_Span(a + 1, b, a, b + 1))
        if opened is not None and hi - opened > 1:
            pending = _Span(opened + 1, hi, opened, hi)
        for a, b in _single_marks(text, lo, hi, pairs):
            spans.append(_Span(a + 1, b, a, b + 1))
    if pending is not None:
        spans.append(pending)
    out = []
    for sp in sorted(spans, key=lambda s: s.start):
        content = text[sp.start : sp.end]
        if not _WORD.search(content) or sp.end - sp.start > MAX_QUOTE_CHARS:
            continue
        # strip spaces so that start/end hug the quoted words
        sp.start += len(content) - len(content.lstrip())
        sp.end -= len(content) - len(content.rstrip())
        out.append(sp)
    return out


def _is_terminal(text: str, i: int) -> bool:
    """Whether the ``.``/``?``/``!`` at text[i] ends a sentence."""
    if text[i] in "?!":
        return True
    if text[i] != ".":
        return False
    return not _abbrev().search(text[max(0, i - 6) : i])


def _window(text: str, lo: int, hi: int, backwards: bool, spans: list[_Span]) -> tuple[int, int]:
    """The reporter's words next to a quotation, up to a sentence end, another quote or a break."""
    if backwards:
        start = lo
        for sp in spans:
            if sp.mark_end <= hi:
                start = max(start, sp.mark_end)
        for i in range(hi - 1, start - 1, -1):
            if text[i] == "\n" or (_is_terminal(text, i) and i < hi - 1):
                return i + 1, hi
        return start, hi
    end = hi
    for sp in spans:
        if sp.mark_start >= lo:
            end = min(end, sp.mark_start)
    for i in range(lo, end):
        if text[i] == "\n" or _is_terminal(text, i):
            return lo, i
    return lo, end


def _kind(text: str, sp: _Span, doc: Any) -> str:
    content = text[sp.start : sp.end]
    words = _WORD.findall(content)
    if len(words) < DIRECT_MIN_WORDS:
        return "partial"
    if content.rstrip()[-1:] in ".,!?…:;—-":
        return "direct"
    span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
    has_verb = span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)
    if content[:1].isupper() and has_verb:
        return "direct"
    return "partial"


def _tokens_in(doc: Any, lo: int, hi: int) -> list[Any]:
    span = doc.char_span(lo, hi, alignment_mode="contract") if hi > lo else None
    return list(span) if span is not None else []


def _quoted(tok: Any) -> bool:
    """Whether a token lies inside a quotation of the document being read."""
    mask = tok.doc.user_data.get("tacitus.quoted")
    return bool(mask) and tok.i in mask


def _left_speaker(verb: Any) -> Any | None:
    """'“…,” Republican pollster Daron Shaw said': the noun right before the verb, back to
    the closing mark, when the parser took a word of the quotation for the subject."""
    doc = verb.doc
    best = None
    i = verb.i - 1
    while i >= 0 and verb.i - i <= ADJACENT_TOKENS:
        tok = doc[i]
        if tok.is_quote or _quoted(tok) or (tok.is_punct and tok.text not in ".'"):
            break
        if best is None and tok.pos_ in ("PROPN", "NOUN", "PRON"):
            best = tok
        i -= 1
    return best


def _speaker_head(verb: Any) -> Any | None:
    """The subject of a reporting verb, also when inverted ("said Trump")."""
    cur = verb
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in _SUBJECT_DEPS]
        if subj and not _quoted(subj[0]):
            return subj[0]
        if subj:
            # a word of the quotation parsed as the subject: look beside the verb instead
            left = _left_speaker(cur)
            if left is not None:
                return left
        # "…,” said Trump: the subject may be parsed as an object or modifier after a finite
        # verb that opens its clause (after the quote, or a sentence start)
        after = [c for c in cur.rights if c.dep_ in ("dobj", "npadvmod", "attr", "appos", "oprd", "dep", "nsubj")
                 and c.pos_ in ("PROPN", "NOUN", "PRON") and c.ent_type_ not in ("DATE", "TIME")
                 and not _quoted(c)]
        prev = cur.doc[cur.i - 1] if cur.i > 0 else None
        opens = prev is None or prev.is_punct or prev.is_space or prev.is_quote
        finite = cur.tag_ in ("VBD", "VBZ", "VBP") and cur.dep_ not in ("advcl", "xcomp", "acl", "pcomp")
        if after and opens and finite and after[0].i - cur.i <= INVERTED_DISTANCE:
            return after[0]
        # "…, saying “…”": a participle's speaker is the subject of the verb it hangs on
        if cur.dep_ == "pcomp" and cur.head.head is not cur.head:
            cur = cur.head.head  # "said before adding: “…”"
            continue
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None


def _noun_phrase(head: Any) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without clauses and appositions."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in _CUT_DEPS:
            continue
        left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in _CUT_DEPS:
            break
        if child.dep_ in ("prep", "compound", "flat", "nummod", "amod", "poss"):
            right = max(right, child.right_edge.i)
        else:
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space or doc[left].lower_ in ("and", "but")):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _according_to(tokens: list[Any]) -> Any | None:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
            nxt = [t for t in tok.doc[to.i + 1 : to.i + 6] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if nxt:
                return nxt[-1] if nxt[-1].i == nxt[0].i + len(nxt) - 1 else nxt[0]
    return None


def _adjacent(doc: Any, verb: Any, mark: int, after: bool) -> bool:
    """Whether only punctuation (before the marks) or a verbless noun phrase (after them)
    separates a reporting verb from the quotation."""
    between = doc[mark + 1 : verb.i] if after else doc[verb.i + 1 : mark]
    if after:
        if len(between) > ADJACENT_TOKENS or any(t.pos_ in ("VERB", "AUX", "CCONJ") for t in between):
            return False
        head = _speaker_head(verb)
        return all(t.is_punct or t.is_space for t in between) or (head is not None and head in between)
    return all(t.is_punct or t.is_space for t in between)


def _depth(tok: Any) -> int:
    return sum(1 for _ in tok.ancestors)


def _reporting_verbs(tokens: list[Any], near: int, after: bool) -> list[tuple[int, int, Any]]:
    """Reporting verbs with a speaker among ``tokens``: (depth in the parse, distance, verb)."""
    verbs = _verbs()
    found = []
    for tok in tokens:
        kind = verbs.get(tok.lemma_.lower())
        if kind is None or tok.pos_ not in ("VERB", "AUX"):
            continue
        dist = (tok.i - near) if after else (near - tok.i)
        if kind == "weak" and dist > WEAK_VERB_DISTANCE:
            continue
        if _speaker_head(tok) is None:
            continue
        found.append((_depth(tok), dist, tok))
    return found


def _reporting_verb(tokens: list[Any], near: int, after: bool) -> Any | None:
    """The reporting verb highest in the parse, then closest to the quote."""
    found = _reporting_verbs(tokens, near, after)
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


@dataclass
class _Found:
    head: Any
    verb: str | None


def _find_speaker(doc: Any, text: str, sp: _Span, spans: list[_Span]) -> _Found | None:
    para_lo = text.rfind("\n", 0, sp.mark_start) + 1
    para_hi = text.find("\n", sp.mark_end)
    para_hi = len(text) if para_hi < 0 else para_hi
    b_lo, b_hi = _window(text, para_lo, sp.mark_start, True, spans)
    a_lo, a_hi = _window(text, sp.mark_end, para_hi, False, spans)
    before = _tokens_in(doc, b_lo, b_hi)
    after = _tokens_in(doc, a_lo, a_hi)
    if text[a_lo:a_hi].rstrip()[-1:] in (",", ":") and any(s2.mark_start == a_hi for s2 in spans) \
            and text[sp.start : sp.end].rstrip()[-1:] in ".?!":
        # "….” He added, “…”: a new clause leading into the next quotation belongs to it
        after = []
    first_q = doc.char_span(sp.mark_start, sp.mark_end, alignment_mode="expand")
    q_first = first_q[0].i if first_q is not None else 0
    q_last = first_q[-1].i if first_q is not None else 0
    # A verb next to the marks ("…,” X said" / "X said, “…”") wins; then the attribution
    # that governs the sentence ("…”, a senior official said" over the "ask" inside it);
    # between equals, the closer one.
    found = [(not _adjacent(doc, v, q_last, True), depth, dist, v)
             for depth, dist, v in _reporting_verbs(after, q_last, True)]
    found += [(not _adjacent(doc, v, q_first, False), depth, dist, v)
              for depth, dist, v in _reporting_verbs(before, q_first, False)]
    if found:
        verb = min(found, key=lambda f: f[:3])[3]
        head = _speaker_head(verb)
        if head is not None:
            return _Found(head, verb.text.lower())
    head = _according_to(before + after)
    if head is not None:
        return _Found(head, "according to")
    # No reporting verb: a short clause right after the marks, or one ending in a comma or
    # colon right before them, is the attribution whatever its verb ("“…,” Beck questioned.")
    cands = []
    words_after = [t for t in after if not t.is_punct]
    if words_after and len(words_after) <= ADJACENT_TOKENS:
        cands += [(_depth(t), t.i - q_last, t) for t in _structural_verbs(after)]
    if text[b_lo : sp.mark_start].rstrip(" '`\"“‘")[-1:] in (",", ":"):
        tail = before[-ADJACENT_TOKENS:]
        cands += [(_depth(t), q_first - t.i, t) for t in _structural_verbs(tail)]
        inverted = _inverted_before(tail) or _name_colon(tail)
        if not cands and inverted is not None:
            return inverted
    if cands:
        verb = min(cands, key=lambda f: (f[0], f[1]))[2]
        head = _speaker_head(verb)
        if head is not None:
            return _Found(head, verb.text.lower())
    return _dash_signature(doc, text, sp, para_hi)


def _inverted_before(tokens: list[Any]) -> _Found | None:
    """"Continued Stone: “…”": a reporting word followed by a name, however it was parsed."""
    verbs = _verbs()
    for k, tok in enumerate(tokens[:-1]):
        if tok.lemma_.lower() in verbs or tok.lower_.rstrip("ed") in verbs:
            run = []
            for nxt in tokens[k + 1 :]:
                if nxt.pos_ != "PROPN":
                    break
                run.append(nxt)
            if run:
                return _Found(run[-1], tok.text.lower())
    return None


def _name_colon(tokens: list[Any]) -> _Found | None:
    """"Clinton: “…”" (debate transcripts, round-ups): a name and a colon before the marks."""
    toks = [t for t in tokens if not t.is_space]
    if len(toks) < 2 or toks[-1].text != ":":
        return None
    # sentence-initial names are often mis-tagged: a short title-case label is enough
    if toks[-2].pos_ != "PROPN" and not (toks[-2].is_title and len(toks) <= 4):
        return None
    return _Found(toks[-2], None)


def _dash_signature(doc: Any, text: str, sp: _Span, para_hi: int) -> _Found | None:
    """A quotation signed on the next line: "“…”\n\n- Bernie Sanders." """
    if text[sp.mark_end : para_hi].strip(" .,\"”'’"):
        return None
    m = re.match(r"\s*[-–—]+\s*([^\n]{1,60})\n?", text[para_hi:])
    if m is None or len(_WORD.findall(m.group(1))) > SIGNATURE_WORDS:
        return None
    lo = para_hi + m.start(1)
    toks = [t for t in _tokens_in(doc, lo, para_hi + m.end(1)) if t.pos_ == "PROPN"]
    return _Found(toks[-1], None) if toks else None


def _structural_verbs(tokens: list[Any]) -> list[Any]:
    """Any verb with a subject among ``tokens`` ("“…,” Beck questioned."): used only next to
    the marks, where the sentence leaves no other role for it."""
    return [t for t in tokens if t.pos_ == "VERB" and _speaker_head(t) is not None]


def _previous_clause(doc: Any, text: str, sp: _Span, spans: list[_Span], strict: bool) -> _Found | None:
    """For a quotation standing alone: the reporting clause in the sentence just before it.

    ``strict``: only a sentence right before the quotation in its paragraph, or one that
    ends with a colon (then any verb with a subject counts, "Stated Stone:").
    """
    lo = max(0, sp.mark_start - CONTINUE_CHARS)
    # the last sentence ending in (lo, mark_start + 1], found by bisection: sentences are in
    # order (a scan of every sentence per quotation was quadratic in a long article)
    sents, ends = _sents(doc), _sent_ends(doc)
    k = bisect_right(ends, sp.mark_start + 1) - 1
    if k < 0 or ends[k] <= lo:
        return None
    sent = sents[k]
    if any(sp2.start <= sent.start_char < sp2.end for sp2 in spans):
        return None
    gap = text[sent.end_char : sp.mark_start]
    colon = sent.text.rstrip().endswith(":")
    if strict and not colon and (gap.strip() or "\n" in gap):
        return None
    # only the quotations that overlap the sentence can hold one of its tokens
    near = [s2 for s2 in spans if s2.start < sent.end_char and sent.start_char < s2.end]
    tokens = [t for t in sent if not any(s2.start <= t.idx < s2.end for s2 in near)]
    found = _reporting_verbs(tokens, sent.end, False)
    if strict:
        # the clause right before the quote: a weak verb ("agreed") counts at any distance
        found += [(_depth(t), sent.end - t.i, t) for t in tokens
                  if _verbs().get(t.lemma_.lower()) == "weak" and _speaker_head(t) is not None]
    if not found and colon:
        found = [(_depth(t), sent.end - t.i, t) for t in _structural_verbs(tokens)]
    if not found:
        return None
    verb = min(found, key=lambda f: (f[0], f[1]))[2]
    head = _speaker_head(verb)
    return _Found(head, verb.text.lower()) if head is not None else None


def find_quotes(doc: Any, actor_of: Callable[[Any], Actor | None]) -> list[Quote]:
    """Quotations in a spaCy ``Doc`` with their speakers (``actor_of`` codes a noun phrase)."""
    try:
        return _find_quotes(doc, actor_of)
    finally:
        # the caches hold spans, which must not travel with the doc
        for key in ("tacitus.text", "tacitus.sents", "tacitus.sent_ends", "tacitus.quoted"):
            doc.user_data.pop(key, None)


def _find_quotes(doc: Any, actor_of: Callable[[Any], Actor | None]) -> list[Quote]:
    text = _text(doc)
    spans = _quote_spans(text)
    quoted: set[int] = set()
    for sp in spans:
        inner = doc.char_span(sp.start, sp.end, alignment_mode="contract")
        if inner is not None:
            quoted.update(range(inner.start, inner.end))
    doc.user_data["tacitus.quoted"] = quoted
    quotes: list[Quote] = []
    last_named: Actor | None = None
    for sp in spans:
        kind = _kind(text, sp, doc)
        found = _find_speaker(doc, text, sp, spans)
        inherited: Quote | None = None
        if found is None and kind == "direct" and not _WORD.search(_between_sentence(text, sp)):
            # a quotation standing alone: the clause just before it, else the previous
            # quotation's speaker, else a reporting clause a little further back
            prev = quotes[-1] if quotes else None
            found = _previous_clause(doc, text, sp, spans, strict=True)
            if found is None and prev is not None and prev.speaker is not None \
                    and sp.mark_start - prev.end <= CONTINUE_CHARS:
                inherited = prev
            elif found is None:
                found = _previous_clause(doc, text, sp, spans, strict=False)
        speaker: Actor | None = None
        verb: str | None = None
        if inherited is not None:
            speaker, verb = inherited.speaker, inherited.verb
        elif found is not None:
            speaker = _speaker_actor(found.head, actor_of, last_named)
            verb = found.verb
        if speaker is not None and speaker.name and found is not None and found.head.pos_ != "PRON":
            last_named = speaker
        quotes.append(Quote(text[sp.start : sp.end], sp.start, sp.end, speaker, verb, kind))
    if INCLUDE_INDIRECT:
        quotes.extend(_indirect(doc, spans, actor_of))
        quotes.sort(key=lambda q: q.start)
    return quotes


def _indirect_speaker(verb: Any) -> Any | None:
    """The subject of a reporting verb without marks: its own, or that of a reporting verb it
    is conjoined with ("Trump said … and added that …"); stricter than for quotations."""
    # a passive ("it was said that …") names no speaker
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        return subj[0]
    if verb.dep_ == "conj" and _verbs().get(verb.head.lemma_.lower()) == "speech":
        subj = [c for c in verb.head.children if c.dep_ in ("nsubj", "csubj")]
        return subj[0] if subj else None
    return None


def _indirect(doc: Any, spans: list[_Span], actor_of: Callable[[Any], Actor | None]) -> list[Quote]:
    """Reported speech without quotation marks: "X said (that) <clause>", "according to X, …"."""
    verbs = _verbs()
    out: list[Quote] = []

    def quoted(lo: int, hi: int) -> bool:
        return any(sp.mark_start < hi and lo < sp.mark_end for sp in spans)

    # the few candidates picked from the token arrays: `for tok in doc` makes a Token object
    # per token, and nearly all of them fail the first test
    from spacy.attrs import LEMMA, LOWER, POS
    from spacy.symbols import VERB

    strings = doc.vocab.strings
    verb_at: list[int] = []
    according_at: list[int] = []
    if len(doc):
        cols = doc.to_array([POS, LEMMA, LOWER])
        is_verb = cols[:, 0] == VERB
        verb_at = [i for i, lemma in zip(is_verb.nonzero()[0].tolist(), cols[is_verb, 1].tolist(), strict=True)
                   if verbs.get(strings[lemma].lower()) in ("speech", "weak")]
        according_at = (cols[:, 2] == strings["according"]).nonzero()[0].tolist()
    for tok in (doc[i] for i in verb_at):
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        lo_tok, hi_tok = comp.left_edge, comp.right_edge
        while hi_tok.i > lo_tok.i and (hi_tok.is_punct or hi_tok.is_space):
            hi_tok = doc[hi_tok.i - 1]
        lo, hi = lo_tok.idx, hi_tok.idx + len(hi_tok.text)
        if quoted(min(lo, tok.idx), max(hi, tok.idx + 1)) or len(_WORD.findall(_text(doc)[lo:hi])) < INDIRECT_MIN_WORDS:
            continue
        head = _indirect_speaker(tok)
        if head is None or lo <= head.idx < hi:
            continue
        out.append(Quote(_text(doc)[lo:hi], lo, hi, _speaker_actor(head, actor_of, None), tok.text.lower(), "indirect"))
    for tok in (doc[i] for i in according_at):
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        head = _according_to([tok])
        sent = tok.sent
        if head is None or quoted(sent.start_char, sent.end_char):
            continue
        phrase_end = max(t.i for t in doc[tok.i : head.i + 1]) if head.i > tok.i else tok.i + 1
        for t in head.subtree:
            phrase_end = max(phrase_end, t.i)
        rest = [t for t in sent if (t.i < tok.i or t.i > phrase_end) and not t.is_space]
        while rest and rest[0].is_punct:
            rest.pop(0)
        while rest and rest[-1].is_punct:
            rest.pop()
        if len(rest) < INDIRECT_MIN_WORDS or any(q.start <= rest[0].idx < q.end for q in out):
            continue
        lo, hi = rest[0].idx, rest[-1].idx + len(rest[-1].text)
        if lo < tok.idx < hi:
            continue  # "according to" in the middle: the content is not one span
        out.append(Quote(_text(doc)[lo:hi], lo, hi, _speaker_actor(head, actor_of, None), "according to", "indirect"))
    # "Trump said he believes …": the embedded report is part of the outer one
    return _outermost(out)


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """``quotes`` less those inside another quote's span (an equal span does not count), in
    their order. Spans by start, the longer first: a span lies inside another exactly when
    an earlier one in that order reaches as far (one pass instead of every pair)."""
    spans = sorted({(q.start, q.end) for q in quotes}, key=lambda se: (se[0], -se[1]))
    inside: set[tuple[int, int]] = set()
    reach = None
    for start, end in spans:
        if reach is not None and reach >= end:
            inside.add((start, end))
        reach = end if reach is None else max(reach, end)
    return [q for q in quotes if (q.start, q.end) not in inside]


def _between_sentence(text: str, sp: _Span) -> str:
    """The reporter's words in the quotation's own sentence (empty when it stands alone)."""
    lo = text.rfind("\n", 0, sp.mark_start) + 1
    before = text[lo : sp.mark_start]
    for i in range(len(before) - 1, -1, -1):
        if _is_terminal(before, i):
            before = before[i + 1 :]
            break
    hi = text.find("\n", sp.mark_end)
    after = text[sp.mark_end : len(text) if hi < 0 else hi]
    for i in range(len(after)):
        if _is_terminal(after, i):
            after = after[:i]
            break
    return before + after


_PERSONAL = frozenset({"he", "she", "him", "her"})


def _antecedent(pron: Any) -> str | None:
    """The nearest person named before a pronoun: a PERSON entity or a proper-noun subject."""
    doc = pron.doc
    lo = max(0, pron.idx - CONTINUE_CHARS)
    for tok in reversed(doc[: pron.i]):
        if tok.idx < lo:
            break
        if tok.pos_ != "PROPN" or not (tok.ent_type_ == "PERSON" or tok.dep_ in _SUBJECT_DEPS):
            continue
        if tok.ent_type_ in ("PERSON", "ORG"):
            return _entity_text(tok)
        return tok.text
    return None


def _last_mention(pron: Any, name: str) -> int:
    return _text(pron.doc).rfind(name, 0, pron.idx)


def _speaker_actor(head: Any, actor_of: Callable[[Any], Actor | None], last_named: Actor | None) -> Actor:
    start, end = _noun_phrase(head)
    words = _text(head.doc)[start:end]
    actor = actor_of(head)
    if actor is not None:
        return replace(actor, text=words, start=start, end=end)
    if head.pos_ == "PRON":
        if head.lower_ in _PERSONAL:
            name = _antecedent(head)
            if last_named is not None and (name is None or last_named.start > _last_mention(head, name)):
                return replace(last_named, text=words, start=start, end=end, rule=RULE + ".pronoun")
            if name is not None:
                return Actor(words, start, end, name=name, rule=RULE + ".pronoun")
        return Actor(words, start, end, rule=RULE)
    name = None
    if head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        name = _entity_text(head)
    return Actor(words, start, end, name=name, rule=RULE)
