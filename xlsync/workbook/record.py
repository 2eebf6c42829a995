"""What a district file says of itself as xlsync wrote it, so that it need not be parsed again.

When xlsync writes a district, the last part of the package (`PART`) records the size and CRC-32 of
every other part, as the zip's central directory has them, and the fields of the evidence rows that the
figures read (code, quantity, organisations, partner), counted by their distinct values. A file whose
every part still has the size and CRC recorded is the one xlsync wrote: `status` takes its figures from
the record and does not parse the evidence sheet (a province's district has 150 MB of it). A file saved
by anything else (Excel, LibreOffice, openpyxl) has other parts (or has dropped this one) and is read
whole, as before: the record is never trusted without every part matching.

The record holds the values as the reader reads them back: a row whose values could come back
otherwise (a date as a quantity, a control character in a text) gets no record, and such a district is
always read whole.
"""

from __future__ import annotations

import json
import math
import operator
import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsync.programme.model import Evidence
from xlsync.vocabulary import layout

PART = "xlsync/record.xml"  # an .xml part: the package's content types name it (application/xml)
VERSION = 1
MAX_RECORD_BYTES = 64 << 20  # a record larger than this is not read (a province's district needs a few MB)
_FIELDS = ("code", "quantity", "organisations", "partner")
_KNOWN = tuple(column.field for column in layout.DISTRICT_EVIDENCE_COLUMNS)  # a row of none of them is no evidence
_START, _END = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<record xmlns="urn:xlsync:record">', b"</record>"
# Text the sheet stores escaped (control characters as _xHHHH_): not certain to read back as written.
_ESCAPED = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_Row = tuple[Any, ...]


def scoring_rows(evidence: Sequence[Evidence]) -> Counter[_Row] | None:
    """The rows' scoring fields as the reader will read them back, counted by their distinct values;
    None when some value might read back otherwise (the file then gets no record)."""
    columns = [list(map(operator.attrgetter(name), evidence)) for name in _FIELDS]
    if bool in set(map(type, columns[3])):  # a partner TRUE would be counted with 1: never recorded
        return None
    read = [{value: _as_read(value) for value in set(column)} for column in columns]  # values repeat: each once
    if any(_UNCERTAIN in values.values() for values in read):
        return None
    counted = Counter(zip(*(map(values.__getitem__, column) for values, column in zip(read, columns, strict=True)),
                          strict=True))
    for empty in [values for values in counted if all(map(_blank, values))]:  # the reader skips a row with nothing
        del counted[empty]
        for row in evidence:
            if tuple(_as_read(getattr(row, name)) for name in _FIELDS) == empty and not all(
                    _blank(getattr(row, name)) for name in _KNOWN):
                counted[empty] += 1
    return counted


def record_part(parts: Sequence[zipfile.ZipInfo], rows: Counter[_Row]) -> bytes:
    """The record of a package whose other parts are `parts` (as zipped) and whose rows are `rows`: each
    field's distinct values, and each distinct row as the numbers of its values, with its count."""
    fields = list(zip(*rows, strict=True)) or [()] * len(_FIELDS)
    values = [list(dict.fromkeys(column)) for column in fields]
    numbers = [list(map({value: number for number, value in enumerate(distinct)}.__getitem__, column))
               for distinct, column in zip(values, fields, strict=True)]
    payload = {"version": VERSION, "parts": {info.filename: [info.file_size, info.CRC] for info in parts},
               "values": values, "rows": numbers, "counts": list(rows.values())}
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return _START + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("ascii") + _END


def recorded_evidence(path: str | Path) -> tuple[Evidence, ...] | None:
    """The evidence rows of a district as its record has them (only the fields the figures read), when
    every part of the file is as recorded; None otherwise (the file is to be read whole)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe or a device: never opened here (the reader says what it is)
            return None
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            record = next((info for info in infos if info.filename == PART), None)
            if record is None or record.file_size > MAX_RECORD_BYTES:
                return None
            parts = {info.filename: [info.file_size, info.CRC] for info in infos if info is not record}
            data = archive.read(record)
        if len(parts) + 1 != len(infos) or not (data.startswith(_START) and data.endswith(_END)):
            return None
        text = data[len(_START):-len(_END)].decode("ascii")
        payload = json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        if payload["version"] != VERSION or payload["parts"] != parts:
            return None
        return _rows(payload)
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, IndexError, TypeError, RuntimeError, EOFError):
        return None  # no record, or one that cannot be read (RecursionError is a RuntimeError): read whole


def _rows(payload: dict) -> tuple[Evidence, ...]:
    values, numbers, counts = payload["values"], payload["rows"], payload["counts"]
    if (len(values) != len(_FIELDS) or len(numbers) != len(_FIELDS) or any(len(column) != len(counts) for column in numbers)
            or not all(_SCALARS.issuperset(map(type, column)) for column in values)
            or not all(type(count) is int and count > 0 for count in counts)):
        raise ValueError("not a record")
    evidence: list[Evidence] = []
    fields = zip(*(map(column.__getitem__, column_numbers) for column, column_numbers in zip(values, numbers, strict=True)),
                 strict=True)
    for row_values, count in zip(fields, counts, strict=True):  # a number out of range raises IndexError
        row = object.__new__(Evidence)  # as the reader builds them: a district holds hundreds of thousands
        row.__dict__.update(_BLANK_EVIDENCE)
        row.__dict__.update(zip(_FIELDS, row_values, strict=True))
        evidence += [row] * count  # one object for equal rows: they are only read
    return tuple(evidence)


_BLANK_EVIDENCE = Evidence(code=None).__dict__
_SCALARS = {str, float, int, bool, type(None)}  # what JSON gives besides lists and objects (unhashable)


_UNCERTAIN = object()


def _as_read(value: Any) -> Any:
    """A value as the reader reads back the cell xlsync writes of it (`rows.Cells`, then `reader._clean`)."""
    kind = type(value)
    if value is None:
        return None
    if kind is str:
        return _UNCERTAIN if _ESCAPED.search(value) else value[:32767] or None
    if (kind is int or kind is float) and math.isfinite(value):
        return float(f"{value:.16G}")  # as the cell stores it
    return _UNCERTAIN


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")
