"""The lookup of every text xlsync gives a person, in Italian (what partners and managers read) and
English (`--lang en`, `XLSYNC_LANG=en`); the texts live in `xlsync/catalogue/`, by part of the year.

`problem()` gives a located problem (what is wrong and how to fix it), `error()` the exception that
carries it; `text()` a plain text (a report's line, a letter's) in the language of the moment, `both()`
the Italian and English of one, for a result rendered later.
"""

from __future__ import annotations

import difflib
import errno
import string
from dataclasses import replace
from typing import Any

from xlsync.catalogue import click_words, letters, plural, programme, reports, returns, scoring, system
from xlsync.errors import Problem, XlsyncError

CATALOGUE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    **returns.ENTRIES, **programme.ENTRIES, **system.ENTRIES}
TEXTS: dict[str, tuple[str | tuple[str, str], str | tuple[str, str]]] = {
    **reports.TEXTS, **scoring.TEXTS, **letters.TEXTS, **click_words.TEXTS, **system.TEXTS, **returns.TEXTS}



class _Formatter(string.Formatter):
    """`str.format`, and a count's words agreeing with it: "{rows} {rows:riga|righe}" (one|many)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            return plural(value, *format_spec.split("|", 1))
        return super().format_field(value, format_spec)


_FORMAT = _Formatter()

LANGUAGES = ("it", "en")
_language: list[str | None] = [None]  # None outside an xlsync command: Italian, and click's words untouched


def language() -> str:
    """The language of the moment: "it" or "en"."""
    return _language[0] or "it"


def language_set() -> bool:
    """Whether a command set the language (click's own words follow it only then)."""
    return _language[0] is not None


def set_language(lang: str | None) -> None:
    """Set the language (an unknown one is Italian); None: back to outside a command."""
    _language[0] = None if lang is None else lang if lang in LANGUAGES else "it"


def text(key: str, lang: str | None = None, *, n: int | float | None = None, **values: Any) -> str:
    """A plain text of the catalogue in `lang` (the language of the moment when None); a counted one
    agrees with `n` («1 riga letta», «2 righe lette»)."""
    entry = TEXTS[key][LANGUAGES.index(lang or language())]
    if isinstance(entry, tuple):
        entry = plural(n, *entry)
    return _FORMAT.format(entry, n=n, **values)


def both(key: str, *, n: int | float | None = None, **values: Any) -> tuple[str, str]:
    """A plain text in Italian and English; a value given as an (Italian, English) pair goes in each."""
    return tuple(text(key, lang, n=n, **{name: value[index] if isinstance(value, tuple) else value
                                         for name, value in values.items()})
                 for index, lang in enumerate(LANGUAGES))


def problem(key: str, where: str, *, cell: str = "", warning: bool = False, **values: Any) -> Problem:
    """A located problem from the catalogue, in Italian with its English rendering."""
    (what_it, fix_it), (what_en, fix_en) = CATALOGUE[key]
    values_it = {name: value[0] if isinstance(value, tuple) else value for name, value in values.items()}
    values_en = {name: value[1] if isinstance(value, tuple) else value for name, value in values.items()}
    return Problem(
        where=where,
        what=_FORMAT.format(what_it, **values_it),
        fix=_FORMAT.format(fix_it, **values_it),
        cell=cell,
        warning=warning,
        key=key,
        english=(_FORMAT.format(what_en, **values_en), _FORMAT.format(fix_en, **values_en)),
    )


def reading(key: str, **values: Any) -> str:
    """A reading of the published programme for the manager to check, in the language of the moment:
    what, then what was done or is to do."""
    what, fix = CATALOGUE[key][LANGUAGES.index(language())]
    return _FORMAT.format(f"{what}: {fix}" if fix else what, **values)


def near(options: list[str], word: str) -> tuple[str, str]:
    """A 'did you mean' suffix (Italian, English) naming the closest option, or nothing."""
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        return ("", "")
    return both("did_you_mean", option=found[0])


def error(key: str, where: str = "", *, cls: type[XlsyncError] = XlsyncError, problems: tuple[Problem, ...] = (),
          **values: Any) -> XlsyncError:
    """The exception for a catalogued message; with `problems`, the message heads their list."""
    found = problem(key, where, **values)
    if problems:
        return cls(str(found), tuple(problems), found.text("en"))
    return cls.of(found)


def for_district(exc: XlsyncError) -> XlsyncError:
    """The error with the fix its reader needs when the file is their district workbook (a partner's
    return is sent again; the manager's own file is mended, or its earlier version taken)."""
    if len(exc.problems) != 1 or exc.problems[0].key not in returns.DISTRICT_FIXES:
        return exc
    found = exc.problems[0]
    italian, english = returns.DISTRICT_FIXES[found.key]
    return type(exc).of(replace(found, fix=italian, english=(found.english[0], english) if found.english else None))


def fault(exc: OSError) -> Problem:
    """What the system refused (a full disk, a permission, a missing folder), located at its file."""
    where = str(exc.filename) if exc.filename else ""
    detail = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        return problem("disk_full", where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return problem("no_permission", where, detail=detail)
    if exc.errno == errno.ENOENT:
        return problem("missing_file", where)
    return problem("system_error", where, detail=detail)
