"""Training of the attribution tagger: corpus conversion and the ``spacy train`` config.

Used only at training time (``make train-attribution``); the running pipeline never imports it.
May import spaCy and ``factcheck.extract`` (for the text the pipeline parses), nothing else.
"""
