"""Code actors (initial minimal version; the actors stage replaces this)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tacitus.model import Actor, Entity


@dataclass
class ActorCoder:
    user_files: list[str]


@dataclass
class ArticleActors:
    doc: Any
    coder: ActorCoder
    published: str | None

    def actor_of(self, span_or_token: Any) -> Actor | None:
        return None


def load_coder(user_files: list[str]) -> ActorCoder:
    return ActorCoder(list(user_files))


def resolve_mentions(doc: Any, coder: ActorCoder, published: str | None) -> ArticleActors:
    return ArticleActors(doc, coder, published)


def code_entities(doc: Any, mentions: ArticleActors) -> list[Entity]:
    return [Entity(e.text, e.start_char, e.end_char, e.label_, None, mentions.actor_of(e)) for e in doc.ents]
