"""Where the per-user parse cache lives (platformdirs decides)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core import pandoc


def test_the_cache_follows_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pandoc.user_cache() == tmp_path / "dossier"


def test_without_xdg_cache_home_the_cache_is_in_the_home_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert pandoc.user_cache() == tmp_path / ".cache" / "dossier"
