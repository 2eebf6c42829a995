"""Reading the published work programme (the agency's decree with the programme annexed) into a
programme: header data, actors, V.A.M.T. actions with their rules, projects with every field,
member organisations.

The rules, and the indicators a project writes in one run of text, are read by `grammar.py`. What
the text leaves open is decided by a stated reading and listed as a `Check`, with the published
words and, for a PDF or DOCX, the page and table row, for the manager to confirm: nothing is
guessed silently, nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field

from xlsync import messages
from xlsync.errors import ProgrammeError
from xlsync.programme.model import (
    Action,
    Actor,
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
from xlsync.programme.published.cells import classification, label_value, title_and_rule, vamt_columns
from xlsync.programme.published.documents import PAGE_LABEL, Document
from xlsync.programme.published.grammar import (
    COMMUNICATION,
    PERCENT,
    RuleReader,
    align,
    grouped,
    indicator_texts,
    joined,
    list_items,
    segments,
)
from xlsync.programme.published.member_list import MemberReader
from xlsync.programme.published.words import (
    MONTHS,
    NUMBER,
    SMALL_WORDS,
    amount,
    date,
    fold,
    normalise,
    number,
    phrase,
    sentence,
    shorten,
    title,
    with_article,
)
from xlsync.programme.toml_file import PROJECT_AREA, dumps, loads

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# The words that open the V.A.M.T. part: known, not programme data.
VAMT_INTRO = re.compile(r"^\s*Realizzazione delle azioni di competenza del Manager territoriale:?\s*$", re.IGNORECASE)
ACTION_CODE = re.compile(r"\b\d{1,2}\.\d{1,2}\b")
# A footnote: its mark at the start of a line that is no table row.
FOOTNOTE = re.compile(r"^\s*(\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,3})\s*(\S.*)$")
NO_PERCENT_RULE = "Indicatore senza percentuale: 100% quando esiste l'evidenza"
MANUAL_RULE = "Nessun indicatore nel programma: la percentuale è valutata dal Manager territoriale."


@dataclass(frozen=True)
class Check:
    """A reading the manager has to confirm: where, what was decided, and the published words."""

    where: str
    what: str
    published: str = ""
    code: str = ""  # the action or indicator it is about, if one

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}"
        return text + (f" (testo pubblicato: «{shorten(self.published)}»)" if self.published else "")


@dataclass(frozen=True)
class Imported:
    programme: Programme
    checks: tuple[Check, ...]
    # where each action and indicator is in the document ("pag. 3, tabella riga 4"; "riga 181" of a text)
    sources: dict[str, str] = field(default_factory=dict, compare=False)


def import_text(document: str | Document, source: str = "programma") -> Imported:
    """Read the published programme (its text, or a document read by `read_document`) into a
    programme, with what to check by hand."""
    if isinstance(document, str):
        document = Document(document)
    text = normalise(document.text)
    lines = text.split("\n")
    places: dict[str, str] = {}
    for line, place in zip(lines, document.places, strict=False):
        places.setdefault(line, place)
    numbers: dict[str, str] = {}
    for index, line in enumerate(lines, 1):
        numbers.setdefault(line, f"riga {index}")
    return _Reader(text, source, places, numbers=numbers if not document.places else {}).read()


def rule_indicators(rule: str) -> tuple[tuple[Indicator, ...], tuple[Check, ...]]:
    """The indicators a V.A.M.T. rule describes ("20% per ogni incontro"), codes R.a, R.b…"""
    reader = _Reader("", "regola")
    return reader.rules("azione R", "").vamt("R", "Regola", normalise(rule)), tuple(reader.checks)


@dataclass
class _Reader:
    text: str
    source: str
    places: dict[str, str] = field(default_factory=dict)  # a line of the text → its page and table row
    checks: list[Check] = field(default_factory=list)
    projects_by_title: dict[str, Action] = field(default_factory=dict)
    area_lines: dict[str, str] = field(default_factory=dict)  # an area's code → its heading line
    numbers: dict[str, str] = field(default_factory=dict)  # a line of a plain text → "riga N"
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # a footnote's mark → its text, its line
    noted: set[str] = field(default_factory=set)  # the marks a rule carries
    sources: dict[str, str] = field(default_factory=dict)  # an action's or indicator's code → its place

    def without_notes(self, lines: list[str]) -> list[str]:
        """The part's lines without its footnotes ("(1) Per il 2024 …", "¹ …", "* …"), kept by their mark."""
        kept = []
        for line in lines:
            note = FOOTNOTE.match(line)
            if note and "\t" not in line.strip():
                self.notes[note.group(1)] = (" ".join(note.group(2).split()), line)
            else:
                kept.append(line)
        return kept

    def noted_rule(self, where: str, code: str, rule: str, line: str) -> str:
        """The rule without the marks of its footnotes, the notes written after it and asked: a note
        may change the rule (a threshold raised for the year)."""
        for mark, (note, _) in self.notes.items():
            if mark in rule:
                self.noted.add(mark)
                rule = " ".join(rule.replace(mark, " ").split()) + f" [nota {mark} {note}]"
                self.check(where, messages.reading("read_note", mark=mark), note, line, code)
        return rule

    def members(self, lines: list[str]) -> list[Member]:
        return MemberReader(self.text, self.check, self.unplaced).members(lines)

    def labelled(self, where: str, lines: list[str]) -> list[tuple[str, str]]:
        """A table of labels and values; a label wrapped over two lines ("ANNO DI NASCITA DEL" /
        "DISTRETTO") is one label, its value one value; a label written twice is asked, and numbered."""
        pairs: list[tuple[str, str]] = []
        for line in filter(str.strip, lines):
            label, value = label_value(line)
            if pairs and (not label or pairs[-1][0].split()[-1:] and pairs[-1][0].split()[-1].casefold() in SMALL_WORDS
                          or label.split()[0].casefold() in SMALL_WORDS):  # the label or the value going on
                before, written = pairs[-1]
                pairs[-1] = (f"{before} {label[:1].lower()}{label[1:]}".strip(), f"{written} {value}".strip())
                continue
            if label.casefold() in {seen.casefold() for seen, _ in pairs}:
                self.check(where, messages.reading("read_label_twice", label=label), line, line)
                label = f"{label} ({sum(seen.casefold().startswith(label.casefold()) for seen, _ in pairs) + 1})"
            pairs.append((label, value))
        return pairs

    def unplaced(self, where: str, line: str) -> None:
        """A line of a part of the programme that the reader does not place: asked, not dropped."""
        if not PAGE_LABEL.match(line.strip()):
            self.check(where, messages.reading("read_unplaced_line"), line, line)

    def located(self, project: Action, line: str) -> Action:
        """A project, its indicators placed at `line` (its percentages, or its indicators)."""
        for indicator in project.indicators:
            self.locate(indicator.code, line)
        return project

    def locate(self, code: str, line: str) -> None:
        place = self.places.get(line) or self.numbers.get(line)
        if place:
            self.sources[code] = place

    def check(self, where: str, what: str, published: str = "", line: str = "", code: str = "") -> None:
        place = self.places.get(line)
        self.checks.append(Check(f"{where} ({place})" if place else where, what, published, code))

    def rules(self, where: str, line: str) -> RuleReader:
        """The grammar, flagging at `where` (and the place of `line` in the document)."""
        return RuleReader(self.projects_by_title,
                          lambda what, published, code: self.check(where, what, published, line, code))

    def read(self) -> Imported:
        lines = self.text.split("\n")
        sections = _sections(lines)
        year = self.year()
        decree_number, decree_date = self.decree()
        details = self.labelled("dati", sections.get("dati", []))
        contacts = self.labelled("canali", sections.get("canali", []))
        actors = [self.actor(f"{label}\t{value}") for label, value in self.labelled("attori", sections.get("attori", []))]
        lead = next((actor.name for actor in actors if actor.role.casefold() == "organizzazione capofila"), "")
        for part in ("azioni", "progettualita"):
            sections[part] = self.without_notes(sections.get(part, []))
        projects = self.projects(sections.get("progettualita", []))
        self.projects_by_title.update({fold(project.title): project for project in projects})
        areas, actions = self.vamt(sections.get("azioni", []), projects)
        for mark, (note, line) in self.notes.items():
            if mark not in self.noted:
                self.check("nota", messages.reading("read_note_unplaced", mark=mark), note, line)
        members = self.members(sections.get("aderenti", []))
        programme = Programme(
            district=self.district(), year=year, areas=tuple(areas) + (Area(PROJECT_AREA, "Progettualità"),),
            actions=tuple(actions) + tuple(projects), members=tuple(members), actors=tuple(actors),
            decree_number=decree_number, decree_date=decree_date, lead_organisation=lead,
            employees=self.employees(), details=tuple(details), contacts=tuple(contacts),
            settings=Settings(threshold=self.threshold()))
        problems = structural_problems(programme, self.source)
        if problems:
            raise messages.error("imported_not_valid", cls=ProgrammeError, problems=tuple(problems))
        return Imported(programme, tuple(self.checks), self.sources)

    # header

    def district(self) -> str:
        quoted = re.search(r"sviluppo del(?:l')?\s*\"\s*(Distretto[^\"]+?)\s*\"", self.text, re.IGNORECASE)
        if quoted:
            return " ".join(quoted.group(1).split())
        heading = re.search(r"^\s*(DISTRETTO [^\n\t]+?)\s*$", self.text, re.MULTILINE)
        if not heading:  # the name as the title and the footers write it, the most written
            named = re.findall(r"\bDistretto\s+(?:Family\s+Audit|famiglia)\s+[^\n\t\"«»,.;:()–-]+", self.text,
                               re.IGNORECASE)
            if not named:
                raise messages.error("document_no_district", self.source, cls=ProgrammeError)
            written = max(set(" ".join(name.split()) for name in named), key=lambda name: (
                sum(" ".join(other.split()) == name for other in named), -len(name)))
            self.check("programma", messages.reading("read_district_from_text", name=written), written)
            return written
        name = title(heading.group(1))
        self.check("programma", messages.reading("read_district_from_heading", name=name), heading.group(1))
        return name

    def year(self) -> int:
        found = re.search(r"PROGRAMMA DI LAVORO\s+(?:PER L'ANNO\s+|ANNO\s+)?(\d{4})", self.text, re.IGNORECASE)
        if not found:
            raise messages.error("document_no_year", self.source, cls=ProgrammeError)
        return int(found.group(1))

    def decree(self) -> tuple[str, dt.date | None]:
        found = re.search(r"DETERMINAZIONE DEL DIRIGENTE\s+N\.?\s*(\d+)\s+D(?:EL|I DATA)\s+(\d{1,2})\s+(\w+)\s+(\d{4})",
                          self.text, re.IGNORECASE)
        if not found:
            self.check("programma", messages.reading("read_no_decree"))
            return "", None
        decree_number, day, month, year = found.groups()
        return decree_number, date(int(year), MONTHS.get(month.casefold()), int(day))

    def employees(self) -> int | None:
        found = re.search(rf"dipendenti\W*\(in totale ({NUMBER})\)|in totale ({NUMBER}) dipendenti|"
                          rf"\b({NUMBER}) dipendenti", self.text, re.IGNORECASE)
        return number(found.group(1) or found.group(2) or found.group(3)) if found else None

    def threshold(self) -> float:
        found = re.search(r"percentuale non inferiore\s+(?:all'|al|a)\s*" + PERCENT.pattern, self.text, re.IGNORECASE)
        if found:
            return amount(found.group(1)) / 100
        self.check("impostazioni", messages.reading("read_no_threshold"))
        return 0.8

    def actor(self, line: str) -> Actor:
        role, rest = label_value(line)
        email = EMAIL.search(rest)
        if not email:
            return Actor(role, rest)
        before = rest[:email.start()].strip()
        words = before.split()
        local = {part.casefold() for part in re.split(r"[._-]", email.group(0).split("@")[0])}
        count = 0
        while count < len(words) and fold(words[count]) in local:
            count += 1
        if count == 0:  # the address does not spell the name: take the first two words
            count = min(2, len(words))
            self.check(f"attore «{role}»", messages.reading("read_actor_name", name=" ".join(words[:count])), line)
        return Actor(role, " ".join(words[:count]), " ".join(words[count:]), email.group(0))

    # V.A.M.T. actions

    def vamt(self, lines: list[str], projects: list[Action]) -> tuple[list[Area], list[Action]]:
        areas: list[Area] = []
        rows: dict[str, list[tuple[str, str, str]]] = {}  # title, rule, the line it starts on
        current = None
        columns: tuple[int, int, int | None] | None = None  # action, rule and code columns of a wider table
        width = 1  # tabs in the table's header row
        asked: set[str] = set()  # the wider tables' headers already asked about
        for line in lines:
            header = vamt_columns(line)
            if header:
                columns = None if header[:2] == (0, 1) and line.strip().count("\t") == 1 else header
                width = line.count("\t")
                if columns and line not in asked:
                    asked.add(line)
                    cells = [cell.strip() for cell in line.split("\t")]
                    others = ", ".join(f"«{cell}»" for index, cell in enumerate(cells) if cell and index not in columns[:2])
                    self.check("azioni V.A.M.T.", messages.reading(
                        "read_table_columns", action=cells[columns[0]], rule=cells[columns[1]], others=others or "—"),
                        line, line)
                continue
            heading = re.match(r"^\s*(\d+)\.\s+([^\t]+?)\s*$", line)
            if heading and heading.group(2)[:12].upper() == heading.group(2)[:12]:
                name, _, note = heading.group(2).partition("(")
                note = " ".join(re.sub(r"[()]", " ", note).split()).rstrip(". ")
                current = heading.group(1)
                areas.append(Area(current, sentence(name.strip()), note))
                rows[current] = []
                self.area_lines[current] = line
                continue
            if not line.strip() or re.fullmatch(r"[-\t ]+", line) or (current is None and VAMT_INTRO.match(line)):
                continue
            if current is None:
                self.unplaced("azioni V.A.M.T.", line)
                continue
            if re.match(r"^\s*AZIONE\s*\t?\s*% DI REALIZZAZIONE", line, re.IGNORECASE):
                continue
            if columns:  # a row of a wider table: its action's and its rule's cells
                self.wide_row(line, columns, width, current, rows[current])
                continue
            action, rule = title_and_rule(line)
            cells = [cell for cell in line.split("\t") if cell.strip()]
            if len(cells) > 2 and not columns:  # a column the table is not known to have: its words went into the rule
                self.check(f"area {current}", messages.reading("read_extra_cells", count=len(cells)), line, line,
                           f"{current}.{len(rows[current]) + (1 if action else 0)}")
            if action:
                rows[current].append((action, rule, line))
            elif rows[current]:  # the rule goes on in the next line (the action's, while it has no rule)
                action, before, first = rows[current][-1]
                if before or "\t" in line:
                    rows[current][-1] = (action, f"{before} {rule}".strip(), first)
                else:
                    rows[current][-1] = (f"{action} {rule}", before, first)
        actions: list[Action] = []
        for area in areas:
            entries = rows[area.code]
            if area.code == "8":
                actions += self.optional_projects(area, projects, actions)
                continue
            if not entries:
                actions.append(self.manual_action(area))
                continue
            for index, (action, rule, line) in enumerate(entries, 1):
                code = f"{area.code}.{index}"
                self.locate(code, line)
                rule = self.noted_rule(f"azione {code}", code, rule, line)
                indicators = self.rules(f"azione {code}", line).vamt(code, action, rule.split(" [nota ")[0])
                actions.append(Action(code, area.code, action, True, indicators, rule=" ".join(rule.split())))
        return areas, actions

    def wide_row(self, line: str, columns: tuple[int, int, int | None], width: int, area: str,
                 rows: list[tuple[str, str, str]]) -> None:
        """A row of an actions' table with more columns than action and rule: a new action when it has
        a title or a code, else the rule going on; a row whose cells do not line up with the header is
        asked (a cell may have moved)."""
        cells = [cell.strip() for cell in line.split("\t")]
        padded = cells + [""] * (max(index for index in columns if index is not None) + 1)
        title, rule = padded[columns[0]], padded[columns[1]]
        shifted = len(cells) != width + 1
        # a new action has its code, where the table has codes (in a shifted row, a cell that is a code),
        # else its title
        code = (padded[columns[2]] if not shifted else " ".join(ACTION_CODE.findall(" ".join(cells)))
                ) if columns[2] is not None else ""
        if len(ACTION_CODE.findall(code)) > 1:  # two rows run together: the second action is in the first
            self.check(f"area {area}", messages.reading("read_row_codes", codes=code), line, line, f"{area}.{len(rows) + 1}")
        if code or (columns[2] is None and title):
            if not title:  # the last cell that is neither the code nor the rule
                title = next((cell for index, cell in reversed(list(enumerate(cells)))
                              if cell and index not in columns), "")
            rows.append((title, rule, line))
        elif rows:  # the action going on: all the words of a shifted row go to its rule
            action, before, first = rows[-1]
            if shifted:
                rule, title = " ".join(cell for cell in cells if cell), ""
            rows[-1] = (f"{action} {title}".strip(), f"{before} {rule}".strip(), first)
        if shifted:
            self.check(f"area {area}", messages.reading("read_row_cells", count=len(cells), wanted=width + 1), line,
                       line, f"{area}.{max(len(rows), 1)}")

    def manual_action(self, area: Area) -> Action:
        code = f"{area.code}.1"
        self.locate(code, self.area_lines.get(area.code, ""))
        self.check(f"area {area.code}", messages.reading("read_area_without_actions"), line=self.area_lines.get(area.code, ""),
                   code=code)
        indicator = Indicator(f"{code}.a", area.name, "Valutazione del Manager territoriale", RuleKind.MANUAL,
                              (ScoringLine(f"{code}.a", f"Documentazione: {area.name[:1].lower()}{area.name[1:]}", ""),))
        return Action(code, area.code, area.name, True, (indicator,), rule=MANUAL_RULE)

    def optional_projects(self, area: Area, projects: list[Action], vamt: list[Action]) -> list[Action]:
        """Area 8: three optional projects, which the published text does not always name."""
        wanted = int(m.group(1)) if (m := re.match(r"\s*(\d+)\s", area.name)) else 3
        linked = {ind.linked_to for action in vamt for ind in action.indicators if ind.linked_to}
        named = [int(n) for n in re.findall(r"\d+", area.note)] if re.search(r"\bn\.\s*\d", area.note) else []
        if named:
            chosen = [p for p in projects if p.project.number in named]
        else:
            chosen = [p for p in projects if p.code not in linked
                      and COMMUNICATION.search(p.project.percentages_text or p.project.indicators_text)][:wanted]
            numbers = ", ".join(f"n.{p.project.number}" for p in chosen)
            self.check(f"area {area.code}", messages.reading("read_optional_projects", wanted=wanted, numbers=numbers),
                       area.name + (f" ({area.note})" if area.note else ""), self.area_lines.get(area.code, ""), area.code)
        actions = []
        for index, project in enumerate(chosen, 1):
            code, numbered = f"{area.code}.{index}", project.project.number
            self.locate(code, self.area_lines.get(area.code, ""))
            rule = f"Indicatori individuati e descritti nella progettualità n.{numbered}"
            indicator = Indicator(f"{code}.a", f"Realizzazione della progettualità n.{numbered}", rule, RuleKind.LINKED,
                                  linked_to=project.code)
            actions.append(Action(code, area.code, f"Progettualità facoltativa: {sentence(project.title)}", True,
                                  (indicator,), rule=rule))
        return actions

    # projects

    def projects(self, lines: list[str]) -> list[Action]:
        blocks: list[tuple[int, str, list[str], str]] = []
        joined: list[str] = []  # a heading wrapped in a narrow cell: "PROGETTUALITÀ" | "n.8 GENITORIALITÀ"
        for line in lines:
            if joined and re.fullmatch(r"\s*PROGETTUALIT\S*\s*", joined[-1], re.IGNORECASE) and re.match(
                    r"\s*n\.?\s*\d", line, re.IGNORECASE):
                joined[-1] = f"{joined[-1].strip()} {line.strip()}"
            else:
                joined.append(line)
        for line in joined:
            start = re.match(r"^\s*PROGETTUALIT\S*\s+n\.?\s*(\d+)\s*(.*)$", line, re.IGNORECASE)
            if start and blocks and int(start.group(1)) == blocks[-1][0]:
                continue  # the project's heading repeated on the next page: the same project goes on
            if start:
                blocks.append((int(start.group(1)), " ".join(start.group(2).split()), [], line))
            elif blocks:
                blocks[-1][2].append(line)
            elif line.strip():
                self.unplaced("progettualità", line)
        return [self.project(numbered, tag, body, line) for numbered, tag, body, line in blocks]

    def project(self, number: int, tag: str, body: list[str], heading: str) -> Action:
        fields: dict[str, str] = {}
        lines: dict[str, str] = {}  # a field → the line it starts on, to name its place
        current = None
        for line in _labels_joined(body):
            if not line.strip():
                continue
            for key, label in _PROJECT_LABELS:
                found = re.match(rf"^\s*(?:{label})\s*(.*)$", line, re.IGNORECASE)
                if found:
                    current = key
                    fields[key], lines[key] = found.group(1).strip(), line
                    break
            else:
                label = line.split("\t", 1)[0].strip()
                if "\t" in line.strip() and label:  # a labelled row the project is not known to have
                    self.check(f"progettualità n.{number}", messages.reading(
                        "read_unknown_field", label=label, field=_FIELD_NAMES.get(current, "intestazione")), line, line,
                        f"P{number:02d}")
                if current:
                    fields[current] = f"{fields[current]} {line.strip()}".strip()
                else:  # the heading's tag going on in the next line
                    tag = f"{tag} {line.strip()}"
        fields = {key: " ".join(value.split()) for key, value in fields.items()}
        tag = " ".join(tag.split())
        code, where = f"P{number:02d}", f"progettualità n.{number}"
        self.locate(code, heading)
        name = fields.get("title", "")
        if not name:
            self.check(where, messages.reading("read_no_title"), line=heading, code=code)
        indicators_text, percentages = fields.get("indicators", ""), fields.get("percentages", "")
        at = lines.get("percentages") or lines.get("indicators") or heading
        noted = self.noted_rule(where, code, percentages, at)
        percentages = noted.split(" [nota ")[0]
        details = ProjectDetails(
            number=number, tag=tag, general_objective=fields.get("general", ""), specific_objective=fields.get("specific", ""),
            activities=fields.get("activities", ""), referent=fields.get("referent", ""),
            other_organisations=fields.get("others", ""), timing=fields.get("timing", ""),
            indicators_text=indicators_text, percentages_text=noted,
            classification=tuple(classification(fields.get("classification", ""))))
        rules = self.rules(where, at)
        groups = grouped(rules.parts(code, percentages, segments(" ".join(list_items(percentages)) or percentages)),
                         together=False)
        indicators: list[Indicator] = []
        if not groups:
            texts = indicator_texts(indicators_text, None)
            self.check(where, messages.reading("read_no_percentages"), indicators_text, at, code)
            for letter, text in zip("abcdefghijklmnopqrstuvwxyz", texts or [name], strict=False):
                line = ScoringLine(f"{code}.{letter}", text, with_article(phrase(text)))
                indicators.append(Indicator(f"{code}.{letter}", text, NO_PERCENT_RULE, RuleKind.YES_NO, (line,)))
            return self.located(Action(code, PROJECT_AREA, name, False, tuple(indicators), project=details), at)
        whole = [joined(group) for group in groups]
        texts = indicator_texts(indicators_text, len(groups))
        written = len(indicator_texts(indicators_text, None) or [1])
        if len(texts) != len(groups):
            texts = align(texts, whole)
            self.check(where, messages.reading("read_fewer_texts", written=written, percentages=len(groups)),
                       f"{indicators_text} | {percentages}", at, code)
        elif written > len(groups):
            self.check(where, messages.reading("read_more_texts", written=written, percentages=len(groups)),
                       f"{indicators_text} | {percentages}", at, code)
        for letter, text, group in zip("abcdefghijklmnopqrstuvwxyz", texts, groups, strict=False):
            indicators.append(rules.indicator(f"{code}.{letter}", text, group))
        return self.located(Action(code, PROJECT_AREA, name, False, tuple(indicators), project=details), at)


