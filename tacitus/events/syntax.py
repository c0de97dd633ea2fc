"""Dependency-parse helpers: who is the subject of a clause, its objects, its modality.

Labels are those of spaCy's English models (ClearNLP style: nsubj, nsubjpass, dobj, dative,
agent, pobj, xcomp, ccomp, relcl, acl, advcl, conj, appos, poss, compound, neg, aux, mark).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from tacitus.events.tables import cues

SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
RELATIVE_PRONOUNS = frozenset(("who", "which", "that", "whom", "whose"))
NOMINAL_POS = frozenset(("NOUN", "PROPN", "PRON", "NUM", "X"))
# Modality precedence: the strongest cue on a clause wins.
MODALITY_RANK = {
    "negated": 6,
    "hypothetical": 5,
    "requested": 4,
    "intended": 3,
    "future": 2,
    "historical": 1,
    "asserted": 0,
}


def strongest_cue(found: Iterable[tuple[str, str | None]]) -> tuple[str, str | None]:
    """The strongest (modality, cue word) pair; ("asserted", None) when there is none."""
    best: tuple[str, str | None] = ("asserted", None)
    for m, cue in found:
        if MODALITY_RANK.get(m, 0) > MODALITY_RANK[best[0]]:
            best = (m, cue)
    return best


def strongest(modalities: Iterable[str]) -> str:
    best = "asserted"
    for m in modalities:
        if MODALITY_RANK.get(m, 0) > MODALITY_RANK[best]:
            best = m
    return best


INFLECTIONS = (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def lemma_forms(tok: Token) -> Iterator[str]:
    """The token's lemma, then its form and plain de-inflections of it, for the lemmatizer's
    slips ("hopes" → "hop"); lazily, as callers stop at the first form they know."""
    low = tok.lower_
    yield tok.lemma_.lower()
    yield low
    for suffix, repl in INFLECTIONS:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            yield low[: len(low) - len(suffix)] + repl


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


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


def _name_head(tok: Token) -> Token:
    """"Angela Merkel and Emmanuel Macron will meet" with "Angela" parsed as the subject and
    "Merkel" hung under it: a name's last word heads it (and carries its conjuncts)."""
    if tok.ent_iob_ != "B":
        return tok
    ent = next((e for e in tok.doc.ents if e.start == tok.i), None)
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
        and v.head.lemma_.lower() in cues().get("effort", {})
        and v.head.dep_ in ("dobj", "pobj")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)
    ):
        # "took steps to restore ...", "launched a drive to convince ...": the one who makes the
        # effort acts, its owner when named ("welcomed NATO's decision to send ...")
        owner = children(v.head, "poss")
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
        table = cues()
        if any(gov.lemma_.lower() in table.get(kind, {}) for kind in ("publish", "say")):
            # "X issued a statement urging Y to ...": the statement's author urges
            return _through("statement", gov, depth)
    if (v.dep_ == "acl" and v.tag_ == "VBG") or misparsed_main_verb(v):
        return [v.head], False, "acl-head"
    if v.dep_ == "advcl" and v.tag_ == "VBG" and not children(v, "mark"):
        return _through("advcl", v.head, depth)
    if (
        v.dep_ == "advcl"
        and (v.head.lemma_.lower() in cues().get("dispatch", {}) or _purpose_of_subject(v.head))
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
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.head.pos_ == "VERB":
        gov = v.head.head
        # "accused X of attacking": the object is the gerund's subject
        objs = children(gov, "dobj")
        if objs:
            return [objs[0]], False, "pcomp:object"
        return _through("pcomp", gov, depth)
    return [], False, "none"


def _through(how: str, gov: Token, depth: int) -> tuple[list[Token], bool, str]:
    """The subject inherited from the governing verb ``gov``, its rule prefixed by ``how``."""
    heads, passive, rule = named_subjects(gov, depth + 1)
    return heads, passive, f"{how}>{rule}"


def passive_patients(v: Token) -> list[Token]:
    """The grammatical subject of a passive clause (its logical object)."""
    out = children(v, *PASSIVE_SUBJECT_DEPS)
    if not out and v.dep_ == "acl" and v.tag_ == "VBN":
        out = [v.head]
    if not out and v.dep_ == "relcl" and is_passive(v):
        out = [v.head]
    if not out and v.dep_ == "conj" and is_passive(v) and v.head.pos_ == "VERB":
        out = children(v.head, *PASSIVE_SUBJECT_DEPS)
    return out


# "pulled out of X", "moved away from X": a particle parsed as a preposition carrying the real one
COMPOUND_PREP_HEADS = ("out", "away", "back", "off", "up", "down")


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in wanted:
            out.extend(children(p, "pobj"))
        elif p.dep_ in ("prep", "prt", "advmod") and p.lower_ in COMPOUND_PREP_HEADS:
            for q in children(p, "prep"):
                if q.lower_ in wanted:
                    out.extend(children(q, "pobj"))
    return out


# Right-hand prepositional phrases that belong to a named actor and say who it is ("the
# government of Peru", "officials from Kansas", "a spokesman for the Taliban", "the ambassador to
# the UN"); measured on the ConfliBERT span gold (strict F1 +0.003 over "of"/"in" alone).
NP_RIGHT_PREPS = ("of", "in", "from", "for", "to")


def noun_phrase_span(head: Token, right_preps: tuple[str, ...] = NP_RIGHT_PREPS) -> tuple[int, int]:
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
        ):
            last = max(c.subtree, key=lambda t: t.i)
            if not any(t.dep_ in ("relcl", "acl") for t in c.subtree):
                end_tok = last
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


