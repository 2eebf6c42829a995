"""Every private detail of XlsxWriter (and of zipfile) that xlsync relies on, in one place.

XlsxWriter spends microseconds on every cell, and a district has millions of cells: xlsync writes the
evidence rows itself (`rows.py`), zips with ISA-L and stores every shared string as text. A district
written over an existing one gets the person's parts of the old file before its parts are zipped
(`FastWorkbook.finish_package`, used by `keep`). XlsxWriter has
no public hook for any of this, so these classes override its private methods. `INTERNALS` lists them;
`check_internals()` says clearly which one a new XlsxWriter release moved (tests/test_fastxlsx.py), and
pyproject.toml pins XlsxWriter to the releases tested.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter
import xlsxwriter.exceptions
import xlsxwriter.workbook
from isal import isal_zlib
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from xlsync.workbook.rows import ROW, Cells, Rendered, xml_text

# What the classes below use of XlsxWriter and zipfile that is not their public API: (object, name).
# A release that renames or drops one fails `check_internals()` by name, before any file is wrong.
INTERNALS: tuple[tuple[Any, str], ...] = (
    (Worksheet, "_write_sheet_data"), (Worksheet, "_write_rows"), (Worksheet, "_check_dimensions"),
    (Worksheet, "_xml_start_tag"), (Worksheet, "_xml_end_tag"), (Worksheet, "_xml_empty_tag"),
    (SharedStrings, "_write_sst_strings"), (SharedStrings, "_set_xml_writer"), (SharedStrings, "_assemble_xml_file"),
    (Packager, "_write_shared_strings_file"), (Packager, "_filename"), (Packager, "_create_package"),
    (xlsxwriter.Workbook, "_get_packager"), (xlsxwriter.workbook, "ZipFile"),
    (xlsxwriter.format.Format, "_get_xf_index"), (Worksheet, "_prepare_formula"),
)
# Attributes of objects, checked on a live workbook: worksheet, shared strings table, zip writer.
_WORKSHEET_ATTRIBUTES = ("dim_rowmin", "dim_rowmax", "tables", "fh")


def check_internals() -> list[str]:
    """The private names of XlsxWriter and zipfile that xlsync relies on and this installation lacks."""
    missing = [f"{getattr(owner, '__name__', owner)}.{name}" for owner, name in INTERNALS if not hasattr(owner, name)]
    with tempfile.TemporaryDirectory() as folder:
        book = xlsxwriter.Workbook(f"{folder}/probe.xlsx")
        sheet = book.add_worksheet()
        sheet.add_table(0, 0, 1, 0, {"columns": [{"header": "a"}]})
        missing += [f"Worksheet().{name}" for name in _WORKSHEET_ATTRIBUTES if not hasattr(sheet, name)]
        if sheet.tables and not {"range", "a_range"} <= set(sheet.tables[-1]):
            missing.append("Worksheet().tables[-1]['range' / 'a_range']")
        if not hasattr(Packager(), "filenames"):
            missing.append("Packager().filenames")
        for attribute in ("str_table",):
            if not hasattr(book, attribute):
                missing.append(f"Workbook().{attribute}")
        if not hasattr(getattr(book, "str_table", None), "string_array"):
            missing.append("Workbook().str_table.string_array")
        with zipfile.ZipFile(f"{folder}/probe.zip", "w") as archive:
            if not hasattr(archive, "_strict_timestamps"):
                missing.append("zipfile.ZipFile()._strict_timestamps")
            with archive.open("probe", "w") as member:
                if not hasattr(member, "_compressor"):
                    missing.append("zipfile.ZipFile().open(…, 'w')._compressor")
        book.fileclosed = True  # a probe: nothing to save
    return missing


def style_number(style: Any) -> int:
    """The number XlsxWriter gives a cell format in the file (cells rendered by `rows.py` name it)."""
    return style._get_xf_index()


class FormulaWorksheet(Worksheet):
    """A worksheet whose formulas are written as given.

    XlsxWriter runs some thirty regular expressions over every formula, to prefix the functions
    Excel added after 2010; xlsync's formulas use none of them (`scoring/formulas.py`, Excel 2016 and
    LibreOffice 7.4), and over a partner's thousand row checks and long counting formulas the
    expressions took most of the time of writing its file.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class BulkWorksheet(FormulaWorksheet):
    """A worksheet that writes many rows of plain values fast.

    XlsxWriter spends microseconds on every cell; a district of 200,000 evidence rows has millions.
    The rows given to `bulk_rows` are rendered by `Cells` while the sheet's XML is written, after
    the cells written the usual way (the header). Their text is stored in the cells themselves
    (inline strings, as XlsxWriter's constant-memory mode does), so rendering needs nothing from
    the rest of the workbook: a merge renders its new rows while it reads the returns.
    """

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int, options=None):
        """XlsxWriter checks every cell of a table's range for overlaps, which is slow and memory hungry
        for a table of millions of cells: declare the header and one row, then give the table its range
        (nothing else is ever placed on this sheet)."""
        result = super().add_table(first_row, first_col, min(last_row, first_row + 1), last_col, options)
        table = self.tables[-1]
        table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
        if table.get("autofilter"):
            table["autofilter"] = table["a_range"]
        return result

    def bulk_rows(self, rows: Sequence[Sequence[Any] | Rendered], first_row: int, width: int) -> None:
        """Rows of values from column A (or partly rendered already), written from `first_row` (0-based)."""
        self._bulk = (rows, first_row)
        if rows:
            self._check_dimensions(first_row + len(rows) - 1, width - 1)

    def _write_sheet_data(self) -> None:
        rows, first_row = getattr(self, "_bulk", ((), 0))
        if self.dim_rowmin is None:
            self._xml_empty_tag("sheetData")
            return
        self._xml_start_tag("sheetData")
        saved_max = self.dim_rowmax
        if rows:  # XlsxWriter writes its own rows (the header), ours follow
            self.dim_rowmax = first_row - 1
        self._write_rows()
        self.dim_rowmax = saved_max
        cells = Cells()
        for start in range(0, len(rows), 2000):
            chunk = rows[start:start + 2000]
            # The values are rendered together (`Cells.rows`), those after rows rendered already apart.
            plain = iter(cells.rows([row for row in chunk if type(row) is not Rendered]))
            after: dict[int, list[tuple]] = {}
            for row in chunk:
                if type(row) is Rendered and row.rest:
                    after.setdefault(row.columns, []).append(row.rest)
            rest = {columns: iter(cells.rows(values, columns)) for columns, values in after.items()}
            parts = []
            for number, row in enumerate(chunk, first_row + start + 1):
                if type(row) is Rendered:
                    place = b"%d" % number
                    parts.append(row.cells.replace(b"\0", place))
                    if row.rest:
                        parts.append(next(rest[row.columns]).encode().replace(b"\0", place))
                    parts.append(b"</row>")
                else:
                    parts.append(f'<row r="{ROW}">{next(plain)}</row>'.replace(ROW, str(number)).encode())
            self.fh.flush()  # the text written so far, then these bytes
            self.fh.buffer.write(b"".join(parts))
        self._xml_end_tag("sheetData")
        self._bulk = ((), 0)  # XlsxWriter's objects hold one another: the rows go now, not with them