def _labels_joined(body: list[str]) -> list[str]:
    """A project's rows with a label broken over two rows by a page break ("AZIONE V.A.M.T." at the
    foot of a page, "Percentuale/i di valutazione." at the top of the next) as one row."""
    def known(label: str) -> bool:
        return any(re.fullmatch(rf"\s*(?:{pattern})\s*", label, re.IGNORECASE) for _, pattern in _PROJECT_LABELS)

    rows: list[str] = []
    for line in body:
        if rows:
            (first, _, before), (label, _, after) = rows[-1].partition("\t"), line.partition("\t")
            if first.strip() and label.strip() and not known(first) and known(f"{first.strip()} {label.strip()}"):
                rows[-1] = f"{first.strip()} {label.strip()}\t{before.strip()} {after.strip()}".rstrip()
                continue
        rows.append(line)
    return rows


_PROJECT_LABELS = (
    ("general", r"Obiettivo generale\.?"),
    ("specific", r"Obiettivo specifico\.?"),
    ("title", r"Titolo\.?"),
    ("activities", r"Azioni\.?"),
    ("referent", r"Organizzazion[ei] referent[ei]\.?"),
    ("others", r"Altre organizzazioni coinvolte\.?"),
    ("timing", r"Tempi\.?"),
    ("indicators", r"Indicatore/i di valutazione\.?|Indicator[ei] di valutazione\.?"),
    ("percentages", r"AZIONE V\.?A\.?M\.?T\.?\s+Percentuale/i di valutazione\.?|Percentual[ei] di valutazione\.?"),
    ("classification", r"Classificazione\.?"),
)

