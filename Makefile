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

# The attribution transformer (fine-tuned MiniLM, int8 ONNX, 23 MB): too big for the repository,
# so it is built here from PolNeAR train. Needs ../shared/data/polnear and about an hour of CPU
# (three epochs on 2 cores); without it storyline uses the CRF tagger that ships.
POLNEAR ?= ../shared/data/polnear
ATTR_BUILD := build/attribution
TRAIN_ATTR := $(BIN)/python scripts/train_attribution_transformer.py $(POLNEAR)/train --holdout 100 --epochs 1 --batch 32

attribution-model: $(STAMP)
	$(BIN)/pip install --quiet "torch==2.13.0" -e ".[dev,train]"
	$(TRAIN_ATTR) --lr 1e-4 --checkpoint $(ATTR_BUILD)/e1
	$(TRAIN_ATTR) --lr 5e-5 --checkpoint $(ATTR_BUILD)/e2 --init $(ATTR_BUILD)/e1/epoch1
	$(TRAIN_ATTR) --lr 3e-5 --checkpoint $(ATTR_BUILD)/e3 --init $(ATTR_BUILD)/e2/epoch1
	$(BIN)/python scripts/train_attribution_transformer.py $(POLNEAR)/train --holdout 100 --export $(ATTR_BUILD)/e3/epoch1
