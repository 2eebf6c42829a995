"""The programme file: a TOML text a manager can read, edit and diff (format described in docs/reference/programme-file.md).

`loads`/`load` turn it into a `Programme`, collecting every problem with the line it is on;
`dumps` writes the canonical text back, which is also what workbooks embed and fingerprint.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem, ProgrammeError
from xlsync.programme.model import (
    Action,
    Actor,
    Aggregation,
    Area,
    Indicator,
    Member,
    Programme,
    ProjectDetails,
    RuleKind,
    ScoringLine,
    Settings,
    structural_problems,
)

FORMAT_VERSION = 1
PROJECT_AREA = "P"

_TOP_KEYS = {"formato", "programma", "impostazioni", "dati", "contatti", "attore", "area", "azione",
             "progettualita", "aderente"}
_PROGRAMME_KEYS = {"distretto", "anno", "determinazione_numero", "determinazione_data", "capofila", "dipendenti"}
_SETTINGS_KEYS = {"soglia", "aggregazione", "quota_cofinanziamento"}
_ACTOR_KEYS = {"ruolo", "nome", "qualifica", "email"}
_AREA_KEYS = {"codice", "nome", "nota"}
_ACTION_KEYS = {"codice", "area", "titolo", "regola", "conta", "indicatore"}
_PROJECT_FIELDS = {
    # file key → ProjectDetails field
    "tag": "tag",
    "obiettivo_generale": "general_objective",
    "obiettivo_specifico": "specific_objective",
    "azioni": "activities",
    "organizzazione_referente": "referent",
    "altre_organizzazioni": "other_organisations",
    "tempi": "timing",
    "indicatori": "indicators_text",
    "percentuali": "percentages_text",
}
_PROJECT_KEYS = {"codice", "numero", "titolo", "conta", "area", "classificazione", "indicatore"} | set(_PROJECT_FIELDS)
_INDICATOR_KEYS = {"codice", "testo", "regola", "tipo", "unita", "voce", "percentuale", "richieste", "collegata",
                   "evidenze", "voci"}
_LINE_KEYS = {"codice", "voce", "unita", "percentuale", "richieste"}
_MEMBER_KEYS = {"nome", "sigla", "adesione", "marchio_family_in_trentino", "marchio_family_audit", "codice_fiscale"}


# What a programme file is not, though it is given in its place.
_PUBLISHED = (".txt", ".pdf", ".docx", ".doc")  # the published programme: xlsync import reads it
_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
_WORKBOOK_HEADS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (xlsx, ods), compound file (xls)


def is_programme_file(path: str | Path) -> bool:
    """Whether the path names a programme file (by its suffix, as the user sees it)."""
    return Path(path).suffix.lower() == ".toml"


def load(path: str | Path) -> Programme:
    path = Path(path)
    if path.suffix.lower() in _PUBLISHED:
        raise messages.error("published_not_programme", path.name, cls=ProgrammeError, name=path.name,
                             stem=path.stem)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise messages.error("programme_unreadable", str(path), cls=ProgrammeError, detail=exc.strerror) from exc
    if path.suffix.lower() in _WORKBOOKS or data.startswith(_WORKBOOK_HEADS):
        raise messages.error("workbook_not_programme", path.name, cls=ProgrammeError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise messages.error("programme_not_utf8", str(path), cls=ProgrammeError) from exc
    return loads(text, source=path.name)


def loads(text: str, source: str = "programma") -> Programme:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(text, source, str(exc)) from exc
    reader = _Reader(text, source)
    programme = reader.programme(data)
    # A structural problem where a reading problem was already reported is its consequence: leave it out.
    reported = {re.sub(r" › riga \d+", "", problem.where) for problem in reader.problems} - {source}
    problems = reader.problems + [problem for problem in structural_problems(programme, source)
                                  if not any(problem.where.startswith(place) for place in reported)]
    if problems:
        raise messages.error("invalid_programme_file", cls=ProgrammeError, problems=tuple(problems))
    return programme


def _syntax_error(text: str, source: str, error: str) -> ProgrammeError:
    match = re.search(r"\(at line (\d+), column \d+\)", error)
    if not match or int(match.group(1)) > len(text.splitlines()):
        return messages.error("toml_syntax", source, cls=ProgrammeError, detail=error)
    number = int(match.group(1))
    line = text.splitlines()[number - 1].strip()
    detail = error.split(" (at line")[0]
    key = line.split("=", 1)[0].strip()
    if "=" in line and not re.fullmatch(r'[A-Za-z0-9_-]+|"[^"]*"', key):
        return messages.error("toml_key", f"{source} › riga {number}", cls=ProgrammeError, detail=detail, line=line,
                              bad_key=repr(key))
    return messages.error("toml_syntax_line", f"{source} › riga {number}", cls=ProgrammeError, detail=detail,
                          line=line)


_FINGERPRINTS: dict[int, tuple[Programme, str]] = {}


def fingerprint(programme: Programme) -> str:
    """A short stable hash of the programme, stamped into every workbook made from it.

    Remembered per programme object: merges ask it for every return, and hashing a programme is
    as slow as writing it out.
    """
    known = _FINGERPRINTS.get(id(programme))
    if known is not None and known[0] is programme:
        return known[1]
    if len(_FINGERPRINTS) > 64:
        _FINGERPRINTS.clear()
    value = text_fingerprint(dumps(programme))
    _FINGERPRINTS[id(programme)] = (programme, value)
    return value


def text_fingerprint(text: str) -> str:
    """The fingerprint of a programme file's text (the canonical text gives the programme's).

    The last one is remembered: a merge asks it for every return, which mostly hold the same text.
    """
    if text == _LAST_TEXT[0]:
        return _LAST_TEXT[1]
    value = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    _LAST_TEXT[:] = [text, value]
    return value


_LAST_TEXT: list[str] = ["", hashlib.sha256(b"").hexdigest()[:16]]  # a text and its fingerprint


def parse_percent(value: Any) -> float:
    """'20%', '1,5%' or a fraction such as 0.2 → 0.2."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if not 0 <= value <= 1:
            raise ValueError(value)
        return float(value)
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%\s*", str(value))
    if not match:
        raise ValueError(value)
    return float(match.group(1).replace(",", ".")) / 100


