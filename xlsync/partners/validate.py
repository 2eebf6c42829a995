"""Checking partner workbooks: the file, its identity stamp and every evidence row.

Nothing is changed. Every problem names its place (`file › sheet › cell`), says what is wrong
and how to fix it; all problems of a file are reported at once. Merging uses the same checks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem, WorkbookError
from xlsync.programme.model import Evidence, Member, Programme, RuleKind
from xlsync.programme.toml_file import fingerprint, format_percent_text
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import MONTHS, fold, impossible_date, parse_date, parse_number
from xlsync.workbook.reader import Workbook, read_workbook
from xlsync.workbook.rows import column_letters

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS = tuple(MONTHS)  # Italian month names, January first
_SERIAL_DATES = (20000, 80000)  # 1954–2119: a plain number there in the date column is a date serial


@dataclass(frozen=True)
class CheckedRow:
    """An evidence row with its values made proper (text dates and numbers read) and its problems."""

    evidence: Evidence
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(not problem.warning for problem in self.problems)


@dataclass(frozen=True)
class FileCheck:
    """What checking one returned workbook found."""

    path: Path
    partner: Member | None
    workbook: Workbook | None  # None when the file could not be read at all
    rows: tuple[CheckedRow, ...]
    file_problems: tuple[Problem, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.file_problems + tuple(p for row in self.rows for p in row.problems)

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if not problem.warning)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def readable(self) -> bool:
        """The file could be read and belongs here: its valid rows can be merged."""
        return self.workbook is not None and not any(not p.warning for p in self.file_problems)

    def as_json(self, lang: str = "it") -> dict[str, Any]:
        return {
            "file": str(self.path),
            "partner": self.partner.name if self.partner else None,
            "valid": self.valid,
            "rows": len(self.rows),
            "errors": self.errors,
            "warnings": sum(1 for problem in self.problems if problem.warning),
            "problems": [
                {"where": p.where, "cell": p.cell or None, "severity": "warning" if p.warning else "error",
                 "message": p.english[0] if lang == "en" and p.english else p.what,
                 "fix": p.english[1] if lang == "en" and p.english else p.fix}
                for p in self.problems
            ],
        }


def check_file(path: str | Path, district: Programme | None = None, tolerance_days: int = 0,
               known: set[str] | None = None) -> FileCheck:
    """Check a returned partner workbook, against the district's programme when given.

    `known`: the programme fingerprints the district has distributed (default: its current one).
    """
    path = Path(path)
    try:
        workbook = read_workbook(path, {fingerprint(district): district} if district else None)
    except WorkbookError as exc:
        return FileCheck(path, None, None, (), exc.problems or (Problem(path.name, str(exc)),))
    programme = district or workbook.programme
    known = known if known is not None else {fingerprint(programme)}
    file_problems, partner = _check_stamp(workbook, programme, district is not None, known)
    where = f"{path.name} › {layout.EVIDENCE}"
    rows = tuple(check_rows(programme, workbook.evidence, where, workbook.evidence_columns, tolerance_days,
                            workbook.programme))
    return FileCheck(path, partner, workbook, rows, (*workbook.notes, *file_problems))


def check_rows(programme: Programme, evidence: Sequence[Evidence], where: str, columns: dict[str, int],
               tolerance_days: int = 0, made_from: Programme | None = None) -> list[CheckedRow]:
    """Check every row; return it with its values made proper and its problems.

    `made_from`: the earlier programme a return was made from, to say that a line was taken away.
    """
    checker = _RowChecker(programme, where, columns, tolerance_days)
    if made_from is not None and made_from is not programme:
        checker.removed = {line.code.casefold() for line in made_from.lines} - checker.lines.keys()
    return [checker.check(row) for row in evidence]


def _check_stamp(workbook: Workbook, programme: Programme, against_district: bool,
                 known: set[str]) -> tuple[list[Problem], Member | None]:
    """The identity stamp, and that the file's programme is the one it was made with."""
    meta, where = workbook.meta, workbook.path.name
    problems: list[Problem] = []
    if meta.get("tipo") != "partner":
        kind = messages.both("of_the_district" if meta.get("tipo") == "distretto" else "of_unknown_kind")
        problems.append(messages.problem("not_partner_file", where, kind=kind))
        return problems, None
    stamped = meta.get("impronta", "")
    if against_district:
        if meta.get("distretto") != programme.district:
            problems.append(messages.problem("other_district", where, found=meta.get("distretto"),
                                             expected=programme.district))
        if meta.get("anno") != str(programme.year):
            problems.append(messages.problem("other_year", where, found=meta.get("anno"), expected=programme.year))
        if stamped not in known:
            problems.append(messages.problem("unknown_version", where, issued=_day(meta.get("emesso il"))))
        elif stamped != fingerprint(programme):
            replaced = known.get(stamped, "") if isinstance(known, Mapping) else ""
            problems.append(messages.problem("programme_changed", where, warning=True,
                                             issued=_day(meta.get("emesso il")), replaced=_day(replaced)))
    problems += _programme_edits(workbook)
    expected = f"Il vostro contributo — {meta.get('partner', '')}"
    if workbook.title != expected:
        visible = workbook.title.split(" — ", 1)[-1] if " — " in workbook.title else workbook.title
        problems.append(messages.problem("identity_mismatch", f"{where} › {layout.SUMMARY} › A1",
                                         stamp=meta.get("partner", "?"), visible=visible or "?"))
    partner = next((m for m in programme.members if m.name == meta.get("partner")), None)
    if partner is None:
        problems.append(messages.problem("unknown_partner", where, partner=meta.get("partner", "?")))
    return problems, partner


