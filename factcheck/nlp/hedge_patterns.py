"""Hedge lexicon as versioned data (``factcheck.hedges.v1``).

A hedge is a word or phrase that weakens a claim's commitment: "allegedly", "it appears",
"may", "an estimated". Change behaviour by registering a new version, not by editing this one
once claims extracted with it are stored.
"""

from __future__ import annotations

from typing import Any

from spacy.util import registry

from factcheck.nlp.patterns import cue_lexicon_v5


def _adverbs() -> list[str]:
    """Single words that hedge wherever they stand: "reportedly killed", "the alleged attack"."""
    return [
        "allegedly",
        "reportedly",
        "apparently",
        "ostensibly",
        "purportedly",
        "supposedly",
        "seemingly",
        "possibly",
        "perhaps",
        "probably",
        "presumably",
        "unconfirmed",
        "unverified",
        "alleged",
        "purported",
        "claimed",
        "rumoured",
        "rumored",
        "suspected",
    ]


def _phrases() -> list[str]:
    """Multi-word hedges; the longest match wins ("according to unconfirmed reports")."""
    return [
        "it appears",
        "it appeared",
        "it seems",
        "it seemed",
        "it is possible that",
        "it was possible that",
        "it is possible",
        "it is likely that",
        "it is believed",
        "it was believed",
        "is believed to",
        "are believed to",
        "was believed to",
        "were believed to",
        "is thought to",
        "are thought to",
        "was thought to",
        "is said to",
        "are said to",
        "was said to",
        "were said to",
        "is alleged to",
        "are alleged to",
        "appears to",
        "appeared to",
        "seems to",
        "seemed to",
        "what appeared to be",
        "what appears to be",
        "an estimated",
        "most likely",
        "according to unconfirmed reports",
        "unconfirmed reports",
        "could not be independently verified",
        "could not be verified",
        "cannot be independently verified",
        "could not independently verify",
        "not independently verified",
    ]


def _exclusions() -> dict[str, list[str]]:
    """Words just after a hedge word (within two tokens) that make it something else.

    "claimed responsibility", "claimed the lives of" state a fact, not doubt.
    """
    return {
        "claimed": [
            "responsibility",
            "credit",
            "lives",
            "life",
            "victory",
            "title",
            "seat",
            "seats",
            "by",
        ],
    }


@registry.misc("factcheck.hedges.v1")
def hedge_lexicon_v1() -> dict[str, Any]:
    """The first hedge lexicon: adverbs/adjectives, phrases, epistemic modals and exclusions.

    Examples: "allegedly", "it is possible that", "is said to", "an estimated", "may", "might",
    "could". Modal "can" is deliberately absent: it states ability, not doubt.
    """
    return {
        "version": 1,
        "words": _adverbs(),
        "phrases": _phrases(),
        "modals": ["may", "might", "could"],
        # words after "could" that make it inability, not doubt ("could not", "could no longer")
        "inability": ["not", "n't", "no", "never", "hardly", "barely", "scarcely"],
        # a hedge outside the claim's content must lie this close (in characters) to the content,
        # cue or speaker: "It appears that A, he said", "a witness reportedly told us"
        "max_gap": 20,
        "exclusions": _exclusions(),
    }


def _epistemic() -> list[str]:
    """Words of likelihood and possibility (predictions, guesses): "likely", "maybe"."""
    return ["maybe", "likely", "unlikely", "potentially", "conceivably", "presumed"]


def _epistemic_phrases() -> list[str]:
    return ["more likely than not", "more than likely", "expected to"]


def _evidential_phrases() -> list[str]:
    """Distance from what is reported: "so-called", "claims to be", "looks to be"."""
    return [
        "so-called",
        "claim to",
        "claims to",
        "claimed to",
        "claiming to",
        "looks to be",
        "look to be",
        "looked to be",
    ]


def _raising_verbs() -> dict[str, list[str]]:
    """Raising verbs of appearance, every form: "seem" always hedges ("seems to care", "seemed
    rattled"); "appear" only with a complement ("appeared rattled", "appears to"), not a place
    ("appeared on Fox")."""
    return {
        "always": ["seem", "seems", "seemed", "seeming"],
        "with_complement": ["appear", "appears", "appeared", "appearing"],
    }


def _participles() -> list[str]:
    """Participles of belief and hearsay before "to" or "as": "believed to", "is seen as"."""
    return [
        "believed",
        "thought",
        "said",
        "alleged",
        "rumored",
        "rumoured",
        "reputed",
        "presumed",
        "perceived",
        "seen",
        "considered",
        "understood",
    ]


@registry.misc("factcheck.hedges.v2")
def hedge_lexicon_v2() -> dict[str, Any]:
    """v1 with word classes instead of examples.

    Evidential (the writer keeps a distance; as v1 they make a sentence of the article a claim):
    v1's words and phrases, every form of "seem" and of "appear" with a complement, participles
    of belief and hearsay before "to"/"as" ("believed to", "said to", "seen as"), "so-called",
    "claims to". Epistemic (likelihood; hedge a claim, make none): "likely", "unlikely", "maybe",
    "potentially", "expected to", and v1's modals. "likely voters" is a poll's term, not a hedge.
    """
    lexicon = hedge_lexicon_v1()
    exclusions = dict(lexicon["exclusions"])
    exclusions["likely"] = ["voters", "voter", "caucusgoers", "electorate"]
    return {
        **lexicon,
        "version": 2,
        "phrases": [*lexicon["phrases"], *_evidential_phrases()],
        "epistemic": _epistemic(),
        "epistemic_phrases": _epistemic_phrases(),
        "raising": _raising_verbs(),
        "participles": _participles(),
        "exclusions": exclusions,
    }


@registry.misc("factcheck.hedges.v3")
def hedge_lexicon_v3() -> dict[str, Any]:
    """v2 with three syntactic exclusions (``factcheck.nlp.hedges``), each a class of words:

    - a modal in an embedded question is asked about, not asserted ("how she could win", "what
      it might cost", "whether they may stay"): the question words;
    - a likelihood adjective before a plural noun or compared describes a group or a rate, not
      doubt ("likely voters", "more likely to vote", "more likely than Democrats"; "the likely
      nominee" still hedges);
    - a raising verb caused by another verb is a perception ("makes him seem kinder").
    """
    return {
        **hedge_lexicon_v2(),
        "version": 3,
        "question_words": ["how", "what", "whether"],
        "attributive": ["likely", "unlikely"],
        "comparatives": ["more", "less"],
        "causatives": ["make", "let"],
    }


def _evidence_verbs() -> list[str]:
    """Verbs by which evidence points without proving, every form: "the study suggests"."""
    return ["suggest", "suggests", "suggested", "suggesting"]


@registry.misc("factcheck.hedges.v4")
def hedge_lexicon_v4() -> dict[str, Any]:
    """v3 with a verb class of evidence that hedges (``factcheck.nlp.hedges``): "suggest" whose
    subject is a thing, not a person ("the study suggests", "text messages suggested that", "that
    suggests"; not "the senator suggested", which is an attribution cue). A thing is a pronoun
    of things, a word of ``finding_subjects`` (the cue lexicon's documents and findings), or a
    common noun that names no person (no role word such as "official", "spokesman")."""
    return {
        **hedge_lexicon_v3(),
        "version": 4,
        "evidence_verbs": _evidence_verbs(),
        "thing_pronouns": ["this", "that", "it", "which", "these", "those"],
        "finding_subjects": cue_lexicon_v5()["finding_subjects"],
    }
