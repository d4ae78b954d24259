"""Writing extracted articles to the database: ``articles`` (articles and their claims, citations,
re-ingest matching), ``canonical`` (one row per source and speaker across articles), ``edit``
(editors' merges and splits, audited; a merge leaves the redirect later ingests follow).

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.records``, ``factcheck.slugs``,
``factcheck.review.audit`` (the one audit trail). Never spaCy, never
``web``, ``cli`` or ``queries``. Functions only ``flush()``; the caller's unit of work commits.
"""
