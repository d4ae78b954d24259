"""factcheck: a claim-level fact-checking knowledge base.

Articles go in; attributed claims come out (who said what, with which cue, hedged how, resting on
what evidence); they are stored with links to canonical cited sources, reviewed in a browser,
queried over JSON and checked in CI.
"""

__version__ = "0.1.0"
