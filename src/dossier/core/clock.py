"""The build's date: what every output gives as the time it was made, so
that the same inputs give the same bytes."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Any, Protocol

from dossier.core.diagnostics import Diagnostic, DossierError

# 2026-01-01T00:00:00Z: for a document without a date (never one of a dossier).
FALLBACK_TIMESTAMP = 1767225600


class Dated(Protocol):
    """A document whose metadata may give its ``date`` (YYYY-MM-DD)."""

    @property
    def meta(self) -> dict[str, Any]: ...


def build_timestamp(doc: Dated) -> int:
    """The date of every output, in seconds since 1970: SOURCE_DATE_EPOCH
    when it is set, else the dossier's date at 00:00 UTC."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        return _epoch(env)
    try:
        day = date.fromisoformat(doc.meta.get("date", ""))
    except ValueError:
        return FALLBACK_TIMESTAMP
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _epoch(value: str) -> int:
    if not value.isdigit():
        message = f"SOURCE_DATE_EPOCH is not a number of seconds: {value!r}"
        hint = "set it to an integer (date +%s), or unset it to use the dossier's date"
        raise DossierError([Diagnostic(None, None, message, hint)])
    return int(value)
