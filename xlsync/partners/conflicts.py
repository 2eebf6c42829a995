"""The manager's choices in «Conflitti», applied (pure code): the version chosen is the row of «Evidenze»,
the other goes to «Scarti» (nothing anyone made is lost); a conflict without a choice stays open."""

from __future__ import annotations

from xlsync import messages
from xlsync.errors import Problem
from xlsync.partners.compare import content_values
from xlsync.partners.rules import MergeState, evidence_row
from xlsync.programme.model import Conflict, Evidence, Reject
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import parse_date, parse_number


def settle(state: MergeState, where: str) -> list[Problem]:
    """Apply every conflict's choice to `state`; what cannot be applied is said, and stays open."""
    still_open, notes = [], []
    for conflict in state.conflicts:
        choice = conflict.choice.strip()
        if not choice:
            still_open.append(conflict)
            continue
        rows = state.merged.setdefault(conflict.partner, [])
        index = next((i for i, row in enumerate(rows) if row.row_id == conflict.row_id), None)
        there = rows[index] if index is not None else None
        folded = choice.casefold()
        if folded == Conflict.KEEP_DISTRICT:
            if conflict.values:
                _set_aside(state, conflict, file_version(conflict), "del file")
        elif folded == Conflict.TAKE_FILE:
            if there is not None:
                _set_aside(state, conflict, there, "del distretto", leaves=not conflict.values)
            if not conflict.values:  # the file deleted the row
                if there is not None:
                    del rows[index]
            elif there is not None:  # in its place, with the columns the manager added
                rows[index] = file_version(conflict).but(extra=there.extra)
            else:  # back, where the district had deleted it
                rows.append(file_version(conflict))
                state.taken.add(conflict.row_id)
        else:  # the corrected text of the one column in conflict
            columns = [column for column in layout.EVIDENCE_COLUMNS if column.header in conflict.fields.split(", ")]
            if there is None or len(columns) != 1 or not conflict.values:
                notes.append(messages.problem("choice_unclear", f"{where} › riga {conflict.row}", warning=True,
                                              row_id=conflict.row_id))
                still_open.append(conflict)
                continue
            field = columns[0].field
            rows[index] = there.but(**{field: _typed(field, choice)})
            _set_aside(state, conflict, file_version(conflict), "del file")
        notes.append(messages.problem("choice_applied", f"{where} › riga {conflict.row}" if conflict.row else where,
                                      row_id=conflict.row_id, choice=choice))
        state.changed = True
    state.conflicts = still_open
    return notes


def file_version(conflict: Conflict) -> Evidence:
    return evidence_row(conflict.values, conflict.partner, conflict.file, conflict.received, conflict.source_row,
                        conflict.row_id, ())


def _set_aside(state: MergeState, conflict: Conflict, row: Evidence, whose: str, leaves: bool = False) -> None:
    """The version not chosen, kept in Scarti with where it came from; when the row `leaves` Evidenze, what a
    person put on it goes with it."""
    why = f"{Reject.NOT_CHOSEN} sulla riga {conflict.row_id} (versione {whose})"
    state.rejects.setdefault(conflict.partner, []).append(
        Reject(conflict.partner, str(row.source_file or ""), row.received, row.source_row, why, content_values(row),
               row_id=conflict.row_id if leaves else ""))


def _typed(field: str, text: str):
    parse = {"date": parse_date, "quantity": parse_number}.get(field)
    value = parse(text) if parse else None
    return text if value is None else value
