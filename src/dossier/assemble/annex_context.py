"""What every generated part of the annex is made of: its messages (the
msgids of ``templates/locale/dossier.pot``), the :class:`Context` of a part
(the evidence, the language, names and numbers in it), and the pandoc
blocks it builds (headers, tables, figures of charts).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from dossier.core import tree
from dossier.core.localise import N_, Locale, un_date_at
from dossier.load.evidence import Evidence, Record
from dossier.load.loaded import Dossier

Blocks = list[Any]

HEADINGS = {
    "incident-table": N_("Chronological list of incidents"),
    "incidents": N_("The incidents"),
    "statistics": N_("Statistics"),
    "map": N_("Map of the incidents"),
    "exhibits": N_("Exhibits"),
}
DATE = N_("Date")
PLACE = N_("Place")
PROVINCE = N_("Province")
TYPE = N_("Type of attack")
KILLED = N_("Killed")
INJURED = N_("Injured")
ATTRIBUTION = N_("Attribution")
CONFIDENCE = N_("Confidence")
BASIS = N_("Basis of the attribution")
PERPETRATOR = N_("Perpetrator")
SOURCES = N_("Sources")
INCIDENTS = N_("Incidents")
MONTH = N_("Month")
CIVILIANS = N_("Civilians")
SECURITY = N_("Security forces")
TOTAL = N_("Total")
CATEGORY = N_("Category")
EXHIBIT = N_("Exhibit")
INCIDENT = N_("Incident")
DESCRIPTION = N_("Description")
CAPTURED = N_("Captured")
SHA256 = N_("SHA-256")
TABLE_INCIDENTS = N_("Incidents in chronological order")
BY_MONTH = N_("Incidents and casualties by month")
BY_PROVINCE = N_("Incidents and casualties by province")
BY_TYPE = N_("Incidents and casualties by type of attack")
BY_CATEGORY = N_("Casualties among civilians and security forces")
CHART_MONTH = N_("People killed and injured, by month")
CHART_CATEGORY = N_("People killed, civilians and security forces, by type of attack")
PEOPLE = N_("People")
MAP_TITLE = N_("Places of the incidents and incidents by province")
SCALE = N_("km")
MAP_NOTE = N_("Each dot marks an incident; places are named where space permits.")
BOUNDARIES = N_("Boundaries: {source}")
LABEL_VALUE = N_(
    "{label}: {value}",
    comment="A label and its value in a list: French puts a no-break space before the colon.",
)
NO_INCIDENTS = N_("No incident is recorded for this period.")
CONFIDENCES = {
    "confirmed": N_("confirmed"),
    "probable": N_("probable"),
    "alleged": N_("alleged"),
}
ATTACK_TYPES = {
    name: N_(name, comment="GTD attack type.")
    for name in (
        "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking",
        "Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)",
        "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown",
    )
}  # fmt: skip


# ACLED's time_precision 2: the source gives the week, and the date is set
# within it: the day printed is not known for sure.
ABOUT = N_(
    "about {date}",
    comment="An incident's date known to within a week (ACLED's time_precision 2): "
    "'about 3 November 2026'; in a table cell and after 'Date:'.",
)


class Context:
    """What a generated part needs: the evidence, the language, names."""

    def __init__(
        self, dossier: Dossier, loc: Locale, cache: Path, edition: str | None = None
    ) -> None:
        assert dossier.evidence is not None
        self.dossier = dossier
        self.evidence: Evidence = dossier.evidence
        self.loc = loc
        self.lang = loc.lang
        self.cache = cache
        config = dossier.manifest.evidence
        self.glossary = config.glossary
        self.types = config.types
        # What this edition's generated text shows (dossier.yaml decides).
        self.shows_confidence = config.shows(config.show_confidence, edition)
        self.shows_ids = config.shows(config.show_record_ids, edition)
        self._numbers: dict[int, str] = {}  # babel is slow; the same few numbers recur

    def _(self, message: str, **values: str) -> str:
        return self.loc._(message, **values)

    def name(self, text: str) -> str:
        """A place or province in this language, from the glossary."""
        return self.glossary.get(text, {}).get(self.lang, text)  # type: ignore[call-overload,no-any-return]

    def kind(self, record: Record) -> str:
        """The type of attack of ``record``: its term of the dossier's
        vocabulary, or else its GTD attack type."""
        return record.incident.type or record.incident.attack_type

    def kind_label(self, kind: str) -> str:
        """A type of attack in this language, in sentence case: the
        vocabulary's words, or GTD's label as the catalogue translates it."""
        words = self.types.get(kind)
        if words:
            source = self.dossier.manifest.source_language
            return words.get(self.lang) or words[source]  # type: ignore[call-overload]
        text = self._(ATTACK_TYPES[kind])
        return sentence_case(text) if text == kind else text

    def kinds(self, found: Iterable[str]) -> list[str]:
        """The types of attack in ``found``: the vocabulary's in its order,
        then GTD's in alphabetical order."""
        order = {term: i for i, term in enumerate(self.types)}
        return sorted(found, key=lambda k: (order.get(k, len(order)), k))

    def number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = str(format_decimal(value, locale=self.lang, numbering_system="latn"))
            self._numbers[value] = text
        return text

    def field(self, record: Record, key: str, default: str) -> str:
        narrative = record.narratives.get(self.lang)
        return narrative.fields.get(key, default) if narrative else default

    def title(self, record: Record) -> str:
        return self.field(record, "title", record.incident.title)

    def place(self, record: Record) -> str:
        loc = record.incident.location
        return self.field(record, "place", self.name(loc.place))

    def date(self, record: Record) -> str:
        inc = record.incident
        last = inc.end_date or inc.event_date
        text = un_date_at(inc.event_date, last, inc.time_precision, self.lang)
        return self._(ABOUT, date=text) if inc.time_precision == 2 else text

    def paren(self, text: str) -> str:
        """' (text)', or '（text）' in Chinese."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def pair(self, label: str, value: str) -> str:
        return self._(LABEL_VALUE, label=label, value=value)


def sentence_case(label: str) -> str:
    """GTD's Title Case in sentence case.

    >>> sentence_case("Hostage Taking (Barricade Incident)")
    'Hostage taking (barricade incident)'
    """
    return label[:1] + label[1:].lower()


def header(level: int, text: str, ident: str = "") -> dict[str, Any]:
    return {"t": "Header", "c": [level, tree.attr(ident), tree.text(text)]}


def cell(text: str | list[Any], align: str = "AlignDefault") -> list[Any]:
    inlines = tree.text(text) if isinstance(text, str) else text
    return [tree.attr(), {"t": align}, 1, 1, [tree.plain(inlines)]]


def table(
    caption: str,
    head: list[str],
    rows: Iterable[list[str | list[Any]]],
    numeric: Iterable[int] = (),
) -> dict[str, Any]:
    """A pandoc Table: caption, one header row, body rows; ``numeric``
    columns are aligned to the end."""
    right = set(numeric)
    aligns = [{"t": "AlignRight" if i in right else "AlignLeft"} for i in range(len(head))]
    colspecs = [[a, {"t": "ColWidthDefault"}] for a in aligns]

    def row(values: list[str | list[Any]]) -> list[Any]:
        return [
            tree.attr(),
            [cell(v, "AlignRight" if i in right else "AlignLeft") for i, v in enumerate(values)],
        ]

    return {
        "t": "Table",
        "c": [
            tree.attr(),
            [None, [tree.plain(tree.text(caption))]],
            colspecs,
            [tree.attr(), [row(list(head))]],
            [[tree.attr(), 0, [], [row(r) for r in rows]]],
            [tree.attr(), []],
        ],
    }


def bold(text: str) -> list[Any]:
    return [tree.strong(tree.text(text))]


def figure(drawn: Any, caption: str) -> dict[str, Any]:
    """A pandoc Figure of a chart: the SVG, with the PNG for Word beside it."""
    image = {
        "t": "Image",
        "c": [
            tree.attr("", (), png=str(drawn.png.resolve())),
            tree.text(caption),
            [str(drawn.svg.resolve()), ""],
        ],
    }
    return {
        "t": "Figure",
        "c": [tree.attr(), [None, [tree.plain(tree.text(caption))]], [tree.plain([image])]],
    }
