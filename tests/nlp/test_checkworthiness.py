"""The trained check-worthiness model: its training path, the shipped weights, dev F1."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from factcheck.nlp.checkworthiness import (
    MODEL_PATH,
    CheckworthinessModel,
    dense_features,
    feature_groups,
    sparse_features,
)
from factcheck.nlp.checkworthiness_encoder import (
    ENCODER_PATH,
    STACK_PATH,
    TOKENIZER_PATH,
    EncoderStack,
)
from factcheck.nlp.checkworthiness_train import (
    auc,
    f1,
    featurize,
    labelled,
    reliability,
    train,
)
from factcheck.nlp.checkworthiness_train import main as train_main
from factcheck.nlp.sentence_scores import score_texts
from factcheck.sentences import read_sentences
from tests.extracting import extract_text

pytestmark = pytest.mark.model
DEV = Path(__file__).resolve().parents[2] / ".." / "shared/data/checkworthiness/ct24_en_dev.tsv"

# Written for this test: factual statements with figures (Yes) against greetings, thanks and
# opinions (No).
WORTHY = [
    "Unemployment fell to 4.1 percent in 2019, the lowest rate in fifty years.",
    "The state spent $3 billion on prisons last year, twice what it spent on colleges.",
    "Crime in our largest cities rose by 12 percent after the program was cut.",
    "Ten million families lost their health insurance under the new law.",
    "The tax cut added 1.9 trillion dollars to the national debt.",
    "Exports to China doubled between 2010 and 2016.",
    "The senator voted against the veterans bill four times.",
    "Forty percent of the bridges in this state are rated structurally deficient.",
]
NOT_WORTHY = [
    "Thank you all for coming tonight.",
    "I love this country and I love its people.",
    "Good evening, and welcome to the debate.",
    "We need to come together as a nation.",
    "I think my opponent means well.",
    "Let me answer the question.",
    "It is a great honor to be here with you.",
    "That is a wonderful question, thank you.",
]


def test_training_on_a_handful_of_sentences_gives_a_model_that_ranks_them(
    nlp: Language, tmp_path: Path
) -> None:
    texts = WORTHY + NOT_WORTHY
    labels = np.array([True] * len(WORTHY) + [False] * len(NOT_WORTHY))
    model, figures = train(featurize(nlp, texts), labels, seed=0, c=10.0, folds=2)
    model.save(tmp_path / "cw.npz")
    loaded = CheckworthinessModel.load(tmp_path / "cw.npz")
    assert loaded.threshold == model.threshold and 0.0 <= figures["cv_f1"] <= 1.0
    margins = [loaded.margin(doc[:]) for doc in nlp.pipe(texts)]
    assert min(margins[: len(WORTHY)]) > max(margins[len(WORTHY) :])
    unseen = ["Wages rose by 7 percent in 2022.", "Thank you, and good night."]
    high, low = [loaded.margin(doc[:]) for doc in nlp.pipe(unseen)]
    assert high > low


def test_the_shipped_weights_load_from_the_package_and_are_small() -> None:
    model = CheckworthinessModel.load()
    assert MODEL_PATH.stat().st_size < 30_000_000
    assert model.meta["train_file"] == "ct24_en_train.tsv" and model.meta["seed"] == 0
    assert 0.05 <= model.threshold <= 0.95 and model.scale > 0


def test_reliability_bins_cover_every_score() -> None:
    probs = np.array([0.05, 0.15, 0.15, 0.95, 1.0])
    table = reliability(probs, np.array([False, False, True, True, True]))
    assert [row[:2] for row in table] == [("0.0-0.1", 1), ("0.1-0.2", 2), ("0.9-1.0", 2)]
    assert table[1][3] == 0.5


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0.9, 0.8, 0.2, 0.1], 1.0),
        ([0.1, 0.2, 0.8, 0.9], 0.0),
        ([0.5, 0.5, 0.5, 0.5], 0.5),
        ([0.9, 0.3, 0.5, 0.1], 0.75),
    ],
)
def test_auc_is_the_chance_that_a_yes_outscores_a_no(scores: list[float], expected: float) -> None:
    assert auc(np.array(scores), np.array([True, True, False, False])) == pytest.approx(expected)


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="CheckThat! dev split not present")
def test_dev_f1_of_the_shipped_model(nlp: Language) -> None:
    texts, labels = labelled(read_sentences(DEV))
    results = list(score_texts(nlp, texts))
    predicted = np.array([r.check_worthy for r in results])
    everything = np.ones(len(labels), dtype=bool)
    # linear model and encoder: 0.715 and 0.906 measured when the weights were trained (the
    # linear model alone: 0.691, 0.901); saying Yes to all: 0.384
    assert f1(predicted, labels) >= 0.705 > f1(everything, labels)
    assert auc(np.array([r.score for r in results]), labels) >= 0.90


def test_author_claims_use_the_trained_score_and_carry_signals(nlp: Language) -> None:
    text = (
        "The ferry company carried 2.1 million passengers in 2024, up from 1.6 million.\n\n"
        "We have published more than 400 stories about the ferry since 2019.\n\n"
        "It was a lovely morning on the quay.\n"
    )
    authored = [c for c in extract_text(text, nlp).claims if c.kind == "author"]
    assert [c.text[:22] for c in authored] == ["The ferry company carr"]
    assert authored[0].checkworthiness >= 0.5
    assert {"number", "date"} <= set(authored[0].checkworthiness_signals)


def test_the_margin_adds_the_sparse_weights_in_the_order_of_the_features_bit_for_bit(
    nlp: Language,
) -> None:
    # Written for this test; some have two features in one bucket, which then add up.
    texts = WORTHY[:3] + [
        "According to the council's budget documents, the housing levy raised 18 million "
        "dollars last year, of which less than half was spent on new affordable units in the "
        "city's poorer districts.",
        "Café prices in Zürich rose 3.5 % — the ﬁrst rise since 2015 .",
    ]
    model = CheckworthinessModel.load()
    collided = 0
    for doc in nlp.pipe(texts):
        span = doc[:]
        feats = sparse_features(span, ["number"])
        names = sum(len(names) for _, names in feature_groups(span, ["number"]))
        collided += len(feats) < names
        dense = float(model.dense @ dense_features(span, len(model.dense)))
        loop = 0.0
        for key, value in feats.items():
            loop += float(model.sparse[key]) * value
        assert model.margin(span, ["number"]) == model.bias + dense + loop
    assert collided >= 1  # the path of colliding buckets ran


def test_the_margins_of_many_spans_at_once_are_each_spans_own_bit_for_bit(nlp: Language) -> None:
    # Written for this test: sentences of a document read together, with a word holding a NUL
    # (numpy would drop it: such a span is read on its own), an empty span and a sentence of
    # more words than a shared row takes.
    text = (
        "The council raised the levy by 18 percent in 2023. Nobody came. "
        "Prices in Zürich rose 3.5 % — the ﬁrst rise since 2015 ! "
        + "The ferry carried more passengers than ever before and " * 30
        + "nothing else. The mayor said the a\0b budget was balanced."
    )
    doc = nlp(text)
    spans = [*doc.sents, doc[0:0], doc[:]]
    signals = [["number"] if i % 2 else [] for i in range(len(spans))]
    model = CheckworthinessModel.load()
    alone = [model.margin(span, sig) for span, sig in zip(spans, signals, strict=True)]
    assert model.margins(spans, signals) == alone
    assert any(len(span) > 200 for span in spans)
    assert any("\0" in span.text for span in spans)


def test_keep_encoder_refits_the_linear_model_and_the_stack_around_the_installed_encoder(
    tmp_path: Path,
) -> None:
    """``--keep-encoder``: no fine-tuning (no torch); the installed encoder is read as it is, its
    training settings stay in the stack's meta, and the stack is fitted on its logits."""
    shipped = MODEL_PATH.parent
    for name in (ENCODER_PATH.name, TOKENIZER_PATH.name, STACK_PATH.name):
        shutil.copy(shipped / name, tmp_path / name)
    rows = [
        f"{i}\t{text}\t{'Yes' if i < len(WORTHY) else 'No'}"
        for i, text in enumerate(WORTHY + NOT_WORTHY)
    ]
    (tmp_path / "train.tsv").write_text("Sentence_id\tText\tclass_label\n" + "\n".join(rows) + "\n")
    encoder_before = (tmp_path / ENCODER_PATH.name).read_bytes()
    shipped_meta = EncoderStack.load(shipped / STACK_PATH.name).meta
    args = ["--train", str(tmp_path / "train.tsv"), "--out", str(tmp_path / MODEL_PATH.name)]
    train_main([*args, "--keep-encoder", "--band", "0", "1", "--c", "10"])
    assert (tmp_path / ENCODER_PATH.name).read_bytes() == encoder_before
    stack = EncoderStack.load(tmp_path / STACK_PATH.name)
    assert (stack.low, stack.high) == (0.0, 1.0)
    assert stack.meta["encoder_kept"] is True
    assert stack.meta["layers"] == shipped_meta["layers"] and stack.meta["lr"] == shipped_meta["lr"]
    assert stack.meta["band_share"] == 1.0 and CheckworthinessModel.load(tmp_path / MODEL_PATH.name)


def test_gram_keys_order_n_grams_as_their_strings() -> None:
    from factcheck.nlp.checkworthiness import _gram_keys

    grams = ["ab", "ab ", "abc", " a", "’s ", "—", "é t", "a\U0010ffff", "zz", "\x01a", "abcde"]
    grams += ["abcdf", "abcd", "ab\u2019", "ab\u2018x"]
    assert sorted(grams, key=_gram_keys) == sorted(grams)
