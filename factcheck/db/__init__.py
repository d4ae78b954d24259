"""Storage: SQLAlchemy 2.0 typed models, one engine factory, Alembic migrations."""
