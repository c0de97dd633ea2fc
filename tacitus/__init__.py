"""tacitus: news articles to political event data, with the evidence for every record."""

from tacitus.model import Article, Event

__version__ = "0.1.0"
CODER_NAME = f"tacitus.rules.v{__version__}"

__all__ = ["Article", "Event", "__version__", "CODER_NAME"]
