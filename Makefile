# Front door of the dossier pipeline.
#   make dossier [DOSSIER=name]   build dossiers/<name> (default: example) into build/
#   make proof                    build, then a proof sheet per edition and language
#   make test                     ruff, mypy and the test suite
#   make clean                    remove build/
# The first run creates .venv and installs the project from pyproject.toml,
# and the Debian font packages when they are missing (as root).

DOSSIER ?= example
DOSSIER_DIR ?= dossiers/$(DOSSIER)
BUILD_DIR ?= build
PYTHON ?= python3

# Make splits names at spaces: a folder whose path has one cannot be built
# from or into ("dossiers/my letter" would be read as "dossiers/my" and
# "letter").
ifneq ($(words $(DOSSIER_DIR)),1)
$(error DOSSIER_DIR "$(DOSSIER_DIR)": Make cannot build a dossier whose folder path has a space; \
rename the folder without spaces (for example with hyphens: "$(subst $() ,-,$(strip $(DOSSIER_DIR)))"))
endif
ifneq ($(words $(BUILD_DIR)),1)
$(error BUILD_DIR "$(BUILD_DIR)": Make cannot build into a folder whose path has a space; \
choose one without spaces (for example "$(subst $() ,-,$(strip $(BUILD_DIR)))"))
endif
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/dossier
INSTALLED := $(VENV)/.installed
NAME := $(notdir $(patsubst %/,%,$(DOSSIER_DIR)))
RULES := $(BUILD_DIR)/$(NAME)/rules.mk
NPROC := $(shell nproc 2>/dev/null || echo 2)
# Sign every PDF: make dossier SIGN_KEY=key.p12 SIGN_PASSWORD_ENV=KEY_PASSWORD
SIGN_KEY ?=
SIGN_PASSWORD_ENV ?=
BUILD_FLAGS := $(if $(SIGN_KEY),--sign-key $(SIGN_KEY)) \
	$(if $(SIGN_PASSWORD_ENV),--sign-password-env $(SIGN_PASSWORD_ENV))

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
# No built-in implicit rules: Make would look for a way to make each of the
# thousands of source files of a large dossier (docs/performance.md).
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.PHONY: dossier proof test test-clients bench watch schemas lint clean distclean catalogues FORCE

# `dossier rules` writes $(RULES): one target per edition and language; each
# step writes the files it read as a depfile, which the rules include. Make
# then rebuilds only the versions an edit touched, several at once, and
# starts no Python at all when nothing changed. The rules are made anew when
# dossier.yaml changes or a file of the dossier appears or disappears (the
# listing below, compared with the one the rules were made from), and every
# step is run again then: a new file may be one it reads. Both are compared as absolute paths: the
# rules name a file under the working directory by its relative path, and
# DOSSIER_DIR may be given as an absolute one, or with ./ before it.
LISTING := $(sort $(abspath $(wildcard $(addprefix $(DOSSIER_DIR)/,sections/*/*.md \
	evidence/*.md evidence/*/*.md exhibits/* figures/* geo/* sources.yaml))))

ifneq ($(filter dossier proof,$(or $(MAKECMDGOALS),dossier)),)
MAKEFLAGS += --jobs=$(NPROC)
include $(RULES)
ifneq ($(LISTING),$(sort $(abspath $(DOSSIER_RULES_LISTING))))
$(RULES): FORCE
endif
endif
FORCE:

dossier: $(DOSSIER_OUTPUTS)

# Every format of the build as its reader sees it, one sheet per edition and
# language: build/<name>/proof/<edition>.<lang>.png (LibreOffice, Chromium
# and poppler-utils needed; `dossier proof` says which is missing).
proof: dossier
	$(CLI) proof $(BUILD_DIR)/$(NAME)

# The rules are the package's work too: new code (a `git pull`) makes them
# anew, or a build folder would keep the rules of the code before it.
RULES_CODE := $(wildcard src/dossier/*.py src/dossier/*/*.py src/dossier/*/*/*.py)

# `dossier rules --write` writes the file under a name of its own and renames
# it, holding the build folder's lock: two makes into one folder do not
# clobber each other's, and a killed one leaves a temporary the next sweeps.
$(RULES): $(DOSSIER_DIR)/dossier.yaml $(INSTALLED) $(MO_FILES) $(RULES_CODE) | $(FONTS)
	$(CLI) rules $(DOSSIER_DIR) --out $(BUILD_DIR) --write $@

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

# The real-client tier alone (LibreOffice, Chromium with axe-core, qpdf).
test-clients: $(INSTALLED) $(MO_FILES) | $(FONTS)
	npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error
	$(VENV)/bin/pytest -m clients tests/clients

# Live preview of one language's HTML: make watch [DOSSIER=name] [WATCH_LANG=fr] [PORT=8000]
WATCH_LANG ?=
PORT ?= 8000
watch: $(INSTALLED) $(MO_FILES)
	$(CLI) preview $(DOSSIER_DIR) $(if $(WATCH_LANG),--lang $(WATCH_LANG)) --port $(PORT)

# JSON Schemas of dossier.yaml and of evidence front matter, from the model.
schemas: $(INSTALLED)
	$(CLI) schemas

# The speed benchmark (by hand; not part of the tests): see scripts/bench.py.
bench: $(INSTALLED) $(MO_FILES) | $(FONTS)
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR)

distclean: clean
	rm -rf $(VENV)
