"""The grammar of the rule phrases officials write in a programme ("% di realizzazione", "Percentuale/i
di valutazione"), from the words to the rule kind, with the unit taken from the text.

Per unit: "20% per ogni incontro", "il 15% per ciascun incontro", "pari al 10% per singolo post",
"25 per cento ad ogni comunicato", "20% al raggiungimento di ciascun incontro", "2 % per post";
several unit types in one indicator: "1% per ogni post 10% per ogni video", "2 % per post e 10 % per
video, fino a un massimo complessivo del 100%"; a fraction of the planned number: "in proporzione al
numero di incontri rispetto ai 6 previsti" (100/6 % each). Per distinct organisation: "20% per ogni
organizzazione aderente", "per ognuna delle organizzazioni coinvolte", "per ciascun ente". Threshold:
"100% restituzione di almeno 2 verbali", "100% minimo 3 verbali", "100% al raggiungimento di almeno
4 incontri". Yes/no: "100% per relazione", "100% realizzazione di un PED", "100% se realizzato/a".
Linked: "Indicatori individuati e descritti nella progettualità specifica: …", "progettualità n. 9",
a project's title in quotes. A percentage may be a share of the whole in words ("un terzo per ogni
incontro": 100/3 %); percentages of parts that add up to 100% ("per il 50% … e per il 50% …") are
the parts of one action, one indicator each (unequal weights asked, never applied silently).
Anything else (no percentage, an empty cell, words not understood) is kept as a manual indicator
with the published words, and flagged. docs/reference/programme-file.md has the table.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from xlsync import messages
from xlsync.programme.model import Action, Indicator, RuleKind, ScoringLine
from xlsync.programme.published.words import (
    AMOUNT_IN_WORDS,
    DENOMINATORS,
    NOMINAL,
    NUMBER,
    NUMBER_WORDS,
    NUMERATORS,
    STOP_WORDS,
    amount,
    capital,
    fold,
    number,
    phrase,
    plural,
    share,
    unit_phrase,
    with_article,
)
from xlsync.programme.toml_file import format_percent_text, parse_percent

_DECIMAL = rf"(\d+(?:[.,]\d+)?|\b(?:{AMOUNT_IN_WORDS})\b)"  # 20, 12,5, or "venti" before "per cento"
PERCENT = re.compile(_DECIMAL + r"\s*(?:%|per\s?cento\b|punt[oi]\s+percentual[ei]\b)", re.IGNORECASE)
# A share of the whole in words as a rule's percentage ("un quinto per ogni incontro", "tre quarti la
# realizzazione", "la metà se realizzato"); not a share of something ("un terzo delle organizzazioni"),
# nor an ordinal ("un quarto incontro": "un" and a singular only before the words that lead a rule), nor
# a time ("a metà anno").
_NOT_OF = r"(?!\s+(?:d[ei]\b|de[il]\b|degli|dell|delle|dello|d'))"
_HALF = r"(?<!\bdi\s)(?<!\ba\s)(?<!\bda\s)(?<!\bentro\s)\b(?:la\s+)?met[àa]\b"
_SHARE = (rf"(?:{_HALF}|\b({'|'.join(word for word in NUMERATORS if NUMERATORS[word] > 1)})\s+("
          rf"{'|'.join(f'{stem}i' for stem in DENOMINATORS)})\b){_NOT_OF}|\b(un[oa]?)\s+("
          rf"{'|'.join(f'{stem}o' for stem in DENOMINATORS)})\b(?=\s*(?:$|[,;:.)]|(?:per|a|ad|al|alla|allo|ai|agli|"
          r"alle|ogni|ciascun[oa]?|ognun[oa]|se|e|ed|in|con|quando|pari|il|lo|la|i|gli|le|un|una|uno)\b|all'|l'|un'))")
RULE_PERCENT = re.compile(rf"{PERCENT.pattern}|{_SHARE}", re.IGNORECASE)
# "fino a un massimo complessivo del 100%": the cap of one indicator with several unit types
CAP = re.compile(r"[,;]?\s*(?:e\s+)?(?:fino\s+)?(?:a|ad)\s+un\s+(?:massimo|tetto)\s+(?:complessivo\s+)?(?:del|di)\s+"
                 + _DECIMAL + r"\s*(?:%|per\s?cento\b)", re.IGNORECASE)
PROPORTION = re.compile(r"in\s+proporzione\s+al\s+numero\s+(?:di|dei|degli|delle)\s+(.+?)\s+rispetto\s+"
                        rf"(?:ai|agli|alle|al|a)\s+({NUMBER}|\w+)\b", re.IGNORECASE)
LINKED = re.compile(r"^\s*Indicatori individuati e descritti nella progettualit\w*\s+specifica\s*:?\s*(.*)$",
                    re.IGNORECASE | re.DOTALL)
PROJECT_NUMBER = re.compile(r"progettualit\S*\s+(?:specifica\s+)?(?:n\.?|n°|nr\.?|num\.?|numero)\s*(\d+)",
                            re.IGNORECASE)
QUOTED = re.compile(r"\"([^\"]+)\"")
EVIDENCE = re.compile(r"\.?\s*Evidenze\s*:\s*", re.IGNORECASE)
# What a rule counts per unit: "per ogni incontro", "per ciascuna organizzazione", "ad ogni post",
# "per singolo post", "per ognuna delle organizzazioni coinvolte" (already plural).
_EACH_OF = re.compile(r"\b(?:ognun[oa]|ciascun[oa])\s+(?:dei|degli|delle|di)\s+(.+)$", re.IGNORECASE)
_EACH = re.compile(r"\b(?:ogni|ciascun[oa]?|singol[oa])\s+(.+)$", re.IGNORECASE)
# "2 % per post", "50% a incontro": a bare noun after per/a counts units when the percentage is below 100
_BARE = re.compile(r"^(?:per|a|ad)\s+(?!(?:il|lo|la|i|gli|le|un|uno|una|se|di)\b|l'|un')([^\W\d].*)$", re.IGNORECASE)
_AT_LEAST_WORDS = "|".join(word for word, value in NUMBER_WORDS.items() if value > 1)
AT_LEAST = re.compile(r"\b(?:almeno|minimo(?:\s+di)?|non\s+meno\s+di|al\s+raggiungimento\s+di(?:\s+almeno)?|di)\s+"
                      rf"({NUMBER}|{_AT_LEAST_WORDS})\b\s*(.*)$", re.IGNORECASE)
DONE = re.compile(r"^se\s+(?:realizzat|attivat|svolt|effettuat|completat|organizzat|pubblicat)\w*(?:/[ao])?\b",
                  re.IGNORECASE)
DISTINCT = re.compile(r"(organizzazion|ent[ei]\b|partner|aderent|aziend|realt[àa]\b|soggett)", re.IGNORECASE)
STATED_COUNT = re.compile(rf"\bn\.\s*({NUMBER})\s+(\w+)", re.IGNORECASE)
# Words of communication (mail, post, brochure…): what an optional project's indicators must include.
# What changes a reading: a number or a percentage (in figures or words), a fraction, a list item, a
# footnote mark, a word that sets a condition or a limit. Each one in a rule must be used by its
# reading, or the indicator is flagged with it; words that only describe what is counted or how it
# is proven ("verbali degli incontri realizzati tra gli aderenti") need not be.
_NUMBER_WORDS = "|".join(word for word in AMOUNT_IN_WORDS.split("|") if word != "uno")  # "uno o più": no number
WEIGHTY = re.compile(
    r"\d+(?:[.,]\d+)*|%|[¹²³⁴⁵⁶⁷⁸⁹⁰*†]|(?<![\w/])[a-z]\)|\b(?:per\s?cento|" + _NUMBER_WORDS +
    r"|mille|met[àa]|terz[oi]|quart[oi]|quint[oi]|decim[oi]|doppi[oa]|almeno|minimo|massimo|tetto|oltre|proporzione|"
    r"rispetto|totale|tutt[ie]|solo|soltanto|purch[ée]|condizione|qualora|ciascun[oa]?|ogni|ognun[oa]|se)\b",
    re.IGNORECASE)
# Weights of an action's parts written apart from their percentages: "peso 70/30", "ponderate 60 e 40".
WEIGHTS = re.compile(r"\b(?:pes[oi]|ponderat\w*)\b\D{0,30}?(\d+(?:[.,]\d+)?\s*%?(?:\s*(?:/|,|e|-)\s*\d+(?:[.,]\d+)?\s*%?)+)",
                     re.IGNORECASE)
RELATIVE = re.compile(r"\b(?:met[àa]|terz[oi]|quart[oi]|quint[oi]|tutt[ie])\b|\d+\s*/\s*\d+\b", re.IGNORECASE)
# "fino a 5 incontri", "fino a un massimo di 5": a count where a per-unit rule stops
UP_TO = re.compile(rf"[,;]?\s*(?:e\s+)?fino\s+(?:a|ad)\s+(?:un\s+massimo\s+di\s+)?({NUMBER})\b", re.IGNORECASE)
_EACH_WORD = re.compile(r"\b(?:ogni|ognun[oa]|ciascun[oa]?|singol[oa])\b", re.IGNORECASE)
COMMUNICATION = re.compile(r"\b(post|mail|comunicazion\w*|brochure|strumenti informativi|strumenti di comunicazione|"
                           r"comunicat\w* stampa|newsletter|social)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """One percentage of a rule: "20% per ogni incontro"; `group` joins the unit types of one
    indicator with one cap ("… fino a un massimo complessivo del 100%")."""

    text: str
    percent: float
    body: str  # after the percentage
    group: int | None = None


def evidence(rule: str) -> tuple[str, str]:
    """The rule without its "Evidenze: …" part, and that part."""
    parts = EVIDENCE.split(rule, maxsplit=1)
    main = parts[0].strip().rstrip(".").strip()
    hint = parts[1].strip().rstrip(".").strip() if len(parts) > 1 else ""
    return main, hint


def segments(text: str) -> list[Segment]:
    """A rule split at each percentage: "100% per relazione 50% per ogni mail/post" → two; the
    unit types a cap closes ("2 % per post e 10 % per video, fino a un massimo …") form one group."""
    text = " ".join(text.split())
    found: list[Segment] = []
    start = 0
    for index, cap in enumerate([*CAP.finditer(text), None]):
        pieces = _split(text[start:cap.start() if cap else len(text)])
        if cap:  # the cap's unit types: the last piece and those joined to it by "e" or a comma
            first = len(pieces) - 1
            while first > 0 and pieces[first - 1][1]:
                first -= 1
            if len(pieces) - first > 1:
                pieces[first:] = [(Segment(seg.text, seg.percent, seg.body, index), joined)
                                  for seg, joined in pieces[first:]]
            if pieces:  # the cap's words stay in the rule's text
                last, joined = pieces[-1]
                pieces[-1] = (Segment(last.text + cap.group(0), last.percent, last.body, last.group), joined)
        found += [segment for segment, _ in pieces]
        start = cap.end() if cap else len(text)
    if not found and PROPORTION.search(text):  # "in proporzione …" without a percentage: 100% in all
        found.append(Segment(text.strip().rstrip("."), 1.0, text.strip().rstrip(".")))
    return found


def _split(text: str) -> list[tuple[Segment, bool]]:
    """The pieces of a rule from each percentage to the next, each with whether it leads into the
    next with "e" or a comma."""
    starts = [m for m in RULE_PERCENT.finditer(text) if not _inside_parentheses(text, m.start())]
    pieces = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        raw = text[match.start():end]
        piece = _trim(raw)
        percent = percent_of(match)
        joined = bool(re.search(r"(?:,|\be|\bed)\s*(?:(?:il|pari al)\s*)?$", raw.strip(), re.IGNORECASE))
        body = _trim(piece[match.end() - match.start():])
        lead = _trim(text[:match.start()]).rstrip(":").strip()
        if index == 0 and len(starts) == 1 and not body and lead:  # "per ogni incontro: 20%", the words first
            piece, body = _trim(text), lead
        pieces.append((Segment(piece, percent, body), joined))
    return pieces


def percent_of(match: re.Match) -> float:
    """A rule's percentage as a fraction: "20%" → 0.2; "un terzo" → 1/3 as a programme file writes it."""
    if match.group(1):
        return amount(match.group(1)) / 100
    numerator, denominator = (match.group(2), match.group(3)) if match.group(2) else (match.group(4), match.group(5))
    return parse_percent(format_percent_text(share(numerator, denominator)))


