# Front door of the dossier pipeline.
#   make dossier [DOSSIER=name]   build dossiers/<name> (default: example) into build/
#   make test                     ruff, mypy and the test suite
#   make clean                    remove build/
# The first run creates .venv and installs the project from pyproject.toml,
# and the Debian font packages when they are missing (as root).

DOSSIER ?= example
DOSSIER_DIR ?= dossiers/$(DOSSIER)
BUILD_DIR ?= build
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/dossier
INSTALLED := $(VENV)/.installed
STAMP := $(BUILD_DIR)/$(notdir $(patsubst %/,%,$(DOSSIER_DIR)))/.stamp

# One file of each font package the documents use: Make installs the
# package when its file is missing.
FONT_LIBERATION := /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf
FONT_NOTO := /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
FONT_CJK := /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
FONTS := $(FONT_LIBERATION) $(FONT_NOTO) $(FONT_CJK)

# Boilerplate catalogues: the .po files are written by translators, the .mo
# files compiled from them here (git ignores them).
PO_FILES := $(wildcard templates/locale/*/LC_MESSAGES/dossier.po)
MO_FILES := $(PO_FILES:.po=.mo)

.DELETE_ON_ERROR:
.PHONY: dossier test lint clean distclean catalogues

dossier: $(STAMP)

# The CLI writes $(STAMP).d listing every input and output of the build, so a
# second `make dossier` with nothing changed does no work and starts no Python.
$(STAMP): $(DOSSIER_DIR)/dossier.yaml $(INSTALLED) $(MO_FILES) | $(FONTS)
	$(CLI) build $(DOSSIER_DIR) --out $(BUILD_DIR) --stamp $@

-include $(STAMP).d

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(FONT_LIBERATION):
	scripts/ensure-fonts fonts-liberation
$(FONT_NOTO):
	scripts/ensure-fonts fonts-noto-core
$(FONT_CJK):
	scripts/ensure-fonts fonts-noto-cjk

$(MO_FILES) &: $(PO_FILES) $(INSTALLED)
	$(PY) scripts/catalogues.py compile

# After changing a boilerplate string in the code: refresh the template and
# merge it into every catalogue, then translate the new entries.
catalogues: $(INSTALLED)
	$(PY) scripts/catalogues.py extract
	$(PY) scripts/catalogues.py update

lint: $(INSTALLED)
	$(PY) scripts/catalogues.py check
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy src

test: lint $(MO_FILES) | $(FONTS)
	$(VENV)/bin/pytest

clean:
	rm -rf $(BUILD_DIR)

distclean: clean
	rm -rf $(VENV)
