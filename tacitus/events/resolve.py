"""Argument heads → actors: the actor a noun phrase names (through ``actor_of``, appositions,
pronouns, the actor inside "the attack by X"), uncoded named entities and people, and the
mention the record prints for each argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from spacy.tokens import Span, Token

from tacitus.events import syntax as sx
from tacitus.events.arguments import UNCODED_ENTITY_TYPES
from tacitus.events.tables import cue_values, cue_words, default_patterns
from tacitus.lexicon.words import word_class
from tacitus.model import Actor
from tacitus.nlp import doc_text, ent_holding
from tacitus.settings import settings

if TYPE_CHECKING:
    from tacitus.events.frames import Frame

ActorOf = Callable[[Any], Actor | None]

# "a group of hackers", "the attack by Hamas", "the ban on Cypriot ships", "a request from X":
# when the phrase head is no actor, the actor inside it is meant.
INNER_ACTOR_PREPS = ("of", "by", "on", "against", "from")
UNCODED_RULE = "events:uncoded-entity"
UNTAGGED_NAME_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj")
TITLE_CASE_SHARE = 0.6
UNCODED_PEOPLE_RULE = "events:uncoded-people"
ACRONYM_LENGTH = (2, 6)

# Where the antecedent of an object pronoun ("him", "them") is looked for: an earlier object.
ANAPHOR_ANTECEDENT_DEPS = {"object": ("dobj", "oprd", "pobj", "dative"), "subject": ("nsubj", "nsubjpass")}


def _resolve_at(tok: Token, actor_of: ActorOf, speaker: Actor | None) -> tuple[Actor | None, Token]:
    """The actor of a noun phrase and the phrase head that names it ("the visit by X" → X)."""
    a = actor_of(tok)
    if a is not None:
        return a, tok
    for c in tok.children:
        if c.dep_ == "appos":
            a = actor_of(c)
            if a is not None:
                return a, tok
    pronouns = cue_words("pronoun")
    if tok.pos_ == "PRON" and speaker is not None and tok.lower_ in pronouns:
        # in the speaker's own words only the first person is the speaker: '"They tried to
        # kill me," the mayor said' names someone else; outside quotation marks ("X said
        # they will ...") the third person reports the speaker's side
        if tok.lower_ in cue_words("first_person") or not sx.in_direct_quote(tok):
            return speaker, tok
    elif tok.pos_ == "PRON" and speaker is not None and tok.lower_ in cue_words("first_person") and sx.in_direct_quote(tok):
        return speaker, tok
    anaphor = cue_values("anaphor").get(tok.lower_)
    if tok.pos_ == "PRON" and anaphor is not None:
        # "Trump called Erdogan and urged him to ...": the last object (or, for "he", "she",
        # "they", subject) named before the pronoun
        deps = ANAPHOR_ANTECEDENT_DEPS.get(anaphor, ())
        for prev in reversed(tok.doc[tok.sent.start : tok.i]):
            if prev.dep_ in deps and prev.pos_ in ("PROPN", "NOUN"):
                a = actor_of(prev)
                if a is not None:
                    return a, prev
    if speaker is not None and any(c.dep_ == "poss" and c.lower_ in pronouns for c in tok.children):
        # "Putin said his country will not ...": the speaker's own side
        return speaker, tok
    # "a group of Saudi hackers", "Israel's strikes", "the attack by Hamas": the actor inside
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in INNER_ACTOR_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    a = actor_of(g)
                    if a is None and c.lower_ == "of":
                        # "part of Syria's second city": the owner of the "of" phrase
                        a = next((actor_of(x) for x in g.children if x.dep_ == "poss" and actor_of(x)), None)
                    if a is not None:
                        return a, (tok if c.lower_ == "of" else g)
        if c.dep_ in ("poss", "compound", "amod") and c.i < tok.i:
            a = actor_of(c)
            if a is None and c.dep_ == "compound":
                # "an Islamic State target southwest of ...": the name modifies the modifier
                a = next((x for x in (actor_of(g) for g in c.children if g.dep_ in ("compound", "amod")) if x), None)
            if a is not None:
                return a, tok
        if c.dep_ == "acl" and c.tag_ == "VBN":
            # "the shells launched by the rebel army", "a rocket thought to be fired by militants"
            for g in sx.agents(c) + [g for x in sx.children(c, "xcomp") for g in sx.agents(x)]:
                a = actor_of(g)
                if a is not None:
                    return a, tok
    return None, tok


def _phrase_actor(tok: Token, span: tuple[int, int], rule: str) -> Actor:
    """An actor without a code, named by its noun phrase."""
    start, end = span
    text = doc_text(tok.doc)[start:end]
    return Actor(text, start, end, name=text, rule=rule, confidence=settings().events.uncoded_actor)


def _uncoded_actor(tok: Token) -> Actor | None:
    """A named person, organisation or place the dictionaries do not know: an actor without a
    code ("ICE returned ...", "Yoruba leaders", "a group of Saudi hackers"), so the act is not lost."""
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    if tok.lemma_.lower() in word_class("WEAPON"):
        # "a BUK missile", "a Hellfire missile": a weapon's make is no actor
        return None
    if tok.ent_type_ in UNCODED_ENTITY_TYPES:
        ent = ent_holding(tok.doc, tok.i)
        if ent is not None:
            return Actor(ent.text, ent.start_char, ent.end_char, name=ent.text, rule=UNCODED_RULE, confidence=settings().events.uncoded_actor)
    if tok.is_alpha and tok.text.isupper() and ACRONYM_LENGTH[0] <= len(tok.text) <= ACRONYM_LENGTH[1]:
        # an acronym the entity tagger missed ("ICE returned ...") names an organisation
        return Actor(tok.text, tok.idx, tok.idx + len(tok.text), name=tok.text, rule=UNCODED_RULE, confidence=settings().events.uncoded_actor)
    if (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and not tok.ent_type_
        and tok.dep_ in UNTAGGED_NAME_DEPS
        and not _title_case(tok.sent)
    ):
        # "County Commission has ended ...": a proper name the entity tagger missed
        return _phrase_actor(tok, sx.noun_phrase_span(tok, ()), UNCODED_RULE)
    named = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.ent_type_ in UNCODED_ENTITY_TYPES]
    if named:
        return _phrase_actor(tok, sx.noun_phrase_span(tok, ()), UNCODED_RULE)
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            for g in p.children:
                if g.dep_ == "pobj" and g.i != tok.i:
                    a = _uncoded_actor(g)
                    if a is not None:
                        return a
    return None


def _uncoded_people(tok: Token) -> Actor | None:
    """People an act is done to, named by what they are ("freed 37 prisoners", "detained several
    suspects"): a target without a code, so the record says who bore the act."""
    people = cue_words("people")
    if tok.pos_ == "NUM" or (tok.pos_ == "NOUN" and tok.lemma_.lower() in cue_words("quantity")):
        # "hundreds of hostages", "a group of students": the people the quantity counts
        counted = [o for p in sx.children(tok, "prep") if p.lower_ == "of" for o in sx.children(p, "pobj")]
        if not any(o.pos_ == "NOUN" and o.lemma_.lower() in people for o in counted):
            return None
    elif tok.pos_ != "NOUN" or tok.lemma_.lower() not in people:
        return None
    return _phrase_actor(tok, sx.noun_phrase_span(tok), UNCODED_PEOPLE_RULE)


def _title_case(sent: Span) -> bool:
    """A headline in title case, where capitals are no sign of a name."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) / len(words) > TITLE_CASE_SHARE


def resolve_all(
    tokens: list[Token], actor_of: ActorOf, speaker: Actor | None, people: bool = False
) -> list[tuple[Token, Actor]]:
    out: list[tuple[Token, Actor]] = []
    seen: set[str] = set()
    heads = list(tokens)
    for t in tokens:
        # "Chinese and Indian troops": coordinated modifiers name separate actors
        for c in t.lefts:
            if c.dep_ in ("amod", "compound"):
                heads.extend(x for x in c.conjuncts if x.i > c.i)
    for t in heads:
        a, at = _resolve_at(t, actor_of, speaker)
        if a is None:
            a = _uncoded_actor(t)
        if a is None and people:
            a = _uncoded_people(t)
        if a is not None and a.key not in seen:
            seen.add(a.key)
            out.append((at, a))
    return out


def antecedent(tok: Token, actor: Actor, actor_of: ActorOf) -> Token:
    """A pronoun's phrase is its antecedent's when that is in the same sentence ("Teachers said
    they will not end the strike"): the argument's span names the actor."""
    if tok.pos_ != "PRON":
        return tok
    for prev in tok.doc[tok.sent.start : tok.i]:
        if prev.pos_ in ("PROPN", "NOUN") and prev.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            a = actor_of(prev)
            if a is not None and a.key == actor.key:
                return prev
    return tok


def argument_actor(actor: Actor, tok: Token, actor_of: ActorOf) -> Actor:
    """The event's actor as the record prints it: its mention, widened to the noun phrase that
    fills the role when the mention heads that phrase ("the Grand Mufti of Egypt, Sheikh X",
    "the Lakeland Defence Force (LDF)", "diplomats from Norway"); a pronoun whose antecedent
    stands in the same sentence is printed as the antecedent ("the teachers ... they agreed").
    An actor named inside the role's phrase is printed as the phrase ("Norway's decision", "the
    Ruritanian border units"); its code is the actor's."""
    if tok.pos_ == "PRON":
        return actor
    if not actor.start <= tok.idx < actor.end:
        if _modifier_mention(actor, tok):
            start, end = sx.noun_phrase_span(tok, clauses=IDENTIFYING_CLAUSES)
            return replace(actor, text=doc_text(tok.doc)[start:end], start=start, end=end)
        if not _pronoun_mention(actor, tok.doc):
            return actor
        named = actor_of(tok)
        if named is None or named.key != actor.key:
            return actor
        actor = replace(actor, text=named.text, start=named.start, end=named.end)
    start, end = sx.noun_phrase_span(tok, clauses=IDENTIFYING_CLAUSES)
    start, end = min(start, actor.start), max(end, actor.end)
    if (start, end) == (actor.start, actor.end):
        return actor
    return replace(actor, text=doc_text(tok.doc)[start:end], start=start, end=end)


IDENTIFYING_CLAUSES = ("acl", "amod")
MODIFIER_DEPS = frozenset(("amod", "compound", "nmod", "conj"))


def _modifier_mention(actor: Actor, tok: Token) -> bool:
    """Is the actor named inside the phrase the argument's head heads, so that the phrase names
    it: by a modifier of a common noun ("Ruritanian border units", "the NATO alliance"), by an
    "of" phrase ("the island nation of Ruritania"), by a possessor ("Norway's decision"), or by
    an apposition ("Ana Ruiz, a Ruritanian militia leader")?"""
    span = tok.doc.char_span(actor.start, actor.end)
    if span is None or tok.dep_ in MODIFIER_DEPS - {"conj"}:
        # "street" in "anti-government street marches" is no phrase of its own
        return False
    t, how = span.root, set()
    while t.i != tok.i:
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ == "of" and _names_holder(t.head.head):
            t, how = t.head.head, how | {"of"}
            continue
        if t.dep_ == "appos":
            how.add("appos")
        elif t.dep_ not in MODIFIER_DEPS | {"poss"} or (t.dep_ == "conj" and t.head.dep_ not in MODIFIER_DEPS):
            # "a volunteer and a Ruritanian citizen": a coordinated noun is a party of its own
            return False
        if t.head.i == t.i:
            return False
        t = t.head
    if not how and (tok.pos_ != "NOUN" or span.end > tok.i):
        return False
    start, end = sx.noun_phrase_span(tok)
    return start <= actor.start and actor.end <= end


def _names_holder(tok: Token) -> bool:
    """Can a noun with an "of" phrase name the one the phrase names ("the island nation of X",
    "opponents of X"), rather than an act of it ("the appeal of X")?"""
    # a noun the patterns code as an act ("appeal", "expansion") names the act
    return tok.pos_ in ("NOUN", "PROPN") and not default_patterns().candidates("N", tok.lemma_.lower())


def _pronoun_mention(actor: Actor, doc: Any) -> bool:
    """Is the actor's printed mention a pronoun ("they")?"""
    span = doc.char_span(actor.start, actor.end)
    return span is not None and len(span) == 1 and span[0].pos_ == "PRON"


# Acts a state body reports in an agentless passive are its own: investigations and arrests
# ("police said three men were arrested"), not attacks ("police said the base was attacked").
SPEAKER_ACT_ROOTS = ("09", "17")
SPEAKER_ACT_ROLES = frozenset(("GOV", "COP", "MIL", "JUD"))


def _speaker_acted(fr: Frame, speaker: Actor) -> bool:
    if not (fr.reported and fr.code[:2] in SPEAKER_ACT_ROOTS and speaker.role in SPEAKER_ACT_ROLES):
        return False
    trig = fr.tokens[0]
    verb = trig if trig.pos_ == "VERB" else (trig.head if trig.dep_ == "nsubjpass" else None)
    # a finite passive ("were arrested"), not a participle describing a thing ("weapons seized
    # during army operations")
    return verb is not None and verb.dep_ != "acl" and sx.is_passive(verb) and not sx.agents(verb)


def _countryless(actor: Actor) -> bool:
    """Does the actor name no country of its own? A role word ("military" in "joint military
    exercises") takes its country from the context only."""
    return actor.country is None or CONTEXT_COUNTRY in (actor.rule or "")


CONTEXT_COUNTRY = "+context:"


class FrameActors(NamedTuple):
    """A frame's coded arguments: the reporting speaker, (head, actor) pairs of source and
    target, and the names of the argument rules that chose them."""

    speaker: Actor | None
    src_pairs: list[tuple[Token, Actor]]
    tgt_pairs: list[tuple[Token, Actor]]
    source_rule: str
    target_rule: str


def frame_actors(fr: Frame, actor_of: ActorOf) -> FrameActors:
    """Code a frame's speaker, sources and targets; a target that is also a source is dropped."""
    speaker = None
    if fr.speaker:
        spk = resolve_all(fr.speaker, actor_of, None)
        speaker = spk[0][1] if spk else None
    src_pairs = resolve_all(fr.sources, actor_of, speaker)
    source_rule, target_rule = fr.source_rule, fr.target_rule
    if not src_pairs and speaker is not None and _speaker_acted(fr, speaker):
        # "police said three men were arrested", "the prosecutor said an inquiry was opened"
        src_pairs, source_rule = [(fr.speaker[0], speaker)], "speaker:agentless-passive"
    if fr.alt_sources and all(_countryless(a) for _, a in src_pairs):
        # "Russia is conducting military exercises": the subject's country beats a bare "military"
        alt_pairs = resolve_all(fr.alt_sources, actor_of, speaker)
        if alt_pairs and (not src_pairs or any(a.country for _, a in alt_pairs)):
            src_pairs, source_rule = alt_pairs, fr.alt_source_rule
    if "swap" in fr.pattern.flags:
        tgt_first = resolve_all(fr.targets, actor_of, speaker)
        fr.sources, fr.targets = fr.targets, fr.sources
        src_pairs, tgt_raw = tgt_first, src_pairs
        source_rule, target_rule = f"swap:{target_rule}", f"swap:{source_rule}"
    else:
        tgt_raw = resolve_all(fr.targets, actor_of, speaker, people=True)
    src_keys = {a.key for _, a in src_pairs}
    tgt_pairs = [(t, a) for t, a in tgt_raw if a.key not in src_keys]
    if "named" in fr.pattern.flags:
        tgt_pairs = [(t, a) for t, a in tgt_pairs if t.pos_ == "PROPN" or t.ent_type_]
    if "recip" in fr.pattern.flags and not tgt_pairs and len({a.key for _, a in src_pairs}) > 1:
        # "Obama and Putin met", "talks between Russia and Ukraine": a mutual act of the parties;
        # as in GDELT, the first named is the source and the others its counterparts
        first = src_pairs[0][1].key
        tgt_pairs = [(t, a) for t, a in src_pairs if a.key != first]
        src_pairs = [(t, a) for t, a in src_pairs if a.key == first]
        target_rule = f"recip:{source_rule}"
    if src_pairs and not tgt_pairs and (fr.code[:2] in RESPONSE_ROOTS or fr.code[:3] == DENY_CODE):
        # "denied charges by X", "rejected an offer from X", "praised efforts by X": the author
        # of what is answered is the one answered
        authors = [a for a in resolve_all(_object_authors(fr), actor_of, speaker, people=True) if a[1].key not in src_keys]
        if authors:
            tgt_pairs, target_rule = authors, "object-author"
    if src_pairs and not tgt_pairs and settings().events.locative_target:
        places = _locative_places(fr)
        tgt_pairs = [(t, a) for t, a in resolve_all(places, actor_of, speaker) if a.key not in src_keys and a.country]
        if tgt_pairs:
            target_rule = LOCATIVE_RULE
    return FrameActors(speaker, src_pairs, tgt_pairs, source_rule, target_rule)


PLACE_ENTITIES = ("GPE", "LOC")
LOCATIVE_RULE = "locative:in"
# acts that answer another's words or deeds: approval, yielding, disapproval, rejection, denial
RESPONSE_ROOTS = ("05", "08", "11", "12")
DENY_CODE = "016"


def _object_authors(fr: Frame) -> list[Token]:
    """The author of what the act answers: the "by" / "from" phrase of the trigger's object noun
    ("the charges by X that ..."), or the owner of words put to the subject ("conceded to the
    demands of X", "rejected X's offer")."""
    trig = fr.tokens[0]
    objects = [o for o in trig.children if o.dep_ == "dobj" and o.pos_ == "NOUN"]
    objects += [g for p in sx.children(trig, "prep") if p.lower_ == "to" for g in sx.children(p, "pobj") if g.pos_ == "NOUN"]
    # "offers of talks by X"
    objects += [g for o in objects for p in sx.children(o, "prep") if p.lower_ == "of" for g in sx.children(p, "pobj")]
    authors = [a for o in objects for p in sx.children(o, "prep") if p.lower_ in ("by", "from") for a in sx.children(p, "pobj")]
    if objects and not authors and not sx.is_passive(trig):
        # an active verb has no "by" phrase of its own: the parser hung the object's on it
        authors = [a for p in sx.children(trig, "prep") if p.lower_ == "by" for a in sx.children(p, "pobj")]
    words = word_class("UTTERANCE")
    for o in objects:
        # "welcomed the agreement between X and Y": the parties of the act answered
        authors += [a for p in sx.children(o, "prep") if p.lower_ == "between" for a in sx.children(p, "pobj")]
        authors += [c for a in list(authors) if a.head.lower_ == "between" for c in a.conjuncts if c not in authors]
        if o.lemma_.lower() in words:
            authors += sx.children(o, "poss")
            authors += [a for p in sx.children(o, "prep") if p.lower_ == "of" for a in sx.children(p, "pobj")]
    return authors


def _locative_places(fr: Frame) -> list[Token]:
    """The place an act with no other target happens in ("surrendered in Syria", "a curfew in
    three provinces of X", "suspended its aid in X"): the object of an "in" on the trigger, on
    the trigger's object, or on its clause verb, when it names a place (itself, by a modifier,
    or by its "of" phrase). PETRARCH-era coders and span annotators read it as the act's target."""
    trig = fr.tokens[0]
    heads = [trig, *(o for o in trig.children if o.dep_ in ("dobj", "pobj") or (o.dep_ == "prep" and o.lower_ == "of"))]
    heads = [h for o in heads for h in ([o] if o.dep_ != "prep" else sx.children(o, "pobj"))]
    if fr.anchor is not None and fr.anchor.i != trig.i:
        heads.append(fr.anchor)
    out: list[Token] = []
    for h in heads:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            out.extend(obj for obj in sx.children(prep, "pobj") if _names_place(obj))
        if out:
            break
    return out


def _names_place(tok: Token) -> bool:
    if tok.ent_type_ in PLACE_ENTITIES or any(c.ent_type_ in PLACE_ENTITIES for c in tok.lefts):
        return True
    # "parts of X", "the enclave of X"
    return any(o.ent_type_ in PLACE_ENTITIES for p in sx.children(tok, "prep") if p.lower_ == "of" for o in sx.children(p, "pobj"))
