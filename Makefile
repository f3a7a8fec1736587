# Two commands on a fresh machine: `make serve` and `make test`. Everything else is the kyyeu CLI.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test build check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/kyyeu serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/pytest -q

build: $(STAMP)
	$(BIN)/kyyeu build

check: $(STAMP)
	$(BIN)/kyyeu check

bench: $(STAMP)
	$(BIN)/kyyeu bench --papers 1000

clean:
	rm -rf site .build
