"""xlsync inside the manager's Excel, through xlwings.

Two kinds of entry points, thin over the application layer (`xlsync.application`, `xlsync.menu`), their
texts from the catalogue (`xlsync/catalogue/commands.py`):

- worksheet functions (xlwings UDFs, Windows Excel): `VAMT_REALIZZAZIONE` reads a rule written
  as the programme writes it; `VAMT_AZIONE`, `VAMT_PROGRAMMA`, `VAMT_MANCA` and `VAMT_AZIONI` read
  the open district workbook's own tables. They follow Excel's conventions: a fraction to format
  as a percentage, `None` for an empty result, never NaN, and an Italian error text in the cell
  for a bad argument.
- the targets of the add-in's buttons (`macros/xlsync.bas`, through xlwings' `RunPython`): each
  takes the district workbook's path and a result file, runs the command of `xlsync.menu` the
  LibreOffice extension's menu runs too, and writes "OK" or "ERRORE" and the message Excel shows.
  They never raise.

Without xlwings (on Linux, or where only the library is installed) the functions are plain Python.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xlsync import application, menu
from xlsync.application import short
from xlsync.catalogue.commands import say
from xlsync.errors import XlsyncError
from xlsync.scoring.engine import ProgrammeResult, shown

try:  # xlwings is the add-in's extra: its decorator registers the functions with Excel
    from xlwings import func
except ImportError:  # pragma: no cover - the library works without it
    def func(f=None, **_):
        return f if f is not None else (lambda g: g)

LANG = "it"  # everything a person sees in a workbook is Italian


def _error(key: str, **values: Any) -> str:
    """The text a cell shows for a bad argument: «Errore: …»."""
    return say("cell error", LANG, detail=say(key, LANG, **values))


# -- worksheet functions --------------------------------------------------------------------

@func
def VAMT_REALIZZAZIONE(regola: Any, *quantita: Any) -> Any:  # noqa: N802 - Excel's name
    """La realizzazione di una regola scritta come nel programma ("20% per ogni incontro") date le
    quantità registrate, una per ogni tipo di evidenza della regola, nell'ordine in cui la regola
    li nomina. Più percentuali che non sono "per ogni" sono indicatori distinti: ne fa la media."""
    if _blank(regola):
        return None
    numbers = _numbers(quantita)
    if isinstance(numbers, str):
        return numbers
    try:
        return _fraction(application.rule_realisation(str(regola), numbers))
    except XlsyncError as exc:
        return say("cell error", LANG, detail=exc.text(LANG))


@func
def VAMT_AZIONE(codice: Any, caller: Any = None) -> Any:  # noqa: N802
    """La realizzazione dell'azione (o dell'indicatore) con questo codice, dalle tabelle della cartella."""
    return action_value(_result(caller), codice)


@func
def VAMT_PROGRAMMA(caller: Any = None) -> Any:  # noqa: N802
    """La realizzazione del programma, dalle tabelle della cartella."""
    result = _result(caller)
    return result if isinstance(result, str) else _fraction(result.value)


@func
def VAMT_MANCA(codice: Any, caller: Any = None) -> Any:  # noqa: N802
    """Che cosa manca all'azione (o all'indicatore) con questo codice; vuoto quando non manca niente."""
    return missing(_result(caller), codice)


@func
def VAMT_AZIONI(caller: Any = None) -> Any:  # noqa: N802
    """Tutte le azioni: codice, titolo, realizzazione, conta, che cosa manca (una matrice)."""
    return actions_table(_result(caller))


def action_value(result: ProgrammeResult | str, code: Any) -> Any:
    if isinstance(result, str):
        return result
    found = _find(result, code)
    return found if isinstance(found, str) else _fraction(found.value)


def missing(result: ProgrammeResult | str, code: Any) -> Any:
    if isinstance(result, str):
        return result
    found = _find(result, code)
    if isinstance(found, str):
        return found
    indicators = found.indicators if hasattr(found, "indicators") else (found,)
    texts = [f"{ind.code}: {ind.missing}" for ind in indicators if ind.missing]
    return "; ".join(texts) or None


def actions_table(result: ProgrammeResult | str) -> Any:
    if isinstance(result, str):
        return [[result]]
    rows: list[list[Any]] = [say("actions columns", LANG).split("|")]
    for action in result.actions:
        gaps = "; ".join(f"{ind.code}: {ind.missing}" for ind in action.indicators if ind.missing) or None
        rows.append([action.code, action.title, _fraction(action.value), say("yes" if action.counts else "no", LANG),
                     gaps])
    rows.append(["", say("programme realisation", LANG), _fraction(result.value),
                 say("eligible" if result.eligible else "not eligible", LANG), None])
    return rows


def _result(caller: Any) -> ProgrammeResult | str:
    if caller is None:
        return _error("no open workbook")
    try:
        book = caller.sheet.book
        return application.sheets_status(_sheets_of(book), book.name)
    except XlsyncError as exc:
        return say("cell error", LANG, detail=exc.text(LANG))


def _sheets_of(book: Any) -> dict[str, list[list[Any]]]:  # pragma: no cover - needs Excel
    """Every sheet's values from A1 to its last used cell, read from the open workbook."""
    sheets = {}
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        sheets[sheet.name] = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return sheets


