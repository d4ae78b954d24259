"""Reviewing claims: ``verdicts`` (append-only verdicts, the status rule, undo), ``corrections``
(editors' fixes of span, speaker, evidence, citations; rejection), ``scale`` (the rating scale),
``audit`` (the audit trail every write records).

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.records``,
``factcheck.accounts.users`` (roles and permissions). Never ``web``, ``cli`` or spaCy.
"""
