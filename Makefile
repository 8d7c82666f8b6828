# Truce: two commands. `make demo` shows it working; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
TRUCE := $(VENV)/bin/truce
PYTHON ?= python3

.PHONY: install demo test lint bench clean catalogs serve

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(TRUCE) init
	@echo
	$(TRUCE) summary
	@echo
	$(TRUCE) bulletin 2022-03-11 --format text
	@echo
	@echo "Try next:"
	@echo "  $(TRUCE) places search Khankendi"
	@echo "  $(TRUCE) places search Фарух"
	@echo "  $(TRUCE) incidents --from 2022-03-01 --to 2022-03-31 --monitor-only"
	@echo "  $(TRUCE) incidents --place Parukh --format json"
	@echo "  $(TRUCE) bulletin 2022-03-24 --names hy"
	@echo "  $(TRUCE) bulletin 2023-09-19"
	@echo "  $(TRUCE) observe --post pp-n6 --date 2022-03-08 --observer you --place '2 km north-west of Khramort' --means mortar"
	@echo "  $(TRUCE) documents"
	@echo "  $(TRUCE) activities --from 2022-12-01 --to 2022-12-31"
	@echo "  $(TRUCE) mission --as-of 2022-03-11"
	@echo "  $(TRUCE) findings --from 2022-03-01 --to 2023-12-31"
	@echo "  $(TRUCE) verdict set I-rumod-20220311 violation --fired-by unknown --note 'your grounds'"
	@echo "  $(TRUCE) map --from 2022-03-01 --to 2022-04-30 --out map.html --force"
	@echo
	@echo "The web application: one demo user per role (passwords shown once; on a second run they exist):"
	@for spec in "reader" "observer --post pp-n6 --post pp-n7" "analyst" "publisher --side RU" "administrator"; do \
		set -- $$spec; $(TRUCE) users add demo-$$1 --role $$spec 2>/dev/null || echo "  demo-$$1 exists (truce users password demo-$$1 gives a new password)"; \
	done
	@echo "Start it with: make serve   (or $(TRUCE) serve --port 8000), then open http://127.0.0.1:8000/"
	@echo "  the administrator makes the RU side's key at /admin; the publisher pastes it at /sign-off to sign"

lint: install
	$(VENV)/bin/ruff check truce tests bench tools
	$(VENV)/bin/ruff format --check truce tests bench tools

test: lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

# every bench/bench_*.py; bench_postgis.py starts and stops its own PostgreSQL 15 with PostGIS (skipped without)
bench: install
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'  # geopandas, the areas peer
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script; done

# a long fuzz run of extraction and the document readers: prints cases/s, crashes, hangs, flagged outputs
# (FUZZ_ARGS, e.g. "--minutes 60 --cases 1000000 --workers 2")
.PHONY: fuzz
fuzz: install
	$(PY) tests/test_fuzz.py $(FUZZ_ARGS)

# the web application on http://127.0.0.1:8000/ (PORT=... to change; Ctrl-C stops it)
PORT ?= 8000
serve: install
	$(TRUCE) serve --port $(PORT)

# the translation catalogs of the publications: extract, merge, fill from tools/translations, compile
catalogs: install
	$(PY) tools/catalogs.py
