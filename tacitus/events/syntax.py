"""Dependency-parse helpers: who is the subject of a clause, its objects, its modality.

Labels are those of spaCy's English models (ClearNLP style: nsubj, nsubjpass, dobj, dative,
agent, pobj, xcomp, ccomp, relcl, acl, advcl, conj, appos, poss, compound, neg, aux, mark).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Span, Token

from tacitus.events.tables import cue_values, cue_words
from tacitus.nlp import ent_starting_at
from tacitus.nlp import syntax as nsx
from tacitus.nlp.syntax import (  # noqa: F401  (the coder's modules read them from here)
    INFLECTIONS,
    MODALITY_RANK,
    ClauseCues,
    ReportedRegion,
    children,
    clause_verb,
    lemma_forms,
    misattached_conjunct,
    prep_objects,
    strongest,
    strongest_cue,
)

SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
RELATIVE_PRONOUNS = frozenset(("who", "which", "that", "whom", "whose"))
NOMINAL_POS = frozenset(("NOUN", "PROPN", "PRON", "NUM", "X"))
def with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    """Each token and the tokens coordinated with it ("X and Y"), in text order, nominal only."""
    out: dict[int, Token] = {}
    for t in tokens:
        out[t.i] = t
        for c in t.conjuncts:
            if c.pos_ in NOMINAL_POS:
                out[c.i] = c
    return [out[i] for i in sorted(out)]


def misparsed_main_verb(v: Token) -> bool:
    """"Trump called Erdogan on Friday", parsed as a noun phrase ("Trump" ROOT, "called" acl):
    a participle on the root noun that is finite or has its own object is the main verb."""
    if v.dep_ != "acl" or v.head.pos_ not in ("NOUN", "PROPN") or v.i < v.head.i:
        return False
    if (
        v.tag_ in ("VBD", "VBN")
        and v.head.dep_ == "nsubj"
        and len(children(v.head.head, "nsubj")) > 1
        and not any(c.dep_ == "agent" for c in v.children)
    ):
        # "Palestinian youths resorted to ..., officials said": the noun is made a second subject
        # of the later verb of saying, its own verb hung on it
        return True
    if not (v.tag_ == "VBD" or any(c.dep_ in ("dobj", "oprd") for c in v.children)):
        return False
    # the noun is the root, or the participle is coordinated with the real verb through it
    # ("Trump called Khan and urged him", with "and" hanging on "Trump")
    return v.head.dep_ == "ROOT" or any(c.dep_ == "cc" and c.i > v.i for c in v.head.children)


def is_passive(v: Token) -> bool:
    if any(c.dep_ in ("auxpass", *PASSIVE_SUBJECT_DEPS) for c in v.children):
        return True
    return v.dep_ == "acl" and v.tag_ == "VBN" and not misparsed_main_verb(v)


def agents(v: Token) -> list[Token]:
    """Objects of the passive "by" phrase."""
    out = []
    for a in children(v, "agent"):
        out.extend(children(a, "pobj"))
    return out


def _purpose_of_subject(gov: Token) -> bool:
    """"took steps to enhance ...", "used tear gas to disperse ...": a purpose infinitive is the
    subject's act unless the governing verb names someone else who could do it ("gave permission
    to Russia to help")."""
    if any(c.dep_ == "dative" for c in gov.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "to" and children(c, "pobj") for c in gov.children):
        return False
    return all(o.pos_ == "NOUN" and o.ent_type_ == "" for o in children(gov, "dobj"))


# "X and Y both condemned ...", "the allies all agreed ...", "both of them": a quantifier parsed
# as the subject, with the parties hung under it
QUANTIFIER_SUBJECTS = frozenset(("both", "all", "each", "neither", "either"))


