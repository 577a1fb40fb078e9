"""A language's own version of an image (``figures/<lang>/<name>``) under
attack: a link out of the dossier, or a file that is no picture, is refused
by the command line like any image, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.conftest import copy_example, refused

SKETCH = "northern-marches.png"


@pytest.mark.bad_input
def test_a_french_version_that_links_out_of_the_dossier(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "d", "[en, fr]")
    own = root / "figures/fr" / SKETCH
    own.unlink()
    own.symlink_to("/etc/passwd")
    refused(
        root,
        tmp_path,
        f"image 'figures/{SKETCH}' (its version figures/fr/{SKETCH}) is outside the dossier "
        "folder (it leads to /etc/passwd)",
    )


@pytest.mark.bad_input
def test_a_french_version_that_is_no_picture(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "d", "[en, fr]")
    (root / "figures/fr" / SKETCH).write_text("<html>not a picture</html>", encoding="utf-8")
    refused(root, tmp_path, f"image 'figures/{SKETCH}' (its version figures/fr/{SKETCH}) ")
