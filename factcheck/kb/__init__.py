"""The knowledge base as files: ``files`` (claims/ and sources/ files <-> database), ``read``
(reading and validating the files), ``yaml_io`` (YAML with line numbers), ``check`` (the CI
sourcing check and its policies), ``report`` (the check's report formats).

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.records``,
``factcheck.review.scale``, ``factcheck.review.status`` (the status rule, pure),
``factcheck.policies`` (the sourcing policies, shared with the graph), and in ``files``
``factcheck.review.verdicts`` (the claim's status stored on import). ``read``, ``yaml_io``,
``check`` and ``report`` never touch the database. Never ``web``, ``cli`` or spaCy.
"""
