# The two commands a newcomer needs:  make demo   and   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo seed test bench gazetteer vendor screenshots clean

$(STAMP): pyproject.toml constraints.txt hatch_build.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,dask,postgis]'
	touch $@

install: $(STAMP)

demo: install  ## map the bundled example reports to maps/demo.html
	$(BIN)/geoevents map examples/reports.jsonl --title "geoevents demo: example reports" --offline --png -o maps/demo.html

seed: install  ## map the first real article (needs ../shared)
	$(BIN)/geoevents map ../shared/seed/syria-2024-12-03.txt --published 2024-12-03 -o maps/seed.html

test: install  ## the whole test suite (browser tests need chromium; mandatory under CI=true)
	$(BIN)/python -m pytest -n 2 -q

bench: install  ## print the benchmark figures
	$(BIN)/python -m bench

gazetteer: install  ## rebuild the compiled gazetteer from its sources
	$(BIN)/python gazetteer/build.py

vendor: install  ## re-take the map's JavaScript from the npm registry
	$(BIN)/python maps/vendor.py

screenshots: install  ## redraw the README pictures under maps/ (needs chromium)
	$(BIN)/python maps/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info geoevents/data/gazetteer.sqlite geoevents/render/vendor bench/results
