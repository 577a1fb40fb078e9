"""Everything that depends on the language: boilerplate strings (gettext
catalogues under ``templates/locale/``), dates (CLDR through Babel, with the
UN's own forms where they differ), script direction, job-number suffix.

The msgids are the English texts of the Editorial Manual. A message may have
a variant for a woman signer (msgctxt ``female``) where the language agrees
the words with her: French "la Représentante permanente", "reconnaissante".
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from dossier.core.templates import templates_root


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None = None
    comment: str = ""


# Every boilerplate message, in the order defined: `scripts/catalogues.py`
# writes templates/locale/dossier.pot from it.
MESSAGES: list[Message] = []


def N_(message: str, *, contexts: tuple[str, ...] = (), comment: str = "") -> str:
    """Register ``message`` for the catalogues (and its variants for each
    context, e.g. ``female``) without translating it here."""
    for context in (None, *contexts):
        entry = Message(message, context, comment)
        if entry not in MESSAGES:
            MESSAGES.append(entry)
    return message


DOMAIN = "dossier"
RTL = frozenset({"ar", "ur"})
# Language tags with a region, as Word's proofing tools (w:lang) and the
# documents' metadata name the languages.
LANG_TAGS = {
    "ar": "ar-SA", "en": "en-US", "es": "es-ES", "fr": "fr-FR",
    "ru": "ru-RU", "ur": "ur-PK", "zh": "zh-CN",
}  # fmt: skip
# UN job numbers end with the language version's letter: 26-21345 (E).
JOB_LETTER = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S", "ur": "U"}
_LANGUAGE = (
    "A language name inside a sentence ('Original: English' -> 'Original : anglais'); "
    "with context 'version', the name of the language version on the masthead ('Français')."
)
LANGUAGE_NAMES_EN = {
    lang: N_(name, contexts=("version",), comment=_LANGUAGE)
    for lang, name in {
        "ar": "Arabic",
        "zh": "Chinese",
        "en": "English",
        "fr": "French",
        "ru": "Russian",
        "es": "Spanish",
        "ur": "Urdu",
    }.items()
}
# Arabic months as the UN writes them: the Levantine name and the Egyptian one.
ARABIC_MONTHS = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)
# The Arabic, Chinese and Russian versions (and our Urdu one, after them)
# keep the distribution block of the masthead in English.
ENGLISH_MASTHEAD = frozenset({"ar", "zh", "ru", "ur"})
# Where the footnote mark goes relative to the punctuation it meets.
NOTE_BEFORE_PUNCTUATION = frozenset({"fr", "es"})


ORIGINAL = N_(
    "Original: {language}",
    comment="Masthead. {language}: the language name message (no context), 'anglais'. "
    "Arabic, Chinese, Russian (and Urdu) keep the line in English: leave empty.",
)


def un_date(value: dt.date, lang: str) -> str:
    """A date as the UN writes it in ``lang``.

    >>> d = dt.date(2026, 11, 27)
    >>> [un_date(d, lang) for lang in ("en", "fr", "es")]
    ['27 November 2026', '27 novembre 2026', '27 de noviembre de 2026']
    >>> [un_date(d, lang) for lang in ("ru", "zh")]
    ['27 ноября 2026 года', '2026年11月27日']
    >>> un_date(d, "ar")
    '27 تشرين الثاني/نوفمبر 2026'
    >>> un_date(dt.date(2026, 8, 1), "fr")
    '1er août 2026'
    """
    if lang == "ar":
        return f"{value.day} {ARABIC_MONTHS[value.month - 1]} {value.year}"
    if lang == "fr" and value.day == 1:
        return "1er " + str(format_date(value, "MMMM y", locale="fr"))
    pattern = {
        "es": "d 'de' MMMM 'de' y",
        "ru": "d MMMM y 'года'",
        "zh": "y年M月d日",
    }.get(lang, "d MMMM y")
    return str(format_date(value, pattern, locale=lang))


def un_date_range(first: dt.date, last: dt.date, lang: str) -> str:
    """Two days of the same month share it: '9–10 August 2026'.

    >>> d1, d2 = dt.date(2026, 8, 9), dt.date(2026, 8, 10)
    >>> un_date_range(d1, d2, "en"), un_date_range(d1, d2, "zh")
    ('9–10 August 2026', '2026年8月9日至10日')
    >>> un_date_range(d1, d2, "ru")
    '9–10 августа 2026 года'
    >>> un_date_range(d1, dt.date(2026, 9, 2), "fr")
    '9 août 2026–2 septembre 2026'
    """
    if first == last:
        return un_date(first, lang)
    if (first.year, first.month) != (last.year, last.month):
        return f"{un_date(first, lang)}–{un_date(last, lang)}"
    if lang == "zh":
        return f"{un_date(first, lang)}至{last.day}日"
    whole = un_date(last, lang)
    if lang == "fr" and last.day == 1:
        whole = whole.removeprefix("1er")
    head = "1er" if lang == "fr" and first.day == 1 else str(first.day)
    return f"{head}–{whole}"


def un_month(value: dt.date, lang: str) -> str:
    """The month of ``value``, when the day is not known.

    >>> d = dt.date(2026, 11, 1)
    >>> [un_month(d, lang) for lang in ("en", "fr", "es", "ru", "zh")]
    ['November 2026', 'novembre 2026', 'noviembre de 2026', 'ноябрь 2026 года', '2026年11月']
    >>> un_month(d, "ar")
    'تشرين الثاني/نوفمبر 2026'
    """
    if lang == "ar":
        return f"{ARABIC_MONTHS[value.month - 1]} {value.year}"
    if lang == "zh":
        return f"{value.year}年{value.month}月"
    pattern = {"es": "LLLL 'de' y", "ru": "LLLL y 'года'"}.get(lang, "LLLL y")
    return str(format_date(value, pattern, locale=lang))


def un_year(value: dt.date, lang: str) -> str:
    """The year of ``value``, when the month is not known.

    >>> [un_year(dt.date(2026, 1, 1), lang) for lang in ("en", "ru", "zh")]
    ['2026', '2026 год', '2026年']
    """
    return {"ru": f"{value.year} год", "zh": f"{value.year}年"}.get(lang, str(value.year))


def un_date_at(first: dt.date, last: dt.date, precision: int, lang: str) -> str:
    """The dates of an incident no more precisely than they are known:
    ``precision`` is the record's time_precision (1 the day, 2 the week, 3
    the month, 4 the year).

    >>> d = dt.date(2026, 11, 1)
    >>> un_date_at(d, d, 1, "en"), un_date_at(d, d, 3, "en"), un_date_at(d, d, 4, "en")
    ('1 November 2026', 'November 2026', '2026')
    >>> un_date_at(dt.date(2026, 10, 1), d, 3, "fr")
    'octobre 2026–novembre 2026'
    """
    if precision >= 4:
        years = [un_year(first, lang), un_year(last, lang)]
        return years[0] if first.year == last.year else "–".join(years)
    if precision == 3:
        months = [un_month(first, lang), un_month(last, lang)]
        return (
            months[0] if (first.year, first.month) == (last.year, last.month) else "–".join(months)
        )
    return un_date_range(first, last, lang)


@dataclass(frozen=True)
class Locale:
    lang: str
    translations: gettext.NullTranslations
    female: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.lang in RTL else "ltr"

    def _(self, message: str, **values: str) -> str:
        """Translate ``message`` (the woman signer's variant when there is one)
        and fill its ``{placeholders}``."""
        text = self.translations.gettext(message)
        if self.female:
            variant = self.translations.pgettext("female", message)
            if variant != message:
                text = variant
        return text.format(**values) if values else text

    def date(self, value: dt.date) -> str:
        return un_date(value, self.lang)

    def masthead(self, message: str, **values: str) -> str:
        """A string of the masthead's distribution block: English in the
        versions that keep it in English."""
        if self.lang in ENGLISH_MASTHEAD:
            return message.format(**values) if values else message
        return self._(message, **values)

    def masthead_date(self, value: dt.date) -> str:
        return un_date(value, "en" if self.lang in ENGLISH_MASTHEAD else self.lang)

    def language_name(self, lang: str) -> str:
        """The name of ``lang`` inside a sentence: 'anglais' in French."""
        return self._(LANGUAGE_NAMES_EN[lang])

    def original(self, source: str) -> str:
        """The masthead's 'Original: English' line."""
        if self.lang in ENGLISH_MASTHEAD:
            return f"Original: {LANGUAGE_NAMES_EN[source]}"
        return self._(ORIGINAL, language=self.language_name(source))

    def version_name(self) -> str:
        """The name of this language version on the masthead: 'Français'."""
        if self.lang in ENGLISH_MASTHEAD:
            return LANGUAGE_NAMES_EN[self.lang]
        return self.translations.pgettext("version", LANGUAGE_NAMES_EN[self.lang])

    def job_suffix(self) -> str:
        return f"({JOB_LETTER[self.lang]})"


def catalogue_dir() -> Path:
    return templates_root() / "locale"


def po_path(lang: str) -> Path:
    return catalogue_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def supported() -> frozenset[str]:
    """Languages whose boilerplate is written: English and every catalogue."""
    return frozenset({"en", *(lang for lang in LANGUAGE_NAMES_EN if po_path(lang).is_file())})


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    po = po_path(lang)
    if not po.is_file():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return Translations(f, domain=DOMAIN)
    # No compiled catalogue (or an old one): read the .po itself.
    import io

    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def locale(lang: str, female: bool = False) -> Locale:
    return Locale(lang, _translations(lang), female)


def lang_tag(lang: str) -> str:
    """
    >>> lang_tag("fr"), lang_tag("pt")
    ('fr-FR', 'pt')
    """
    return LANG_TAGS.get(lang, lang)
