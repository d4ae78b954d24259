"""A fine-tuned sentence encoder for the sentences the linear check-worthiness model is unsure of.

The linear model of ``factcheck.nlp.checkworthiness`` is cheap and decides most sentences with
confidence. A sentence whose linear score falls inside a band (``EncoderStack.low`` to ``high``) is
also read by a small transformer: the first layers of all-MiniLM-L6-v2 (Apache-2.0), fine-tuned on
the CheckThat! training sentences, exported to ONNX and quantized to int8
(``models/checkworthiness_encoder.onnx``), with its WordPiece tokenizer
(``models/checkworthiness_tokenizer.json``). Its logit and the linear margin are combined by a
two-weight logistic regression fitted on training sentences the encoder never saw
(``models/checkworthiness_stack.json``), so the score stays a calibrated probability.

Run time needs ``onnxruntime`` and ``tokenizers`` only (no torch; nothing is downloaded). Each
sentence is encoded on its own, at most ``MAX_TOKENS`` word pieces, on one thread: no padding,
and its logit does not depend on the other sentences asked with it (the int8 model quantizes its
activations with one scale per call, so sentences encoded together would move each other's
logits, by up to 0.48 on PolNeAR dev news).
``factcheck.nlp.checkworthiness_encoder_train`` trains it (``make train-checkworthiness``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODELS = Path(__file__).resolve().parent / "models"
ENCODER_PATH = MODELS / "checkworthiness_encoder.onnx"
TOKENIZER_PATH = MODELS / "checkworthiness_tokenizer.json"
STACK_PATH = MODELS / "checkworthiness_stack.json"
MAX_TOKENS = 40  # word pieces read at run time (trained on 64: the tail of a long sentence costs
# time and hardly changes the score; held-out F1 0.725 at 64, 0.722 at 40)
TRAIN_MAX_TOKENS = 64


def load_tokenizer(path: Path = TOKENIZER_PATH, max_tokens: int = MAX_TOKENS) -> Any:
    """The WordPiece tokenizer, truncating to ``max_tokens`` and never padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens)
    return tokenizer


class SentenceEncoder:
    """The quantized ONNX encoder: a check-worthiness logit per text."""

    def __init__(self, model_path: Path = ENCODER_PATH, tokenizer_path: Path = TOKENIZER_PATH):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = load_tokenizer(tokenizer_path)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The encoder's logit for each text (in order), each encoded alone."""
        out = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return out
        for row, text in enumerate(texts):  # one call per text: see the module's docstring
            ids = np.array([self.tokenizer.encode(text).ids], dtype=np.int64)
            result = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            out[row] = np.asarray(result[0]).reshape(-1)[0]
        return out


@dataclass(frozen=True)
class EncoderStack:
    """When the encoder is asked (linear probability in [low, high]) and how its logit and the
    linear margin make the score: p = sigmoid(w_margin * margin + w_logit * logit + bias)."""

    low: float
    high: float
    w_margin: float
    w_logit: float
    bias: float
    threshold: float
    meta: dict[str, object]

    @classmethod
    def load(cls, path: Path = STACK_PATH) -> EncoderStack:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            **{k: data[k] for k in ("low", "high", "w_margin", "w_logit", "bias", "threshold")},
            meta=data.get("meta", {}),
        )

    def save(self, path: Path) -> None:
        data = {
            "low": self.low,
            "high": self.high,
            "w_margin": self.w_margin,
            "w_logit": self.w_logit,
            "bias": self.bias,
            "threshold": self.threshold,
            "meta": self.meta,
        }
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def in_band(self, probability: float) -> bool:
        """Whether the encoder is asked about a sentence of this linear probability."""
        return self.low <= probability <= self.high

    def probability(self, margin: float, logit: float) -> float:
        """The combined, calibrated probability."""
        z = self.w_margin * margin + self.w_logit * logit + self.bias
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


class HybridModel:
    """The linear model everywhere, the encoder inside the band."""

    def __init__(self, stack: EncoderStack, encoder: SentenceEncoder) -> None:
        self.stack = stack
        self.encoder = encoder

    @classmethod
    def load(cls) -> HybridModel:
        return cls(EncoderStack.load(), SentenceEncoder())

    def combine(
        self, margins: Sequence[float], probabilities: Sequence[float], texts: Sequence[str]
    ) -> list[float]:
        """Final scores: the linear ``probabilities``, replaced inside the band by the stack of the
        linear ``margins`` and the encoder's logit for ``texts``."""
        asked = [i for i, p in enumerate(probabilities) if self.stack.in_band(p)]
        scores = list(probabilities)
        logits = self.encoder.logits([texts[i] for i in asked])
        for i, logit in zip(asked, logits, strict=True):
            scores[i] = self.stack.probability(margins[i], float(logit))
        return scores
