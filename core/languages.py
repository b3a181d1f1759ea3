"""The languages Neuvo knows: ISO 639 codes, their own names, and which way their script runs.

Codes are ISO 639-1 where one exists, ISO 639-3 otherwise (``prs`` Dari, ``ckb`` Sorani,
``kmr`` Kurmanji), so that Dari is never filed as Farsi, nor Sorani as Kurmanji.
"""

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, WithJsonSchema

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    english: str
    endonym: str
    script: str
    direction: Direction = "ltr"


_LANGUAGES = (
    Language("fi", "Finnish", "suomi", "Latn"),
    Language("sv", "Swedish", "svenska", "Latn"),
    Language("en", "English", "English", "Latn"),
    Language("se", "Northern Sami", "davvisámegiella", "Latn"),
    Language("ar", "Arabic", "العربية", "Arab", "rtl"),
    Language("so", "Somali", "Soomaali", "Latn"),
    Language("ti", "Tigrinya", "ትግርኛ", "Ethi"),
    Language("am", "Amharic", "አማርኛ", "Ethi"),
    Language("om", "Oromo", "Afaan Oromoo", "Latn"),
    Language("prs", "Dari", "دری", "Arab", "rtl"),
    Language("fa", "Persian (Farsi)", "فارسی", "Arab", "rtl"),
    Language("ps", "Pashto", "پښتو", "Arab", "rtl"),
    Language("ckb", "Central Kurdish (Sorani)", "کوردیی ناوەندی", "Arab", "rtl"),
    Language("kmr", "Northern Kurdish (Kurmanji)", "Kurmancî", "Latn"),
    Language("ur", "Urdu", "اردو", "Arab", "rtl"),
    Language("he", "Hebrew", "עברית", "Hebr", "rtl"),
    Language("uk", "Ukrainian", "українська", "Cyrl"),
    Language("ru", "Russian", "русский", "Cyrl"),
    Language("et", "Estonian", "eesti", "Latn"),
    Language("lv", "Latvian", "latviešu", "Latn"),
    Language("lt", "Lithuanian", "lietuvių", "Latn"),
    Language("pl", "Polish", "polski", "Latn"),
    Language("ro", "Romanian", "română", "Latn"),
    Language("bg", "Bulgarian", "български", "Cyrl"),
    Language("sq", "Albanian", "shqip", "Latn"),
    Language("bs", "Bosnian", "bosanski", "Latn"),
    Language("hr", "Croatian", "hrvatski", "Latn"),
    Language("sr", "Serbian", "српски", "Cyrl"),
    Language("tr", "Turkish", "Türkçe", "Latn"),
    Language("de", "German", "Deutsch", "Latn"),
    Language("fr", "French", "français", "Latn"),
    Language("es", "Spanish", "español", "Latn"),
    Language("pt", "Portuguese", "português", "Latn"),
    Language("sw", "Swahili", "Kiswahili", "Latn"),
    Language("hi", "Hindi", "हिन्दी", "Deva"),
    Language("bn", "Bengali", "বাংলা", "Beng"),
    Language("ne", "Nepali", "नेपाली", "Deva"),
    Language("ta", "Tamil", "தமிழ்", "Taml"),
    Language("my", "Burmese", "မြန်မာဘာသာ", "Mymr"),
    Language("th", "Thai", "ไทย", "Thai"),
    Language("vi", "Vietnamese", "Tiếng Việt", "Latn"),
    Language("zh", "Chinese", "中文", "Hans"),
    Language("tl", "Tagalog", "Tagalog", "Latn"),
)

LANGUAGES: dict[str, Language] = {language.code: language for language in _LANGUAGES}


def get(code: str) -> Language:
    """Return the language with ``code``; raise ``KeyError`` for a code Neuvo does not know."""
    return LANGUAGES[code]


def is_known(code: str) -> bool:
    """Tell whether ``code`` is a language Neuvo knows."""
    return code in LANGUAGES


def _known_code(code: str) -> str:
    if code not in LANGUAGES:
        raise ValueError(
            f"unknown language code {code!r}; use an ISO 639 code such as 'ar' or 'prs'"
        )
    return code


LanguageCode = Annotated[
    str,
    AfterValidator(_known_code),
    WithJsonSchema({"type": "string", "enum": sorted(LANGUAGES), "examples": ["ar", "prs"]}),
]
"""A language code that must be in the registry (validated by pydantic)."""
