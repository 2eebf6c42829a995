"""What a person set on xlsync's tables (`Evidenze`, `Scarti`, `Invii`…), carried to the table of the
same name in the new file: the criteria and sort of their filters (the rows the filter hid are shown
again until the filter is applied again, Data › Reapply: xlsync writes every row anew), and the
formula of a column they added and filled with one formula (a spreadsheet's calculated column), which
the rows a merge adds get too."""

from __future__ import annotations

import re

from lxml import etree

from xlsync.workbook.keep.moved_formulas import moved
from xlsync.workbook.keep.package import Package, column_index, column_letters, parse, q, serialise

_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"


def read_filters(package: Package) -> dict[str, list[bytes]]:
    """{table name: the criteria and sort of its filter, as XML}, for the tables that have any."""
    found = {}
    for part in sorted(package.names):
        if package.content_type(part)[0] != _TABLE:
            continue
        table = parse(package.read(part))
        criteria = table.find(q("autoFilter"))
        if criteria is not None and len(criteria):
            found[table.get("name", "")] = [etree.tostring(child, with_tail=False) for child in criteria]
    return found


def read_column_formulas(package: Package) -> dict[str, dict[str, str]]:
    """{table name: {column name: its calculated column formula}}, for the tables that have any."""
    found: dict[str, dict[str, str]] = {}
    for part in sorted(package.names):
        if package.content_type(part)[0] != _TABLE:
            continue
        table = parse(package.read(part))
        for column in table.iter(q("tableColumn")):
            formula = column.find(q("calculatedColumnFormula"))
            if formula is not None and formula.text:
                found.setdefault(table.get("name", ""), {})[column.get("name", "")] = formula.text
    return found


def column_formulas(parts, formulas: dict[str, dict[str, str]], sheet_of) -> dict[str, dict[int, dict[int, bytes]]]:
    """Give the new package's tables their columns' formulas back; what each sheet's rows then need:
    {sheet name: {1-based row: {0-based column: the cell with the formula moved to its row}}}, for
    every row of the table. `sheet_of(table part)`: the name of the sheet the table is on."""
    cells: dict[str, dict[int, dict[int, bytes]]] = {}
    for name in [n for n in parts.files if n.startswith("xl/tables/") and n.endswith(".xml")]:
        table = parse(parts.read(name))
        wanted = formulas.get(table.get("name", ""), {})
        area = re.fullmatch(r"([A-Z]+)(\d+):[A-Z]+(\d+)", table.get("ref", ""))
        if not wanted or area is None:
            continue
        first_column, first_row, last_row = column_index(area.group(1)), int(area.group(2)) + 1, int(area.group(3))
        for position, column in enumerate(table.iter(q("tableColumn"))):
            formula = wanted.get(column.get("name", ""))
            if formula is None or column.find(q("calculatedColumnFormula")) is not None:
                continue
            element = etree.Element(q("calculatedColumnFormula"))
            element.text = formula
            column.insert(0, element)
            letters = column_letters(first_column + position)
            rows = cells.setdefault(sheet_of(name), {})
            for row in range(first_row, last_row + 1):
                text = moved(formula, row - first_row).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                rows.setdefault(row, {})[first_column + position] = b'<c r="%s%d"><f>%s</f></c>' % (
                    letters.encode(), row, text.encode())
        parts.write(name, serialise(table))
    return cells


def put_filters(parts, filters: dict[str, list[bytes]]) -> None:
    """Give the new package's tables of those names those criteria (columns beyond a table's are left out)."""
    for name in [n for n in parts.files if n.startswith("xl/tables/") and n.endswith(".xml")]:
        table = parse(parts.read(name))
        criteria = table.find(q("autoFilter"))
        wanted = filters.get(table.get("name", ""))
        if criteria is None or not wanted:
            continue
        columns = len(table.findall(f"{q('tableColumns')}/{q('tableColumn')}"))
        for xml in wanted:
            child = parse(xml)
            if child.tag == q("sortState"):
                child.set("ref", _rows_of(criteria.get("ref", ""), child.get("ref", "")))
            elif int(child.get("colId", "0")) >= columns:
                continue
            criteria.append(child)
        parts.write(name, serialise(table))


def _rows_of(table_ref: str, sort_ref: str) -> str:
    """A sort's range over the new table's rows (below its header)."""
    match = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", table_ref)
    sort = re.fullmatch(r"([A-Z]+)\d+:([A-Z]+)\d+", sort_ref)
    if not match or not sort:
        return sort_ref
    return f"{sort.group(1)}{int(match.group(2)) + 1}:{sort.group(2)}{match.group(4)}"
