"""Reading and checking partner returns for a merge: in worker processes and the merge's own when there are many.

Each return is read and checked on its own (what goes wrong with one is its outcome, never the
others'); its valid rows get the identity they will have if new and are rendered as the district's
sheet will hold them, so that the merge takes them as they are. A worker process imports this module
and what it runs, nothing of the merge's writing.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem
from xlsync.partners import rules
from xlsync.partners.compare import content_values, row_digest, rows_key
from xlsync.partners.rules import RejectedRow, Return, ReturnRow
from xlsync.partners.validate import check_file
from xlsync.workbook.reader import saved_at
from xlsync.workbook.rows import Cells, render_rows

_NOT_RETURNS = {"distretto": messages.both("kind_district_workbook"), "agenzia": messages.both("kind_agency_workbook")}


def _inspect(path: Path, content_hash: str, programme, tolerance_days: int, versions: set[str], cells: Cells) -> Return:
    """Read and check one return; whatever goes wrong with it is its own outcome, never the others'. `cells`
    renders its rows (the cells of the values returns share, made once)."""
    try:
        return _inspect_file(path, content_hash, programme, tolerance_days, versions, cells)
    except Exception as exc:  # a damaged file no check foresaw: one file, not the whole merge
        problem = messages.problem("unexpected", path.name, detail=f"{type(exc).__name__}: {exc}")
        return Return(path, None, None, "", False, False, (), (), (problem,), (problem,), content_hash)


def _inspect_file(path: Path, content_hash: str, programme, tolerance_days: int, versions: set[str],
                  cells: Cells) -> Return:
    check = check_file(path, programme, tolerance_days, versions)
    if check.workbook is None:
        return Return(path, None, None, "", False, False, (), (), check.file_problems, check.file_problems,
                      content_hash)
    # When the file itself says it was saved (an .xls does not: its file date is when it was downloaded).
    saved = saved_at(path)
    meta = check.workbook.meta
    kind = meta.get("tipo")
    skip, untouched = None, False
    if kind in _NOT_RETURNS:
        skip = messages.problem("not_a_return", path.name, kind=_NOT_RETURNS[kind])
    elif meta.get("righe") and meta["righe"] == rows_key(map(content_values, check.workbook.evidence)):
        skip, untouched = _untouched(path, meta, programme, {problem.key for problem in check.file_problems})
    trusted = check.readable and skip is None
    taken, rejected = [], []
    if trusted:
        prefix = rules.id_prefix(check.partner)
    for original, checked in zip(check.workbook.evidence, check.rows, strict=True):
        if trusted and checked.ok:
            row_id = rules.row_id(prefix, rules.row_seed(check.partner, content_hash, original.row))
            taken.append((content_values(checked.evidence), original.row, checked.evidence.extra, row_id))
        else:
            why = "" if not trusted else rules.reason(checked.problems)
            rejected.append(RejectedRow(original.row, content_values(original), why))
    # The identity each row gets if it is new, and the row as the district will hold it, made here
    # (in parallel) for the merge to take as they are.
    name = check.partner.display_name if trusted else ""
    xml = render_rows([(*values, name, path.name, saved, row, row_id) for values, row, _, row_id in taken], cells)
    rows = [ReturnRow(*row, cells, row_digest(row[0])) for row, cells in zip(taken, xml, strict=True)]
    return Return(path, saved, check.partner, meta.get("partner") or "?", True, trusted, tuple(rows), tuple(rejected),
                  check.file_problems, check.problems, content_hash, made_from=meta.get("impronta", ""),
                  skip=skip, untouched=untouched)


def _untouched(path: Path, meta: dict[str, str], programme, problems: set[str]) -> tuple[Problem, bool]:
    """A file as xlsync wrote it: untouched, nothing to look at; unless it is another district's or
    year's, which is named as such and skipped (the manager saved the wrong file)."""
    partner = meta.get("partner", "?")
    if "other_district" in problems:
        other, found, expected = ("un altro distretto", "another district"), meta.get("distretto"), programme.district
    elif "other_year" in problems:
        other, found, expected = ("un altro anno", "another year"), meta.get("anno"), programme.year
    else:
        return messages.problem("untouched", path.name, partner=partner), True
    return messages.problem("untouched_elsewhere", path.name, other=other, found=found, expected=expected,
                            partner=partner), False


