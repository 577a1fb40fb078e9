"""Everything that depends on the language: boilerplate strings (gettext
catalogues under ``templates/locale/``), dates (CLDR through Babel), script
direction, job-number suffix.

The msgids are the English texts of the Editorial Manual; a language without
a catalogue yet falls back to them.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from dataclasses import dataclass

from babel.dates import format_date
from babel.support import Translations

from dossier.templates import templates_root

RTL = frozenset({"ar", "ur"})
# UN job numbers end with the language version's letter: 26-12345 (E).
JOB_LETTER = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S", "ur": "U"}
LANGUAGE_NAMES_EN = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
    "ur": "Urdu",
}
# Languages whose boilerplate is done. Others need the catalogues of the
# languages issue first; building them would print English boilerplate.
SUPPORTED = frozenset({"en"})


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


@dataclass(frozen=True)
class Locale:
    lang: str
    translations: gettext.NullTranslations

    @property
    def direction(self) -> str:
        return "rtl" if self.lang in RTL else "ltr"

    def _(self, message: str, **values: str) -> str:
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def date(self, value: dt.date) -> str:
        """A date as the UN writes it in this language.

        >>> locale("en").date(dt.date(2026, 11, 27))
        '27 November 2026'
        """
        return str(format_date(value, "d MMMM y", locale=self.lang))

    def language_name(self, lang: str) -> str:
        return self._(LANGUAGE_NAMES_EN[lang])

    def job_suffix(self) -> str:
        return f"({JOB_LETTER[self.lang]})"


@functools.cache
def locale(lang: str) -> Locale:
    catalogues = templates_root() / "locale"
    translations = Translations.load(str(catalogues), [lang], domain="dossier")
    return Locale(lang, translations)
