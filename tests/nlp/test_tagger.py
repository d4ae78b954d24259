"""The trained attribution tagger: its training path, its factory and its round trip to disk.

A tiny model is trained here with the repository's own config on hand-made sentences (written for
this test), so the path from DocBin to a loadable component is exercised end to end.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy
import pytest
import spacy
import srsly
from spacy.cli.train import train
from spacy.tokens import DocBin

import factcheck.nlp.tagger as tagger_module
from factcheck.config import Settings
from factcheck.errors import ConfigError
from factcheck.nlp import build_nlp
from factcheck.nlp.tagger import LABELS, MODEL_DIR, TAGGED_KEY, TRANSITIONS, BioDecoder
from factcheck.nlp.training.package import install, write_transitions
from factcheck.nlp.training.polnear import tagged_doc
from tests.conftest import REPO
from tests.extracting import extract_text
from tests.nlp.roundtrip import reloaded, spans_of

pytestmark = [pytest.mark.model, pytest.mark.slow]

CONFIG = REPO / "factcheck/nlp/training/attribution.cfg"
# (text, [(role, fragment)]) written for this test
EXAMPLES = [
    (
        "Mayor Ines Quorvella said the ferry will run again in April.",
        ["Mayor Ines Quorvella", "said"],
    ),
    ("The union claimed that wages had fallen for years.", ["The union", "claimed"]),
    ("Doctors warned the clinic could close next month.", ["Doctors", "warned"]),
    ("Officials believe the river is safe to swim in.", ["Officials", "believe"]),
    ("The coach insisted the team had trained hard.", ["The coach", "insisted"]),
    ("Farmers argued the new tax would ruin them.", ["Farmers", "argued"]),
]


def _annotations(text: str, source: str, cue: str) -> list[dict[str, list[tuple[int, int]]]]:
    s = text.index(source)
    c = text.index(cue, s + len(source))
    content_start = c + len(cue) + 1
    return [
        {
            "source": [(s, s + len(source))],
            "cue": [(c, c + len(cue))],
            "content": [(content_start, len(text) - 1)],
        }
    ]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's config trained for a few steps on the hand-made examples."""
    work = tmp_path_factory.mktemp("tagger")
    nlp = spacy.blank("en")
    docs = [tagged_doc(nlp, t, _annotations(t, *roles)) for t, roles in EXAMPLES]
    DocBin(docs=docs * 4).to_disk(work / "train.spacy")
    DocBin(docs=docs).to_disk(work / "dev.spacy")
    overrides = {
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "training.max_steps": 60,
        "training.eval_frequency": 20,
        "training.batcher.size.start": 40,
    }
    train(CONFIG, work / "out", overrides=overrides)
    return work / "out" / "model-best"


def _tagged(doc: spacy.tokens.Doc) -> list[list[object]]:
    return [[s.start_char, s.end_char, s.label_] for s in doc.spans[TAGGED_KEY]]


BIO_TAGS = {"O"} | {f"{p}-{label}" for label in LABELS for p in "BI"}


def test_the_training_path_learns_the_hand_made_examples(tiny_model: Path) -> None:
    trained = spacy.load(tiny_model)
    assert {"B-CUE", "B-CONTENT", "I-CONTENT"} <= set(trained.get_pipe("bio").labels) <= BIO_TAGS
    doc = trained(EXAMPLES[0][0])
    assert [t.tag_ for t in doc if t.text == "said"] == ["B-CUE"]


