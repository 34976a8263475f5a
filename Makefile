# Two commands on a fresh machine: `make demo` (set up, ingest the sample papers, answer a question)
# and `make test` (set up with test tools and a headless Chromium, run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= .paperchat
QUESTION ?= How can large language models be fine-tuned when GPU memory is limited?

.PHONY: demo test install install-test chromium lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[all]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

# Debian's Chromium for the browser tests (Playwright never downloads a browser here). As root apt-get runs
# directly, otherwise through sudo; `env` sets DEBIAN_FRONTEND for apt-get itself, since sudo resets the environment.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "make: chromium is missing and sudo is not installed: run 'apt-get install chromium' as root" >&2; \
	       exit 1; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(BIN)/paperchat --index $(INDEX) ingest examples/papers
	$(BIN)/paperchat --index $(INDEX) ask "$(QUESTION)"

test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check paperchat assistant ingest ui tests bench examples
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
