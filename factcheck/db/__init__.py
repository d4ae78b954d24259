"""Storage: SQLAlchemy 2.0 typed models (``models``), one engine factory and unit of work
(``session``), Alembic migrations (``migrate``, ``migrations/``), the backend-specific SQL
(``fts``: SQLite FTS5; ``counts``: the counts SQLite keeps by triggers) and row lookups shared by
the services (``repository``).

May import: ``factcheck.errors``, ``factcheck.slugs``, and in a data migration the pure status rule
(``factcheck.review.status``: migration 0008 derives every claim's status again). Never a service
(``store``, ``review``, ``queries``...), ``web``, ``cli`` or spaCy.
"""
