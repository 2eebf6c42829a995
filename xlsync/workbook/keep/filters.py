"""The filters a person set on xlsync's tables (`Evidenze`, `Scarti`, `Invii`…): their criteria and
sort carried to the table of the same name in the new file. The rows the filter hid are shown again
until the filter is applied again (Data › Reapply): xlsync writes every row anew."""

from __future__ import annotations

import re

from lxml import etree

from xlsync.workbook.keep.package import Package, parse, q, serialise

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
