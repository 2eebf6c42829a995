"""The catalogue of every message xlsync gives: what is wrong and how to fix it (and, for the
reading of a published programme, what was decided and what to check), in Italian (what partners
and managers read) and English (`--lang en`).

Every entry is `key: ((what_it, fix_it), (what_en, fix_en))`, formatted with named values; the entries
live in `xlsync/catalogue/`, by part of the year.
`problem()` gives a located problem, `error()` the exception that carries it.
"""

from __future__ import annotations

import difflib
import errno
from dataclasses import replace
from typing import Any

from xlsync.catalogue import programme, returns, system
from xlsync.errors import Problem, XlsyncError

CATALOGUE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    **returns.ENTRIES, **programme.ENTRIES, **system.ENTRIES}


def problem(key: str, where: str, *, cell: str = "", warning: bool = False, **values: Any) -> Problem:
    """A located problem from the catalogue, in Italian with its English rendering."""
    (what_it, fix_it), (what_en, fix_en) = CATALOGUE[key]
    values_it = {name: value[0] if isinstance(value, tuple) else value for name, value in values.items()}
    values_en = {name: value[1] if isinstance(value, tuple) else value for name, value in values.items()}
    return Problem(
        where=where,
        what=what_it.format(**values_it),
        fix=fix_it.format(**values_it),
        cell=cell,
        warning=warning,
        key=key,
        english=(what_en.format(**values_en), fix_en.format(**values_en)),
    )


def reading(key: str, **values: Any) -> str:
    """A reading of the published programme for the manager to check, in Italian: what, then what
    was done or is to do."""
    (what, fix), _ = CATALOGUE[key]
    return (f"{what}: {fix}" if fix else what).format(**values)


def near(options: list[str], word: str) -> tuple[str, str]:
    """A 'did you mean' suffix (Italian, English) naming the closest option, or nothing."""
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        return ("", "")
    return (f": forse «{found[0]}»?", f": did you mean “{found[0]}”?")


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