def clause_verb(tok: Token) -> Token:
    """The verb whose clause contains ``tok`` (itself for verbs)."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def aux_modality(v: Token, reported: bool) -> list[str]:
    """Modal auxiliaries, negation and conditionals on one verb."""
    return [m for m, _ in aux_cues(v, reported)]


def aux_cues(v: Token, reported: bool) -> list[tuple[str, str]]:
    """``aux_modality`` with the word that gives each modality: (modality, cue word)."""
    table = cues()
    aux = table.get("aux", {})
    neg = table.get("neg", {})
    mark = table.get("mark", {})
    found: list[tuple[str, str]] = []
    for c in v.children:
        lw = c.lower_
        if c.dep_ == "neg" and (lw in neg or c.lemma_.lower() in neg):
            found.append(("negated", c.text))
        elif c.dep_ == "aux" and (lw in aux or c.lemma_.lower() in aux):
            m = aux.get(lw) or aux.get(c.lemma_.lower(), "asserted")
            # In reported speech "would" is the past of "will".
            if reported and lw in ("would", "'d"):
                m = "future"
            found.append((m, c.text))
        elif c.dep_ == "aux" and lw == "going":
            found.append(("future", c.text))
        elif c.dep_ == "mark" and lw in mark:
            found.append((mark[lw], c.text))
    if v.dep_ == "advcl":
        for c in v.children:
            if c.dep_ == "mark" and c.lower_ in mark:
                found.append((mark[c.lower_], c.text))
    return found


def clause_modality(v: Token, reported: bool = False) -> str:
    """Modality of the clause headed by verb ``v``: its own auxiliaries, then control verbs
    ("plans to", "is expected to", "refused to") and conditionals above it."""
    return strongest(m for m, _ in clause_cues(v, reported))


def clause_cues(v: Token, reported: bool = False) -> list[tuple[str, str]]:
    """What ``clause_modality`` weighs: each modality found with the word that gives it (the
    auxiliary, negation, control verb, noun or conditional mark)."""
    control = cues().get("control", {})
    found = aux_cues(v, reported)
    t = v
    for _ in range(6):
        if t.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or t.head.i == t.i:
            break
        head = t.head
        if t.dep_ == "xcomp":
            lemma = next((f for f in lemma_forms(head) if f in control), None)
            if lemma is not None:
                found.append((control[lemma], head.text))
            found.extend(aux_cues(head, reported))
        elif t.dep_ == "conj":
            found.extend(mc for mc in aux_cues(head, reported) if mc[0] != "negated")
        elif t.dep_ == "advcl":
            break
        else:
            break
        t = head
    if v.dep_ in ("acl", "relcl") and v.head.pos_ == "NOUN" and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children):
        # "its plan to deploy troops", "a threat to impose sanctions": the noun says how real the act is
        noun = cues().get("noun", {})
        form = next((f for f in lemma_forms(v.head) if f in noun), None)
        if form is not None:
            found.append((noun[form], v.head.text))
    if v.dep_ == "advcl" or (v.head.dep_ == "advcl" and v.dep_ == "conj"):
        base = v if v.dep_ == "advcl" else v.head
        cond = next((c for c in base.children if c.dep_ == "mark" and c.lower_ in cues().get("mark", {})), None)
        if cond is not None:
            found.append(("hypothetical", cond.text))
    return found


def controlled_subjects(tok: Token) -> list[Token]:
    """"wants Putin to attack": the subject of a to-infinitive clause is the verb's object."""
    out: list[Token] = []
    for c in children(tok, "ccomp"):
        if any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            out.extend(children(c, "nsubj"))
    return out


def reported_regions(sent: Span) -> list[tuple[set[int], list[Token], Token]]:
    """(token indices of reported content, speaker heads, saying verb) for each saying verb."""
    say = cues().get("say", {})
    out = []
    for tok in sent:
        made_clear = tok.lemma_.lower() == "make" and any(c.lower_ == "clear" for c in tok.children)
        if tok.pos_ != "VERB" or (tok.lemma_.lower() not in say and not made_clear):
            # "X made it clear that it would refuse ..." says so as much as "said"
            continue
        speaker, passive = subjects(tok)
        region: set[int] = set()
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                region |= {t.i for t in c.subtree}
        if tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i and not region):
            own = {t.i for t in tok.subtree}
            region |= {t.i for t in tok.head.subtree} - own
        if region and speaker:
            out.append((region, speaker, tok))
    claim = cues().get("claim", {})
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in claim:
            continue
        # "an allegation that he attacked ...": the content of a claim is reported, by whoever
        # made it (often unnamed)
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                spk = children(tok, "poss") + prep_objects(tok, ("by", "from"))
                out.append(({t.i for t in c.subtree}, spk, tok))
    for tok in sent:
        if tok.lower_ == "according":
            for p in tok.children:
                if p.lower_ == "to":
                    spk = children(p, "pobj")
                    if spk:
                        region = {t.i for t in sent} - {t.i for t in tok.subtree}
                        out.append((region, spk, tok))
    return out
