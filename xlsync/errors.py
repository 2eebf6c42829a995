"""The library's exceptions and the located data problem they carry.

Every problem names its place the way the user sees it (`file › sheet › cell`), says what is
wrong and how to fix it. The CLI turns an `XlsyncError` into one `Error: …` line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One data problem: where, what is wrong, how to fix it."""

    where: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        return f"{text}: {self.fix}" if self.fix else text


class XlsyncError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.problems = problems

    def __str__(self) -> str:
        head = self.args[0]
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {problem}" for problem in self.problems)


class ProgrammeError(XlsyncError):
    """The programme file or the programme in a workbook is not valid."""


class WorkbookError(XlsyncError):
    """A workbook cannot be read as an xlsync workbook."""


class OutputExistsError(XlsyncError):
    """Refusing to overwrite an existing file."""
