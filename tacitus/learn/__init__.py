"""The learned layer beside the rules: silver-coded training data (``silver``) and the models
trained from it. Nothing here runs at coding time unless a shipped model is loaded."""

from tacitus.learn.arbiter import RootArbiter, arbitrate, shipped_arbiter
from tacitus.learn.scorer import EventScorer, score_events, shipped_scorer

__all__ = ["EventScorer", "RootArbiter", "arbitrate", "score_events", "shipped_arbiter", "shipped_scorer"]
