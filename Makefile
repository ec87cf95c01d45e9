# reportgen: `make report` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system
MONTH ?=
# PROJECT=DIR works on a desk's own project (reportgen init DIR) instead of ./inputs and ./output.
PROJECT ?=
RG := $(BIN)/reportgen
AT := $(if $(PROJECT),--project $(PROJECT))

.DEFAULT_GOAL := help
.PHONY: help setup lock report all check data test fuzz lint format docs-png bench new preview publish mail correct init audit messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(SYSTEM_STAMP): scripts/setup-system.sh
	@bash scripts/setup-system.sh
	@mkdir -p $(VENV) && touch $@

# Every package comes from requirements.lock, exact versions checked against their hashes;
# the package itself is then installed without its dependencies or a build environment.
$(STAMP): pyproject.toml requirements.lock $(SYSTEM_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q reportgen
	@# pytest keeps the test modules with their asserts rewritten in __pycache__; where
	@# PYTHONDONTWRITEBYTECODE is set it cannot, and every worker rewrote them on every run.
	@# (Not needed for a report: a test that does not import fails `make test`, not set-up.)
	-env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest --collect-only -q -p no:cacheprovider > /dev/null
	@touch $@

setup: $(STAMP) ## Create .venv and install everything from the lock (system libraries too, when root)

LOCK_FLAGS := --extra dev --universal --python-version 3.11 --fork-strategy fewest --generate-hashes
lock: $(STAMP) ## Refresh requirements.lock from pyproject.toml (UPGRADE=--upgrade, or --upgrade-package NAME)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(UPGRADE) \
		--custom-compile-command "make lock" --quiet -o requirements.lock

report: $(STAMP) ## Build the newest month (or MONTH=YYYY-MM) into output/
	$(RG) build $(MONTH) $(AT)

all: $(STAMP) ## Build every full month in 2 processes, and the archive page
	$(RG) build --all -j 2 $(AT)

new: $(STAMP) ## Start the next month's folder (or MONTH=YYYY-MM)
	$(RG) new $(MONTH) $(AT)

preview: $(STAMP) ## Serve the newest month (or MONTH=YYYY-MM) on 127.0.0.1, rebuilt as you edit
	$(RG) preview $(MONTH) $(AT)

publish: $(STAMP) ## Publish MONTH=YYYY-MM (refused while review marks remain), then build it
	@test -n "$(MONTH)" || { echo "usage: make publish MONTH=YYYY-MM" >&2; exit 2; }
	$(RG) publish $(MONTH) $(AT)

check: $(STAMP) ## Validate every month (or MONTH=YYYY-MM)
	$(RG) check $(MONTH) $(AT)

data: $(STAMP) ## Write the merged dataset as CSV into output/data/
	$(RG) data $(AT)

# Test files go to the workers whole (--dist loadfile), so a module's built month is built once.
test: $(STAMP) ## Run the whole test suite on every core
	$(BIN)/python -m pytest -q -n auto --dist loadfile

fuzz: $(STAMP) ## The properties ("check passes => build succeeds", figures agree...) with FUZZ=50x examples
	REPORTGEN_FUZZ=$(or $(FUZZ),50) $(BIN)/python -m pytest -q -p no:cacheprovider -n auto \
		-m property --hypothesis-show-statistics

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs-png: $(STAMP) ## Regenerate docs/first-page.png and first-page.en.png from the example month
	$(RG) build 2023-11 --force
	$(BIN)/python scripts/first_page_png.py output/2023-11/sitrep-2023-11.pdf docs/first-page.png
	$(BIN)/python scripts/first_page_png.py output/2023-11/sitrep-2023-11.en.pdf docs/first-page.en.png

bench: $(STAMP) ## Measure each stage and whole builds; writes benchmarks/results.json
	$(BIN)/python benchmarks/run.py

mail: $(STAMP) ## Write the newest month's (or MONTH=YYYY-MM) email edition; says who would get it
	$(RG) mail $(MONTH) $(AT)

correct: $(STAMP) ## Record a correction of a published MONTH=YYYY-MM with NOTE="..." (NOTE_EN="...")
	@test -n "$(MONTH)" -a -n "$(NOTE)" || { echo 'usage: make correct MONTH=YYYY-MM NOTE="..." [NOTE_EN="..."]' >&2; exit 2; }
	$(RG) correct $(MONTH) --note "$(NOTE)" $(if $(NOTE_EN),--note-en "$(NOTE_EN)") $(AT)

init: $(STAMP) ## Make PROJECT=DIR a desk's own project (no example months), then use PROJECT=DIR
	@test -n "$(PROJECT)" || { echo "usage: make init PROJECT=DIR" >&2; exit 2; }
	$(RG) init $(PROJECT)

AXE := $(VENV)/audit/node_modules/axe-core/axe.min.js
$(AXE): scripts/setup-audit.sh
	bash scripts/setup-audit.sh $(VENV)/audit
	@touch $@

audit: $(STAMP) $(AXE) ## Accessibility audit (axe-core in headless Chromium, 390 and 1280 px) of the example month's pages and email
	$(RG) build 2023-11 -q
	$(RG) mail 2023-11 -q
	$(BIN)/python scripts/audit.py --axe $(AXE) output/2023-11/sitrep-2023-11.html \
		output/2023-11/sitrep-2023-11.en.html output/index.html output/2023-11/sitrep-2023-11.eml

LOCALE := reportgen/locale
POT := $(LOCALE)/reportgen.pot
messages: $(STAMP) ## Extract the editors' messages, update the ar/en catalogs and compile them (.mo)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -k N_ -o $(POT) .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -D reportgen -i $(POT) -d $(LOCALE)
	$(BIN)/pybabel compile --statistics -D reportgen -d $(LOCALE)

clean: ## Remove output/ (keeps .venv)
	rm -rf output