def _day(iso: str | None) -> tuple[str, str]:
    """An ISO date (or date and time) as the user reads it: "il 15/03/2024", or "a day not recorded"."""
    try:
        day = dt.date.fromisoformat((iso or "")[:10]).strftime("%d/%m/%Y")
        return messages.both("on_day", day=day)
    except ValueError:
        return messages.both("day_not_recorded")


def _programme_edits(workbook: Workbook) -> list[Problem]:
    """The file's programme (hidden sheet) and its visible percentages must be those it was made with."""
    where = workbook.path.name
    if workbook.programme_hash != workbook.meta.get("impronta"):
        return [messages.problem("programme_edited", f"{where} › {layout.META}",
                                 detail=messages.both("fingerprint_differs"))]
    expected = {}
    for indicator in workbook.programme.indicators:
        for line in indicator.lines:
            required = line.required if indicator.kind is RuleKind.AT_LEAST else 1 if indicator.kind is RuleKind.YES_NO else None
            expected[line.code] = (line.percent, required)
    shown = {code: (percent, required, row) for code, percent, required, row in workbook.lines_table}
    problems = []
    for code, (percent, required) in expected.items():
        if code not in shown:
            problems.append(messages.problem("programme_edited", f"{where} › {layout.LINES}",
                                             detail=messages.both("line_missing", code=code)))
            continue
        got_percent, got_required, row = shown[code]
        for column, want, got, show in (("E", percent, got_percent, _percent), ("F", required, got_required, _text)):
            if not _same_number(want, got):
                cell = f"{column}{row}"
                problems.append(messages.problem(
                    "programme_edited", f"{where} › {layout.LINES} › {cell}", cell=cell,
                    detail=messages.both("line_shows", code=code, got=(show(got, "it"), show(got, "en")),
                                         want=(show(want, "it"), show(want, "en")))))
    return problems


def _percent(value: Any, lang: str = "it") -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_percent_text(value)
    return _text(value, lang)


def _same_number(want: Any, got: Any) -> bool:
    if want is None:
        return got is None
    return isinstance(got, (int, float)) and not isinstance(got, bool) and abs(float(got) - want) < 1e-12


@dataclass(frozen=True)
class _Rules:
    """What rows are checked against, derived once per programme."""

    lines: dict[str, str]  # casefolded code → code
    distinct: frozenset[str]  # lines counting organisations
    members: dict[str, str]  # a member's name or short name without legal form → its name
    codes: tuple[str, ...]
    known_cells: dict[str, str] = field(default_factory=dict)  # code cells already read → their line

    @staticmethod
    def of(programme: Programme) -> _Rules:
        """The rules of a programme, remembered per programme object (hashing one is slow)."""
        known = _RULES.get(id(programme))
        if known is not None and known[0] is programme:
            return known[1]
        if len(_RULES) > 16:
            _RULES.clear()
        rules = _Rules.derive(programme)
        _RULES[id(programme)] = (programme, rules)
        return rules

    @staticmethod
    def derive(programme: Programme) -> _Rules:
        keys: dict[str, set[str]] = {}
        for member in programme.members:
            for name in (member.name, member.short_name):
                if name:
                    keys.setdefault(_alnum(name), set()).add(member.name)
        return _Rules(
            lines={line.code.casefold(): line.code for line in programme.lines},
            distinct=frozenset(ind.lines[0].code for ind in programme.indicators if ind.kind is RuleKind.PER_DISTINCT),
            # A way of writing that fits two members is not read as either.
            members={key: next(iter(names)) for key, names in keys.items() if len(names) == 1},
            codes=tuple(line.code for line in programme.lines),
        )


_RULES: dict[int, tuple[Programme, _Rules]] = {}


