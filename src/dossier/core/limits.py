"""What a build will read at most (``limits:`` in dossier.yaml): below
the model, so that the readers of source files can take it."""

from __future__ import annotations

from pydantic import Field

from dossier.core.strict import Strict


class Limits(Strict):
    """``limits:`` in dossier.yaml: caps on what a build will read. The
    defaults are far above any real dossier; they stop a hostile or broken
    file (a YAML alias bomb, a 50 MB Markdown file, a 40,000-pixel PNG)
    with a clear error instead of exhausting the machine's memory."""

    file_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        description="The largest Markdown or YAML file read, in bytes (default 8 MiB).",
    )
    nesting: int = Field(
        default=16,
        ge=4,
        description="The deepest nesting of lists, block quotes and divs in Markdown "
        "(Typst cannot lay out much deeper: 24 block quotes or 32 lists inside each other).",
    )
    yaml_nodes: int = Field(
        default=200_000,
        ge=100,
        description="The most YAML nodes one file may hold (aliases are refused outright).",
    )
    image_pixels: int = Field(
        default=100_000_000,
        ge=10_000,
        description="The most pixels an image may have (width x height; default 100 million).",
    )
    image_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="The largest image or exhibit file, in bytes (default 64 MiB).",
    )
