PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean attribution-model

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/storyline analyze examples/ --format html -o out/report.html
	$(BIN)/storyline analyze examples/ --format md -o out/report.md
	$(BIN)/storyline analyze examples/ --format json -o out/report.json
	@echo "wrote out/report.html, out/report.md and out/report.json"

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info

# Re-trains the attribution transformer (fine-tuned multilingual-e5-small) from PolNeAR train
# (needs ../shared/data/polnear; about 70 minutes of CPU on 2 cores): two epochs over all 840
# texts (the recipe was chosen with 100 train texts held out; see docs/bench/attribution.md), then
# writes what the package ships into src/storyline/models: the change from the base encoder
# (~3.5 MB) and the graph without weights.
POLNEAR ?= ../shared/data/polnear
ATTR_BUILD := build/attribution
ATTR_SCRIPT := $(BIN)/python scripts/train_attribution_transformer.py $(POLNEAR)/train
TRAIN_ATTR := $(ATTR_SCRIPT) --epochs 1 --batch 32

attribution-model: $(STAMP)
	$(BIN)/pip install --quiet "torch==2.13.0" -e ".[dev,train]"
	$(TRAIN_ATTR) --lr 1e-4 --checkpoint $(ATTR_BUILD)/e1
	$(TRAIN_ATTR) --lr 5e-5 --checkpoint $(ATTR_BUILD)/e2 --init $(ATTR_BUILD)/e1/epoch1
	$(ATTR_SCRIPT) --export $(ATTR_BUILD)/e2/epoch1
