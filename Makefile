# Fresh machine: `make demo` sets everything up and cleans the seeds; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
SEEDS := $(if $(wildcard $(SHARED)/seeds/*.txt),$(SHARED)/seeds,fixtures/seeds)
STAMP := $(VENV)/.installed

.PHONY: all demo test lint eval audit bench rules-test clean-venv

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,datatrove]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== what each seed loses, and why"
	@for f in $(SEEDS)/*.txt; do \
	  case $$f in *.expected.txt) continue;; esac; \
	  url=$$($(BIN)/python -c "import json,sys; print(json.load(open('fixtures/seeds/urls.json')).get(sys.argv[1], ''))" $$(basename $$f)); \
	  $(BIN)/cleaner explain "$$f" $${url:+--url $$url}; \
	done
	@mkdir -p out/seeds
	@for f in $(SEEDS)/*.txt; do \
	  case $$f in *.expected.txt) continue;; esac; \
	  url=$$($(BIN)/python -c "import json,sys; print(json.load(open('fixtures/seeds/urls.json')).get(sys.argv[1], ''))" $$(basename $$f)); \
	  $(BIN)/cleaner clean -q "$$f" $${url:+--url $$url} > out/seeds/$$(basename $$f); \
	done
	@echo "== cleaned seeds written to out/seeds/"
	@echo "== the same seeds as one JSONL corpus, cleaned in a batch (what went is kept in 'removed')"
	@$(BIN)/python -c "import json,pathlib,sys; urls=json.load(open('fixtures/seeds/urls.json')); \
	  [print(json.dumps({'id': p.name, 'url': urls.get(p.name), 'text': p.read_text(encoding='utf-8')})) \
	   for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')) if not p.name.endswith('.expected.txt')]" \
	  $(SEEDS) > out/seeds.jsonl
	@$(BIN)/cleaner clean out/seeds.jsonl --out out/cleaned --removed-field removed
	@echo "== out/cleaned/seeds.jsonl"

test: $(STAMP)
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing loudly"; exit 1; fi; exit $$rc

rules-test: $(STAMP)
	$(BIN)/cleaner rules test

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests scripts
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python $(SHARED)/eval/score.py
	$(BIN)/python $(SHARED)/eval/score.py --html

# Every rule's removals on the dev pages, lines found in the true text first (RULE=glob narrows it).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py --rule '$(or $(RULE),*)'

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_html.py
	$(BIN)/python scripts/bench_datatrove.py

clean-venv:
	rm -rf $(VENV)