def test_the_component_builds_from_config_and_tags(tiny_model: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_attribution_tagger", config={"model_dir": str(tiny_model)})
    doc = nlp(EXAMPLES[1][0])
    assert {label for *_, label in _tagged(doc)} <= set(LABELS)
    assert [doc.text[s:e] for s, e, label in _tagged(doc) if label == "CUE"] == ["claimed"]


def test_the_component_round_trips_through_disk_in_a_fresh_process(
    tiny_model: Path, tmp_path: Path
) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_attribution_tagger", config={"model_dir": str(tiny_model)})
    text = EXAMPLES[2][0]
    expected = spans_of(nlp(text))[TAGGED_KEY]
    assert reloaded(nlp, tmp_path, text)["spans"][TAGGED_KEY] == expected
    assert expected


def test_the_installed_model_keeps_no_corpus_words_and_tags_alike(
    tiny_model: Path, tmp_path: Path
) -> None:
    install(tiny_model, tmp_path / "installed", Settings().spacy_model)
    strings = (tmp_path / "installed/vocab/strings.json").read_text(encoding="utf-8")
    assert "Quorvella" in (tiny_model / "vocab/strings.json").read_text(encoding="utf-8")
    assert "Quorvella" not in strings
    text = EXAMPLES[3][0]
    before, after = spacy.load(tiny_model)(text), spacy.load(tmp_path / "installed")(text)
    assert [t.tag_ for t in before] == [t.tag_ for t in after]
    assert {t.tag_ for t in after} & {"B-CUE", "I-CUE"}


def test_the_installed_model_keeps_the_transition_counts_through_a_round_trip(
    tiny_model: Path, tmp_path: Path
) -> None:
    docs = list(
        DocBin()
        .from_disk(tiny_model.parent.parent / "train.spacy")
        .get_docs(spacy.blank("en").vocab)
    )
    install(tiny_model, tmp_path / "installed", Settings().spacy_model)
    write_transitions(tmp_path / "installed", tiny_model.parent.parent / "train.spacy")
    saved = srsly.read_json(tmp_path / "installed" / TRANSITIONS)
    tags = saved["tags"]
    counts = dict(zip(tags, saved["counts"], strict=True))
    # every token of the examples is counted once, after the one before it (or O)
    assert sum(map(sum, saved["counts"])) == sum(len(d) for d in docs)
    assert counts["O"][tags.index("I-CONTENT")] == 0  # an I only inside a span
    assert counts["B-CONTENT"][tags.index("I-CONTENT")] == len(EXAMPLES) * 4
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_attribution_tagger", config={"model_dir": str(tmp_path / "installed")})
    text = EXAMPLES[4][0]
    assert reloaded(nlp, tmp_path, text)["spans"][TAGGED_KEY] == spans_of(nlp(text))[TAGGED_KEY]
    assert (tmp_path / "pipeline/factcheck_attribution_tagger/model" / TRANSITIONS).is_file()


def test_the_decoder_keeps_the_bio_structure() -> None:
    tags = ("B-CONTENT", "B-CUE", "I-CONTENT", "I-CUE", "O")
    # token by token the likeliest tags would be O, I-CONTENT, I-CONTENT, O, B-CUE, I-CONTENT:
    # an I that follows an O opens no span, and an I-CONTENT after a cue is no part of it
    scores = numpy.array(
        [
            [0.05, 0.05, 0.05, 0.05, 0.80],
            [0.40, 0.00, 0.45, 0.00, 0.15],
            [0.05, 0.00, 0.90, 0.00, 0.05],
            [0.05, 0.05, 0.05, 0.05, 0.80],
            [0.10, 0.60, 0.05, 0.05, 0.20],
            [0.05, 0.05, 0.50, 0.35, 0.05],
        ]
    )
    assert BioDecoder(tags).spans(scores) == [(1, 3, "CONTENT"), (4, 6, "CUE")]


def _stretch_by_stretch(decoder: BioDecoder, scores: numpy.ndarray) -> numpy.ndarray:
    """The definition: Viterbi over each stretch between sure tokens alone, in a plain loop."""
    o, trans = decoder.outside, decoder.log_trans
    emit, path, fixed = decoder.sure_tokens(scores)
    n, i = len(scores), 0
    while i < n:
        if fixed[i]:
            i += 1
            continue
        start = i
        while i < n and not fixed[i]:
            i += 1
        best = trans[path[start - 1] if start else o] + emit[start]
        back = []
        for t in range(start + 1, i):
            step = best[:, None] + trans
            back.append(step.argmax(axis=0))
            best = step.max(axis=0) + emit[t]
        k = int((best + trans[:, path[i] if i < n else o]).argmax())
        for t in range(i - 1, start - 1, -1):
            path[t] = k
            if t > start:
                k = int(back[t - start - 1][k])
    return path


def test_the_decoder_searches_each_stretch_as_alone() -> None:
    tags = ("B-CONTENT", "B-CUE", "I-CONTENT", "I-CUE", "O")
    decoder = BioDecoder(tags)
    rng = numpy.random.default_rng(7)
    for _ in range(40):
        scores = rng.dirichlet(numpy.full(len(tags), 0.3), size=int(rng.integers(1, 300)))
        assert (decoder.path(scores) == _stretch_by_stretch(decoder, scores)).all()


def test_one_long_stretch_beside_many_short_ones_stays_linear_in_memory() -> None:
    """A hostile article: 3,000 unsure tokens, then 3,000 unsure ones each between sure ones.
    Padding every stretch to the longest would hold 3,001 x 3,000 back-pointers per tag (360 MB);
    stretches of similar length are searched together instead."""
    import tracemalloc

    tags = ("B-CONTENT", "B-CUE", "I-CONTENT", "I-CUE", "O")
    decoder = BioDecoder(tags)
    unsure = numpy.full(len(tags), 1 / len(tags))
    sure = numpy.array([0.01, 0.01, 0.01, 0.01, 0.96])
    scores = numpy.array([unsure] * 3_000 + [sure, unsure] * 3_000)
    tracemalloc.start()
    try:
        path = decoder.path(scores)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (path == _stretch_by_stretch(decoder, scores)).all()
    assert peak < 20_000_000, peak


def test_the_weights_ship_inside_the_package() -> None:
    # fails, not skips, when the trained model is missing or would be left out of the wheel
    assert (MODEL_DIR / "meta.json").is_file(), f"no trained attribution model in {MODEL_DIR}"
    package = REPO / "factcheck"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["factcheck"]
    files = [f for f in MODEL_DIR.rglob("*") if f.is_file()]
    assert {"meta.json", "config.cfg", "model"} <= {f.name for f in files}
    for f in files:
        assert any(f.relative_to(package).match(g) for g in globs), f"{f} is not package data"
    assert sum(f.stat().st_size for f in files) <= 30 * 2**20


def test_the_shipped_model_loads_from_disk_and_tags() -> None:
    trained = spacy.load(MODEL_DIR)
    assert trained.pipe_names == ["tok2vec", "parser", "bio"]
    assert set(trained.get_pipe("bio").labels) == BIO_TAGS
    assert (MODEL_DIR / TRANSITIONS).is_file()
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_attribution_tagger")
    doc = nlp("The minister said on Monday that the new bridge would open in June.")
    found = {s.label_: s.text for s in doc.spans[TAGGED_KEY]}
    assert found["SOURCE"] == "The minister"
    assert found["CUE"].startswith("said")
    assert found["CONTENT"].startswith("that the new bridge")


def test_the_hybrid_pipeline_reuses_the_english_tok2vec() -> None:
    nlp = build_nlp(Settings().spacy_model, attribution_mode="hybrid")
    tagger = nlp.get_pipe("factcheck_attribution_tagger")
    assert tagger._inner is not None  # loaded by build_nlp, not in the first article's budget
    doc = nlp("The minister said on Monday that the new bridge would open in June.")
    assert tagger._reuse_tensor
    assert "CUE" in {s.label_ for s in doc.spans[TAGGED_KEY]}


# reported speech with a verb the rules' cue lexicon does not list (written for this test)
GRUMBLE = "Residents grumbled that the new parking fees were far too high for a small town.\n"


def test_hybrid_adds_the_reported_speech_the_rules_miss() -> None:
    rules = extract_text(GRUMBLE, build_nlp(Settings().spacy_model, attribution_mode="rules"))
    hybrid = extract_text(GRUMBLE, build_nlp(Settings().spacy_model, attribution_mode="hybrid"))
    assert [c for c in rules.claims if c.kind != "author"] == []
    [claim] = [c for c in hybrid.claims if c.kind != "author"]
    assert claim.text == "that the new parking fees were far too high for a small town"
    assert claim.kind == "indirect"
    assert claim.speaker.text == "Residents"
    assert claim.cue is not None and claim.cue.text == "grumbled"


def test_hybrid_without_the_weights_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger_module, "MODEL_DIR", REPO / "no-such-model")
    with pytest.raises(ConfigError, match="FACTCHECK_ATTRIBUTION=rules"):
        build_nlp(Settings().spacy_model, attribution_mode="hybrid")
    assert build_nlp(Settings().spacy_model, attribution_mode="rules")
