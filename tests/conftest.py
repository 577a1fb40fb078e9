"""Shared fixtures: the example dossier loaded and assembled once."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

from dossier.assemble.compose import Document, assemble
from dossier.load.loaded import Dossier
from dossier.pipeline.loading import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"
# A frozen copy of the example's letter (seven languages, no evidence): the
# renderer tests pin its texts, so it changes only with them.
LETTER = ROOT / "tests" / "fixtures" / "letter"


USER_CACHE = pytest.StashKey[str | None]()


def pytest_configure(config: pytest.Config) -> None:
    """The tests' parse cache (and that of the builds they start) is their
    own, not the user's ~/.cache/dossier: thrown away after the run."""
    config.stash[USER_CACHE] = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="dossier-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
    user = config.stash.get(USER_CACHE, None)
    if user is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = user


@pytest.fixture(scope="session")
def example_dossier() -> Dossier:
    return load(LETTER)


@pytest.fixture(scope="session")
def example_doc(example_dossier: Dossier) -> Document:
    """The English version of the example, ready for any renderer."""
    return assemble(example_dossier, "en")


MINIMAL_MANIFEST = """\
kind: sc-letter
symbol: S/2026/1043
organ: security-council
date: 2026-11-27
sender:
  name: Mira Castellan
  title: Permanent Representative
  state: the Republic of Aldoria
addressee: president-of-the-security-council
source_language: en
languages: [en]
letter:
  - 00-letter
annex:
  - 01-annex
"""

MINIMAL_SECTIONS = {
    "sections/en/00-letter.md": "I have the honour to write.[^1]\n\n[^1]: A note.\n",
    "sections/en/01-annex.md": "# Facts\n\nA paragraph of the annex.\n",
}


def missing(reason: str) -> NoReturn:
    """Skip a test whose tool is not installed, naming what to install;
    under CI, which installs every one of them (.ci/run), a failure."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason}; CI must run these tests (.ci/run installs it)")
    pytest.skip(reason)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a throwaway dossier from a dict of relative path -> text."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_dossier(tmp_path: Path) -> Callable[..., Path]:
    """``make_dossier(manifest=..., **{path: text})`` -> a dossier folder."""

    def make(manifest: str = MINIMAL_MANIFEST, files: dict[str, str] | None = None) -> Path:
        tree = {"dossier.yaml": manifest, **MINIMAL_SECTIONS, **(files or {})}
        return write_tree(tmp_path / "dossiers" / "sample", tree)

    return make