def _name_head(tok: Token) -> Token:
    """"Angela Merkel and Emmanuel Macron will meet" with "Angela" parsed as the subject and
    "Merkel" hung under it: a name's last word heads it (and carries its conjuncts). A
    quantifier subject ("X and Y both ...") gives way to the parties under it."""
    if tok.lower_ in QUANTIFIER_SUBJECTS and tok.pos_ in ("PRON", "DET", "NOUN"):
        under = [c for c in tok.children if c.dep_ in ("nmod", "npadvmod", "appos")] or [
            o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        if under:
            return under[0]
    if tok.ent_iob_ != "B":
        return tok
    ent = ent_starting_at(tok.doc, tok.i)
    if ent is None or len(ent) < 2:
        return tok
    last = ent[-1]
    return last if tok in last.ancestors else tok


def subjects(v: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject heads of the clause headed by ``v`` and whether the clause is passive.

    For a passive clause the returned heads are its logical source (the "by" phrase). Subjects
    are inherited through coordination, control ("agreed to meet"), relative clauses and
    participle modifiers.
    """
    heads, passive, _rule = named_subjects(v, depth)
    return heads, passive


def named_subjects(v: Token, depth: int = 0) -> tuple[list[Token], bool, str]:
    """``subjects`` and the name of the rule that found them: ``nsubj``, ``agent``,
    ``control:object``, ``relcl-head``, ... (inherited ones read ``conj>nsubj``: through a
    coordination, then the coordinated verb's own subject)."""
    if depth > 6:
        return [], False, "none"
    orderer = ordering_verb(v)
    if orderer is not None:
        # "the judge ordered him held", "ordered the journalists released": the one who
        # orders acts, on the one ordered
        heads, _passive, rule = named_subjects(orderer, depth + 1)
        return heads, True, f"ordered>{rule}"
    passive = is_passive(v)
    if passive:
        return agents(v), True, "agent"
    subj = children(v, *SUBJECT_DEPS)
    how = "nsubj"
    if not subj:
        # "X and Y however have opposed ...": the subject hung on the auxiliary
        subj = [s for a in children(v, "aux") for s in children(a, "nsubj")]
        how = "nsubj:aux"
    if not subj:
        # "USAID had announced ...": an acronym opening the clause, mistagged as an adverb
        subj = [
            c for c in v.lefts
            if c.dep_ in ("advmod", "npadvmod") and c.is_alpha and c.text.isupper() and len(c.text) > 1 and c.i == c.sent.start
        ]
        how = "nsubj:acronym"
    if subj:
        s = subj[0]
        if s.lower_ in RELATIVE_PRONOUNS and v.dep_ == "relcl":
            return [v.head], False, "relcl-head"
        if s.dep_ == "expl":
            return [], False, "expl"
        return [_name_head(s)], False, how
    if v.dep_ == "conj" and v.head.pos_ not in ("VERB", "AUX") and children(v.head, "nsubj"):
        # "X rejects and condemns Y" with "rejects" mistagged as a noun: its subject is shared
        return [children(v.head, "nsubj")[0]], False, "conj:shared"
    if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        matrix = misattached_conjunct(v)
        if matrix is not None:
            return _through("conj:matrix", matrix, depth)
        if is_passive(v.head) and not any(c.dep_ == "agent" for c in v.children):
            # "X was indicted by the court and will resign": X, not the court, resigns
            return passive_patients(v.head), False, "conj:passive-subject"
        return _through("conj", v.head, depth)
    if v.dep_ == "xcomp":
        head = v.head
        # Object control: "urged Pakistan to crack down" — the urged party acts.
        objs = children(head, "dobj")
        if objs and head.pos_ == "VERB":
            return [objs[0]], False, "control:object"
        for p in children(head, "prep"):
            if p.lower_ in ("on", "upon"):
                # "called on X to ...", not "decided on Thursday to ..."
                pobj = [o for o in children(p, "pobj") if o.ent_type_ not in ("DATE", "TIME")]
                if pobj:
                    return [pobj[0]], False, "control:on"
        if head.pos_ in ("ADJ",):
            return _through("xcomp", head.head, depth)
        if is_passive(head) and not agents(head):
            # "Obama is scheduled to attend", "X is expected to meet": the passive subject acts
            return passive_patients(head), False, "control:passive-subject"
        return _through("xcomp", head, depth)
    if (
        v.dep_ in ("relcl", "acl")
        and v.head.lemma_.lower() in cue_words("effort")
        and v.head.dep_ in ("dobj", "pobj")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)
    ):
        # "took steps to restore ...", "launched a drive to convince ...": the one who makes the
        # effort acts, its owner when named ("welcomed NATO's decision to send ...")
        # ("his way to say ...": a pronoun owner is the governing clause's subject, named there)
        owner = [o for o in children(v.head, "poss") if o.pos_ != "PRON"]
        if owner:
            return [owner[0]], False, "effort:owner"
        gov = v.head.head
        while gov.dep_ == "prep" and gov.head.i != gov.i:
            gov = gov.head
        if gov.pos_ in ("VERB", "AUX"):
            return _through("effort", gov, depth)
    if v.dep_ == "relcl":
        return [v.head], False, "relcl-head"
    if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.dep_ == "dobj" and v.head.head.pos_ == "VERB":
        gov = v.head.head
        if any(gov.lemma_.lower() in cue_words(kind) for kind in ("publish", "say")):
            # "X issued a statement urging Y to ...": the statement's author urges
            return _through("statement", gov, depth)
    if (v.dep_ == "acl" and v.tag_ == "VBG") or misparsed_main_verb(v):
        return [v.head], False, "acl-head"
    root = v.sent.root
    if v.dep_ == "acl" and v.tag_ == "VBD" and root.pos_ in ("NOUN", "PROPN") and root.i < v.head.i:
        # "The president, echoing the minister, called on ...": with no verb at the root, a
        # finite verb hung on a noun inside the root's modifiers is the main verb of the root noun
        return [_name_head(root)], False, "root-noun"
    if v.dep_ == "advcl" and v.tag_ == "VBG" and not children(v, "mark"):
        return _through("advcl", v.head, depth)
    if (
        v.dep_ == "advcl"
        and (v.head.lemma_.lower() in cue_words("dispatch") or _purpose_of_subject(v.head))
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)
        and not children(v, "mark")
    ):
        # a purpose infinitive after a verb of sending or going: "sent a team to investigate",
        # "flew to Kabul to meet" — the sender acts
        return _through("purpose", v.head, depth)
    # "resorted to throwing stones": a gerund under a verb's preposition shares its subject
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.head.pos_ == "ADJ" and v.head.head.dep_ == "acomp":
        # "X was guilty of violating ..."
        return _through("pcomp", v.head.head.head, depth)
    if v.dep_ == "pcomp" and _gerund(v) and v.head.head.pos_ == "VERB":
        gov = v.head.head
        # "accused X of attacking": the object is the gerund's subject; so is the object of
        # the verb's own preposition ("lashed out at X for having sent troops ...")
        objs = children(gov, "dobj") or [
            o for p in children(gov, "prep") if p.i < v.head.i and p.lower_ in OBJECT_PREPS_BEFORE_GERUND
            and v.head.lower_ in REASON_PREPS for o in children(p, "pobj")
        ]
        if objs:
            return [objs[0]], False, "pcomp:object"
        return _through("pcomp", gov, depth)
    return [], False, "none"


# "lashed out at X for ...", "turned on X for ...", "congratulated X on ...": a preposition
# that carries the verb's object
OBJECT_PREPS_BEFORE_GERUND = frozenset(("at", "on", "with", "to"))
# the preposition of a gerund that gives the reason for judging someone ("for having sent troops")
REASON_PREPS = frozenset(("for", "of"))


def _gerund(v: Token) -> bool:
    """A gerund, or its perfect ("for having sent troops")."""
    return v.tag_ == "VBG" or (v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "having" for c in v.children))


