"""Reviewing claims: ``status`` (the status rule: a claim's status and decided rating from its
verdicts, pure), ``verdicts`` (append-only verdicts, the rule applied to rows, undo, the review
summary), ``corrections`` (editors' fixes of span, speaker, evidence, citations; rejection),
``metadata`` (editors' fixes of an article's or a source's fields), ``scale`` (the rating scale),
``audit`` (the audit trail every write records).

The HTML pages and the JSON API both call these services. May import: ``factcheck.db``,
``factcheck.errors``, ``factcheck.records``, ``factcheck.accounts.users`` (roles and permissions).
Never ``web``, ``cli`` or spaCy.
"""
