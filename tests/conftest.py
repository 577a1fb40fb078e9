"""Shared fixtures: the example dossier loaded and assembled once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.assemble import Document, assemble
from dossier.load import load
from dossier.model import Dossier

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"


@pytest.fixture(scope="session")
def example_dossier() -> Dossier:
    return load(EXAMPLE)


@pytest.fixture(scope="session")
def example_doc(example_dossier: Dossier) -> Document:
    """The English version of the example, ready for any renderer."""
    return assemble(example_dossier, "en")