def _trim(text: str) -> str:
    """A piece of a rule without the words that lead into the next percentage ("… e il", "pari al")."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"(?:[\s,;.]+|\s+(?:e|ed|più|oltre|il|lo|la|pari|per|al|a|del|nella misura del))$", "",
                      text.strip(), flags=re.IGNORECASE)
    return text


def _inside_parentheses(text: str, position: int) -> bool:
    return text.count("(", 0, position) > text.count(")", 0, position)


def per_unit(segment: Segment) -> tuple[str, bool] | None:
    """What a per-unit rule counts, and whether the text already writes it in the plural."""
    body = segment.body
    proportion = PROPORTION.search(body)
    if proportion:
        return unit_phrase(proportion.group(1)), True
    each_of = _EACH_OF.search(body)
    if each_of:
        return unit_phrase(each_of.group(1)), True
    each = _EACH.search(body)
    if each:
        return unit_phrase(each.group(1)), False
    bare = _BARE.match(body)
    if bare and segment.percent < 1:
        return unit_phrase(bare.group(1)), False
    return None


def grouped(found: list[Segment], together: bool) -> list[list[Segment]]:
    """The indicators of a rule, each as its segments: one per percentage, except the unit types of
    one cap; `together` puts every segment in one indicator when all are per unit (a V.A.M.T. rule)."""
    if together and len(found) > 1 and all(per_unit(segment) for segment in found):
        return [found]
    groups: list[list[Segment]] = []
    for segment in found:
        if groups and segment.group is not None and groups[-1][0].group == segment.group:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


@dataclass
class RuleReader:
    """Reads rule phrases into indicators; what it decides without certainty goes to `flag`."""

    projects: Mapping[str, Action]  # by folded title
    flag: Callable[[str, str, str], None]  # (what, published words, indicator code)
    asked: int = 0  # how many readings were flagged
    code: str = ""  # the indicator being read

    def ask(self, what: str, published: str) -> None:
        self.asked += 1
        self.flag(what, published, self.code)

    def unused(self, code: str, rule: str, words: list[str]) -> None:
        """Flag the indicator with the words of its rule that change a reading (a number, a
        percentage, a list item, a footnote mark, a condition) and that its reading does not use."""
        if words:
            self.code = code
            # "la metà degli aderenti", "2/3 delle organizzazioni": a share of the members, which no rule kind counts
            key = "read_relative" if RELATIVE.search(rule) and DISTINCT.search(rule) else "read_leftover"
            self.ask(messages.reading(key, words=", ".join(f"«{word}»" for word in words)), rule)

    def parts(self, code: str, rule: str, found: list[Segment]) -> list[Segment]:
        """Percentages that share out one action ("per il 60% la realizzazione degli incontri e per il
        40% la pubblicazione dei verbali", "a) 50% … b) 50% …"): each part read as its own rule at 100%.
        An action is the mean of its indicators, so equal weights are exact; other weights are asked,
        never applied silently. Weights written apart ("peso 70/30") are asked as not applied."""
        percents = [segment.percent for segment in found]
        if len(found) < 2 or abs(sum(percents) - 1) > 1e-9 or any(per_unit(segment) for segment in found):
            if weights := WEIGHTS.search(rule):
                self.code = code
                self.ask(messages.reading("read_weights_unread", weights=weights.group(0)), rule)
            return found
        if max(percents) - min(percents) > 1e-9:
            self.code = code
            self.ask(messages.reading("read_weights", weights=", ".join(_percent(p) for p in percents)), rule)
        return [Segment(segment.text, 1.0, segment.body, segment.group) for segment in found]

    def vamt(self, code: str, title: str, rule: str) -> tuple[Indicator, ...]:
        """The indicators of a V.A.M.T. action's rule, codes {code}.a, .b…"""
        rule = " ".join(rule.split())
        self.code = f"{code}.a"
        if not rule:
            self.ask(messages.reading("read_empty_rule"), title)
            return (Indicator(f"{code}.a", title, "", RuleKind.MANUAL),)
        main, hint = evidence(rule)
        items = list_items(main)
        split = bool(items) and [len(segments(item)) for item in items] == [1] * len(items)
        if split:  # a list of one percentage each: one indicator each
            main = " ".join(items)
        found = self.parts(code, main, segments(main))
        groups = [[segment] for segment in found] if split else grouped(found, together=True)
        if not found:
            linked = self.link(f"{code}.a", rule)
            if linked:
                return (linked,)
            self.ask(messages.reading("read_no_percent"), rule)
            return (Indicator(f"{code}.a", title, rule, RuleKind.MANUAL, (), None, hint),)
        # the words before the first percentage and the evidence asked: reported with the first indicator
        extra = unaccounted(unused_lead(main, found), []) + unaccounted(hint, [])
        indicators = []
        for letter, group in zip("abcdefghijklmnopqrstuvwxyz", groups, strict=False):
            if len(group) > 1 or DONE.match(group[0].body) or (len(groups) == 1 and per_unit(group[0])):
                text = title
            else:
                text = capital(phrase(group[0].body))
            indicators.append(self.indicator(f"{code}.{letter}", text, group, hint if letter == "a" else "",
                                             main if len(group) > 1 and len(groups) == 1 else None,
                                             extra if letter == "a" else []))
        return tuple(indicators)

    def link(self, code: str, rule: str) -> Indicator | None:
        """A rule that is another project's realisation: by the V.A.M.T. wording, a project number
        or a project's title in quotes."""
        linked = LINKED.match(rule)
        reference = linked.group(1) if linked else rule
        quoted = QUOTED.search(reference)
        name = quoted.group(1) if quoted else reference
        numbered = PROJECT_NUMBER.search(rule)
        if linked:
            self.unused(code, rule, unaccounted(rule[linked.end(1):], []))
        elif quoted or numbered:
            self.unused(code, rule, unaccounted(rule, [m.span() for m in (quoted and QUOTED.search(rule), numbered) if m]))
        if numbered and not quoted:
            wanted = int(numbered.group(1))
            project = next((p for p in self.projects.values() if p.project and p.project.number == wanted), None)
            if project is None:
                self.ask(messages.reading("read_missing_project_number", number=wanted), rule)
                return Indicator(code, f"Realizzazione della progettualità n.{wanted}", rule, RuleKind.MANUAL)
            return Indicator(code, f"Realizzazione della progettualità n.{wanted}", rule, RuleKind.LINKED,
                             linked_to=project.code)
        if not linked and not quoted:
            return None
        project = self.projects.get(fold(name))
        if project is None:
            near = difflib.get_close_matches(fold(name), list(self.projects), n=1, cutoff=0.6)
            if not near and not linked:  # words in quotes that name no project: not a link
                return None
            if not near:
                self.ask(messages.reading("read_missing_project"), rule)
                return Indicator(code, f"Realizzazione della progettualità \"{name}\"", rule, RuleKind.MANUAL)
            project = self.projects[near[0]]
            self.ask(messages.reading("read_title_differs", number=project.project.number, title=project.title), rule)
        return Indicator(code, f"Realizzazione della progettualità \"{name}\"", rule, RuleKind.LINKED,
                         linked_to=project.code)

    def indicator(self, code: str, text: str, group: list[Segment], hint: str = "",
                  rule: str | None = None, extra: list[str] | None = None) -> Indicator:
        """One indicator from one percentage of a rule, or from the unit types of one cap; flagged
        when its words hold more than the reading uses."""
        self.code, asked = code, self.asked
        indicator = self.read(code, text, group, hint, rule)
        if self.asked == asked:  # nothing flagged yet: every weighty word must be used
            left = [word for segment in group for word in unaccounted(segment.text, used(segment, indicator.kind))]
            self.unused(code, rule or " ".join(segment.text for segment in group), [*(extra or []), *left])
        return indicator

    def read(self, code: str, text: str, group: list[Segment], hint: str, rule: str | None) -> Indicator:
        if len(group) > 1:
            return self.unit_types(code, text, group, hint, rule)
        segment = group[0]
        rule = segment.text
        if not 0 < segment.percent <= 1:
            self.ask(messages.reading("read_percent_out_of_range", percent=_percent(segment.percent)), rule)
            return Indicator(code, text, rule, RuleKind.MANUAL, (), None, hint)
        unit = per_unit(segment)
        if unit is not None:
            return self.counted(code, text, segment, unit, hint)
        at_least = AT_LEAST.search(segment.body)
        if at_least and segment.percent == 1:
            counted = unit_phrase(at_least.group(2)) if at_least.group(2).strip() else ""
            if not counted:
                self.ask(messages.reading("read_at_least_without_unit", rule=rule, count=number(at_least.group(1))), rule)
            line = ScoringLine(code, text, counted or "evidenze", None, number(at_least.group(1)))
            return Indicator(code, text, rule, RuleKind.AT_LEAST, (line,), None, hint)
        if segment.percent != 1:
            self.ask(messages.reading("read_per_what", rule=rule, percent=_percent(segment.percent)), rule)
            line = ScoringLine(code, text, "evidenze", segment.percent)
            return Indicator(code, text, rule, RuleKind.PER_UNIT, (line,), None, hint)
        missing = phrase(text) if DONE.match(segment.body) else phrase(segment.body)
        line = ScoringLine(code, text, with_article(missing))
        return Indicator(code, text, rule, RuleKind.YES_NO, (line,), None, hint)

    def counted(self, code: str, text: str, segment: Segment, unit: tuple[str, bool], hint: str) -> Indicator:
        noun, already_plural = unit
        units = noun if already_plural else plural(noun)
        percent = segment.percent
        proportion = PROPORTION.search(segment.body)
        if proportion:
            planned = number(proportion.group(2)) if re.fullmatch(NUMBER, proportion.group(2)) or \
                proportion.group(2).casefold() in NUMBER_WORDS else 0
            if not planned:
                self.ask(messages.reading("read_planned_missing", rule=segment.text), segment.text)
                return Indicator(code, text, segment.text, RuleKind.MANUAL, (), None, hint)
            # the percentage as a programme file writes it, so that the file reads back the same
            percent = parse_percent(format_percent_text(segment.percent / planned))
        distinct = DISTINCT.match(noun)
        kind = RuleKind.PER_DISTINCT if distinct else RuleKind.PER_UNIT
        self.reaches_full(text, noun, percent, segment.text)
        self.capped(segment.text)
        line = ScoringLine(code, text, units, percent)
        return Indicator(code, text, segment.text, kind, (line,), None, hint)

    def unit_types(self, code: str, text: str, group: list[Segment], hint: str, rule: str | None) -> Indicator:
        """"1% per ogni post pubblicato 10% per ogni post originale pubblicato": one indicator."""
        lines = []
        for n, segment in enumerate(group, 1):
            unit = per_unit(segment)
            if unit is None:
                self.ask(messages.reading("read_per_what", rule=segment.text, percent=_percent(segment.percent)), segment.text)
                unit = ("evidenza", False)
            noun, already_plural = unit
            lines.append(ScoringLine(f"{code}.{n}", capital(noun), noun if already_plural else plural(noun),
                                     segment.percent))
        written = rule or " ".join(segment.text for segment in group)
        self.capped(written)
        return Indicator(code, text, written, RuleKind.PER_UNIT, tuple(lines), None, hint)

    def capped(self, rule: str) -> None:
        """A cap other than 100% ("fino a un massimo del 50%"): every indicator is capped at 100%."""
        cap = CAP.search(rule)
        if cap and amount(cap.group(1)) != 100:
            self.ask(messages.reading("read_cap", cap=cap.group(1)), rule)

    def reaches_full(self, text: str, noun: str, percent: float, rule: str) -> None:
        """"Partecipazione a n. 3 incontri" at 33% each never reaches 100%: say so."""
        for stated in STATED_COUNT.finditer(text):
            count, word = number(stated.group(1)), stated.group(2).casefold()
            if word[:5] == noun.casefold()[:5] and count * percent < 1 - 1e-9:
                self.ask(messages.reading("read_cannot_reach", count=count, word=word, percent=_percent(percent),
                                  total=_percent(count * percent)), f"{text} | {rule}")


