"""The native formulas that compute V.A.M.T. percentages inside the workbook.

Only functions that Excel 2016 and LibreOffice 7.4 both have (SUMIFS, COUNTIFS, SUMPRODUCT,
AVERAGEIFS, SUBSTITUTE…): no UNIQUE, MINIFS or dynamic arrays. Every realisation is computed exactly
in a hidden column («Realizzazione esatta») and means are taken of those; the column a person reads
holds `shown`, ROUNDDOWN(x+1E-9;3), as `engine.shown` in Python. The tests find the very same numbers
through a real LibreOffice recalculation.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsync.programme.model import Indicator, RuleKind
from xlsync.scoring.engine import DECIMALS
from xlsync.vocabulary import layout

_CODE = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[0].header}]"
_QUANTITY = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[3].header}]"
_ORGANISATIONS = f"{layout.EVIDENCE}[{layout.EVIDENCE_COLUMNS[4].header}]"
_MEMBER_NAMES = f"{layout.MEMBERS}[{layout.MEMBER_HEADERS[0]}]"
_MEMBER_SHORT_NAMES = f"{layout.MEMBERS}[{layout.MEMBER_HEADERS[1]}]"
_EXACT = f"{layout.SUMMARY}[{layout.EXACT_HEADER}]"
TOLERANCE = "1E-9"  # engine.TOLERANCE, as a formula writes it


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
        return f"=MAX(0,MIN(1,N({manual_cell})))"
    units, percent, required = line_cells[0]
    if kind is RuleKind.AT_LEAST:
        return f"=IF({units}>={required},1,0)"
    if kind is RuleKind.YES_NO:
        return f"=IF({units}>=1,1,0)"
    total = "+".join(f"{each_units}*{each_percent}" for each_units, each_percent, _ in line_cells)
    return f"=MAX(0,MIN(1,{total}))"


def shown(exact: str) -> str:
    """The figure shown for an exact realisation (an expression, without "="), as `engine.shown`."""
    return f"ROUNDDOWN({exact}+{TOLERANCE},{DECIMALS})"


def action_value(indicator_range: str) -> str:
    """Realisation of an action: its indicators' exact values combined as the programme says (mean or minimum)."""
    return f'=IF({layout.AGGREGATION}="minimo",MIN({indicator_range}),AVERAGE({indicator_range}))'


def programme_value() -> str:
    """The programme's exact realisation: the mean of the exact values of the actions that count."""
    return f'=AVERAGEIFS({_EXACT},{layout.SUMMARY}[Conta],"{layout.YES}")'


def outcome() -> str:
    """Eligibility, judged on the exact value (79.95% is below 80%)."""
    return (f'=IF({layout.PROGRAMME_EXACT}+{TOLERANCE}>={layout.THRESHOLD},'
            f'"{layout.ELIGIBLE_TEXT}","{layout.NOT_ELIGIBLE_TEXT}")')


def area_value(label_cell: str) -> str:
    """The shown mean realisation of an area's actions that count (blank when none counts)."""
    table = layout.SUMMARY
    exact = f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({label_cell},"~","~~"),"*","~*"),"?","~?")'
    return (f'=IF(COUNTIFS({table}[Area],{exact},{table}[Conta],"{layout.YES}")=0,"",'
            f'{shown(f"AVERAGEIFS({_EXACT},{table}[Area],{exact},{table}[Conta],{chr(34)}{layout.YES}{chr(34)})")})')


# -- A partner's workbook: only the rows `validate` accepts count -----------------------------------
#
# A partner sees its own figures before the manager merges them, so they count a row only when it is
# complete: a date in the programme's year, a description, a quantity above zero or blank (and, for
# the lines that count organisations, an organisation). The conditions are COUNTIFS criteria over
# plain column ranges, which reach the rows typed below the table too.


@dataclass(frozen=True)
class EvidenceRanges:
    """The columns of a partner's `Evidenze` as absolute ranges (rows 2 to `last_row`, 1-based)."""

    sheet: str
    last_row: int

    def column(self, letter: str) -> str:
        return f"{self.sheet}!${letter}$2:${letter}${self.last_row}"

    @property
    def code(self) -> str:
        return self.column("A")

    @property
    def date(self) -> str:
        return self.column("B")

    @property
    def description(self) -> str:
        return self.column("C")

    @property
    def quantity(self) -> str:
        return self.column("D")

    @property
    def organisations(self) -> str:
        return self.column("E")