def format_percent_text(fraction: float) -> str:
    """0.2 → '20%', 0.015 → '1,5%' (the form programme files use)."""
    number = f"{round(fraction * 100, 10):.10g}"
    return number.replace(".", ",") + "%"


class _Reader:
    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source
        self.problems: list[Problem] = []

    # -- locating problems -------------------------------------------------------------------
    def _line_of(self, code: str | None, key: str | None = None) -> str:
        """The line of `codice = "code"`, or of `key = …` in the same table when a key is named."""
        if not code:
            return ""
        pattern = re.compile(r'codice\s*=\s*"' + re.escape(code) + '"')
        start = next((n for n, line in enumerate(self.lines) if pattern.search(line)), None)
        if start is None:
            return ""
        if key:
            key_pattern = re.compile(r"\s*" + re.escape(key) + r"\s*=")
            for number in range(start, len(self.lines)):
                if key_pattern.match(self.lines[number]):
                    return f"riga {number + 1}"
                if number > start and self.lines[number].lstrip().startswith("["):
                    break
        return f"riga {start + 1}"

    def problem(self, place: str, message: str, code: str | None = None, at_key: str | None = None, **values) -> None:
        """A catalogued problem, at the line of the table with `code` (and of its key `at_key`)."""
        line = self._line_of(code, at_key)
        where = " › ".join(part for part in (self.source, line, place) if part)
        self.problems.append(messages.problem(message, where, **values))

    def keys(self, table: dict, allowed: set[str], place: str, code: str | None = None) -> None:
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1)
                if near:
                    self.problem(place, "unknown_key_near", code, key, field=key, near=near[0])
                else:
                    self.problem(place, "unknown_key", code, key, field=key, allowed=", ".join(sorted(allowed)))

    def text(self, table: dict, key: str, place: str, code: str | None = None, required: bool = False) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem(place, "not_text", code, key, field=key)
            return str(value)
        if required and not value.strip():
            self.problem(place, "missing_key", code, field=key)
        return value

    def percent(self, table: dict, key: str, place: str, code: str | None = None) -> float | None:
        if key not in table:
            return None
        try:
            return parse_percent(table[key])
        except ValueError:
            self.problem(place, "not_percent", code, key, field=key, value=table[key])
            return None

    def table_list(self, data: dict, key: str, place: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(place, "not_table_list", field=key)
            return []
        return value

    # -- the sections ------------------------------------------------------------------------
    def programme(self, data: dict) -> Programme:
        self.keys(data, _TOP_KEYS, "")
        version = data.get("formato", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            self.problem("formato", "bad_format", value=version, supported=FORMAT_VERSION)
        head = data.get("programma", {})
        self.keys(head, _PROGRAMME_KEYS, "[programma]")
        year = head.get("anno")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            self.problem("[programma]", "bad_year", value=year)
            year = 0
        decree_date = head.get("determinazione_data")
        if decree_date is not None and not isinstance(decree_date, dt.date):
            self.problem("[programma]", "not_a_date_key", field="determinazione_data", example="2024-07-16")
            decree_date = None
        employees = head.get("dipendenti")
        if employees is not None and not isinstance(employees, int):
            self.problem("[programma]", "not_integer", field="dipendenti", example=523)
            employees = None
        areas = tuple(self.area(item) for item in self.table_list(data, "area", "[[area]]"))
        actions = [self.action(item, project=False) for item in self.table_list(data, "azione", "[[azione]]")]
        actions += [self.action(item, project=True) for item in self.table_list(data, "progettualita", "[[progettualita]]")]
        if any(action.project for action in actions) and PROJECT_AREA not in {area.code for area in areas}:
            areas += (Area(PROJECT_AREA, "Progettualità"),)
        return Programme(
            district=self.text(head, "distretto", "[programma]", required=True),
            year=year,
            decree_number=str(head.get("determinazione_numero", "")),
            decree_date=decree_date,
            lead_organisation=self.text(head, "capofila", "[programma]"),
            employees=employees,
            details=self.pairs(data, "dati"),
            contacts=self.pairs(data, "contatti"),
            actors=tuple(self.actor(item) for item in self.table_list(data, "attore", "[[attore]]")),
            areas=areas,
            actions=tuple(actions),
            members=tuple(self.member(item) for item in self.table_list(data, "aderente", "[[aderente]]")),
            settings=self.settings(data.get("impostazioni", {})),
        )

    def pairs(self, data: dict, key: str) -> tuple[tuple[str, str], ...]:
        table = data.get(key, {})
        return tuple((label, str(value)) for label, value in table.items())

    def settings(self, table: dict) -> Settings:
        self.keys(table, _SETTINGS_KEYS, "[impostazioni]")
        defaults = Settings()
        threshold = self.percent(table, "soglia", "[impostazioni]")
        share = self.percent(table, "quota_cofinanziamento", "[impostazioni]")
        aggregation = defaults.aggregation
        if "aggregazione" in table:
            try:
                aggregation = Aggregation(table["aggregazione"])
            except ValueError:
                self.problem("[impostazioni]", "bad_aggregation", value=table["aggregazione"])
        return Settings(
            threshold=defaults.threshold if threshold is None else threshold,
            aggregation=aggregation,
            cofinancing_share=defaults.cofinancing_share if share is None else share,
        )

    def actor(self, table: dict) -> Actor:
        self.keys(table, _ACTOR_KEYS, "[[attore]]")
        return Actor(
            role=self.text(table, "ruolo", "[[attore]]", required=True),
            name=self.text(table, "nome", "[[attore]]", required=True),
            title=self.text(table, "qualifica", "[[attore]]"),
            email=self.text(table, "email", "[[attore]]"),
        )

    def area(self, table: dict) -> Area:
        code = str(table.get("codice", ""))
        place = f"area {code}"
        self.keys(table, _AREA_KEYS, place, code)
        return Area(code=code, name=self.text(table, "nome", place, code, required=True),
                    note=self.text(table, "nota", place, code))

    def member(self, table: dict) -> Member:
        place = f"aderente {table.get('nome', '?')}"
        self.keys(table, _MEMBER_KEYS, place)
        joined = table.get("adesione")
        if joined is not None and not isinstance(joined, dt.date):
            self.problem(place, "not_a_date_key", field="adesione", example="2022-07-15")
            joined = None
        return Member(
            name=self.text(table, "nome", place, required=True),
            short_name=self.text(table, "sigla", place),
            joined=joined,
            family_in_trentino=self.text(table, "marchio_family_in_trentino", place),
            family_audit=self.text(table, "marchio_family_audit", place),
            tax_code=self.text(table, "codice_fiscale", place),
        )

    def action(self, table: dict, project: bool) -> Action:
        code = str(table.get("codice", ""))
        kind = "progettualita" if project else "azione"
        place = f"{kind} {code}"
        self.keys(table, _PROJECT_KEYS if project else _ACTION_KEYS, place, code)
        if not code:
            self.problem(f"[[{kind}]]", "missing_key", field="codice")
        details = None
        if project:
            number = table.get("numero")
            if not isinstance(number, int):
                self.problem(place, "bad_number", code)
                number = 0
            classification = table.get("classificazione", [])
            if isinstance(classification, str):
                classification = [classification]
            details = ProjectDetails(
                number=number,
                classification=tuple(str(item) for item in classification),
                **{field: self.text(table, key, place, code) for key, field in _PROJECT_FIELDS.items()},
            )
        counts = table.get("conta", not project)
        if not isinstance(counts, bool):
            self.problem(place, "bad_counts", code)
            counts = not project
        indicators = table.get("indicatore", [])
        return Action(
            code=code,
            area=str(table.get("area", PROJECT_AREA if project else "")),
            title=self.text(table, "titolo", place, code, required=True),
            counts=counts,
            rule=self.text(table, "regola", place, code),
            project=details,
            indicators=tuple(self.indicator(item, place) for item in indicators if isinstance(item, dict)),
        )

    def indicator(self, table: dict, parent: str) -> Indicator:
        code = str(table.get("codice", ""))
        place = f"{parent} › indicatore {code}"
        self.keys(table, _INDICATOR_KEYS, place, code)
        try:
            kind = RuleKind(table.get("tipo"))
        except ValueError:
            self.problem(place, "unknown_kind", code, "tipo", value=table.get("tipo"),
                         allowed=", ".join(kind.value for kind in RuleKind))
            kind = RuleKind.YES_NO
        text = self.text(table, "testo", place, code, required=True)
        lines: list[ScoringLine] = []
        if "voci" in table:
            for item in table["voci"]:
                line_code = str(item.get("codice", ""))
                self.keys(item, _LINE_KEYS, f"{place} › voce {line_code}", line_code)
                lines.append(self.line(item, line_code, text, place))
        elif kind is not RuleKind.LINKED and (kind is not RuleKind.MANUAL or "voce" in table):
            lines.append(self.line(table, code, text, place))
        return Indicator(
            code=code,
            text=text,
            rule=self.text(table, "regola", place, code),
            kind=kind,
            lines=tuple(lines),
            linked_to=table.get("collegata") or None,
            evidence_hint=self.text(table, "evidenze", place, code),
        )

    def line(self, table: dict, code: str, default_label: str, place: str) -> ScoringLine:
        required = table.get("richieste")
        if required is not None and (not isinstance(required, int) or isinstance(required, bool)):
            self.problem(place, "not_integer", code, "richieste", field="richieste", example=2)
            required = None
        return ScoringLine(
            code=code,
            label=self.text(table, "voce", place, code) or default_label,
            unit=self.text(table, "unita", place, code),
            percent=self.percent(table, "percentuale", place, code),
            required=required,
        )


# -- writing ---------------------------------------------------------------------------------

def dumps(programme: Programme) -> str:
    """The canonical programme file text (stable order, so a diff shows only real changes)."""
    out: list[str] = [f"formato = {FORMAT_VERSION}", "", "[programma]"]
    out += _assignments({
        "distretto": programme.district,
        "anno": programme.year,
        "determinazione_numero": programme.decree_number or None,
        "determinazione_data": programme.decree_date,
        "capofila": programme.lead_organisation or None,
        "dipendenti": programme.employees,
    })
    settings = programme.settings
    out += ["", "[impostazioni]"] + _assignments({
        "soglia": format_percent_text(settings.threshold),
        "aggregazione": settings.aggregation.value,
        "quota_cofinanziamento": format_percent_text(settings.cofinancing_share),
    })
    for key, pairs in (("dati", programme.details), ("contatti", programme.contacts)):
        if pairs:
            out += ["", f"[{key}]"] + [f"{_string(label)} = {_value(value)}" for label, value in pairs]
    for actor in programme.actors:
        out += ["", "[[attore]]"] + _assignments(
            {"ruolo": actor.role, "nome": actor.name, "qualifica": actor.title or None, "email": actor.email or None})
    for area in programme.areas:
        out += ["", "[[area]]"] + _assignments({"codice": area.code, "nome": area.name, "nota": area.note or None})
    for action in programme.actions:
        out += [""] + _action(action)
    for member in programme.members:
        out += ["", "[[aderente]]"] + _assignments({
            "nome": member.name,
            "sigla": member.short_name or None,
            "adesione": member.joined,
            "marchio_family_in_trentino": member.family_in_trentino or None,
            "marchio_family_audit": member.family_audit or None,
            "codice_fiscale": member.tax_code or None,
        })
    return "\n".join(out) + "\n"


def _action(action: Action) -> list[str]:
    project = action.project
    kind = "progettualita" if project else "azione"
    fields: dict[str, Any] = {"codice": action.code}
    if project:
        fields["numero"] = project.number
        if action.area != PROJECT_AREA:
            fields["area"] = action.area
    else:
        fields["area"] = action.area
    fields["titolo"] = action.title
    fields["regola"] = action.rule or None
    if action.counts != (project is None):
        fields["conta"] = action.counts
    if project:
        for key, attribute in _PROJECT_FIELDS.items():
            fields[key] = getattr(project, attribute) or None
        fields["classificazione"] = list(project.classification) or None
    out = [f"[[{kind}]]"] + _assignments(fields)
    for indicator in action.indicators:
        out += ["", f"  [[{kind}.indicatore]]"] + ["  " + line for line in _indicator(indicator)]
    return out


def _indicator(indicator: Indicator) -> list[str]:
    fields: dict[str, Any] = {
        "codice": indicator.code,
        "testo": indicator.text,
        "regola": indicator.rule or None,
        "tipo": indicator.kind.value,
        "collegata": indicator.linked_to,
        "evidenze": indicator.evidence_hint or None,
    }
    lines = indicator.lines
    if len(lines) == 1 and lines[0].code == indicator.code:
        fields.update(_line_fields(lines[0], indicator.text))
        return _assignments(fields)
    out = _assignments(fields)
    if lines:
        out.append("voci = [")
        for line in lines:
            inline = ", ".join(f"{key} = {_value(value)}" for key, value in
                               {"codice": line.code, **_line_fields(line, indicator.text)}.items() if value is not None)
            out.append(f"  {{ {inline} }},")
        out.append("]")
    return out


def _line_fields(line: ScoringLine, indicator_text: str) -> dict[str, Any]:
    return {
        "voce": line.label if line.label != indicator_text else None,
        "unita": line.unit or None,
        "percentuale": None if line.percent is None else format_percent_text(line.percent),
        "richieste": line.required,
    }


def _assignments(fields: dict[str, Any]) -> list[str]:
    return [f"{key} = {_value(value)}" for key, value in fields.items() if value is not None]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        if len(value) <= 1:
            return "[" + ", ".join(_value(item) for item in value) + "]"
        return "[\n" + "".join(f"  {_value(item)},\n" for item in value) + "]"
    return _string(str(value))


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(text: str) -> str:
    body = "".join(
        _ESCAPES.get(char) or (f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in text
    )
    return f'"{body}"'
