"""Storage: SQLAlchemy 2.0 typed models (``models``), one engine factory and unit of work
(``session``), Alembic migrations (``migrate``, ``migrations/``), the backend-specific SQL
(``fts``: SQLite FTS5; ``counts``: the counts SQLite keeps by triggers) and row lookups shared by
the services (``repository``).

May import: ``factcheck.errors``, ``factcheck.slugs``. Never a service (``store``, ``review``,
``queries``...), ``web``, ``cli`` or spaCy.
"""
