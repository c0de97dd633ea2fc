"""Code actors: who is who in an article, CAMEO-style, on the article's date.

Public interface (see docs/ARCHITECTURE.md): ``load_coder``, ``resolve_mentions``,
``ArticleActors.actor_of`` and ``code_entities``. Dictionaries are data files under
``tacitus/data/actors/``; users add or override actors with ``--actors FILE`` (TSV, CSV,
YAML or a PETRARCH ``.actors.txt`` dictionary).
"""

from tacitus.actors.coder import ActorCoder, load_coder
from tacitus.actors.mentions import ArticleActors, code_entities, resolve_mentions

__all__ = ["ActorCoder", "ArticleActors", "code_entities", "load_coder", "resolve_mentions"]
