"""What changed between two versions of a programme, and the changes a manager made in the
district workbook itself (percentages, required counts, threshold, aggregation, what counts)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from xlsync import messages
from xlsync.errors import Problem
from xlsync.programme.model import Action, Aggregation, Indicator, Programme, RuleKind, ScoringLine
from xlsync.programme.toml_file import format_percent_text
from xlsync.vocabulary import layout


@dataclass(frozen=True)
class Change:
    """One difference between two programmes, said in Italian (and English)."""

    code: str  # the action, indicator or line it is about ("" for the programme's settings)
    what: str
    english: str = ""

    def text(self, lang: str = "it") -> str:
        what = self.english if lang == "en" and self.english else self.what
        return f"{self.code}: {what}" if self.code else what

    def __str__(self) -> str:
        return self.text()

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "change": self.what}


def programme_changes(old: Programme, new: Programme) -> list[Change]:
    """Every difference that matters to partners and scores, in programme order."""
    changes: list[Change] = []
    add = changes.append
    for key, before, after in (
        ("changed_district", old.district, new.district),
        ("changed_year", old.year, new.year),
        ("changed_threshold", _percent(old.settings.threshold), _percent(new.settings.threshold)),
        ("changed_aggregation", old.settings.aggregation.value, new.settings.aggregation.value),
        ("changed_cofinancing", _percent(old.settings.cofinancing_share), _percent(new.settings.cofinancing_share)),
    ):
        if before != after:
            add(_change("", key, before=before, after=after))
    old_actions = {action.code: action for action in old.actions}
    new_codes = {action.code for action in new.actions}
    for action in new.actions:  # in the new programme's order, then what was taken away
        if action.code in old_actions:
            changes += _action_changes(old_actions[action.code], action)
        else:
            add(_change(action.code, "action_added", title=action.title))
    changes += [_change(action.code, "action_removed", title=action.title) for action in old.actions
                if action.code not in new_codes]
    old_members = {member.name for member in old.members}
    new_members = {member.name for member in new.members}
    changes += [_change("", "member_added", name=m.name) for m in new.members if m.name not in old_members]
    changes += [_change("", "member_removed", name=m.name) for m in old.members if m.name not in new_members]
    return changes


def _action_changes(old: Action, new: Action) -> list[Change]:
    changes = []
    if old.title != new.title:
        changes.append(_change(new.code, "changed_title", before=old.title, after=new.title))
    if old.counts != new.counts:
        changes.append(_change(new.code, "changed_counts", before=_yes(old.counts), after=_yes(new.counts)))
    if old.area != new.area:
        changes.append(_change(new.code, "changed_area", before=old.area, after=new.area))
    old_indicators = {ind.code: ind for ind in old.indicators}
    new_indicators = {ind.code: ind for ind in new.indicators}
    changes += [_change(ind.code, "indicator_added", text=ind.text) for ind in new.indicators
                if ind.code not in old_indicators]
    changes += [_change(ind.code, "indicator_removed", text=ind.text) for ind in old.indicators
                if ind.code not in new_indicators]
    for indicator in new.indicators:
        if indicator.code in old_indicators:
            changes += _indicator_changes(old_indicators[indicator.code], indicator)
    return changes


def _indicator_changes(old: Indicator, new: Indicator) -> list[Change]:
    changes = []
    if old.kind != new.kind:
        changes.append(_change(new.code, "changed_rule", before=layout.KIND_LABELS[old.kind.value],
                               after=layout.KIND_LABELS[new.kind.value]))
    if old.linked_to != new.linked_to:
        changes.append(_change(new.code, "changed_link", before=old.linked_to or "-", after=new.linked_to or "-"))
    old_lines = {line.code: line for line in old.lines}
    new_lines = {line.code: line for line in new.lines}
    changes += [_change(line.code, "line_added", label=line.label) for line in new.lines if line.code not in old_lines]
    changes += [_change(line.code, "line_removed", label=line.label) for line in old.lines if line.code not in new_lines]
    for after in new.lines:
        if after.code not in old_lines:
            continue
        before, code = old_lines[after.code], after.code
        if before.percent != after.percent:
            changes.append(_change(code, "changed_percent", before=_percent(before.percent), after=_percent(after.percent)))
        if before.required != after.required:
            changes.append(_change(code, "changed_required", before=before.required, after=after.required))
        if before.label != after.label:
            changes.append(_change(code, "changed_label", before=before.label, after=after.label))
    return changes


@dataclass(frozen=True)
class WorkbookEdits:
    """What a manager changed in the district workbook's programme tables, as the workbook shows it."""

    percents: dict[str, Any]  # scoring line → % per unità (Voci)
    required: dict[str, Any]  # scoring line → Richieste (Voci)
    counts: dict[str, Any]  # action → Conta (Riepilogo)
    threshold: Any = None  # SOGLIA
    aggregation: Any = None  # AGGREGAZIONE


def apply_edits(programme: Programme, edits: WorkbookEdits) -> tuple[Programme, list[Problem]]:
    """The programme with the manager's valid edits; and what could not be taken, with why."""
    ignored: list[Problem] = []
    settings = programme.settings
    if edits.threshold is not None and edits.threshold != settings.threshold:
        if _number(edits.threshold) and 0 < edits.threshold <= 1:
            settings = replace(settings, threshold=float(edits.threshold))
        else:
            ignored.append(messages.problem("edited_threshold", f"soglia {edits.threshold!r}"))
    if edits.aggregation is not None and edits.aggregation != settings.aggregation.value:
        try:
            settings = replace(settings, aggregation=Aggregation(str(edits.aggregation).strip().lower()))
        except ValueError:
            ignored.append(messages.problem("edited_aggregation", f"aggregazione {edits.aggregation!r}"))

    def line(indicator: Indicator, current: ScoringLine) -> ScoringLine:
        percent, required = edits.percents.get(current.code), edits.required.get(current.code)
        if current.percent is not None and percent is not None and percent != current.percent:
            if _number(percent) and percent > 0:
                current = replace(current, percent=float(percent))
            else:
                ignored.append(messages.problem("edited_percent", current.code, value=percent))
        if indicator.kind is RuleKind.AT_LEAST and required is not None and required != current.required:
            if _number(required) and float(required).is_integer() and required >= 1:
                current = replace(current, required=int(required))
            else:
                ignored.append(messages.problem("edited_required", current.code, value=required))
        return current

    actions = []
    for action in programme.actions:
        counts = edits.counts.get(action.code)
        if counts is not None and str(counts).strip().lower() in ("sì", "si", "no") and \
                (str(counts).strip().lower() != "no") != action.counts:
            action = replace(action, counts=str(counts).strip().lower() != "no")
        indicators = tuple(replace(ind, lines=tuple(line(ind, each) for each in ind.lines)) for ind in action.indicators)
        actions.append(replace(action, indicators=indicators))
    return replace(programme, settings=settings, actions=tuple(actions)), ignored


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _percent(value: float | None) -> str:
    return "-" if value is None else format_percent_text(value)


def _yes(value: bool) -> tuple[str, str]:
    """Yes or no as the workbook says it, and in English."""
    return layout.YES if value else layout.NO, messages.text("yes" if value else "no", "en")


def _change(code: str, key: str, **values: Any) -> Change:
    """A change in Italian and English, from the catalogue."""
    return Change(code, *messages.both(key, **values))