def _through(how: str, gov: Token, depth: int) -> tuple[list[Token], bool, str]:
    """The subject inherited from the governing verb ``gov``, its rule prefixed by ``how``."""
    heads, passive, rule = named_subjects(gov, depth + 1)
    return heads, passive, f"{how}>{rule}"


def ordering_verb(v: Token) -> Token | None:
    """The verb of ordering whose object a participle completes ("ordered him held",
    "ordered the prisoners released"), else None."""
    if v.tag_ != "VBN":
        return None
    order = cue_words("order")
    if v.head.i > v.i:
        return None
    if v.dep_ in ("ccomp", "xcomp", "oprd") and v.head.lemma_.lower() in order:
        return v.head
    if v.dep_ == "acl" and v.head.dep_ == "dobj" and v.head.head.lemma_.lower() in order:
        return v.head.head
    return None


def passive_patients(v: Token) -> list[Token]:
    """The grammatical subject of a passive clause (its logical object)."""
    out = children(v, *PASSIVE_SUBJECT_DEPS)
    if not out and v.dep_ != "acl" and ordering_verb(v) is not None:
        out = children(v, "nsubj") or children(v.head, "dobj")
    if not out and v.dep_ == "acl" and v.tag_ == "VBN":
        out = [v.head]
    if not out and v.dep_ == "relcl" and is_passive(v):
        out = [v.head]
    if not out and v.dep_ == "conj" and is_passive(v) and v.head.pos_ == "VERB":
        out = children(v.head, *PASSIVE_SUBJECT_DEPS)
    return out