class _RowChecker:
    def __init__(self, programme: Programme, where: str, columns: dict[str, int], tolerance_days: int):
        self.programme = programme
        self.where = where
        self.columns = columns
        rules = _Rules.of(programme)
        self.lines, self.distinct, self.members, self.codes = rules.lines, rules.distinct, rules.members, rules.codes
        self.known_cells = rules.known_cells
        self.removed: set[str] = set()  # lines of the programme a return was made from, taken away since
        tolerance = dt.timedelta(days=tolerance_days)
        self.first = dt.date(programme.year, 1, 1) - tolerance
        self.last = dt.date(programme.year, 12, 31) + tolerance

    def problem(self, key: str, row: Evidence, field: str, **values: Any) -> Problem:
        warning = values.pop("warning", False)
        cell = f"{column_letters(self.columns.get(field, 0))}{row.row}"
        return messages.problem(key, f"{self.where} › {cell}", cell=cell, warning=warning, **values)

    def check(self, row: Evidence) -> CheckedRow:
        problems: list[Problem] = []
        year = self.programme.year
        code = self._code(row, problems)
        date = self._date(row, problems, year)
        quantity = self._quantity(row, problems)
        if _blank(row.description):
            problems.append(self.problem("missing_description", row, "description"))
        organisations = row.organisations
        if _blank(organisations):
            if code in self.distinct:
                problems.append(self.problem("missing_organisation", row, "organisations", code=code))
        elif _alnum(str(organisations)) in self.members:  # "Dial Funghi srl" is DIAL FUNGHI S.R.L.
            organisations = self.members[_alnum(str(organisations))]
        else:
            problems.append(self.problem("not_a_member", row, "organisations", warning=True,
                                         value=str(organisations)))
        if date is row.date and quantity is row.quantity and organisations == row.organisations:
            return CheckedRow(row, tuple(problems))
        return CheckedRow(row.but(date=date, quantity=quantity, organisations=organisations), tuple(problems))

    def _code(self, row: Evidence, problems: list[Problem]) -> str | None:
        if _blank(row.code):
            problems.append(self.problem("missing_code", row, "code"))
            return None
        text = _text(row.code)
        code = None
        if isinstance(row.code, str):
            code = self.known_cells.get(text)
            if code is None:
                code = self.lines.get(text.split(" ", 1)[0].casefold())
                if code is not None and len(self.known_cells) < 10000:
                    self.known_cells[text] = code  # the same dropdown entries come back in every file
        if code is None:
            typed = text.split(" ", 1)[0]
            within = [c for c in self.codes if c.casefold().startswith(typed.casefold() + ".")]
            if within:  # an action's code instead of one of its lines
                joined = ", ".join(within)
                suggestion = messages.both("use_the_lines", action=typed, lines=joined)
            else:
                suggestion = messages.near(self.codes, typed)
            if typed.casefold() in self.removed:
                problems.append(self.problem("line_removed", row, "code", value=typed))
            else:
                problems.append(self.problem("unknown_code", row, "code", value=text, near=suggestion))
        return code

    def _date(self, row: Evidence, problems: list[Problem], year: int) -> Any:
        value = row.date
        if _blank(value):
            problems.append(self.problem("missing_date", row, "date", year=year))
            return value
        date: dt.date | None = None
        if isinstance(value, dt.datetime):
            date = value.date()
        elif isinstance(value, dt.date):
            date = value
        elif isinstance(value, str):
            date = parse_date(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and \
                _SERIAL_DATES[0] <= value <= _SERIAL_DATES[1]:
            date = _EXCEL_EPOCH + dt.timedelta(days=int(value))
        if date is None:
            problems.append(self._not_a_date(row, _text(value), year))
            return value
        if not self.first <= date <= self.last:
            problems.append(self.problem("date_outside", row, "date", value=f"{date:%d/%m/%Y}", year=year,
                                         start=f"{self.first:%d/%m/%Y}", end=f"{self.last:%d/%m/%Y}"))
        return date

    def _not_a_date(self, row: Evidence, text: str, year: int) -> Problem:
        """Say why a text is not a date: a day the month does not have, a month that is not one."""
        impossible = impossible_date(text)
        if impossible is None:
            return self.problem("bad_date", row, "date", value=text, year=year)
        day, month, typed_year = impossible
        if not 1 <= month <= 12:
            return self.problem("no_such_month", row, "date", value=text, month=month)
        days = calendar.monthrange(typed_year, month)[1]
        return self.problem("no_such_day", row, "date", value=f"{day:02d}/{month:02d}/{typed_year}", days=days,
                            month=(_MONTHS[month - 1], calendar.month_name[month]), year=typed_year)

    def _quantity(self, row: Evidence, problems: list[Problem]) -> Any:
        value = row.quantity
        if _blank(value):
            return None
        number: float | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            number = value  # kept as it is
        elif isinstance(value, str):
            number = parse_number(value)
        if number is None:
            problems.append(self.problem("bad_quantity", row, "quantity", value=_text(value)))
            return value
        if number <= 0:
            problems.append(self.problem("not_positive", row, "quantity", value=_text(value)))
            return value
        return number


_LEGAL_FORMS = re.compile(
    r"\b(societa (a responsabilita limitata|cooperativa( sociale)?|per azioni)|cooperativa( sociale)?|soc coop|"
    r"s ?r ?l|s ?p ?a|s ?n ?c|s ?a ?s|s ?c ?s|o ?n ?l ?u ?s)\b")


@functools.lru_cache(maxsize=65536)
def _alnum(text: str) -> str:
    """The name without legal form, letters and digits only: 'Soste s.r.l.' and 'SOSTE SOCIETA'
    A RESPONSABILITA' LIMITATA' compare equal."""
    words = " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())
    bare = _LEGAL_FORMS.sub(" ", words)
    return "".join(c for c in bare if c.isalnum()) or "".join(c for c in words if c.isalnum())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any, lang: str = "it") -> str:
    if value is None:
        return messages.text("empty_value", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


