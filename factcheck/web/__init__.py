"""The reviewer website (Jinja2 pages) and the researcher JSON API, both FastAPI."""