# Right-hand prepositional phrases that belong to a named actor and say who it is ("the
# government of Peru", "officials from Kansas", "a spokesman for the Taliban", "the ambassador to
# the UN"); measured on the ConfliBERT span gold (strict F1 +0.003 over "of"/"in" alone).
NP_RIGHT_PREPS = ("of", "in", "from", "for", "to")


def noun_phrase_span(head: Token, right_preps: tuple[str, ...] = NP_RIGHT_PREPS, clauses: tuple[str, ...] = ()) -> tuple[int, int]:
    """Character span of the noun phrase: determiners, modifiers and possessors on the left,
    "of" phrases on the right, nothing of relative clauses or other prepositional phrases."""
    left = head
    for c in head.lefts:
        if c.dep_ in ("punct", "cc", "preconj") and c.i == head.left_edge.i:
            continue
        lt = c.left_edge
        if lt.i < left.i:
            left = lt
    end_tok = head
    for c in head.rights:
        if c.ent_type_ in ("DATE", "TIME"):
            break
        if c.dep_ in ("compound", "flat", "case") and c.i == end_tok.i + 1:
            end_tok = c
        elif c.dep_ == "prep" and c.lower_ in right_preps and c.i == end_tok.i + 1 and not any(
            g.ent_type_ in ("DATE", "TIME") for g in c.children if g.dep_ == "pobj"
        ) and not any(g.dep_ == "pcomp" for g in c.children):
            # "accused the minister of helping the rebels": a gerund's clause is no part of the name
            last = max(c.subtree, key=lambda t: t.i)
            if not any(t.dep_ in ("relcl", "acl") for t in c.subtree):
                end_tok = last
        elif (
            c.dep_ in clauses
            and c.left_edge.i == end_tok.i + 1
            and (c.tag_ == "VBN" or c.pos_ == "ADJ")
            # a participle with an object, a subject or a subordinator is a clause of its own
            # (often a main verb the parser hung on the noun)
            and not any(g.dep_ in ("dobj", "nsubj", "nsubjpass", "mark", "aux", "auxpass") for g in c.children)
        ):
            # "rebels loyal to X", "workers employed by X": the participle or adjective that
            # says which ones (not a clause of its own: "an announcement that ...")
            end_tok = max(c.subtree, key=lambda t: t.i)
        elif c.dep_ == "appos" and c.left_edge.i <= end_tok.i + 2:
            # "Imran Khan, Pakistan's prime minister": the apposition names the same actor
            last = max(c.subtree, key=lambda t: t.i)
            if not any(t.dep_ in ("relcl", "acl") for t in c.subtree):
                end_tok = last
    doc = head.doc
    inside = doc[left.i : end_tok.i + 1].text
    if inside.count("(") > inside.count(")") and end_tok.i + 1 < len(doc) and doc[end_tok.i + 1].text == ")":
        end_tok = doc[end_tok.i + 1]
    return left.idx, end_tok.idx + len(end_tok.text)


