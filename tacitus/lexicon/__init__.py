"""Lexicons shared by the stages: word classes (``tacitus.lexicon.words``) and other word lists."""
