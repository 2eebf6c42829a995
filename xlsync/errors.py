"""The library's exceptions and the located data problem they carry.

Every problem names its place the way the user sees it (`file › sheet › cell`), says what is
wrong and how to fix it. The CLI turns an `XlsyncError` into one `Errore: …` line.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsync.catalogue.places import english_place


@dataclass(frozen=True)
class Problem:
    """One data problem: where, what is wrong, how to fix it (Italian; English when catalogued)."""

    where: str  # "file › sheet › cell", as the user sees it
    what: str
    fix: str = ""
    cell: str = ""  # the cell alone, e.g. "B7", when the problem is in one
    warning: bool = False  # a warning lets the row through
    key: str = ""  # the catalogue entry (messages.py), if any
    english: tuple[str, str] | None = None  # what and fix in English

    def text(self, lang: str = "it") -> str:
        what, fix = self.english if lang == "en" and self.english else (self.what, self.fix)
        where = english_place(self.where) if lang == "en" else self.where
        text = f"{where}: {what}" if where else what
        return f"{text}: {fix}" if fix else text

    def __str__(self) -> str:
        return self.text()


class XlsyncError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = (), english: str | None = None):
        super().__init__(message)
        self.problems = problems
        self.english = english  # the message in English, when the catalogue has it

    def text(self, lang: str = "it") -> str:
        """The message and its problems, in Italian or (where catalogued) English."""
        head = self.english if lang == "en" and self.english else self.args[0]
        if not self.problems:
            return head
        if len(self.problems) == 1 and self.args[0] == str(self.problems[0]):
            return self.problems[0].text(lang)
        return head + "\n" + "\n".join(f"  - {problem.text(lang)}" for problem in self.problems)

    def __str__(self) -> str:
        return self.text()

    @classmethod
    def of(cls, problem: Problem) -> XlsyncError:
        """An error whose message is one located problem."""
        return cls(str(problem), (problem,), problem.text("en") if problem.english else None)


class ProgrammeError(XlsyncError):
    """The programme file or the programme in a workbook is not valid."""


class WorkbookError(XlsyncError):
    """A workbook cannot be read as an xlsync workbook."""


class OutputExistsError(XlsyncError):
    """Refusing to overwrite an existing file."""