def _complete_criteria(ranges: EvidenceRanges, year: int) -> str:
    """COUNTIFS/SUMIFS criteria pairs a complete row meets (besides its code and quantity)."""
    return (f',{ranges.date},">="&DATE({year},1,1),{ranges.date},"<="&DATE({year},12,31)'
            f',{ranges.description},"<>"')


def complete_line_units(code_cell: str, ranges: EvidenceRanges, year: int) -> str:
    """As `line_units`, counting only complete rows: a quantity above zero, or blank (1)."""
    complete = _complete_criteria(ranges, year)
    parts = []
    for code in (code_cell, f'{code_cell}&" *"'):
        parts.append(f'SUMIFS({ranges.quantity},{ranges.code},{code},{ranges.quantity},">0"{complete})')
        parts.append(f'COUNTIFS({ranges.code},{code},{ranges.quantity},""{complete})')
    return "=" + "+".join(parts)


def complete_line_rows(code_cell: str, ranges: EvidenceRanges, year: int) -> str:
    """As `line_rows`, counting only complete rows."""
    complete = _complete_criteria(ranges, year)
    quantity = (f'{ranges.quantity},""', f'{ranges.quantity},">0"')
    return "=" + "+".join(f"COUNTIFS({ranges.code},{code},{each}{complete})"
                          for code in (code_cell, f'{code_cell}&" *"') for each in quantity)


def complete_line_distinct_organisations(code_cell: str, ranges: EvidenceRanges, year: int) -> str:
    """As `line_distinct_organisations`, counting only complete rows."""
    code, organisations, date, quantity = ranges.code, ranges.organisations, ranges.date, ranges.quantity
    complete = _complete_criteria(ranges, year)
    names = f'(({code}={code_cell})+(LEFT({code},LEN({code_cell})+1)={code_cell}&" ")>0)'
    exact = f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({organisations},"~","~~"),"*","~*"),"?","~?")'
    member = f"((COUNTIFS({_MEMBER_NAMES},{exact})+COUNTIFS({_MEMBER_SHORT_NAMES},{exact}))>0)"
    occurrences = "+".join(f"COUNTIFS({code},{each},{organisations},{exact},{quantity},{q}{complete})"
                           for each in (code_cell, f'{code_cell}&" *"') for q in ('""', '">0"'))
    # Comparisons, not YEAR(): a text typed in a date cell must give 0, not #VALUE!, to SUMPRODUCT.
    valid = (f"ISNUMBER({date})*({date}>=DATE({year},1,1))*({date}<=DATE({year},12,31))"
             f'*({ranges.description}<>"")*((({quantity}="")+ISNUMBER({quantity})*({quantity}>0))>0)')
    counted = f'{names}*({organisations}<>"")*{member}*{valid}'
    return f"=SUMPRODUCT({counted}/({occurrences}+({counted}=0)))"


