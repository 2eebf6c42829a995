"""The agency's overview across districts: one row per district, a chart, the areas compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync.files.atomic import write_atomically
from xlsync.partners.rules import REFUSED, STATUS_TEXT
from xlsync.scoring.engine import ProgrammeResult, area_values, as_percent, percents, shown
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_district
from xlsync.workbook.sheets.common import print_wide, row_height, threshold_chart
from xlsync.workbook.status import score_workbook
from xlsync.workbook.writer import new_book


@dataclass(frozen=True)
class DistrictLine:
    path: Path
    district: str
    year: int
    result: ProgrammeResult
    members: int
    partners_sent: int  # members that sent at least one return
    evidence_rows: int
    submissions: int
    last_update: dt.datetime | None
    areas: dict[str, tuple[str, float]]  # area code → (name, realisation of its actions that count)
    written: str  # when xlsync wrote the file (ISO), to choose between two files of one district

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "district": self.district, "year": self.year,
                **percents(self.result.value), "eligible": self.result.eligible, "members": self.members,
                "partners_sent": self.partners_sent, "evidence_rows": self.evidence_rows,
                "submissions": self.submissions,
                "last_update": self.last_update.isoformat() if self.last_update else None,
                "areas": {code: as_percent(value) for code, (_, value) in self.areas.items()}}


def district_line(path: str | Path) -> DistrictLine:
    """A district's figures, from its district workbook or the agency's workbook made from it."""
    current = read_district(path, also_agency=True)
    programme = current.programme
    result = score_workbook(current)
    names = {area.code: area.name for area in programme.areas}
    areas = {code: (names.get(code, code), value) for code, value in area_values(result).items()}
    merged = [item.merged for item in current.submissions if item.merged]
    return DistrictLine(Path(path), programme.district, programme.year, result, len(programme.members),
                        len({item.partner for item in current.submissions if item.outcome != STATUS_TEXT[REFUSED]}),
                        len(current.evidence), len(current.submissions), max(merged, default=None), areas,
                        current.meta.get("scritto il", ""))


@dataclass(frozen=True)
class Rollup:
    lines: list[DistrictLine]  # by year, then district
    superseded: list[tuple[Path, Path]]  # a file left out, and the later file of the same district and year


def rollup(districts: Iterable[str | Path], output: str | Path) -> Rollup:
    """Write the overview workbook of the given district (or agency) workbooks; of two files of one
    district and year (a workbook and its export, or two exports), the one written last counts."""
    latest: dict[tuple[str, int], DistrictLine] = {}
    superseded = []
    for line in map(district_line, districts):
        key = (line.district, line.year)
        if key in latest:
            older, newer = sorted((latest[key], line), key=lambda each: each.written)
            superseded.append((older.path, newer.path))
            line = newer
        latest[key] = line
    lines = sorted(latest.values(), key=lambda line: (line.year, line.district))
    write_atomically(output, lambda temporary: _write(lines, temporary))
    return Rollup(lines, superseded)


def _write(lines: list[DistrictLine], path: str) -> None:
    book = new_book(path)  # district names and file names come from the districts' files
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
    title = book.add_format({**base, "bold": True, "font_size": 16, "font_color": "#1F3864"})
    header = book.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#2F5597", "text_wrap": True})
    text = book.add_format(base)
    wrapped = book.add_format({**base, "text_wrap": True})  # long names whole, on paper too
    percent = book.add_format({**base, "num_format": layout.PERCENT_FORMAT})
    moment = book.add_format({**base, "num_format": "dd/mm/yyyy hh:mm"})
    good = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})

    sheet = book.add_worksheet("Distretti")
    sheet.write_string(0, 0, "Distretti famiglia: realizzazione dei programmi di lavoro", title)
    headers = ("Distretto", "Anno", "Realizzazione", "Soglia", "Esito", "Aderenti", "Aderenti che hanno inviato",
               "Evidenze", "Invii", "Ultimo aggiornamento", "File", layout.EXACT_HEADER)
    sheet.add_table(2, 0, 2 + max(len(lines), 1), len(headers) - 1, {
        "name": "Distretti", "style": "Table Style Light 9",
        "columns": [{"header": name, "header_format": header} for name in headers]})
    for column, width in enumerate((42, 7, 14, 9, 18, 9, 14, 10, 7, 18, 40)):
        sheet.set_column(column, column, width)
    sheet.set_column(11, 11, 14, percent, {"hidden": True})  # the exact value beside the one shown
    for row, line in enumerate(lines, 3):
        result = line.result
        sheet.write_string(row, 0, line.district, wrapped)
        sheet.set_row(row, row_height([(line.district, 42), (line.path.name, 40)]))
        sheet.write_number(row, 1, line.year, text)
        sheet.write_number(row, 2, shown(result.value), percent)
        sheet.write_number(row, 11, result.value, percent)
        sheet.write_number(row, 3, result.threshold, percent)
        sheet.write_string(row, 4, layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT, text)
        for column, value in enumerate((line.members, line.partners_sent, line.evidence_rows, line.submissions), 5):
            sheet.write_number(row, column, value, text)
        if line.last_update:
            sheet.write_datetime(row, 9, line.last_update, moment)
        sheet.write_string(row, 10, line.path.name, wrapped)
    if lines:
        last = 2 + len(lines)
        sheet.conditional_format(3, 4, last, 4, {"type": "cell", "criteria": "==",
                                                  "value": f'"{layout.ELIGIBLE_TEXT}"', "format": good})
        sheet.conditional_format(3, 4, last, 4, {"type": "cell", "criteria": "==",
                                                  "value": f'"{layout.NOT_ELIGIBLE_TEXT}"', "format": bad})
        thresholds = {line.result.threshold for line in lines}  # the line follows each district's own
        chart = threshold_chart(book, "Distretti", (3, last), (0, 2, 3), "Realizzazione dei programmi",
                                thresholds.pop() if len(thresholds) == 1 else None)
        chart.set_x_axis({"num_font": {"size": 8}})
        chart.set_size({"width": 900, "height": 420})
        sheet.insert_chart(last + 2, 0, chart)
    sheet.freeze_panes(3, 1)
    sheet.set_row(2, 30)  # the wrapped headers
    print_wide(sheet)

    areas: dict[str, str] = {}
    for line in lines:
        for code, (name, _) in line.areas.items():
            areas.setdefault(code, name)
    compare = book.add_worksheet("Aree")
    compare.write_string(0, 0, "Realizzazione per area V.A.M.T. (azioni che contano)", title)
    area_headers = ["Distretto", "Anno"] + [f"{code}. {name}" if code.isdigit() else name for code, name in areas.items()]
    compare.add_table(2, 0, 2 + max(len(lines), 1), len(area_headers) - 1, {
        "name": "Aree", "style": "Table Style Light 9",
        "columns": [{"header": name, "header_format": header} for name in area_headers]})
    compare.set_column(0, 0, 42)
    compare.set_column(2, len(area_headers) - 1, 16)
    for row, line in enumerate(lines, 3):
        compare.write_string(row, 0, line.district, text)
        compare.write_number(row, 1, line.year, text)
        for column, code in enumerate(areas, 2):
            if code in line.areas:
                compare.write_number(row, column, shown(line.areas[code][1]), percent)
    compare.freeze_panes(3, 1)
    compare.set_row(2, 60)
    print_wide(compare)
    book.close()
