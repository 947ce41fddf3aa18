"""storyline: many news reports about a developing story -> one sourced account.

The public API::

    import storyline
    report = storyline.analyze(["reports/"], words=200)
    print(report.summary.sentences[0].text, report.summary.sentences[0].citations)
"""

from .model import Article, Span, StoryReport, Summary, SummarySentence
from .pipeline import analyze

__all__ = ["Article", "Span", "StoryReport", "Summary", "SummarySentence", "analyze"]
__version__ = "0.1.0"
