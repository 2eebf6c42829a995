"""The native formulas that compute V.A.M.T. percentages inside the workbook.

Only functions that Excel 2016 and LibreOffice 7.4 both have (SUMIFS, COUNTIFS, SUMPRODUCT,
AVERAGEIFS, SUBSTITUTE…): no UNIQUE, MINIFS or dynamic arrays. Every realisation is rounded with
ROUND(…;3), as `engine.py` rounds it in Python; the tests find the very same numbers through a real
LibreOffice recalculation.
"""

from __future__ import annotations

from xlsync.programme.model import Indicator, RuleKind
from xlsync.scoring.engine import DECIMALS
from xlsync.workbook import layout

_CODE = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[0].header}]"
_QUANTITY = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[3].header}]"
_ORGANISATIONS = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[4].header}]"
_MEMBER_NAMES = f"{layout.MEMBERS}[{layout.MEMBER_HEADERS[0]}]"
_MEMBER_SHORT_NAMES = f"{layout.MEMBERS}[{layout.MEMBER_HEADERS[1]}]"


def line_units(code_cell: str) -> str:
    """Units a scoring line has: quantities of the rows naming it, a blank quantity counting 1.

    A row names the line when its code cell is the code or starts with "code " (the dropdown
    entry "code — label"); COUNTIFS/SUMIFS criteria are case-insensitive, as in the engine.
    """
    starts = f'{code_cell}&" *"'
    return (
        f"=SUMIFS({_QUANTITY},{_CODE},{code_cell})+SUMIFS({_QUANTITY},{_CODE},{starts})"
        f'+COUNTIFS({_CODE},{code_cell},{_QUANTITY},"")+COUNTIFS({_CODE},{starts},{_QUANTITY},"")'
    )


def line_distinct_organisations(code_cell: str) -> str:
    """Distinct member organisations among the rows naming the line (Σ 1/occurrences).

    The organisation becomes an exact-match criterion: "=" in front, wildcards escaped. It counts
    when it is a member's name or short name (the programme says "organizzazione aderente").
    Rows that do not name the line get 1 added to their denominator so nothing divides by 0.
    """
    names = f'(({_CODE}={code_cell})+(LEFT({_CODE},LEN({code_cell})+1)={code_cell}&" ")>0)'
    exact = f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({_ORGANISATIONS},"~","~~"),"*","~*"),"?","~?")'
    member = f"((COUNTIFS({_MEMBER_NAMES},{exact})+COUNTIFS({_MEMBER_SHORT_NAMES},{exact}))>0)"
    occurrences = (f"COUNTIFS({_CODE},{code_cell},{_ORGANISATIONS},{exact})"
                   f'+COUNTIFS({_CODE},{code_cell}&" *",{_ORGANISATIONS},{exact})')
    return f'=SUMPRODUCT({names}*({_ORGANISATIONS}<>"")*{member}/({occurrences}+({names}=0)))'


def line_rows(code_cell: str) -> str:
    """How many evidence rows name the scoring line."""
    return f'=COUNTIFS({_CODE},{code_cell})+COUNTIFS({_CODE},{code_cell}&" *")'


def total(cells: list[str]) -> str:
    """The sum of some cells (0 when there are none)."""
    return "=" + ("+".join(cells) if cells else "0")


def indicator_value(indicator: Indicator, line_cells: list[tuple[str, str, str]], linked_cell: str | None,
                    manual_cell: str | None) -> str:
    """Realisation of an indicator (0–1).

    line_cells: for each scoring line, (units cell, percent cell, required cell).
    """
    kind = indicator.kind
    if kind is RuleKind.LINKED:
        return f"={linked_cell}"
    if kind is RuleKind.MANUAL:
        return f"=ROUND(MAX(0,MIN(1,N({manual_cell}))),{DECIMALS})"
    units, percent, required = line_cells[0]
    if kind is RuleKind.AT_LEAST:
        return f"=IF({units}>={required},1,0)"
    if kind is RuleKind.YES_NO:
        return f"=IF({units}>=1,1,0)"
    total = "+".join(f"{each_units}*{each_percent}" for each_units, each_percent, _ in line_cells)
    return f"=ROUND(MAX(0,MIN(1,{total})),{DECIMALS})"


def action_value(indicator_range: str) -> str:
    """Realisation of an action: its indicators combined as the programme says (mean or minimum)."""
    return f'=ROUND(IF({layout.AGGREGATION}="minimo",MIN({indicator_range}),AVERAGE({indicator_range})),{DECIMALS})'


def programme_value() -> str:
    """The programme's realisation: the mean of the actions that count."""
    table = layout.SUMMARY
    return f'=ROUND(AVERAGEIFS({table}[Realizzazione],{table}[Conta],"{layout.YES}"),{DECIMALS})'


def outcome() -> str:
    return (f'=IF(ROUND({layout.PROGRAMME_REALISATION},{DECIMALS})>={layout.THRESHOLD},'
            f'"{layout.ELIGIBLE_TEXT}","{layout.NOT_ELIGIBLE_TEXT}")')


def area_value(label_cell: str) -> str:
    """The mean realisation of an area's actions that count (blank when none counts)."""
    table = layout.SUMMARY
    exact = f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({label_cell},"~","~~"),"*","~*"),"?","~?")'
    return (f'=IF(COUNTIFS({table}[Area],{exact},{table}[Conta],"{layout.YES}")=0,"",'
            f'ROUND(AVERAGEIFS({table}[Realizzazione],{table}[Area],{exact},{table}[Conta],"{layout.YES}"),{DECIMALS}))')
