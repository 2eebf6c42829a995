"""The scoring engine: evidence → realisation of indicators, actions and the programme.

It computes exactly what the workbook's formulas compute (see `formulas.py`), cell semantics
included: a row proves line `C` when its code cell is `C` or starts with `C ` (the dropdown
writes "C — label"); a blank quantity counts as 1, a number as itself, anything else (text,
TRUE/FALSE) as 0, like SUMIFS and COUNTIFS; organisations are compared case-insensitively and
count only when they are members (by name or short name).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xlsync.messages import both
from xlsync.programme.model import Action, Aggregation, Evidence, Indicator, Programme, RuleKind
from xlsync.vocabulary.values import excel_serial

# Every realisation (indicator, action, area, programme) is computed exactly: nothing is rounded
# before it is averaged, and eligibility is judged on the programme's exact value. Every figure is
# *shown* with one rule, on every surface: one decimal of a percentage (DECIMALS of the fraction)
# rounded down, so a shown figure never claims a level that was not reached (79,95% shows 79,9%).
# TOLERANCE forgives floating point only: a mean of 70%, 90% and 80% is 0.7999999999999999 in
# binary, and is 80%. The workbook's formulas apply the same rule: ROUNDDOWN(x+1E-9;3).
DECIMALS = 3
TOLERANCE = 1e-9


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    text: str
    kind: RuleKind
    value: float  # 0–1
    missing: str | None  # what still misses, in Italian (as the workbook says it); None when at 100%
    units: tuple[tuple[str, float], ...] = ()  # units counted per scoring line
    line_rows: tuple[tuple[str, int], ...] = ()  # evidence rows naming each scoring line
    missing_en: str | None = None  # what still misses, in English

    def missing_text(self, lang: str = "it") -> str | None:
        return self.missing_en if lang == "en" and self.missing_en else self.missing

    @property
    def rows(self) -> int:
        return sum(count for _, count in self.line_rows)


@dataclass(frozen=True)
class ActionResult:
    code: str
    title: str
    area: str
    counts: bool
    value: float
    indicators: tuple[IndicatorResult, ...]

    @property
    def rows(self) -> int:
        """Evidence rows naming one of the action's own scoring lines."""
        return sum(indicator.rows for indicator in self.indicators)


@dataclass(frozen=True)
class ProgrammeResult:
    district: str
    year: int
    value: float
    threshold: float
    eligible: bool
    aggregation: Aggregation
    actions: tuple[ActionResult, ...] = field(default=())

    def action(self, code: str) -> ActionResult:
        return next(result for result in self.actions if result.code == code)

    def as_json(self) -> dict[str, Any]:
        return {
            "district": self.district,
            "year": self.year,
            **percents(self.value),
            "threshold": as_percent(self.threshold),
            "eligible": self.eligible,
            "actions": [
                {
                    "code": action.code,
                    "title": action.title,
                    **percents(action.value),
                    "counts": action.counts,
                    "indicators": [
                        {"code": ind.code, **percents(ind.value), "missing": ind.missing}
                        for ind in action.indicators
                    ],
                }
                for action in self.actions
            ],
        }


def area_values(result: ProgrammeResult) -> dict[str, float]:
    """The mean realisation of each area's actions that count, in the areas' order of appearance."""
    values: dict[str, list[float]] = {}
    for action in result.actions:
        if action.counts:
            values.setdefault(action.area, []).append(action.value)
    return {area: sum(found) / len(found) for area, found in values.items()}


def shown(fraction: float) -> float:
    """The figure a person is shown for an exact realisation: one decimal of a percentage, rounded
    down (0.79995 → 0.799), past floating point's error (0.7999999999999999 → 0.8). The
    workbook's ROUNDDOWN(x+1E-9;3)."""
    scale = 10**DECIMALS
    return math.floor((fraction + TOLERANCE) * scale) / scale


def as_percent(fraction: float) -> float:
    """A fraction as a percentage for JSON, as shown: 0.728 → 72.8 (not 72.80000000000001)."""
    return round(shown(fraction) * 100, max(DECIMALS - 2, 0))


