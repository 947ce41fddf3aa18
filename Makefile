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

# Re-trains the attribution transformer (fine-tuned MiniLM) from PolNeAR train (needs
# ../shared/data/polnear; about an hour of CPU on 2 cores): three epochs with the last 100 train
# texts held out (where settings were chosen), then one more over all 840 texts, then writes what
# the package ships into src/storyline/models: the change from the base MiniLM (~3 MB) and the
# graph without weights.
POLNEAR ?= ../shared/data/polnear
ATTR_BUILD := build/attribution
ATTR_SCRIPT := $(BIN)/python scripts/train_attribution_transformer.py $(POLNEAR)/train
TRAIN_ATTR := $(ATTR_SCRIPT) --epochs 1 --batch 32

attribution-model: $(STAMP)
	$(BIN)/pip install --quiet "torch==2.13.0" -e ".[dev,train]"
	$(TRAIN_ATTR) --holdout 100 --lr 1e-4 --checkpoint $(ATTR_BUILD)/e1
	$(TRAIN_ATTR) --holdout 100 --lr 5e-5 --checkpoint $(ATTR_BUILD)/e2 --init $(ATTR_BUILD)/e1/epoch1
	$(TRAIN_ATTR) --holdout 100 --lr 3e-5 --checkpoint $(ATTR_BUILD)/e3 --init $(ATTR_BUILD)/e2/epoch1
	$(TRAIN_ATTR) --lr 3e-5 --checkpoint $(ATTR_BUILD)/e4 --init $(ATTR_BUILD)/e3/epoch1
	$(ATTR_SCRIPT) --export $(ATTR_BUILD)/e4/epoch1
