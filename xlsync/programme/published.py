"""Reading the published work programme (the agency's decree with the programme annexed) into a
programme: header data, actors, V.A.M.T. actions with their rules, projects with every field,
member organisations.

The rules are read from their Italian wording ("20% per ogni incontro", "100% restituzione di
almeno 2 verbali", "Indicatori individuati e descritti nella progettualità specifica: …"). What
the text leaves open is decided by a stated reading and listed as a `Check`, with the published
words, for the manager to confirm: nothing is guessed silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from xlsync.errors import ProgrammeError, WorkbookError
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
from xlsync.programme.toml_file import PROJECT_AREA, dumps
from xlsync.workbook import safety

MONTHS = {name: number for number, name in enumerate(
    ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
     "novembre", "dicembre"), 1)}
SHORT_MONTHS = {name[:3]: number for name, number in MONTHS.items()}

# Words that keep their own capitals when a heading in capitals is written in sentence case.
PROPER = {word.casefold(): word for word in (
    "ACS", "APT", "DES", "GAS", "ICT", "PED", "V.A.M.T.", "Facebook", "Instagram", "LinkedIn", "YouTube", "Trentino",
    "Family", "Audit", "Famiglia", "Distretto", "Alta", "Valsugana", "Bersntol", "Tesino", "Trento", "Pergine")}
SMALL_WORDS = {"a", "ad", "al", "alla", "alle", "agli", "ai", "con", "da", "dal", "dalla", "dei", "degli", "del",
               "della", "delle", "dell'", "di", "e", "ed", "in", "nel", "nella", "per", "su", "sul", "sulla", "tra",
               "fra", "il", "lo", "la", "i", "gli", "le", "l'", "un", "una", "o"}
# Words that end the noun phrase of a unit ("incontro con il Distretto" → "incontro").
STOP_WORDS = SMALL_WORDS | {"che", "durante", "nel", "entro", "verso", "presso", "sui", "sugli", "sulle", "dello",
                            "nello", "come", "anche", "dalle", "dai", "dagli", "ogni", "almeno", "mediante", "tramite"}
INVARIABLE = {"post", "mail", "report", "e-mail", "email", "newsletter", "brochure", "video", "pdf", "web", "social",
              "stampa", "gas", "ped", "acs", "des", "evento/i"}
# How the words of an indicator list start: a new indicator begins with one of these shapes.
NOMINAL = re.compile(r"\w+(?:zione|zioni|mento|menti|tura|ture|sione|sioni)$", re.IGNORECASE)

PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
LINKED = re.compile(r"^\s*Indicatori individuati e descritti nella progettualit\w*\s+specifica\s*:?\s*(.*)$",
                    re.IGNORECASE | re.DOTALL)
EVIDENCE = re.compile(r"\.?\s*Evidenze\s*:\s*", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
COMMUNICATION = re.compile(r"\b(post|mail|comunicazion\w*|brochure|strumenti informativi|strumenti di comunicazione|"
                           r"comunicat\w* stampa|newsletter|social)\b", re.IGNORECASE)

NO_PERCENT_RULE = "Indicatore senza percentuale: 100% quando esiste l'evidenza"
MANUAL_RULE = "Nessun indicatore nel programma: la percentuale è valutata dal Manager territoriale."


@dataclass(frozen=True)
class Check:
    """A reading the manager has to confirm: where, what was decided, and the published words."""

    where: str
    what: str
    published: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}"
        return text + (f" (testo pubblicato: «{_shorten(self.published)}»)" if self.published else "")


@dataclass(frozen=True)
class Imported:
    programme: Programme
    checks: tuple[Check, ...]


# -- documents ----------------------------------------------------------------------------------

def read_document(path: str | Path) -> str:
    """The text of a published programme: plain text, PDF or DOCX (table cells separated by tabs)."""
    path = Path(path)
    refused = safety.problem_with(path, safety.DOCUMENT)
    if refused:
        raise WorkbookError.of(refused)
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix == ".docx":
            return _docx_text(path)
        data = path.read_bytes()
    except WorkbookError:
        raise
    except Exception as exc:  # every library raises its own kinds for a damaged file
        raise WorkbookError(f"{path.name}: il documento non si legge ({type(exc).__name__}: {exc}): "
                            f"salvarlo di nuovo come PDF, DOCX o testo e riprovare.") from exc
    if suffix not in (".txt", ".text", ".md", ""):
        raise WorkbookError(f"{path.name}: formato non riconosciuto: indicare il programma come PDF, DOCX o testo (.txt).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf_text(path: Path) -> str:
    import pypdf  # only for PDFs

    reader = pypdf.PdfReader(path)
    if reader.is_encrypted:
        raise WorkbookError(f"{path.name}: il PDF è protetto da password: salvarne una copia senza password.")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(path: Path) -> str:
    import docx  # python-docx, only for DOCX
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:  # a merged cell repeats: keep it once
                    if not cells or cell._tc is not cells[-1][0]:
                        cells.append((cell._tc, cell.text))
                lines.append("\t".join(text for _, text in cells))
    return "\n".join(lines)


# -- the programme --------------------------------------------------------------------------------

def import_text(text: str, source: str = "programma") -> Imported:
    """Read the published programme's text into a programme, with what to check by hand."""
    return _Reader(_normalise(text), source).read()


