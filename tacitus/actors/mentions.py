"""Actors in one article: noun phrases, titles, later mentions and pronouns.

``resolve_mentions`` walks the article once in reading order, so that a later "Khan",
"the prime minister" or "he" resolves to the person an earlier mention introduced; the
resulting ``ArticleActors.actor_of`` then answers the events and knowledge stages.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tacitus.actors.coder import QUANTITY_HEADS, ActorCoder, Coded
from tacitus.actors.lexicon import squash
from tacitus.model import Actor, Entity
from tacitus.nlp import doc_ents, doc_text
from tacitus.settings import settings

# Dependents that are not part of the name of the phrase headed by a token.
NP_DROP_DEPS = frozenset({
    "conj", "cc", "preconj", "relcl", "acl", "advcl", "appos", "punct", "prep", "parataxis",
    "mark", "dep", "nsubj", "nsubjpass", "aux", "auxpass", "cop", "ccomp", "xcomp", "attr", "dobj",
})
# Prepositions whose object belongs to the phrase ("the prime minister of Pakistan") and
# those whose object only says where the actor is from or whom it speaks for ("opposition
# groups in Zimbabwe", "a spokesman for the Taliban").
NAME_PREPS = frozenset({"of"})
ORIGIN_PREPS = frozenset({"in", "from", "for"})
# A capital or seat alone acts (is an actor) as the subject of a verb, as the owner of
# something ("Washington's decision") or as a party to talks; elsewhere it is a place
# ("talks in Washington", "he covered Washington").
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "poss"})
ACTING_PREPS = frozenset({"with", "against", "by", "between"})
HEAD_POS = frozenset({"NOUN", "PROPN"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"they"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
ACTOR_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
SKIP_ENTITY_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


@dataclass
class _Mention:
    token_i: int
    sent_start: int
    coded: Coded
    subject: bool
    plural: bool


@dataclass
class ArticleActors:
    """The coded actors of one article; ``actor_of`` codes any token or span in it."""

    doc: Doc
    coder: ActorCoder
    published: str | None
    date: str | None = None
    # the country the article's places fall in most (from the geo stage, via the pipeline):
    # the context until a government is mentioned
    country_hint: str | None = None
    _by_token: dict[int, Coded | None] = field(default_factory=dict)
    _spans: dict[tuple[int, int], Coded | None] = field(default_factory=dict)
    _people: dict[str, Coded] = field(default_factory=dict)
    _titles: dict[str, Coded] = field(default_factory=dict)
    _gov: Counter[str] = field(default_factory=Counter)
    _mentions: list[_Mention] = field(default_factory=list)
    # the sentence start of each of _mentions, and whether they are in order (the walk is
    # in reading order): then a window of recent sentences is found by bisection
    _mention_sents: list[int] = field(default_factory=list)
    _mentions_in_order: bool = True

    # ----- public -----------------------------------------------------------------------
    def actor_of(self, x: Token | Span) -> Actor | None:
        """The actor a token's noun phrase (or exactly a span) refers to, or None."""
        if isinstance(x, Span):
            key = (x.start, x.end)
            if key not in self._spans:
                self._spans[key] = self._code_phrase(list(x), x.root, None, register=False)
            coded = self._spans[key]
            return _actor(self.doc, x.start_char, x.end_char, coded) if coded else None
        if not isinstance(x, Token):
            return None
        if x.i not in self._by_token:
            self._by_token[x.i] = self._code_token(x, register=False)
        coded = self._by_token[x.i]
        if coded is None:
            return None
        start, end = self._extent(x)
        return _actor(self.doc, start, end, coded)

    @property
    def context_country(self) -> str | None:
        """The government the article is mostly about so far (most governmental mentions); before
        any, the country of the article's places."""
        if not self._gov:
            return self.country_hint
        return self._gov.most_common(1)[0][0]

    # ----- the walk -------------------------------------------------------------------
    def walk(self) -> None:
        for tok in self.doc:
            if _is_candidate(tok) and tok.i not in self._by_token:
                self._by_token[tok.i] = self._code_token(tok, register=True)

    def _code_token(self, tok: Token, register: bool) -> Coded | None:
        if tok.pos_ == "PRON":
            return self._pronoun(tok)
        counted = _counted(tok)
        if counted is not None:
            # "dozens of people in Kabul": the counted noun, with its own "in X", is the actor
            coded = self._code_token(counted, register=False)
            if coded is not None:
                if register:
                    self._register(tok, coded)
                return coded
        last = _name_end(tok)
        if last is not tok:
            # "Omar" of a split "Omar al-Bashir": the name is coded at its last word
            if last.i not in self._by_token:
                self._by_token[last.i] = self._code_token(last, register=register)
            return self._by_token[last.i]
        tokens, extra = phrase_tokens(tok)
        return self._code_phrase(tokens, tok, extra, register=register)

    def _code_phrase(self, tokens: list[Token], head: Token, extra: list[Token] | None,
                     register: bool) -> Coded | None:
        coded = self._from_article(tokens, head)
        if coded is None:
            coded = self.coder.code_tokens(tokens, head, self.date, extra)
            if coded is None and head.pos_ == "PROPN" and head.text[:1].isupper():
                # the whole name, so a first name can tell namesakes apart ("Britta Nielsen")
                name = [head]
                for t in reversed([t for t in tokens if t.i < head.i]):
                    if t.i != name[0].i - 1 or t.pos_ != "PROPN" or not t.text[:1].isupper():
                        break
                    name.insert(0, t)
                coded = self.coder.person_by_surname(head.text, self.date, given=[t.text for t in name[:-1]])
            if coded is None and head.ent_type_ == "PERSON" and self._gov:
                # a person no dictionary knows, named in a story about one country (an analyst,
                # a local official, a witness) is taken to be of that country, as coders do
                ctx = self.context_country
                coded = Coded(ctx, ctx, None, None, head.text, f"person-unknown +context:{ctx}",
                              settings().actors.unknown_person_context, "unknown_person")
        if coded is None:
            return None
        if coded.country is None and coded.kind == "role" and coded.role:
            owner = self._possessor(head, coded.role)
            if owner is not None:
                coded = owner
        if coded.needs_context:
            ctx = self.context_country
            if ctx is None:
                if coded.generic:
                    return None
            else:
                role = coded.role or "GOV"
                coded = dataclasses.replace(coded, code=ctx + role, country=ctx, role=role,
                                            rule=coded.rule + f" +context:{ctx}", confidence=settings().actors.context,
                                            needs_context=False)
        if coded.place_like and not acts(head) and not self._modifies_actor(head):
            return None
        if coded.kind == "country" and coded.name is None and coded.role == "GOV" and _definite_singular(tokens, head):
            # "the Ukrainian leader" after "President Volodymyr Zelensky"
            earlier = self._person_of_country(coded.country, head.i)
            if earlier is not None:
                coded = dataclasses.replace(earlier, rule=f"same-country→{earlier.rule}",
                                            confidence=settings().actors.context)
        if register:
            self._register(head, coded)
        return coded

    def _sentence_starts_upto(self, i: int) -> list[int]:
        """Starts of the sentences up to token ``i`` (doc.sents walks the whole doc: once)."""
        starts = self.doc.user_data.get("tacitus.sent_starts")
        if starts is None:
            starts = self.doc.user_data["tacitus.sent_starts"] = [s.start for s in self.doc.sents]
        return starts[: bisect.bisect_right(starts, i)]

    def _mentions_since(self, earliest: int) -> list[_Mention]:
        """The mentions that may lie at or after token ``earliest`` (a sentence start): those
        of its sentence and after when the mentions are in sentence order, else all of them
        (a scan of every mention at each pronoun was quadratic in a long article)."""
        if not self._mentions_in_order:
            return self._mentions
        return self._mentions[bisect.bisect_left(self._mention_sents, earliest):]

    def _possessor(self, head: Token, role: str) -> Coded | None:
        """ "its forces", "their troops": the role belongs to the country or group the
        possessive points back to, the latest such actor in this sentence or the one before
        (subjects first); None when no such actor is there to own it."""
        pron = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
        if pron is None:
            return None
        sents = self._sentence_starts_upto(head.i)
        earliest = sents[-2] if len(sents) > 1 else 0
        window = [m for m in self._mentions_since(earliest) if earliest <= m.token_i < head.i
                  and m.coded.kind not in ("person", "unknown_person") and m.coded.code
                  and (m.coded.country or m.coded.kind == "org")]
        for subject_only in (True, False):
            for m in reversed(window):
                if subject_only and not m.subject:
                    continue
                c = m.coded
                if c.country and c.kind != "org":
                    return dataclasses.replace(c, code=c.country + role, role=role, name=None,
                                               rule=f"possessive→{c.rule}+{role}", kind="country",
                                               confidence=settings().actors.context, title=None)
                return dataclasses.replace(c, rule=f"possessive→{c.rule}", confidence=settings().actors.context)
        return None

    def _person_of_country(self, country: str | None, before: int) -> Coded | None:
        for m in reversed(self._mentions):
            if m.token_i < before and m.coded.kind == "person" and m.coded.country == country \
                    and (m.coded.code or "")[3:6] == "GOV":
                return m.coded
        return None

    def _modifies_actor(self, tok: Token) -> bool:
        """A seat or capital inside a larger actor phrase ("White House officials")."""
        if tok.dep_ not in ("compound", "nmod", "amod") or tok.head is tok:
            return False
        head = tok.head
        if head.i not in self._by_token:
            return False
        coded = self._by_token[head.i]
        return coded is not None and not coded.place_like

    def _from_article(self, tokens: list[Token], head: Token) -> Coded | None:
        """Earlier mentions: a person's surname or full name, or a definite title alone."""
        names = [t for t in tokens if t.pos_ == "PROPN" and t.text[:1].isupper() and t.dep_ != "poss"]
        if names and head.pos_ == "PROPN":
            full = squash("".join(t.text for t in names))
            for key in (full, squash(head.text)):
                if key in self._people:
                    return self._people[key]
        words = [t for t in tokens if t.dep_ not in ("det", "punct", "case")]
        has_the = any(t.lower_ == "the" for t in tokens)
        if has_the and words and head.tag_ in ("NN", "NNP") and all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in words):
            key = squash("".join(t.text for t in words))
            if key in self._titles:
                return self._titles[key]
        return None

    def _register(self, head: Token, coded: Coded) -> None:
        if coded.kind in ("person", "unknown_person") and coded.name:
            self._people.setdefault(squash(coded.name), coded)
            last = coded.name.split()[-1]
            self._people[squash(last)] = coded
            for title in (coded.title,):
                if title:
                    self._titles[squash(title)] = coded
        if coded.country and (coded.role == "GOV" or (coded.code or "").endswith("GOV")):
            self._gov[coded.country] += 1
        start = head.sent.start
        if self._mention_sents and start < self._mention_sents[-1]:
            self._mentions_in_order = False
        self._mention_sents.append(start)
        self._mentions.append(_Mention(head.i, start, coded, head.dep_ in SUBJECT_DEPS,
                                       head.tag_ in ("NNS", "NNPS")))

    def _pronoun(self, tok: Token) -> Coded | None:
        low = tok.lower_
        if tok.dep_ not in SUBJECT_DEPS or low not in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return None
        sents = self._sentence_starts_upto(tok.i)
        window = settings().actors.pronoun_window_sentences
        earliest = sents[-1 - window] if len(sents) > window else 0
        person = low in PERSON_PRONOUNS
        window = [m for m in self._mentions_since(earliest) if earliest <= m.token_i < tok.i]
        # The latest subject first ("X met Y. He said" is X), then any latest mention.
        for subject_only in (True, False):
            for m in reversed(window):
                if subject_only and not m.subject:
                    continue
                is_person = m.coded.kind in ("person", "unknown_person")
                if person and is_person:
                    return self._as_pronoun(m.coded)
                if not person and not is_person and m.subject and (m.plural or m.coded.kind == "org"):
                    return self._as_pronoun(m.coded)
        return None

    @staticmethod
    def _as_pronoun(c: Coded) -> Coded:
        return dataclasses.replace(c, rule=f"pronoun→{c.rule}", confidence=round(c.confidence * settings().actors.pronoun_factor, 3))

    def _extent(self, tok: Token) -> tuple[int, int]:
        if tok.pos_ == "PRON":
            return tok.idx, tok.idx + len(tok.text)
        tok = _name_end(tok)
        tokens, _ = phrase_tokens(tok)
        tokens = [t for t in tokens if t.dep_ not in ("punct", "case") and t.text not in ("-", "–")] or [tok]
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _definite_singular(tokens: list[Token], head: Token) -> bool:
    return head.tag_ in ("NN", "NNP") and any(t.lower_ == "the" for t in tokens)


