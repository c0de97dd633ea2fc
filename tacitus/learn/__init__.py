"""The learned layer beside the rules: silver-coded training data (``silver``) and the models
trained from it. Nothing here runs at coding time unless a shipped model is loaded."""

from tacitus.learn.scorer import EventScorer, score_events, shipped_scorer

__all__ = ["EventScorer", "score_events", "shipped_scorer"]