# -- lists inside a cell ---------------------------------------------------------------------------

LIST_MARK = re.compile(r"(?:^|(?<=\s))(?:([a-z])\)|(\d{1,2})[).])\s+")


def list_items(text: str) -> list[str]:
    """"a) … b) …" or "1) … 2) …" (or "1. … 2. …") from the cell's start: the items, without their
    marks; no list (or one item), nothing."""
    text = " ".join(text.split())
    marks = []
    for mark in LIST_MARK.finditer(text):
        label = mark.group(1) or mark.group(2)
        wanted = ("a" if mark.group(1) else "1") if not marks else _next_label(marks[-1])
        if label == wanted and (marks or mark.start() == 0):
            marks.append(mark)
    if len(marks) < 2:
        return []
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    return [text[mark.end():end].strip().rstrip(";,").strip() for mark, end in zip(marks, ends, strict=True)]


def _next_label(mark: re.Match) -> str:
    return chr(ord(mark.group(1)) + 1) if mark.group(1) else str(int(mark.group(2)) + 1)


# -- every weighty word used ---------------------------------------------------------------------

def unaccounted(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The weighty words of `text` outside the spans a reading used."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return [match.group(0) for match in WEIGHTY.finditer("".join(chars))]


def unused_lead(text: str, found: list[Segment]) -> str:
    """The words before a rule's first percentage, unless the reading took them as what is counted
    ("per ogni incontro realizzato: 20%")."""
    text = " ".join(text.split())
    starts = [m for m in RULE_PERCENT.finditer(text) if not _inside_parentheses(text, m.start())]
    if not starts or not found:
        return ""
    lead = text[:starts[0].start()]
    return "" if found[0].body == _trim(lead).rstrip(":").strip() else lead


def used(segment: Segment, kind: RuleKind) -> list[tuple[int, int]]:
    """The spans of a segment's text its reading used: the percentage, the word of "each", the
    planned number, the "at least" count, "if done", the cap, a count that stops at 100%."""
    text, body = segment.text, segment.body
    offset = max(text.find(body), 0)
    spans: list[tuple[int, int]] = []
    percent = next((m for m in RULE_PERCENT.finditer(text) if not _inside_parentheses(text, m.start())), None)
    if percent:
        spans.append(percent.span())
    if cap := CAP.search(text):
        spans.append(cap.span())
    if kind in (RuleKind.PER_UNIT, RuleKind.PER_DISTINCT):
        for pattern in (PROPORTION, _EACH_WORD):
            if found := pattern.search(body):
                spans.append((offset + found.start(), offset + found.end()))
        up_to = UP_TO.search(text)
        if up_to and abs(number(up_to.group(1)) * segment.percent - 1) < 1e-9:  # "20% … fino a 5": 100% at 5
            spans.append(up_to.span())
    elif kind is RuleKind.AT_LEAST and (at_least := AT_LEAST.search(body)):
        spans.append((offset + at_least.start(), offset + at_least.end(1)))
    elif kind is RuleKind.YES_NO and (done := DONE.match(body)):
        spans.append((offset + done.start(), offset + done.end()))
    return spans


# -- the indicators a project writes in one run of text ------------------------------------------

def indicator_texts(text: str, wanted: int | None) -> list[str]:
    """The indicators a project lists in one run of text, split where a new one begins.

    A new indicator begins with a capitalised word after a word that does not lead into it (not
    an article or preposition): "… territoriale Realizzazione di una relazione …". With the number
    of percentages known, the likeliest boundaries win: words like "Realizzazione", "Comunicazione".
    """
    items = list_items(text)
    if items:  # a numbered or lettered list: its items
        return items
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


def align(texts: list[str], segments: list[Segment]) -> list[str]:
    """Each percentage's indicator when the counts differ: the written indicators, in their order,
    go to the percentages whose words they share most; a percentage left over is named by its own
    words ("100% redazione di un report" → "Redazione di un report")."""
    def words(text: str) -> set[str]:  # mail, post, brochure… all say "communication"
        found = {w for w in re.findall(r"\w{4,}", text.casefold())}
        return found | ({"#comunicazione"} if COMMUNICATION.search(text) else set())

    def similarity(text: str, segment: Segment) -> float:
        a, b = words(text), words(segment.body)
        return len(a & b) / len(a | b) if a | b else 0.0

    own = [segment_text(segment) for segment in segments]
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


def segment_text(segment: Segment) -> str:
    """A percentage's own words as an indicator: "per la partecipazione ad ogni incontro …" →
    "Partecipazione ad ogni incontro …"."""
    text = re.sub(r"^(?:per\s+)?(?:ogni\s+)?(?:(?:il|lo|la|i|gli|le|un|uno|una)\s+|l'|un')?", "", segment.body.strip(),
                  flags=re.IGNORECASE)
    return capital(text.rstrip("."))


def joined(group: list[Segment]) -> Segment:
    """The unit types of one cap as one segment, to pair it with a written indicator."""
    if len(group) == 1:
        return group[0]
    return Segment(" ".join(s.text for s in group), group[0].percent, " ".join(s.body for s in group))


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4g}".replace(".", ",") + "%"