class _QuickZipFile(zipfile.ZipFile):
    """The zip of a workbook, deflated by ISA-L: three times faster than zlib's quickest level, and
    as small. A district of 200,000 rows is ~150 MB of XML."""

    last_part = None  # called with the parts zipped, before the zip is closed: (name, bytes) of one more, or None

    def close(self) -> None:
        last, self.last_part = self.last_part, None
        part = last(self.infolist()) if last is not None and self.fp is not None else None
        if part is not None:
            name, data = part
            info = zipfile.ZipInfo(name, self.infolist()[0].date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            self.writestr(info, data)
        super().close()

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        """As `ZipFile.write` (XlsxWriter writes every part so), with ISA-L's deflate."""
        info = zipfile.ZipInfo.from_file(filename, arcname, strict_timestamps=self._strict_timestamps)
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(filename, "rb") as source, self.open(info, "w") as target:
            target._compressor = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)  # raw deflate, as zipfile's
            shutil.copyfileobj(source, target, 1 << 20)


class _PlainSharedStrings(SharedStrings):
    """The shared strings, every one of them text (see `rows.xml_text`)."""

    def _write_sst_strings(self) -> None:
        write = self.fh.write
        for string in self.string_table.string_array:
            write(f"<si>{xml_text(string)}</si>")


class PackageParts:
    """The parts of the package XlsxWriter has made, before it zips them: read, replace or add one
    (`FastWorkbook.finish_package`). Every part is a file on disk until it is zipped."""

    def __init__(self, packager: Packager):
        self._packager = packager
        self.files = {name: os_name for os_name, name, _ in packager.filenames}

    def read(self, name: str) -> bytes:
        with open(self.files[name], "rb") as handle:
            return handle.read()

    def write(self, name: str, data: bytes) -> None:
        if name not in self.files:
            self.files[name] = self._packager._filename(name)
        with open(self.files[name], "wb") as handle:
            handle.write(data)


class _Packager(Packager):
    def _create_package(self):
        filenames = super()._create_package()
        finish = getattr(self.workbook, "finish_package", None)
        if finish is not None:
            finish(PackageParts(self))
        return filenames

    def _write_shared_strings_file(self) -> None:
        sst = _PlainSharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class FastWorkbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, with plain shared strings, zipped quickly (`_QuickZipFile`).

    XlsxWriter has no option for how it zips, so its zip class is swapped while the file is saved
    (xlsync writes one workbook at a time).
    """

    finish_package = None  # called with the `PackageParts` once every part is made, before they are zipped
    last_part = None  # called with the parts once zipped: (name, bytes) of one more part, the last (`_QuickZipFile`)
    zip_comment = b""  # the zip archive's comment

    def _get_packager(self):  # XlsxWriter's hook for its packager
        return _Packager()

    def close(self) -> None:
        original = xlsxwriter.workbook.ZipFile
        comment, last_part = self.zip_comment, self.last_part

        archives = []

        def quick_zip(*args, **kwargs) -> _QuickZipFile:
            archive = _QuickZipFile(*args, **kwargs)
            archive.comment = comment
            archive.last_part = last_part
            archives.append(archive)
            return archive

        xlsxwriter.workbook.ZipFile = quick_zip
        # XlsxWriter writes each part to a file of its own before zipping it, and leaves those not yet zipped
        # when zipping fails (a full disk): a folder of this write's alone, removed whatever happens.
        folder, parent = tempfile.TemporaryDirectory(prefix="xlsync-parts-", dir=self.tmpdir), self.tmpdir
        self.tmpdir = folder.name
        try:
            super().close()
        except BaseException as exc:
            for archive in archives:  # left open by XlsxWriter: closed now, not by the collector (which would say so)
                archive.last_part = None  # a package left half made gets no record of itself
                with contextlib.suppress(OSError):
                    archive.close()
            if isinstance(exc, xlsxwriter.exceptions.FileCreateError):  # the system's refusal (a full disk) as it was
                raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from exc
            raise
        finally:
            folder.cleanup()
            self.tmpdir = parent
            xlsxwriter.workbook.ZipFile = original
            self.finish_package = self.last_part = None  # nor do the hooks keep their owner (and a district's rows)
