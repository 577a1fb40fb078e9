"""ACLED and GTD CSV files in and out of a dossier's incident records;
what is filled in, checked and lost is in docs/interchange.md."""

from __future__ import annotations

from collections.abc import Callable

from dossier.tools.interchange.acled import export_acled, import_acled
from dossier.tools.interchange.exporting import Exported
from dossier.tools.interchange.gtd import export_gtd, import_gtd
from dossier.tools.interchange.sync import Synced

IMPORTERS: dict[str, Callable[..., Synced]] = {"acled": import_acled, "gtd": import_gtd}


EXPORTERS: dict[str, Callable[..., Exported]] = {"acled": export_acled, "gtd": export_gtd}
