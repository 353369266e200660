# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint eval bench ingest clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

ingest: $(VENV)/.installed
	$(PY) -m assistant ingest

run: ingest
	$(PY) -m streamlit run app.py --server.headless true --browser.gatherUsageStats false

test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

eval: ingest
	$(PY) -m assistant eval ../shared/eval/dev-questions.jsonl --min-hit3 0.9

bench: $(VENV)/.installed
	$(PY) -m bench

clean:
	rm -rf build .pytest_cache .ruff_cache
