# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint eval bench ingest clean chromium fonts check-fresh

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

# The browser test (tests/e2e) drives Debian's Chromium; install it where apt-get works
# (CI runs as root), and never fail here: without it that test is skipped.
chromium:
	@command -v chromium >/dev/null || \
	  (command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "Chromium kunde inte installeras; webbläsartestet hoppas över."

# The PDF tests write PDFs in DejaVu Sans (Swedish letters and "–"); Debian's fonts-dejavu-core has it.
# Without it (and without matplotlib's copy) those tests are skipped with the reason.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
	  (command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null) || \
	  echo "Typsnittet DejaVu Sans kunde inte installeras; PDF-testerna hoppas över."

test: $(VENV)/.installed-dev chromium fonts
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

eval: ingest
	$(PY) -m assistant eval --min-hit3 0.9 --min-answer 0.95 --min-calc 0.9 --min-abstain 0.95 --min-follow-up 0.9 \
		--max-false-abstentions 2 --max-wrong-figure 3

bench: $(VENV)/.installed
	$(PY) -m bench --scale 20 --scale 100

# A newcomer's check: README's two commands in fresh clones of the committed tree, timed (bench/check_fresh.sh).
check-fresh:
	bash bench/check_fresh.sh

clean:
	rm -rf build .pytest_cache .ruff_cache