def rule_indicators(rule: str) -> tuple[tuple[Indicator, ...], tuple[Check, ...]]:
    """The indicators a V.A.M.T. rule describes ("20% per ogni incontro"), codes R.a, R.b…"""
    reader = _Reader("", "regola")
    return reader.vamt_indicators("R", "Regola", _normalise(rule), {}), tuple(reader.checks)


@dataclass
class _Segment:
    """One percentage of a rule: "20% per ogni incontro"."""

    text: str
    percent: float
    body: str  # after the percentage


@dataclass
class _Reader:
    text: str
    source: str
    checks: list[Check] = field(default_factory=list)

    def check(self, where: str, what: str, published: str = "") -> None:
        self.checks.append(Check(where, what, published))

    def read(self) -> Imported:
        lines = self.text.split("\n")
        sections = _sections(lines)
        year = self.year()
        decree_number, decree_date = self.decree()
        details = [_label_value(line) for line in sections.get("dati", []) if line.strip()]
        contacts = [_label_value(line) for line in sections.get("canali", []) if line.strip()]
        actors = [self.actor(line) for line in sections.get("attori", []) if line.strip()]
        lead = next((actor.name for actor in actors if actor.role.casefold() == "organizzazione capofila"), "")
        projects = self.projects(sections.get("progettualita", []), year)
        areas, actions = self.vamt(sections.get("azioni", []), projects)
        members = self.members(sections.get("aderenti", []))
        programme = Programme(
            district=self.district(), year=year, areas=tuple(areas) + (Area(PROJECT_AREA, "Progettualità"),),
            actions=tuple(actions) + tuple(projects), members=tuple(members), actors=tuple(actors),
            decree_number=decree_number, decree_date=decree_date, lead_organisation=lead,
            employees=self.employees(), details=tuple(details), contacts=tuple(contacts),
            settings=Settings(threshold=self.threshold()))
        problems = structural_problems(programme, self.source)
        if problems:
            raise ProgrammeError("Il programma letto dal documento non è valido.", tuple(problems))
        return Imported(programme, tuple(self.checks))

    # header

    def district(self) -> str:
        quoted = re.search(r"sviluppo del(?:l')?\s*\"\s*(Distretto[^\"]+?)\s*\"", self.text, re.IGNORECASE)
        if quoted:
            return " ".join(quoted.group(1).split())
        heading = re.search(r"^\s*(DISTRETTO [^\n\t]+?)\s*$", self.text, re.MULTILINE)
        if not heading:
            raise ProgrammeError(f"{self.source}: il documento non nomina il distretto (una riga «DISTRETTO …»): "
                                 f"è il programma di lavoro pubblicato?")
        name = _title(heading.group(1))
        self.check("programma", f"nome del distretto scritto «{name}» dall'intestazione", heading.group(1))
        return name

    def year(self) -> int:
        found = re.search(r"PROGRAMMA DI LAVORO\s+(?:PER L'ANNO\s+|ANNO\s+)?(\d{4})", self.text, re.IGNORECASE)
        if not found:
            raise ProgrammeError(f"{self.source}: il documento non dice l'anno del programma («PROGRAMMA DI LAVORO 2024»).")
        return int(found.group(1))

    def decree(self) -> tuple[str, dt.date | None]:
        found = re.search(r"DETERMINAZIONE DEL DIRIGENTE\s+N\.?\s*(\d+)\s+D(?:EL|I DATA)\s+(\d{1,2})\s+(\w+)\s+(\d{4})",
                          self.text, re.IGNORECASE)
        if not found:
            self.check("programma", "numero e data della determinazione non trovati: lasciati vuoti")
            return "", None
        number, day, month, year = found.groups()
        return number, _date(int(year), MONTHS.get(month.casefold()), int(day))

    def employees(self) -> int | None:
        found = re.search(r"dipendenti\W*\(in totale (\d+)\)|in totale (\d+) dipendenti", self.text, re.IGNORECASE)
        return int(found.group(1) or found.group(2)) if found else None

    def threshold(self) -> float:
        found = re.search(r"percentuale non inferiore all'\s*(\d+)\s*%", self.text, re.IGNORECASE)
        if found:
            return int(found.group(1)) / 100
        self.check("impostazioni", "la soglia del contributo non è scritta: 80%, come nei criteri provinciali")
        return 0.8

    def actor(self, line: str) -> Actor:
        role, rest = _label_value(line)
        email = EMAIL.search(rest)
        if not email:
            return Actor(role, rest)
        before = rest[:email.start()].strip()
        words = before.split()
        local = {part.casefold() for part in re.split(r"[._-]", email.group(0).split("@")[0])}
        count = 0
        while count < len(words) and _fold(words[count]) in local:
            count += 1
        if count == 0:  # the address does not spell the name: take the first two words
            count = min(2, len(words))
            self.check(f"attore «{role}»", f"nome letto come «{' '.join(words[:count])}»", line)
        return Actor(role, " ".join(words[:count]), " ".join(words[count:]), email.group(0))

    # V.A.M.T. actions

    def vamt(self, lines: list[str], projects: list[Action]) -> tuple[list[Area], list[Action]]:
        areas: list[Area] = []
        rows: dict[str, list[tuple[str, str]]] = {}
        current = None
        for line in lines:
            heading = re.match(r"^\s*(\d+)\.\s+([^\t]+?)\s*$", line)
            if heading and heading.group(2)[:12].upper() == heading.group(2)[:12]:
                name, note = heading.group(2), ""
                if "(" in name:
                    name, _, note = name.partition("(")
                    note = note.strip().rstrip(".").rstrip(")").strip()
                current = heading.group(1)
                areas.append(Area(current, _sentence(name.strip()), note))
                rows[current] = []
                continue
            if current is None or not line.strip() or re.fullmatch(r"[-\t ]+", line):
                continue
            if re.match(r"^\s*AZIONE\s*\t?\s*% DI REALIZZAZIONE", line, re.IGNORECASE):
                continue
            title, rule = _title_and_rule(line)
            if title:
                rows[current].append((title, rule))
            elif rows[current]:  # the rule goes on in the next line
                title, before = rows[current][-1]
                rows[current][-1] = (title, f"{before} {rule}".strip())
        by_title = {_fold(project.title): project for project in projects}
        actions: list[Action] = []
        for area in areas:
            entries = rows[area.code]
            if area.code == "8":
                actions += self.optional_projects(area, projects, actions)
                continue
            if not entries:
                actions.append(self.manual_action(area))
                continue
            for number, (title, rule) in enumerate(entries, 1):
                code = f"{area.code}.{number}"
                actions.append(Action(code, area.code, title, True, self.vamt_indicators(code, title, rule, by_title),
                                      rule=" ".join(rule.split())))
        return areas, actions

    def vamt_indicators(self, code: str, title: str, rule: str, projects: dict[str, Action]) -> tuple[Indicator, ...]:
        rule = " ".join(rule.split())
        linked = LINKED.match(rule)
        if linked:
            return (self.linked(f"{code}.a", linked.group(1), rule, projects, f"azione {code}"),)
        main, hint = _evidence(rule)
        segments = _segments(main)
        if not segments:
            self.check(f"azione {code}", "nessuna percentuale nella regola: valutazione manuale del Manager", rule)
            return (Indicator(f"{code}.a", title, rule, RuleKind.MANUAL, (), None, hint),)
        if len(segments) > 1 and all(_per_unit(segment) for segment in segments):
            # "1% per ogni post pubblicato 10% per ogni post originale pubblicato": unit types of one indicator
            lines = tuple(ScoringLine(f"{code}.a.{n}", _capital(_unit_phrase(_per_unit(s))),
                                      _plural(_unit_phrase(_per_unit(s))), s.percent) for n, s in enumerate(segments, 1))
            return (Indicator(f"{code}.a", title, main, RuleKind.PER_UNIT, lines, None, hint),)
        indicators = []
        for letter, segment in zip("abcdefghij", segments, strict=False):
            text = title if len(segments) == 1 and _per_unit(segment) else _capital(_phrase(segment.body))
            indicators.append(self.indicator(f"{code}.{letter}", text, segment, hint if letter == "a" else "",
                                             f"azione {code}"))
        return tuple(indicators)

    def manual_action(self, area: Area) -> Action:
        code = f"{area.code}.1"
        self.check(f"area {area.code}", "nessuna azione né indicatore nel programma: un'azione a valutazione manuale "
                                        "del Manager territoriale")
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
            self.check(f"area {area.code}", f"il programma non nomina le {wanted} progettualità facoltative: scelte "
                                            f"{numbers} (con indicatori di comunicazione e non già collegate ad altre "
                                            f"azioni V.A.M.T.); correggere se il distretto ne ha scelte altre",
                       area.name + (f" ({area.note})" if area.note else ""))
        actions = []
        for index, project in enumerate(chosen, 1):
            code, number = f"{area.code}.{index}", project.project.number
            rule = f"Indicatori individuati e descritti nella progettualità n.{number}"
            indicator = Indicator(f"{code}.a", f"Realizzazione della progettualità n.{number}", rule, RuleKind.LINKED,
                                  linked_to=project.code)
            actions.append(Action(code, area.code, f"Progettualità facoltativa: {_sentence(project.title)}", True,
                                  (indicator,), rule=rule))
        return actions

    def linked(self, code: str, reference: str, rule: str, projects: dict[str, Action], where: str) -> Indicator:
        quoted = re.search(r"\"([^\"]+)\"", reference)
        name = quoted.group(1) if quoted else reference
        project = projects.get(_fold(name))
        if project is None:
            near = difflib.get_close_matches(_fold(name), list(projects), n=1, cutoff=0.6)
            if not near:
                self.check(where, "la progettualità indicata non si trova tra quelle del programma: valutazione "
                                  "manuale del Manager", rule)
                return Indicator(code, f"Realizzazione della progettualità \"{name}\"", rule, RuleKind.MANUAL, ())
            project = projects[near[0]]
            self.check(where, f"collegata alla progettualità n.{project.project.number} «{project.title}», il cui "
                              f"titolo è scritto diversamente", rule)
        return Indicator(code, f"Realizzazione della progettualità \"{name}\"", rule, RuleKind.LINKED,
                         linked_to=project.code)

    def indicator(self, code: str, text: str, segment: _Segment, hint: str, where: str) -> Indicator:
        """One indicator from one percentage of a rule."""
        rule = segment.text
        unit = _per_unit(segment)
        if unit is not None:
            phrase = _unit_phrase(unit)
            distinct = re.match(r"(organizzazion|ent[ei]\b|partner|aderent)", phrase, re.IGNORECASE)
            kind = RuleKind.PER_DISTINCT if distinct else RuleKind.PER_UNIT
            line = ScoringLine(code, text, _plural(phrase), segment.percent)
            return Indicator(code, text, rule, kind, (line,), None, hint)
        at_least = re.search(r"\b(?:almeno|di)\s+(\d+)\s+(.+)$", segment.body)
        if at_least and segment.percent == 1:
            line = ScoringLine(code, text, _unit_phrase(at_least.group(2)), None, int(at_least.group(1)))
            return Indicator(code, text, rule, RuleKind.AT_LEAST, (line,), None, hint)
        if segment.percent != 1:
            self.check(where, f"«{rule}» non dice per ogni che cosa: letta come {_percent(segment.percent)} per ogni "
                              f"evidenza", rule)
            line = ScoringLine(code, text, "evidenze", segment.percent)
            return Indicator(code, text, rule, RuleKind.PER_UNIT, (line,), None, hint)
        line = ScoringLine(code, text, _with_article(_phrase(segment.body)))
        return Indicator(code, text, rule, RuleKind.YES_NO, (line,), None, hint)

    # projects

    def projects(self, lines: list[str], year: int) -> list[Action]:
        blocks: list[tuple[int, str, list[str]]] = []
        for line in lines:
            start = re.match(r"^\s*PROGETTUALIT\S*\s+n\.?\s*(\d+)\s*(.*)$", line, re.IGNORECASE)
            if start:
                blocks.append((int(start.group(1)), " ".join(start.group(2).split()), []))
            elif blocks:
                blocks[-1][2].append(line)
        return [self.project(number, tag, body) for number, tag, body in blocks]

    def project(self, number: int, tag: str, body: list[str]) -> Action:
        fields: dict[str, str] = {}
        current = None
        for line in body:
            if not line.strip():
                continue
            for key, label in _PROJECT_LABELS:
                found = re.match(rf"^\s*(?:{label})\s*(.*)$", line, re.IGNORECASE)
                if found:
                    current = key
                    fields[key] = found.group(1).strip()
                    break
            else:
                if current:
                    fields[current] = f"{fields[current]} {line.strip()}".strip()
        fields = {key: " ".join(value.split()) for key, value in fields.items()}
        code, where = f"P{number:02d}", f"progettualità n.{number}"
        title = fields.get("title", "")
        if not title:
            self.check(where, "titolo non trovato")
        indicators_text, percentages = fields.get("indicators", ""), fields.get("percentages", "")
        details = ProjectDetails(
            number=number, tag=tag, general_objective=fields.get("general", ""), specific_objective=fields.get("specific", ""),
            activities=fields.get("activities", ""), referent=fields.get("referent", ""),
            other_organisations=fields.get("others", ""), timing=fields.get("timing", ""),
            indicators_text=indicators_text, percentages_text=percentages,
            classification=tuple(_classification(fields.get("classification", ""))))
        segments = _segments(percentages)
        texts = _indicator_texts(indicators_text, len(segments) or None)
        indicators: list[Indicator] = []
        if not segments:
            self.check(where, "indicatori senza percentuale: ognuno sì/no, 100% quando esiste l'evidenza",
                       indicators_text)
            for letter, text in zip("abcdefghij", texts or [title], strict=False):
                line = ScoringLine(f"{code}.{letter}", text, _with_article(_phrase(text)))
                indicators.append(Indicator(f"{code}.{letter}", text, NO_PERCENT_RULE, RuleKind.YES_NO, (line,)))
        else:
            if len(texts) != len(segments):
                texts = _align(texts, segments)
                self.check(where, f"{len(_indicator_texts(indicators_text, None) or [1])} indicatori scritti e "
                                  f"{len(segments)} percentuali: un indicatore per percentuale, con il testo scritto "
                                  f"più simile o con quello della percentuale", f"{indicators_text} | {percentages}")
            for letter, text, segment in zip("abcdefghij", texts, segments, strict=False):
                indicators.append(self.indicator(f"{code}.{letter}", text, segment, "", where))
        return Action(code, PROJECT_AREA, title, False, tuple(indicators), project=details)

    # members

    def members(self, lines: list[str]) -> list[Member]:
        members = []
        for line in lines:
            row = re.match(r"^\s*\d+\s*\t?\s*(.+?)\s*\t?\s*(\d{1,2})[-/ ](\w+)[-/ ](\d{2,4})\b(.*)$", line)
            if not row:
                continue
            name, day, month, year, rest = row.groups()
            month_number = int(month) if month.isdigit() else SHORT_MONTHS.get(month[:3].casefold())
            year_number = int(year) + (2000 if len(year) == 2 else 0)
            marks = [cell.strip() for cell in rest.split("\t")[1:]] + ["", ""]
            members.append(Member(name.strip(), self.short_name(name.strip()),
                                  _date(year_number, month_number, int(day)), marks[0], marks[1]))
        stated = re.search(r"hanno aderito al distretto\D{0,30}?(\d+)\s+Organizzazioni", self.text, re.IGNORECASE)
        if stated and int(stated.group(1)) != len(members):
            self.check("aderenti", f"il testo dice {stated.group(1)} organizzazioni aderenti, l'elenco ne ha "
                                   f"{len(members)}: completare l'elenco", stated.group(0))
        if not members:
            self.check("aderenti", "elenco delle organizzazioni aderenti non trovato: aggiungerle a mano")
        return members

    def short_name(self, name: str) -> str:
        """The name as the text writes it in running prose, without its legal form: "ASIF Chimelli"."""
        core = re.sub(r"\b(SOCIETA'?|SOCIETÀ)\s+(A RESPONSABILITA'?|A RESPONSABILITÀ)\s+LIMITATA\b|"
                      r"\bSOCIETA'?\s+COOPERATIVA(\s+SOCIALE)?\b|\bO\.?N\.?L\.?U\.?S\.?|\bS\.?R\.?L\.?(?=\s|$)|"
                      r"\bS\.?P\.?A\.?(?=\s|$)|\bS\.?C\.?S\.?(?=\s|$)", " ", name, flags=re.IGNORECASE)
        core = " ".join(core.split()).strip(" ,-")
        if re.fullmatch(r"(?:[A-Z0-9]\.)+[A-Z0-9]\.?", core):  # an acronym with dots: C.S.4. → CS4
            return core.replace(".", "")
        core = core.strip(" .")
        if not core:
            return ""
        pattern = r"\b" + r"\s+".join(re.escape(word) for word in core.split()) + r"\b"
        written = [m.group(0) for m in re.finditer(pattern, self.text, re.IGNORECASE) if m.group(0) != m.group(0).upper()]
        best = max(set(written), key=written.count) if written else _title(core) if core.upper() == core else core
        best = " ".join(best.split())
        return best if best != name else ""


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

