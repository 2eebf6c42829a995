"""xlsync: the Distretti famiglia work programme in spreadsheets.

The library behind the `xlsync` command: load a programme file, write the district workbook
with live V.A.M.T. formulas, read a workbook back and score it with the same rules.
"""

from .errors import Problem, ProgrammeError, WorkbookError, XlsyncError
from .model import Assessment, Evidence, Programme, RuleKind
from .programme_file import dumps as dump_programme
from .programme_file import load as load_programme
from .reader import read_district
from .scoring import ProgrammeResult, score
from .status import status
from .writer import write_district

__version__ = "0.1.0"

__all__ = [
    "Assessment", "Evidence", "Problem", "Programme", "ProgrammeError", "ProgrammeResult", "RuleKind",
    "WorkbookError", "XlsyncError", "dump_programme", "load_programme", "read_district", "score", "status",
    "write_district",
]
