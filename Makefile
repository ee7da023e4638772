# kz-rd-repro: two commands on a fresh machine (Python 3.11 and make):
#   make        -> .venv from pinned dependencies, then the whole Snakemake workflow, offline
#   make test   -> the same .venv, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SNAKEMAKE_ARGS ?=

.PHONY: all run test test-fast lint format bench clean distclean lock dag docs compare review-report slurm

all: run

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "kz-rd-repro needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# The SLURM executor plugin for profiles/slurm, added to the same .venv (not part of a plain `make`:
# every snakemake start imports the installed executor plugins, and this one costs time).
slurm: $(VENV)/.slurm
$(VENV)/.slurm: $(STAMP) requirements-slurm.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-slurm.lock
	@touch $@

run: $(STAMP)
	$(BIN)/snakemake $(SNAKEMAKE_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the end-to-end runs of the workflow (tests/workflow).
test-fast: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/workflow $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/snakemake --lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/snakefmt Snakefile rules

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Snakemake's own report for reviewers: every exhibit with the rule, code, parameters and software
# that made it (runs the workflow first if needed).
review-report: $(STAMP)
	$(BIN)/snakemake $(SNAKEMAKE_ARGS)
	$(BIN)/snakemake --report review-report.zip
	@echo "review-report.zip: unzip it and open review-report/report.html"

# Key results (every verdict, every number of the registry) that differ between two runs:
#   make compare A=results B=e4f514f      (a results directory or a git ref; a ref is run once)
compare: $(STAMP)
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=<results dir or git ref> B=<...>"; exit 2; }
	$(BIN)/python scripts/compare.py $(A) $(B) $(COMPARE_ARGS)

docs: $(STAMP)
	$(BIN)/python scripts/update_readme.py
	$(BIN)/python scripts/gen_docs.py

dag: $(STAMP)
	$(BIN)/snakemake --rulegraph

clean:
	rm -rf results

distclean: clean
	rm -rf $(VENV) .snakemake

# Re-pin: resolve the direct dependencies of pyproject.toml (and dev tools) into requirements.lock, and
# what the slurm extra adds on top into requirements-slurm.lock.
lock:
	rm -rf /tmp/kzrd-lock && $(PYTHON) -m venv /tmp/kzrd-lock
	/tmp/kzrd-lock/bin/pip install --quiet ".[dev]" && /tmp/kzrd-lock/bin/pip uninstall -y --quiet kz-rd-repro
	{ echo '# Full pinned environment (pip freeze of a Python 3.11 venv). Regenerate with `make lock`.'; \
	  /tmp/kzrd-lock/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements.lock
	/tmp/kzrd-lock/bin/pip freeze --exclude-editable | sort > /tmp/kzrd-lock/base.txt
	/tmp/kzrd-lock/bin/pip install --quiet ".[slurm]" && /tmp/kzrd-lock/bin/pip uninstall -y --quiet kz-rd-repro
	{ sed -n '1,3p' requirements-slurm.lock; /tmp/kzrd-lock/bin/pip freeze --exclude-editable | sort \
	  | comm -13 /tmp/kzrd-lock/base.txt -; } > /tmp/kzrd-lock/slurm.lock
	mv /tmp/kzrd-lock/slurm.lock requirements-slurm.lock