def _is_candidate(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.dep_ in SUBJECT_DEPS
    return tok.pos_ in HEAD_POS and tok.dep_ not in ("compound", "flat", "amod", "nmod") or (
        tok.pos_ == "PROPN" and tok.dep_ == "nmod")


def phrase_tokens(tok: Token) -> tuple[list[Token], list[Token]]:
    """The tokens naming the phrase headed by ``tok`` (document order), and the tokens of
    its "in/from X" modifiers, which may only tell the actor's country."""
    keep: set[int] = {tok.i}
    extra: list[Token] = []

    def walk(t: Token, top: bool) -> None:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in NAME_PREPS and top:
                # "the president of Peru", not "accused the president of helping ...": only a
                # noun object is part of the name
                objects = [g for g in c.children if g.dep_ == "pobj"]
                if objects:
                    keep.add(c.i)
                for g in objects:
                    keep.add(g.i)
                    walk(g, False)
                continue
            if c.dep_ == "prep" and c.lower_ in ORIGIN_PREPS and top:
                for g in c.children:
                    if g.dep_ == "pobj":
                        extra.extend(x for x in g.subtree if x.dep_ not in ("relcl", "acl"))
                continue
            if c.dep_ in NP_DROP_DEPS:
                continue
            keep.add(c.i)
            walk(c, False)

    walk(tok, True)
    doc = tok.doc
    if tok.pos_ == "PROPN":
        keep.update(_split_name(tok))
    return [doc[i] for i in sorted(keep)], extra


def _counted(tok: Token) -> Token | None:
    """The noun a quantity head counts ("dozens of people" → people), or None."""
    if not (tok.like_num or tok.lower_ in QUANTITY_HEADS):
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj" and g.pos_ in HEAD_POS), None)
    return None


def _name_end(tok: Token) -> Token:
    """The last word of a name the parser split into sibling tokens (see ``_split_name``)."""
    if tok.pos_ != "PROPN":
        return tok
    end = tok
    k = tok.i + 1
    while k < len(tok.doc):
        t = tok.doc[k]
        if t.pos_ != "PROPN" or t.dep_ != tok.dep_ or t.head.i != tok.head.i or t.dep_ == "ROOT":
            break
        end = t
        k += 1
    return end


def _split_name(tok: Token) -> list[int]:
    """Name tokens the parser split off as siblings of the name's last word ("Omar", "al",
    "-" beside "Bashir", all subjects of the verb): adjacent proper nouns to the left that
    share the head and relation."""
    out: list[int] = []
    k = tok.i - 1
    while k >= 0:
        t = tok.doc[k]
        if t.head is tok or t.head.i == tok.i:
            break  # real children are already walked
        if t.head.i != tok.head.i or t.dep_ != tok.dep_ or t.pos_ != "PROPN" or t.dep_ == "ROOT":
            break
        out.append(k)
        k -= 1
    return out


def acts(tok: Token) -> bool:
    """Whether a place-like name acts here: subject or object of a verb, or "talks with X"."""
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    if t.dep_ in ACTING_DEPS:
        return True
    return t.dep_ == "pobj" and t.head.lower_ in ACTING_PREPS


def _actor(doc: Doc, start: int, end: int, c: Coded) -> Actor:
    return Actor(
        text=doc_text(doc)[start:end], start=start, end=end, name=c.name, code=c.code,
        country=c.country, role=c.role, group=c.group, rule=c.rule, confidence=c.confidence,
    )


def _iso_date(published: str | None) -> str | None:
    """The article date as YYYY-MM-DD (a month or year alone is taken at its middle)."""
    if not published:
        return None
    p = published.strip()[:10]
    if len(p) == 10 and p[4] == "-" and p[7] == "-":
        return p
    if len(p) >= 7 and p[4] == "-":
        return p[:7] + "-15"
    if len(p) >= 4 and p[:4].isdigit():
        return p[:4] + "-07-01"
    return None


def resolve_mentions(doc: Doc, coder: ActorCoder, published: str | None,
                     country_hint: str | None = None) -> ArticleActors:
    """Code every actor mention of an article, in reading order, on its publication date
    (``country_hint``: the country of the article's places, the context before any government
    is named)."""
    mentions = ArticleActors(doc, coder, published, _iso_date(published), country_hint)
    mentions.walk()
    return mentions


def code_entities(doc: Doc, mentions: ArticleActors) -> list[Entity]:
    """The article's named entities, each with its actor when it is one."""
    out: list[Entity] = []
    for ent in doc_ents(doc):
        if ent.label_ in SKIP_ENTITY_TYPES:
            continue
        actor = mentions.actor_of(ent) if ent.label_ in ACTOR_ENTITY_TYPES else None
        out.append(Entity(ent.text, ent.start_char, ent.end_char, ent.label_,
                          actor.name if actor and actor.name else ent.text, actor))
    return out
