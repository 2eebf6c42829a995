"""xlsync: the Distretti famiglia work programme in spreadsheets.

The library behind the `xlsync` command: load a programme file, write the district workbook
with live V.A.M.T. formulas, open a district workbook as objects (`open_district`) and score it
with the same rules, as Python values or pandas tables.
"""

from xlsync.district import District, open_district
from xlsync.errors import Problem, ProgrammeError, WorkbookError, XlsyncError
from xlsync.programme.model import Assessment, Evidence, Programme, RuleKind
from xlsync.programme.toml_file import dumps as dump_programme
from xlsync.programme.toml_file import load as load_programme
from xlsync.scoring.engine import ProgrammeResult, score
from xlsync.workbook.reader import read_district
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district

__version__ = "0.1.0"

__all__ = [
    "Assessment", "District", "Evidence", "Problem", "Programme", "ProgrammeError", "ProgrammeResult", "RuleKind",
    "WorkbookError", "XlsyncError", "dump_programme", "load_programme", "open_district", "read_district", "score", "status",
    "write_district",
]