def percents(fraction: float) -> dict[str, float]:
    """A realisation for JSON: the figure shown, and the exact one it comes from."""
    return {"percent": as_percent(fraction), "percent_exact": round(fraction * 100, 12)}


def is_eligible(value: float, threshold: float) -> bool:
    """Judged on the exact value: 79.95% is below 80%."""
    return value + TOLERANCE >= threshold


def score(programme: Programme, evidence: Iterable[Evidence], manual: Mapping[str, Any] | None = None) -> ProgrammeResult:
    """Score a programme against its evidence and the manager's manual assessments."""
    quantities, organisations, rows = _count(programme, evidence)
    manual = manual or {}
    results: dict[str, ActionResult] = {}

    def action_result(action: Action) -> ActionResult:
        if action.code not in results:
            indicators = tuple(indicator_result(ind) for ind in action.indicators)
            values = [ind.value for ind in indicators]
            if programme.settings.aggregation is Aggregation.MINIMUM:
                value = min(values)
            else:
                value = sum(values) / len(values)
            results[action.code] = ActionResult(action.code, action.title, action.area, action.counts, value, indicators)
        return results[action.code]

    def indicator_result(ind: Indicator) -> IndicatorResult:
        if ind.kind is RuleKind.LINKED:
            target = action_result(programme.action(ind.linked_to))
            missing = (None, None) if shown(target.value) >= 1 else both(
                "depends_on", code=target.code, percent=format_percent(target.value))
            return IndicatorResult(ind.code, ind.text, ind.kind, target.value, missing[0], missing_en=missing[1])
        if ind.kind is RuleKind.MANUAL:
            raw = manual.get(ind.code)
            value = _clamp(_n(raw))
            missing = both("assessment_due") if _is_blank(raw) else (
                (None, None) if shown(value) >= 1
                else both("assessed", percent=format_percent(1 - shown(value)), value=format_percent(value)))
            return IndicatorResult(ind.code, ind.text, ind.kind, value, missing[0],
                                   tuple((line.code, quantities.get(line.code, 0.0)) for line in ind.lines),
                                   tuple((line.code, rows.get(line.code, 0)) for line in ind.lines), missing[1])
        if ind.kind is RuleKind.PER_DISTINCT:
            units = {ind.lines[0].code: float(len(organisations.get(ind.lines[0].code, ())))}
        else:
            units = {line.code: quantities.get(line.code, 0.0) for line in ind.lines}
        value = indicator_value(ind, units)
        missing = indicator_missing(ind, units, value) or (None, None)
        return IndicatorResult(ind.code, ind.text, ind.kind, value, missing[0], tuple(units.items()),
                               tuple((line.code, rows.get(line.code, 0)) for line in ind.lines), missing[1])

    for action in programme.actions:
        action_result(action)
    ordered = tuple(results[action.code] for action in programme.actions)
    counted = [result.value for result in ordered if result.counts]
    value = sum(counted) / len(counted)
    threshold = programme.settings.threshold
    return ProgrammeResult(
        district=programme.district,
        year=programme.year,
        value=value,
        threshold=threshold,
        eligible=is_eligible(value, threshold),
        aggregation=programme.settings.aggregation,
        actions=ordered,
    )


def indicator_value(ind: Indicator, units: Mapping[str, float]) -> float:
    """An indicator's realisation from the units counted on each of its scoring lines."""
    line = ind.lines[0]
    if ind.kind is RuleKind.AT_LEAST:
        return 1.0 if units[line.code] >= line.required else 0.0
    if ind.kind is RuleKind.YES_NO:
        return 1.0 if units[line.code] >= 1 else 0.0
    # per unit (several unit types summed) and per distinct value
    total = 0.0
    for each in ind.lines:
        total += units[each.code] * each.percent
    return _clamp(total)


def indicator_missing(ind: Indicator, units: Mapping[str, float], value: float) -> tuple[str, str] | None:
    """What the indicator still misses, in Italian and English; None at 100% (as shown)."""
    if shown(value) >= 1:
        return None
    line = ind.lines[0]
    have = units[line.code]
    if ind.kind is RuleKind.AT_LEAST:
        return _stripped(both("units_of", have=format_number(have), need=line.required, unit=line.unit))
    if ind.kind is RuleKind.YES_NO:
        return both("missing_unit", unit=line.unit) if line.unit else both("missing_evidence")
    if len(ind.lines) == 1:
        needed = math.ceil(1 / line.percent - 1e-9)
        return _stripped(both("units_of", have=format_number(have), need=needed, unit=line.unit))
    counted = ", ".join(f"{format_number(units[each.code])} {each.unit}".rstrip() for each in ind.lines)
    return both("missing_percent", percent=format_percent(1 - shown(value)), counted=counted)


