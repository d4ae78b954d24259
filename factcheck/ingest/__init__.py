"""Reading input files into cleaned ``Article`` records: ``files`` (find files, pick the reader by
suffix, size limits), ``decode`` (bytes -> text), ``text`` (plain text and Markdown: title, byline,
date, paragraphs, boilerplate), ``boilerplate`` (the paragraph classifier and the tail rule, for
every reader), ``html`` (trafilatura), ``jsonl`` (one article a line).

May import: ``factcheck.errors``, ``factcheck.records``. Never spaCy, never the database.
"""
