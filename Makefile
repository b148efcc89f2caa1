# caselearn: `make demo` and `make test` create .venv themselves when it is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DATA := data/demo
DEMO_QUESTION := What should practitioners do when they see bruising on a baby who cannot yet move on their own?

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install browser ocr demo serve test lint eval bench bench-load clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first and pinned: the CPU build on local disk (an unpinned torch pulls a CUDA build).
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[all,dev]'
	# medspaCy and PyRuSH without their spaCy < 3.8 pin (see pyproject.toml); their other needs are listed there.
	$(BIN)/python -m pip install -q --no-deps medspacy==1.3.1 PyRuSH==1.0.13
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the web page's browser tests (Playwright drives it; nothing is downloaded).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: install Debian's chromium to run the browser tests"; fi; }

# Debian's Tesseract for OCR of scanned PDF pages (ingest/extract/ocr.py runs it; nothing is downloaded).
ocr:
	@command -v tesseract >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null; \
	  else echo "note: install Debian's tesseract-ocr and tesseract-ocr-eng to run the OCR tests"; fi; }

demo: install
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn ingest samples/corpus
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn docs
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn search "$(DEMO_QUESTION)" --k 3
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn ask "$(DEMO_QUESTION)"

serve: install
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn ingest samples/corpus
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn prepare
	CASELEARN_DATA_DIR=$(DEMO_DATA) $(BIN)/caselearn serve --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: install browser ocr lint
	$(BIN)/pytest

# Every dev set (retrieval with significance tests, answers, referral, themes); fails below eval/thresholds.yaml.
eval: install
	$(BIN)/caselearn eval all --shared ../shared --work data/eval --out reports/eval

bench: install
	$(BIN)/caselearn bench --quick --out reports/bench

# 16 clients asking /ask back to back for a minute against `caselearn serve`; fails on any error and
# prints the latency goals (`--check-latency` fails on them too: for an idle machine, not a shared runner).
bench-load: install
	$(BIN)/caselearn bench-load --clients 16 --seconds 60 --check --out reports/bench

clean:
	rm -rf $(DEMO_DATA) .pytest_cache .mypy_cache .ruff_cache