def _stripped(texts: tuple[str, str]) -> tuple[str, str]:
    return texts[0].rstrip(), texts[1].rstrip()


def _count(programme: Programme, evidence: Iterable[Evidence]) -> tuple[dict[str, float], dict[str, set[str]], dict[str, int]]:
    """Per scoring line: units (quantities), distinct organisations (per-distinct lines), rows."""
    by_key = {line.code.casefold(): line.code for line in programme.lines}
    members = {name.casefold() for m in programme.members for name in (m.name, m.short_name) if name}
    distinct = {ind.lines[0].code for ind in programme.indicators if ind.kind is RuleKind.PER_DISTINCT}
    quantities: dict[str, float] = {}
    organisations: dict[str, set[str]] = {}
    rows: dict[str, int] = {}
    seen: dict[Any, str | None] = {}  # code cells repeat: each is read once
    for row in evidence:
        cell = row.code
        try:
            code = seen[cell]
        except KeyError:
            code = seen[cell] = line_code_of(cell, by_key)
        except TypeError:  # an unhashable value is no code
            code = None
        if code is None:
            continue
        rows[code] = rows.get(code, 0) + 1
        quantities[code] = quantities.get(code, 0.0) + quantity_units(row.quantity)
        if code in distinct and not _is_blank(row.organisations):
            organisation = _text(row.organisations).casefold()
            if organisation in members:  # "per ogni organizzazione aderente"
                organisations.setdefault(code, set()).add(organisation)
    return quantities, organisations, rows


def line_code_of(cell: Any, by_key: Mapping[str, str]) -> str | None:
    """The scoring line a code cell names ("4.1.a.2" or "4.1.a.2 — Post originale"), if any."""
    if not isinstance(cell, str):
        return None
    return by_key.get(cell.split(" ", 1)[0].casefold())


def quantity_units(cell: Any) -> float:
    """How many units a quantity cell counts for, as SUMIFS + COUNTIFS(…, "") see it."""
    if _is_blank(cell):
        return 1.0
    if isinstance(cell, bool) or not isinstance(cell, (int, float, dt.date, dt.time, dt.timedelta)):
        return 0.0
    return _n(cell)


def _n(cell: Any) -> float:
    """Excel's N(): numbers (dates as serials) as themselves, TRUE as 1, anything else 0."""
    if isinstance(cell, bool):
        return 1.0 if cell else 0.0
    if isinstance(cell, (int, float)):
        return float(cell) if math.isfinite(cell) else 0.0
    if isinstance(cell, dt.date):  # datetimes too
        return excel_serial(cell)
    if isinstance(cell, dt.timedelta):
        return cell.total_seconds() / 86400
    if isinstance(cell, dt.time):
        return (cell.hour * 3600 + cell.minute * 60 + cell.second) / 86400
    return 0.0


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _is_blank(cell: Any) -> bool:
    return cell is None or cell == ""


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def format_number(value: float) -> str:
    """Italian form: 2 → '2', 1.5 → '1,5'."""
    if float(value).is_integer():
        return str(int(value))
    return _as_shown(value, "0.01").rstrip("0").replace(".", ",")


def format_percent(fraction: float) -> str:
    """0.8219 → '82,1%': the figure `shown`, with an Italian comma."""
    return f"{shown(fraction) * 100:.{max(DECIMALS - 2, 0)}f}".replace(".", ",") + "%"


def _as_shown(value: float, step: str) -> str:
    """Rounded the way Excel and LibreOffice display a number: its 15 significant digits, then
    halves away from zero (Python's own formatting rounds 82.25 to 82.2)."""
    return str(Decimal(f"{value:.15g}").quantize(Decimal(step), rounding=ROUND_HALF_UP))