# Reading and checking many returns uses every core: the work is per file and independent.
PARALLEL_FROM = 8


def inspect_all(files: list[tuple[Path, str]], programme, tolerance_days: int, versions: set[str],
                 on_file: Callable[[Path], None] | None) -> list[Return]:
    """Check each (file, its content hash)."""
    workers = min(os.cpu_count() or 1, 8) - 1  # and this process, which reads too
    # Workers start with sys.executable: inside LibreOffice (which runs the extension's commands in its
    # own process, its Python-UNO bridge loaded) that is no Python of this process, or none at all.
    embedded = "pyuno" in sys.modules
    found, cells = [], Cells()

    def read_here(path: Path, content_hash: str) -> None:
        found.append(_inspect(path, content_hash, programme, tolerance_days, versions, cells))
        if on_file:
            on_file(path)

    if len(files) < PARALLEL_FROM or workers < 1 or embedded:
        for file in files:
            read_here(*file)
        return found
    size = max(1, min(16, len(files) // (workers * 8)))  # small: no worker idles long at the end
    chunks = collections.deque(files[start:start + size] for start in range(0, len(files), size))
    # Fresh worker processes ("spawn"): a forked one would inherit the district's lock and keep it
    # if this process were killed; each also quits when its parent is gone.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(programme, tolerance_days, versions, os.getpid()))
    pending: collections.deque[Future] = collections.deque()
    finished = False

    def hand_out() -> None:
        while chunks and len(pending) < 2 * workers:  # a chunk waiting for each worker as it finishes one
            with _ctrl_c_ignored():  # the workers start as files are handed out, and keep this from their first moment
                pending.append(pool.submit(_inspect_chunk, chunks.popleft()))

    try:
        hand_out()
        while pending:
            if pending[0].done() or not chunks:
                for item in pending.popleft().result():
                    found.append(replace(item, rows=tuple(map(_return_row, item.rows))))
                    if on_file:
                        on_file(item.path)
                hand_out()
            else:  # while the workers start and read, this process reads too: from the last file, they from the first
                read_here(*chunks[-1].pop())
                if not chunks[-1]:
                    chunks.pop()
        finished = True
        return found
    finally:  # stopped (Ctrl+C): the files not yet read are not started
        pool.shutdown(wait=finished, cancel_futures=True)


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """A terminal sends Ctrl+C to every process: the workers leave it to the merge, which alone answers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_WORKER: dict[str, Any] = {}


def _start_worker(programme, tolerance_days: int, versions: set[str], parent: int) -> None:
    _WORKER.update(programme=programme, tolerance_days=tolerance_days, versions=versions, cells=Cells())
    gc.disable()  # as in the merge (`bulk.no_cycle_collection`): a file's objects go when it is done
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the merge's to handle, not each worker's

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # the merge that started this worker was killed

    threading.Thread(target=watch, daemon=True).start()


def _inspect_chunk(files: list[tuple[Path, str]]) -> list[Return]:
    return list(map(_inspect_in_worker, files))


def _inspect_in_worker(file: tuple[Path, str]) -> Return:
    """A return as it travels to the merge: its rows as plain tuples, which pickle in half the time of
    named ones (`ReturnRow` calls Python for each row); the rendered cells are the least of it."""
    found = _inspect(*file, _WORKER["programme"], _WORKER["tolerance_days"], _WORKER["versions"], _WORKER["cells"])
    return replace(found, rows=tuple(map(tuple, found.rows)))


_return_row = functools.partial(tuple.__new__, ReturnRow)  # a row back as `ReturnRow`, without calling Python
