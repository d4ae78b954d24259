"""The reviewer website (Jinja2 pages) and the researcher JSON API, both FastAPI.

``app`` (``create_app``: every router is included there, the one error shape), ``deps`` (the
database, the current user and roles, rendering), ``session`` (signed session cookie, CSRF),
``auth`` (login and logout pages), ``params`` (query strings), ``schemas`` (the API's models),
``api`` / ``review_api`` / ``graph_routes`` (JSON), ``pages`` / ``review_pages`` /
``edit_pages`` / ``merge_pages`` / ``users_pages`` (HTML), ``forms`` (what the HTML forms share:
the posted form, errors shown with the form, the redirect after a save), ``highlight`` (claims
marked in text), ``security`` (headers), ``docs`` (the OpenAPI pages, served offline).

Thin: a route parses its input, calls one service (``queries``, ``review``, ``store``,
``accounts``, ``graph``) and formats the result; no SQL here. May import every package but
``cli``; never spaCy.
"""
