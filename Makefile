# Two commands on a fresh machine: `make demo` (set up, ingest the sample papers, answer a question)
# and `make test` (set up with test tools, a headless Chromium and strace, run the tests).
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

# Debian packages the tests use: Chromium for the browser tests (Playwright never downloads a browser here) and
# strace for the kills at chosen writes. As root apt-get runs directly, otherwise through sudo; `env` sets
# DEBIAN_FRONTEND for apt-get itself, since sudo resets the environment.
chromium:
	@missing=; for tool in chromium strace; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	missing="$${missing# }"; [ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "make: Debian's $$missing is missing and sudo is not installed: run 'apt-get install $$missing' as root" >&2; \
	       exit 1; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }

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
