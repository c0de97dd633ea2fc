"""Boilerplate cleaning: drop bylines, author bios, related-link tails, photo credits,
copyright and sharing lines, and keep what was dropped.

The rules are data (``tacitus/data/ingest/boilerplate.tsv``); this module only knows where
each kind of rule applies:

- ``tail_heading``: a furniture heading ("In Other News", "Related") in the second half of
  the text, or followed only by short lines, cuts it and everything after it;
- ``line``: a line that is wholly furniture is dropped wherever it is;
- ``tail_line``, ``bio``, ``bio_more``: checked on the paragraphs at the end of the
  article, from the last one back, until a paragraph of the story itself is reached;
- ``inline``: furniture inside a line (a photo credit in brackets) is cut out.

The clean text keeps the article's own layout (paragraphs, line breaks); only runs of more
than one blank line left by a removal are closed up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tacitus.model import Article

# A furniture heading cuts the tail only when it starts after this share of the text...
TAIL_START_SHARE = 0.5
# ... or when every line after it is at most this long and does not end a sentence (a list
# of headlines or buttons, not paragraphs of a story). Longest related-link headline seen on the example's site
# and the scrapinghub pages: ~140 characters.
MAX_TAIL_LINE_CHARS = 160
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
# Lines longer than this are prose, never a line of furniture (cheap guard for the regexes).
MAX_FURNITURE_LINE_CHARS = 400
KINDS = ("tail_heading", "line", "tail_line", "bio", "bio_more", "inline")


@dataclass
class Rules:
    """Compiled boilerplate rules, by kind."""

    by_kind: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)

    def any_full(self, kind: str, line: str) -> bool:
        if len(line) > MAX_FURNITURE_LINE_CHARS:
            return False
        return any(p.fullmatch(line) for p in self.by_kind.get(kind, ()))

    def any_start(self, kind: str, text: str) -> bool:
        return any(p.match(text) for p in self.by_kind.get(kind, ()))


def parse_rules(text: str) -> Rules:
    """Rules from the TSV text of a boilerplate file (see the file's header)."""
    defines: dict[str, str] = {}
    rules = Rules({k: [] for k in KINDS})
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        kind = cols[0].strip()
        if kind == "kind":
            continue
        if kind == "define":
            defines[cols[1].strip()] = _expand(cols[2], defines)
            continue
        if kind not in rules.by_kind:
            raise ValueError(f"unknown boilerplate rule kind {kind!r} in line: {raw[:80]}")
        rules.by_kind[kind].append(re.compile(_expand(cols[1], defines)))
    return rules


def _expand(pattern: str, defines: dict[str, str]) -> str:
    return re.sub(r"%([A-Z_]+)%", lambda m: defines[m.group(1)], pattern)


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> Rules:
    """The shipped rules, or those of a user's file with the same layout."""
    if path is None:
        text = resources.files("tacitus").joinpath("data", "ingest", "boilerplate.tsv").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return parse_rules(text)


def clean_article(article: Article, rules: Rules | None = None) -> Article:
    """A copy of ``article`` with the clean ``text`` and the dropped pieces in ``removed``."""
    text, removed = clean_text(article.text, rules)
    return replace(article, text=text, removed=[*article.removed, *removed])


# Texts lately cleaned with the shipped rules: the reader cleans each text to check it, and
# the coder cleans it again a moment later (the same text, the same answer).
# (at most RECENT_TEXTS texts of at most RECENT_TEXT_CHARS characters are kept)
_RECENT: dict[str, tuple[str, list[str]]] = {}
RECENT_TEXTS = 64
RECENT_TEXT_CHARS = 100_000


def clean_text(text: str, rules: Rules | None = None) -> tuple[str, list[str]]:
    """The clean text and the pieces dropped from it, in reading order."""
    if rules is not None or len(text) > RECENT_TEXT_CHARS:
        return _clean_text(text, rules or load_rules())
    hit = _RECENT.get(text)
    if hit is None:
        hit = _clean_text(text, load_rules())
        if len(_RECENT) >= RECENT_TEXTS:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[text] = hit
    return hit[0], list(hit[1])


def _clean_text(text: str, rules: Rules) -> tuple[str, list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # piece[i]: None while line i is kept, else the number of the removed piece it is part
    # of (a bio paragraph is one piece, each furniture line its own)
    piece: list[int | None] = [None] * len(lines)
    _cut_tail(lines, piece, rules)
    for i, line in enumerate(lines):
        if (
            piece[i] is None
            and line.strip()
            and not _continues(lines, i)
            and rules.any_full("line", line.strip())
        ):
            piece[i] = i
    _trailing(lines, piece, rules)

    removed: list[str] = []
    kept: list[str] = []
    last: int | None = None
    for i, line in enumerate(lines):
        if piece[i] is None:
            kept.append(_inline(line, rules, removed))
            last = None
        elif line.strip():
            if piece[i] == last:
                removed[-1] += "\n" + line.strip()
            else:
                removed.append(line.strip())
            last = piece[i]
    clean = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "\n".join(kept)).strip()
    return clean, removed


def _cut_tail(lines: list[str], piece: list[int | None], rules: Rules) -> None:
    """Drop furniture sections that start with a heading.

    A heading followed only by headline-like lines ends the article: all of it goes. In the
    second half of the text, a heading followed by prose (comments, an author box) also
    ends it; a heading followed by headlines and then more story is a promotion block in
    the middle of the story, and only the block goes.
    """
    total = sum(len(ln) + 1 for ln in lines)
    offset = 0
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if i > 0 and stripped and not _continues(lines, i) and rules.any_full("tail_heading", stripped):
            j = i + 1  # end of the run of headline-like lines after the heading
            while j < len(lines) and (not lines[j].strip() or _link_like(lines[j].strip())):
                j += 1
            late = offset >= TAIL_START_SHARE * total
            run = any(ln.strip() for ln in lines[i + 1 : j])
            if j == len(lines) or (late and not run):
                for k in range(i, len(lines)):
                    piece[k] = k
                return
            if late:
                for k in range(i, j):
                    piece[k] = k
        offset += len(lines[i]) + 1
        i += 1


def _continues(lines: list[str], i: int) -> bool:
    """True when line ``i`` goes on with the sentence of the line before: hard-wrapped text
    (wire copy, plain-text archives) splits sentences across lines, and a wrapped "share."
    or "by Baker." is not a sharing button or a byline."""
    if i == 0 or not lines[i].lstrip()[:1].islower():
        return False
    prev = lines[i - 1].rstrip()
    return bool(prev) and not _SENTENCE_END.search(prev)


def _link_like(line: str) -> bool:
    """A headline or a button, not a sentence of a story."""
    return len(line) <= MAX_TAIL_LINE_CHARS and not _SENTENCE_END.search(line)


def _blocks(lines: list[str], piece: list[int | None]) -> list[list[int]]:
    """Paragraphs still kept, as lists of line indexes (blank lines separate paragraphs)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if piece[i] is not None:
            continue
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _trailing(lines: list[str], piece: list[int | None], rules: Rules) -> None:
    """Drop author bios and credit lines from the end of the article, back to the story."""
    pending_more: list[list[int]] = []  # "He has covered..." paragraphs waiting for their bio
    blocks = _blocks(lines, piece)
    for block in reversed(blocks[1:]):  # the first paragraph is always the story
        para = " ".join(lines[i].strip() for i in block)
        if rules.any_start("bio", para):
            for b in [*pending_more, block]:
                for i in b:
                    piece[i] = b[0]
            pending_more = []
            continue
        if rules.any_start("bio_more", para) and len(pending_more) < 3:
            pending_more.append(block)
            continue
        if pending_more:
            return
        trailing = []
        for i in reversed(block):
            if not rules.any_full("tail_line", lines[i].strip()):
                break
            trailing.append(i)
        for i in trailing:
            piece[i] = i
        if len(trailing) < len(block):
            return


def _inline(line: str, rules: Rules, removed: list[str]) -> str:
    for pattern in rules.by_kind.get("inline", ()):
        if pattern.search(line):
            removed.extend(m.group(0).strip() for m in pattern.finditer(line))
            line = pattern.sub("", line)
    return line