_SECTIONS = (
    ("dati", r"DATI DEL DISTRETTO"),
    ("attori", r"ATTORI DEL DISTRETTO"),
    ("canali", r"CANALI SOCIAL"),
    ("azioni", r"AZIONI V\.?A\.?M\.?T\.?"),
    ("progettualita", r"PROGETTUALIT\S*"),
    ("aderenti", r"ORGANIZZAZIONI ADERENTI.*"),
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


# -- words ----------------------------------------------------------------------------------------

def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[‘’´`]", "'", text)
    text = re.sub(r"[“”«»„]", '"', text)
    text = text.replace("**", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("'", "' ").split()).replace("' ", "'")


def _title_and_rule(line: str) -> tuple[str, str]:
    """A V.A.M.T. row: the action, then its rule (from its first percentage or its link)."""
    if "\t" in line and line.split("\t", 1)[0].strip():
        title, rule = line.split("\t", 1)
        return " ".join(title.split()), rule.strip()
    if line.startswith(("\t", " ")):
        return "", line.strip()
    starts = [m.start() for m in (PERCENT.search(line), re.search(r"Indicatori individuati", line)) if m]
    if not starts:
        return "", line.strip()
    return " ".join(line[:min(starts)].split()), line[min(starts):].strip()


def _label_value(line: str) -> tuple[str, str]:
    """"LABEL<tab>value" (or, from a PDF, a label in capitals followed by its value)."""
    if "\t" in line.strip():
        label, value = line.strip().split("\t", 1)
    else:
        words = line.split()
        count = 0
        while count < len(words) and words[count] == words[count].upper() and re.search(r"[A-ZÀ-Ý]", words[count]):
            count += 1
        if count == len(words) and count > 1:
            count -= 1
        label, value = " ".join(words[:count]), " ".join(words[count:])
    return _sentence(label.strip()), " ".join(value.split())


def _sentence(text: str) -> str:
    """A heading in capitals as a sentence: "ICT E NUOVE TECNOLOGIE" → "ICT e nuove tecnologie"."""
    if text != text.upper():
        return text
    words = []
    for index, word in enumerate(text.split()):
        proper = PROPER.get(word.casefold())
        if proper and (proper.isupper() or index == 0 or proper in ("Facebook", "Instagram", "LinkedIn", "YouTube")):
            words.append(proper)
        else:
            lower = word.lower()
            words.append(lower[:1].upper() + lower[1:] if index == 0 else lower)
    return " ".join(words)


def _title(text: str) -> str:
    """A name in capitals as a name: "DISTRETTO FAMILY AUDIT ALTA VALSUGANA" → "Distretto Family Audit Alta Valsugana"."""
    words = []
    for index, word in enumerate(text.split()):
        lower = word.lower()
        if PROPER.get(lower, "").isupper():
            words.append(PROPER[lower])
        elif index and lower in SMALL_WORDS:
            words.append(lower)
        elif lower.startswith(("dell'", "all'", "dall'", "nell'", "sull'", "l'", "d'")) and index:
            head, _, tail = lower.partition("'")
            words.append(f"{head}'{tail[:1].upper()}{tail[1:]}")
        else:
            words.append(lower[:1].upper() + lower[1:])
    return " ".join(words)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _evidence(rule: str) -> tuple[str, str]:
    """The rule without its "Evidenze: …" part, and that part."""
    parts = EVIDENCE.split(rule, maxsplit=1)
    main = parts[0].strip().rstrip(".").strip()
    hint = parts[1].strip().rstrip(".").strip() if len(parts) > 1 else ""
    return main, hint


def _segments(text: str) -> list[_Segment]:
    """A rule split at each percentage: "100% per relazione 50% per ogni mail/post" → two."""
    text = " ".join(text.split())
    starts = [m for m in PERCENT.finditer(text) if not _inside_parentheses(text, m.start())]
    segments = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        piece = text[match.start():end].strip().rstrip(".").strip()
        percent = float(match.group(1).replace(",", ".")) / 100
        segments.append(_Segment(piece, percent, piece[match.end() - match.start():].strip()))
    return segments


def _inside_parentheses(text: str, position: int) -> bool:
    return text.count("(", 0, position) > text.count(")", 0, position)


def _per_unit(segment: _Segment) -> str | None:
    """What "per ogni …" counts, or None when the rule is not per unit."""
    found = re.search(r"\b(?:per|ad|a)\s+ogni\s+(.+)$", segment.body, re.IGNORECASE)
    return found.group(1) if found else None


def _unit_phrase(text: str) -> str:
    """The counted noun with its adjectives: "incontro con il Distretto" → "incontro"."""
    words = []
    for word in text.replace("(", " ( ").split():
        folded = word.casefold().strip(".,;:")
        elided = "'" in folded and folded.split("'")[0] + "'" in STOP_WORDS | {"dell'", "all'", "nell'", "dall'",
                                                                                 "sull'", "un'", "d'"}
        if folded in STOP_WORDS or elided or word == "(" or (words and word[:1].isupper()):
            break
        words.append(word.strip(".,;:"))
    return " ".join(words) or text.split()[0]


def _phrase(text: str) -> str:
    """What a yes/no rule asks for: "per la relazione di co-progettazione" → "la relazione di co-progettazione"."""
    text = re.sub(r"^(per|di)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.split(r"\s+(?:che|ma)\s+", text, maxsplit=1)[0]
    return text.strip().rstrip(".")


def _plural(phrase: str) -> str:
    """Italian plural of a counted noun and its adjectives: "comunicato stampa" → "comunicati stampa"."""
    words = phrase.split()
    out = []
    for index, word in enumerate(words):
        if index == 0 or re.search(r"(at[oa]|it[oa]|ut[oa]|ale|ile|ivo|iva|ico|ica|ent[ei]|ant[ei]|ari[oa]|os[oa])$",
                                   word.casefold()):
            out.append("/".join(_plural_word(part) for part in word.split("/")))
        else:
            out.append(word)
    return " ".join(out)


def _plural_word(word: str) -> str:
    lower = word.casefold()
    if lower in INVARIABLE or not lower[-1:].isalpha() or lower[-1] in "àèéìòùy" or lower[-1] not in "aeio":
        return word
    if lower.endswith(("ca", "ga")):
        return word[:-1] + "he"
    if lower.endswith(("co", "go")) and not lower.endswith(("ico", "igo")):
        return word[:-1] + "hi"
    if lower.endswith("io"):
        return word[:-1]
    if lower.endswith("a") and not lower.endswith("ista"):
        return word[:-1] + "e"
    return word[:-1] + "i"


def _with_article(phrase: str) -> str:
    """The missing thing as the status says it: "relazione" → "la relazione"."""
    if phrase[:1].isupper() and not phrase.split()[0].isupper():
        phrase = phrase[:1].lower() + phrase[1:]
    first = phrase.split()[0].casefold() if phrase.split() else ""
    if first in ("il", "lo", "la", "i", "gli", "le", "un", "uno", "una") or first.startswith(("l'", "un'")):
        return phrase
    if first[:1] in "aeiouàèéìòù":
        return f"l'{phrase}"
    feminine = first.endswith(("a", "ione", "tà", "tù"))
    if feminine:
        return f"la {phrase}"
    if re.match(r"(s[^aeiou]|z|gn|ps|x|y)", first):
        return f"lo {phrase}"
    return f"il {phrase}"


def _indicator_texts(text: str, wanted: int | None) -> list[str]:
    """The indicators a project lists in one run of text, split where a new one begins.

    A new indicator begins with a capitalised word after a word that does not lead into it (not
    an article or preposition): "… territoriale Realizzazione di una relazione …". With the number
    of percentages known, the likeliest boundaries win: words like "Realizzazione", "Comunicazione".
    """
    words = " ".join(text.split()).split(" ") if text.strip() else []
    if not words:
        return []
    candidates = []
    for index in range(1, len(words)):
        word, before = words[index], words[index - 1]
        nominal = NOMINAL.match(word) or word.casefold() in ("strumenti", "strumento", "ricerca")
        if not word[:1].isupper() or before.casefold() in STOP_WORDS or (before[:1].isupper() and not nominal):
            continue
        if before.endswith((".", ";")) or not before[-1:].isalnum() and before[-1:] not in ")\"'":
            score = 3
        else:
            score = 2 if nominal else 1
        candidates.append((score, index))
    if wanted is None:
        cuts = sorted(index for score, index in candidates if score >= 2)
    else:
        best = sorted(candidates, key=lambda pair: (-pair[0], pair[1]))[:max(wanted - 1, 0)]
        cuts = sorted(index for _, index in best)
    pieces, start = [], 0
    for cut in cuts + [len(words)]:
        pieces.append(" ".join(words[start:cut]).strip().rstrip(".;").strip())
        start = cut
    return [piece for piece in pieces if piece]


def _align(texts: list[str], segments: list[_Segment]) -> list[str]:
    """Each percentage's indicator when the counts differ: the written indicators, in their order,
    go to the percentages whose words they share most; a percentage left over is named by its own
    words ("100% redazione di un report" → "Redazione di un report")."""
    def words(text: str) -> set[str]:  # mail, post, brochure… all say "communication"
        found = {w for w in re.findall(r"\w{4,}", text.casefold())}
        return found | ({"#comunicazione"} if COMMUNICATION.search(text) else set())

    def similarity(text: str, segment: _Segment) -> float:
        a, b = words(text), words(segment.body)
        return len(a & b) / len(a | b) if a | b else 0.0

    own = [_segment_text(segment) for segment in segments]
    if len(texts) >= len(segments):
        return own
    # best monotonic assignment of texts to segments (dynamic programming over both orders)
    n, m = len(texts), len(segments)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = similarity(texts[i], segments[j]) + best[i + 1][j + 1]
            best[i][j] = max(take, best[i][j + 1]) if m - j > n - i else take
    result, i = list(own), 0
    for j in range(m):
        if i < n and (m - j == n - i or similarity(texts[i], segments[j]) + best[i + 1][j + 1] >= best[i][j + 1]):
            result[j] = texts[i]
            i += 1
    return result


def _segment_text(segment: _Segment) -> str:
    """A percentage's own words as an indicator: "per la partecipazione ad ogni incontro …" →
    "Partecipazione ad ogni incontro …"."""
    text = re.sub(r"^(?:per\s+)?(?:ogni\s+)?(?:(?:il|lo|la|i|gli|le|un|uno|una)\s+|l'|un')?", "", segment.body.strip(),
                  flags=re.IGNORECASE)
    return _capital(text.rstrip("."))


def _classification(text: str) -> list[str]:
    """"A0301 Incontri … E0310 Pari opportunità …" → one entry per code."""
    starts = [m.start() for m in re.finditer(r"\b[A-Z]\d{4}\b", text)]
    if not starts:
        return [text] if text else []
    return [text[a:b].strip().rstrip(";,").strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


def _date(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        return dt.date(year, month or 0, day)
    except (TypeError, ValueError):
        return None


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}".replace(".", ",") + "%"


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
    return "\n".join(head) + "\n\n" + dumps(programme)