_FIELD_NAMES = {"general": "Obiettivo generale", "specific": "Obiettivo specifico", "title": "Titolo",
                "activities": "Azioni", "referent": "Organizzazione referente",
                "others": "Altre organizzazioni coinvolte", "timing": "Tempi", "indicators": "Indicatori di valutazione",
                "percentages": "Percentuali di valutazione", "classification": "Classificazione"}

_SECTIONS = (
    ("dati", r"DATI DEL DISTRETTO"),
    ("attori", r"ATTORI DEL DISTRETTO"),
    ("canali", r"CANALI SOCIAL"),
    ("azioni", r"AZIONI V\.?A\.?M\.?T\.?"),
    ("progettualita", r"PROGETTUALIT\S*"),
    ("aderenti", r"(?:ALLEGATO\s+\w+\s*[-–:.]?\s*)?(?:ELENCO\s+DELLE\s+)?ORGANIZZAZIONI\s+ADERENTI.*"),
)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """The annex's parts, each from its heading line to the next heading."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        heading = next((key for key, pattern in _SECTIONS if re.fullmatch(pattern, line.strip())), None)
        if heading and heading not in found:
            current = heading
            found[current] = []
        elif current:
            found[current].append(line)
    return found


def programme_file_text(imported: Imported, source_name: str) -> str:
    """The programme file of an import: what to check by hand first, as comments, then the programme."""
    programme = imported.programme
    head = [f"# Programma di lavoro {programme.year} — {programme.district}",
            f"# Letto da «xlsync import» dal testo pubblicato ({source_name})."]
    if imported.checks:
        head.append(f"# Da verificare a mano ({len(imported.checks)}): correggere qui sotto dove la lettura non è giusta.")
        for check in imported.checks:
            head += textwrap.wrap(f"{check.where}: {check.what}", 96, initial_indent="#  - ",
                                  subsequent_indent="#    ")
            if check.published:
                head += textwrap.wrap(f"testo pubblicato: «{' '.join(check.published.split())}»", 96,
                                      initial_indent="#    ", subsequent_indent="#    ")
    text = "\n".join(head) + "\n\n" + dumps(programme)
    # the checks of `xlsync new`, on the very text to be written: import never writes a file new refuses
    try:
        loaded = loads(text, source_name)
    except ProgrammeError as exc:
        raise ProgrammeError(str(messages.problem("import_refused", source_name)), exc.problems) from exc
    if loaded != programme:  # the file would not say what was read
        raise ProgrammeError(str(messages.problem("import_refused", source_name)))
    return text

