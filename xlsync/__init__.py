"""xlsync: the Distretti famiglia work programme in spreadsheets.

The library behind the `xlsync` command: load a programme file, write the district workbook
with live V.A.M.T. formulas, open a district workbook as objects (`open_district`) and score it
with the same rules, as Python values or pandas tables. Every command is one call here too
(`create_district` is `xlsync new`, `merge_returns` is `xlsync merge`…: `xlsync.application`).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not imported from typing: every command starts sooner (`xlsync.__main__`)

__version__ = "0.1.0"

# Each name's module, imported when the name is first used (PEP 562): a command, or a worker
# process reading returns, imports only the layers it runs.
_NAMES = {
    "District": "xlsync.district", "open_district": "xlsync.district",
    "Problem": "xlsync.errors", "ProgrammeError": "xlsync.errors", "WorkbookError": "xlsync.errors",
    "XlsyncError": "xlsync.errors",
    "Assessment": "xlsync.programme.model", "Evidence": "xlsync.programme.model", "Programme": "xlsync.programme.model",
    "RuleKind": "xlsync.programme.model",
    "dump_programme": ("xlsync.programme.toml_file", "dumps"), "load_programme": ("xlsync.programme.toml_file", "load"),
    "ProgrammeResult": "xlsync.scoring.engine", "format_percent": "xlsync.scoring.engine", "score": "xlsync.scoring.engine",
    "read_district": "xlsync.workbook.reader", "status": "xlsync.workbook.status",
    "write_district": "xlsync.workbook.writer",
    # every command, as the application layer runs it for the command line and the office suites
    **dict.fromkeys((
        "create_district", "diff_workbooks", "distribute", "district_status", "export_district", "import_programme",
        "merge_returns", "rollup_districts", "run_demo", "sync_district", "update_district", "validate_returns"),
        "xlsync.application"),
}

__all__ = [
    "Assessment", "District", "Evidence", "Problem", "Programme", "ProgrammeError", "ProgrammeResult", "RuleKind",
    "WorkbookError", "XlsyncError", "dump_programme", "format_percent", "load_programme", "open_district", "read_district",
    "score", "status", "write_district",
    "create_district", "diff_workbooks", "distribute", "district_status", "export_district", "import_programme",
    "merge_returns", "rollup_districts", "run_demo", "sync_district", "update_district", "validate_returns",
]


def __getattr__(name: str) -> Any:
    where = _NAMES.get(name)
    if where is None:
        raise AttributeError(f"module 'xlsync' has no attribute {name!r}")
    module, attribute = (where, name) if isinstance(where, str) else where
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])


if TYPE_CHECKING:
    from typing import Any

    from xlsync.application import (
        create_district,
        diff_workbooks,
        distribute,
        district_status,
        export_district,
        import_programme,
        merge_returns,
        rollup_districts,
        run_demo,
        sync_district,
        update_district,
        validate_returns,
    )
    from xlsync.district import District, open_district
    from xlsync.errors import Problem, ProgrammeError, WorkbookError, XlsyncError
    from xlsync.programme.model import Assessment, Evidence, Programme, RuleKind
    from xlsync.programme.toml_file import dumps as dump_programme
    from xlsync.programme.toml_file import load as load_programme
    from xlsync.scoring.engine import ProgrammeResult, format_percent, score
    from xlsync.workbook.reader import read_district
    from xlsync.workbook.status import status
    from xlsync.workbook.writer import write_district
