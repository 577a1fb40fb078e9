"""The one base of the typed models read from a drafter's YAML."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors, values are frozen, text is trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Problems(ValueError):
    """What a model's rules across its fields found wrong, each with the key
    it is about: the reader of the YAML reports each at that key's line."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems
