# kz-rd-repro: two commands on a fresh machine (Python 3.11 and make):
#   make        -> .venv from pinned dependencies, then the whole Snakemake workflow, offline
#   make test   -> the same .venv, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV := $(VENV)/.dev
SNAKEMAKE_ARGS ?=
# Snakemake prints its progress and each job's warnings; QUIET= also prints every job's details.
QUIET ?= --quiet rules

.PHONY: all run test test-fast lint format bench clean distclean lock dag docs compare review-report slurm crate messages

all: run

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "kz-rd-repro needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# The test and lint tools (pytest, ruff, snakefmt, Playwright), added to the same .venv by the
# targets that need them; a plain `make` installs the runtime set only.
$(DEV): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

# The SLURM executor plugin for profiles/slurm, added to the same .venv (not part of a plain `make`:
# every snakemake start imports the installed executor plugins, and this one costs time).
slurm: $(VENV)/.slurm
$(VENV)/.slurm: $(STAMP) requirements-slurm.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-slurm.lock
	@touch $@

run: $(STAMP)
	$(BIN)/snakemake $(SNAKEMAKE_ARGS) $(QUIET)
	@echo "The documents: results/report/report.html (and .pdf), results/report/supplement.html (and .pdf),"
	@echo "results/report/data.html (the data appendix); every table as CSV under results/csv/."
	@echo "In Russian and Kazakh (config report.languages): results/report/{report,supplement}.{ru,kk}.{html,pdf}."

# pytest-xdist workers, each test file on one worker (its module fixtures run once); the session's
# workflow run is shared between them (tests/conftest.py).
TEST_WORKERS ?= 2
XDIST = -n $(TEST_WORKERS) --dist loadfile

test: $(DEV)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Everything but the end-to-end runs of the workflow (tests/workflow).
test-fast: $(DEV)
	$(BIN)/python -m pytest $(XDIST) --ignore=tests/workflow $(PYTEST_ARGS)

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/snakemake --lint

format: $(DEV)
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

# The finished run as a Workflow Run RO-Crate to deposit (runs the workflow first if needed):
# results/crate/ (hard links to the run's files and ro-crate-metadata.json) and results/crate.zip.
crate: run
	$(BIN)/python scripts/crate.py

# Key results (every verdict, every number of the registry) that differ between two runs:
#   make compare A=results B=e4f514f      (a results directory or a git ref; a ref is run once)
compare: $(STAMP)
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=<results dir or git ref> B=<...>"; exit 2; }
	$(BIN)/python scripts/compare.py $(A) $(B) $(COMPARE_ARGS)

# The message catalogues of the Russian and Kazakh documents: extract every marked message into
# resources/locale/messages.pot and merge it into ru.po and kk.po (new messages arrive empty,
# changed ones fuzzy); then translate the empty and fuzzy entries (glossary: resources/locale/glossary.csv).
messages: $(STAMP)
	$(BIN)/python scripts/messages.py

docs: $(STAMP)
	$(BIN)/python scripts/update_readme.py
	$(BIN)/python scripts/gen_docs.py

dag: $(STAMP)
	@$(BIN)/snakemake --rulegraph

clean:
	rm -rf results

distclean: clean
	rm -rf $(VENV) .snakemake

# Re-pin: resolve the direct dependencies of pyproject.toml into requirements.lock (runtime), and
# what its dev and slurm extras add on top into requirements-dev.lock and requirements-slurm.lock.
LOCK := /tmp/kzrd-lock
lock:
	rm -rf $(LOCK) && $(PYTHON) -m venv $(LOCK)
	$(LOCK)/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  [open(f"$(LOCK)/{k}.in", "w").write("\n".join(v) + "\n") for k, v in \
	   [("runtime", p["dependencies"]), *p["optional-dependencies"].items()]]'
	$(LOCK)/bin/pip install --quiet -r $(LOCK)/runtime.in
	$(LOCK)/bin/pip freeze | grep -v -E '^(pip|setuptools|wheel)==' | sort > $(LOCK)/base.txt
	{ echo '# Runtime environment (pip freeze of a Python 3.11 venv). Regenerate with `make lock`.'; \
	  cat $(LOCK)/base.txt; } > requirements.lock
	for extra in dev slurm; do \
	  rm -rf $(LOCK)/$$extra; \
	  $(PYTHON) -m venv $(LOCK)/$$extra && $(LOCK)/$$extra/bin/pip install --quiet -r requirements.lock -r $(LOCK)/$$extra.in && \
	  { echo "# What the $$extra extra adds to requirements.lock (install both). Regenerate with \`make lock\`."; \
	    $(LOCK)/$$extra/bin/pip freeze | grep -v -E '^(pip|setuptools|wheel)==' | sort | comm -13 $(LOCK)/base.txt -; \
	  } > requirements-$$extra.lock || exit 1; \
	done
