"""Reading the values people type: Italian dates and numbers written as text."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}
_MONTH_PREFIXES = {name[:3]: number for name, number in MONTHS.items()}

_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")
_WORD_DATE = re.compile(r"(\d{1,2})\s*(?:°|º)?\s+([a-zà]+)\.?\s+(\d{4})")
_NUMBER = re.compile(r"[+]?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?|[+]?(\d+)\.(\d+)")


def parse_date(text: str) -> dt.date | None:
    """'3/5/2024', '03-05-2024', '3.5.24', '3 maggio 2024', '3 mag 2024', '2024-05-03' → date (day first)."""
    text = text.strip().casefold()
    try:
        if match := _NUMERIC_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _WORD_DATE.fullmatch(text):
            month = MONTHS.get(match.group(2)) or _MONTH_PREFIXES.get(match.group(2)[:3])
            if month and (match.group(2) in MONTHS or len(match.group(2)) <= 4):
                return dt.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:  # 31/02/2024
        return None
    return None


def impossible_date(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a text written as a date that is not one: '31/09/2024', '15/13/2024'."""
    match = _NUMERIC_DATE.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    year = year + 2000 if year < 100 else year
    try:
        dt.date(year, month, day)
    except ValueError:
        return day, month, year
    return None


def same_document(a: object, b: object) -> bool:
    """Whether two cells name the same document: case and spaces at the ends do not matter.

    Autocorrect capitalises what a person types ('verbale-marzo.pdf' becomes 'Verbale-marzo.pdf'),
    so a row is not changed because its document's name changed case.
    """
    return document_key(a) == document_key(b)


def document_key(value: object) -> object:
    """A document cell as rows are compared: its text without case and end spaces; empty is None."""
    if value is None:
        return None
    text = str(value).strip().casefold()
    return text or None


def parse_number(text: str) -> float | None:
    """'2', '1,5', '1.000', '2.5' → number; anything else → None."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    if match.group(3) is not None:  # "2.5": a dot with no thousands grouping is a decimal point
        return float(f"{match.group(3)}.{match.group(4)}")
    whole = match.group(1).replace(".", "")
    return float(f"{whole}.{match.group(2)}" if match.group(2) else whole)


@functools.lru_cache(maxsize=4096)
def fold(text: object) -> str:
    """For comparing names a person typed: case, accents and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


_EPOCH = dt.datetime(1899, 12, 31)


def excel_serial(value: dt.date | dt.datetime) -> float:
    """The serial number Excel stores for a date or a date and time (1900 date system).

    Excel counts 29 February 1900, which never was: from 1 March 1900 serials are one day ahead.
    """
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    delta = moment.replace(tzinfo=None) - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial + 1 if serial >= 60 else serial
