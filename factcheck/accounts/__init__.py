"""User accounts: ``users`` (create, authenticate with Argon2id passwords, roles and permissions),
``tokens`` (API tokens, stored hashed), ``admin`` (admins list accounts, change roles, deactivate).

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.review.audit`` (admin actions are
audited). Never ``web`` or ``cli``.
"""