def _find(result: ProgrammeResult, code: Any):
    wanted = str(code or "").strip().casefold()
    for action in result.actions:
        if action.code.casefold() == wanted:
            return action
        for ind in action.indicators:
            if ind.code.casefold() == wanted:
                return ind
    return _error("no such code", code=short(code))


def _numbers(values: Iterable[Any]) -> list[float] | str:
    """One quantity per argument, as Excel passes them: a number, an empty cell (None), a number
    written as text, or a range (a list), whose cells are added up."""
    numbers = []
    for value in values:
        cells = [item for row in value for item in (row if isinstance(row, (list, tuple)) else [row])] \
            if isinstance(value, (list, tuple)) else [value]
        total = 0.0
        for cell in cells:
            if _blank(cell):
                continue
            if isinstance(cell, bool):
                return _error("yes or no is no quantity", value=cell)
            try:
                number = float(cell.replace(",", ".")) if isinstance(cell, str) else float(cell)
            except (TypeError, ValueError):
                return _error("not a quantity", value=short(cell))
            if not math.isfinite(number) or number < 0:
                return _error("negative quantity", value=cell)
            total += number
        numbers.append(total)
    return numbers


def _fraction(value: float) -> float | None:
    """A realisation for a cell, as every figure is shown (one decimal of a percentage, rounded down, so
    that the cell's 0,0% format shows what the workbook's tables show); never NaN (Excel's #NUM!)."""
    return shown(float(value)) if math.isfinite(value) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- the buttons' targets -------------------------------------------------------------------

def unisci_invii(district: str, inbox: str, esito: str) -> None:
    """Unisci invii: merge the returns saved in a folder into the district workbook."""
    _answer(esito, menu.run("merge", district, inbox, lang=LANG))


def distribuisci(district: str, outbox: str, esito: str) -> None:
    """Distribuisci: one workbook per member organisation in a folder."""
    _answer(esito, menu.run("distribute", district, outbox, lang=LANG))


def verifica(district: str, folder: str, esito: str) -> None:
    """Verifica: check the returns in a folder against the district's programme, changing nothing."""
    _answer(esito, menu.run("validate", district, folder, lang=LANG))


def esporta(district: str, output: str, esito: str) -> None:
    """Esporta per l'Agenzia: the agency's workbook, and its PDF where LibreOffice is installed."""
    _answer(esito, menu.run("export", district, output, lang=LANG))


def aggiorna(district: str, esito: str, programme: str = "") -> None:
    """Aggiorna: adopt the programme's numbers changed in the workbook (or a programme file or review)."""
    _answer(esito, menu.run("update", district, programme, lang=LANG))


def stato(district: str, esito: str) -> None:
    """Stato: the programme's realisation and what is missing."""
    _answer(esito, menu.run("status", district, lang=LANG))


# The buttons of macros/xlsync.bas and the function each calls (a test keeps them in step).
TARGETS: dict[str, Callable[..., None]] = {
    "unisci_invii": unisci_invii, "distribuisci": distribuisci, "verifica": verifica, "esporta": esporta,
    "aggiorna": aggiorna, "stato": stato,
}


def _answer(esito: str, answer: menu.Answer) -> None:
    """Write a command's answer where the add-in's VBA reads it: "OK" (done) or "ERRORE" (not done), then the
    text to show, in the encoding VBA reads text files with."""
    text = ("ERRORE\n" if answer.code == menu.FAILED else "OK\n") + answer.text
    encoding = "cp1252" if sys.platform == "win32" else "mac_roman" if sys.platform == "darwin" else "utf-8"
    if sys.platform in ("win32", "darwin"):  # VBA's Line Input reads lines ended by CR LF
        text = text.replace("\n", "\r\n")
    # Bytes, not text: text mode on Windows would make each "\r\n" "\r\r\n".
    Path(esito).write_bytes(text.encode(encoding, errors="replace"))