@dataclass(frozen=True)
class RowCheck:
    """What is missing or wrong in one row of a partner's `Evidenze`, as formulas of that row.

    The same conditions highlight the cells (conditional formats) and write the row's
    «Da completare» text, in the words `validate` uses. A row holding only the preset organisation
    is empty. IF, not OR, guards YEAR(): OR evaluates every argument, and YEAR of a text is an error.
    With `sheet`, the references name it: the text is a defined name every row's cell calls.
    """

    year: int
    codes: str  # the range of the programme's line codes (Voci)
    distinct: tuple[str, ...] = ()  # the lines that count organisations
    sheet: str = ""

    def _at(self, column: str, row: int) -> str:
        return f"{self.sheet}!${column}{row}" if self.sheet else f"${column}{row}"

    def filled(self, row: int) -> str:
        at = self._at
        return f"COUNTA({at('A', row)}:$D{row},{at('F', row)}:$H{row})>0"

    def _typed_code(self, row: int) -> str:
        code = self._at("A", row)
        return f'LEFT({code},FIND(" ",{code}&" ")-1)'

    def code_wrong(self, row: int) -> str:
        return f'IF({self._at("A", row)}="",TRUE,SUMPRODUCT(--({self.codes}={self._typed_code(row)}))=0)'

    def date_wrong(self, row: int) -> str:
        date = self._at("B", row)
        return f"IF(ISNUMBER({date}),YEAR({date})<>{self.year},TRUE)"

    def description_wrong(self, row: int) -> str:
        return f'TRIM({self._at("C", row)})=""'

    def quantity_wrong(self, row: int) -> str:
        quantity = self._at("D", row)
        return f'IF({quantity}="",FALSE,IF(ISNUMBER({quantity}),{quantity}<=0,TRUE))'

    def organisation_wrong(self, row: int) -> str:
        if not self.distinct:
            return "FALSE"
        listed = ",".join(f'"{code}"' for code in self.distinct)
        return f'AND({self._at("E", row)}="",SUMPRODUCT(--({self._typed_code(row)}={{{listed}}}))>0)'

    def problems(self, row: int) -> str:
        """The row's «Da completare» text: empty when the row is complete or empty."""
        year, code_cell, date_cell = self.year, self._at("A", row), self._at("B", row)
        code = (f'IF({code_cell}="","; manca il codice",IF({self.code_wrong(row)},'
                f'"; codice «"&{self._typed_code(row)}&"» sconosciuto: scegliere dall\'elenco",""))')
        date = (f'IF({date_cell}="","; manca la data",IF(ISNUMBER({date_cell}),IF(YEAR({date_cell})<>{year},'
                f'"; la data è del "&YEAR({date_cell})&", non del {year}",""),'
                f'"; «"&{date_cell}&"» non è una data: il giorno non esiste, o non è scritta gg/mm/aaaa"))')
        description = f'IF({self.description_wrong(row)},"; manca la descrizione","")'
        quantity = f'IF({self.quantity_wrong(row)},"; la quantità deve essere un numero maggiore di zero","")'
        organisation = f'IF({self.organisation_wrong(row)},"; manca l\'organizzazione coinvolta","")'
        joined = "&".join((code, date, description, quantity, organisation))
        return f'=IF({self.filled(row)},MID({joined},3,500),"")'


def incomplete_rows(ranges: EvidenceRanges, complete: str) -> str:
    """How many rows hold something (besides the preset organisation) and are not among the
    `complete` ones: the rows the manager's checks would set aside."""
    filled = "+".join(f'({ranges.column(letter)}<>"")' for letter in "ABCDFGH")
    return f"=SUMPRODUCT(--(({filled})>0))-{complete}"



def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def indicator_missing(indicator: Indicator, line_cells: list[tuple[str, str, str]], value_cell: str) -> str:
    """What an indicator still misses, as `engine.indicator_missing` says it ("" at 100%), without "=".

    line_cells: for each scoring line, (units cell, percent cell, required cell).
    """
    kind, first = indicator.kind, indicator.lines[0] if indicator.lines else None
    if kind is RuleKind.MANUAL:
        return _quoted(f"; {indicator.code}: valutazione del Manager territoriale")
    if kind is RuleKind.LINKED:
        text = f'"; {indicator.code}: dipende da {indicator.linked_to}"'
    elif kind is RuleKind.AT_LEAST:
        units, _, required = line_cells[0]
        text = f'"; {indicator.code}: "&{units}&" di "&{required}&{_quoted(" " + first.unit)}'
    elif kind is RuleKind.YES_NO:
        text = _quoted(f"; {indicator.code}: manca {first.unit or 'l' + chr(39) + 'evidenza'}")
    elif len(line_cells) == 1:
        units, percent, _ = line_cells[0]
        text = f'"; {indicator.code}: "&{units}&" di "&ROUNDUP(1/{percent}-1E-9,0)&{_quoted(" " + first.unit)}'
    else:
        text = f'"; {indicator.code}: manca il "&ROUND((1-{value_cell})*100,1)&"%"'
    return f'IF({value_cell}>=1,"",{text})'


def action_missing(pieces: list[str]) -> str:
    """An action's indicators' `indicator_missing`, joined by "; "."""
    return f"=MID({'&'.join(pieces)},3,500)" if pieces else '=""'