@lru_cache(maxsize=1)
def clause_cue_table() -> ClauseCues:
    """The event coder's modality words (``cues.tsv``) as the shared clause helpers take them."""
    return ClauseCues(
        aux=cue_values("aux"), neg=cue_values("neg"), mark=cue_values("mark"),
        control=cue_values("control"), noun=cue_values("noun"), adverb=cue_values("adverb"),
    )


def aux_modality(v: Token, reported: bool) -> list[str]:
    """Modal auxiliaries, negation and conditionals on one verb."""
    return [m for m, _ in aux_cues(v, reported)]


def aux_cues(v: Token, reported: bool) -> list[tuple[str, str]]:
    """``aux_modality`` with the word that gives each modality: (modality, cue word)."""
    return nsx.aux_cues(v, reported, clause_cue_table())


def clause_modality(v: Token, reported: bool = False) -> str:
    """Modality of the clause headed by verb ``v``: its own auxiliaries, then control verbs
    ("plans to", "is expected to", "refused to") and conditionals above it."""
    return strongest(m for m, _ in clause_cues(v, reported))


def clause_cues(v: Token, reported: bool = False) -> list[tuple[str, str]]:
    """What ``clause_modality`` weighs: each modality found with the word that gives it (the
    auxiliary, negation, control verb, noun or conditional mark)."""
    return nsx.clause_cues(v, clause_cue_table(), reported)


def marked_for(clause: Token) -> bool:
    """Whether a clause is marked "for" (a for-to infinitive: "for the president to resign")."""
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def for_to_clauses(tok: Token) -> list[Token]:
    """"called for the president to resign": a for-to infinitive after the verb (parsed as an
    adverbial clause marked "for")."""
    return [
        c for c in children(tok, "advcl")
        if c.i > tok.i and marked_for(c) and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def controlled_subjects(tok: Token) -> list[Token]:
    """"wants Putin to attack", "called for Putin to withdraw": the subject of a to-infinitive
    clause is the verb's object."""
    out: list[Token] = []
    for c in [*children(tok, "ccomp"), *for_to_clauses(tok)]:
        if any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            out.extend(children(c, "nsubj"))
    return out


# double quotation marks as spaCy's tokenizer leaves them (straight, curly, TeX-style)
QUOTE_MARKS = frozenset(('"', "\u201c", "\u201d", "''", "``", "\u201e"))


def in_direct_quote(tok: Token) -> bool:
    """Whether the token stands inside quotation marks in its sentence: an odd number of marks
    before it, or (a quotation begun in an earlier sentence) none before and an odd number after."""
    sent = tok.sent
    before = sum(1 for t in tok.doc[sent.start : tok.i] if t.text in QUOTE_MARKS)
    if before % 2:
        return True
    if before:
        return False
    return sum(1 for t in tok.doc[tok.i + 1 : sent.end] if t.text in QUOTE_MARKS) % 2 == 1


def attributing_verb(tok: Token) -> Token | None:
    """The verb that lays an act on its subject: "X is responsible for the killings", "X was
    guilty of attacks", "X was behind the bombing" (the act's noun is ``tok``)."""
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return None
    prep, gov = tok.head, tok.head.head
    if (prep.lower_ in ("for", "of") and gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "oprd")
            and gov.lemma_.lower() in cue_words("agent_adj")):
        return gov.head
    if prep.lower_ in cue_words("agent_prep") and gov.lemma_.lower() == "be":
        return gov
    return None


def reported_regions(sent: Span) -> list[ReportedRegion]:
    """(token indices of reported content, speaker heads, saying verb) for each verb of saying
    (cues ``say``), claim noun (cues ``claim``) and "according to" of the sentence."""
    return nsx.reported_regions(sent, cue_words("say"), cue_words("claim"), lambda v: subjects(v)[0])
