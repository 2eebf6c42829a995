"""How the cells of a row of the published programme are told apart: label and value, action and
rule (also in a row copied without its cells), the actions' table header, the classification codes."""

from __future__ import annotations

import re

from xlsync.programme.published.grammar import RULE_PERCENT
from xlsync.programme.published.words import sentence

# Where a rule begins in a row copied without its cells: its first percentage or link, with the
# words that lead into it ("il 15% …", "pari al 10% …", "Vedi progettualità n. 9", "Come da progettualità \"…\"").
RULE_START = re.compile(r"(?:\b(?:il|pari\s+al|vedi|come\s+da|si\s+veda)\s+)?(?:" + RULE_PERCENT.pattern
                        + r"|Indicatori individuati|in proporzione al numero|progettualit\S*\s+(?:n\.|n°|nr\.|numero|\"))",
                        re.IGNORECASE)


def title_and_rule(line: str) -> tuple[str, str]:
    """A V.A.M.T. row: the action, then its rule (from its first percentage or its link)."""
    if "\t" in line and line.split("\t", 1)[0].strip():
        title, rule = line.split("\t", 1)
        return " ".join(title.split()), rule.strip()
    if line.startswith(("\t", " ")):
        return "", line.strip()
    start = RULE_START.search(line)
    if not start:
        # a row whose rule cell is empty (a new action), or the rule going on in the next line
        continues = line[:1].islower() or re.match(r"\s*(Evidenze\b|[^\w\s])", line)
        return ("", line.strip()) if continues else (" ".join(line.split()), "")
    return " ".join(line[:start.start()].split()), line[start.start():].strip()


def label_value(line: str) -> tuple[str, str]:
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
    return sentence(label.strip()), " ".join(value.split())


def vamt_columns(line: str) -> tuple[int, int, int | None] | None:
    """The header row of a V.A.M.T. table: the columns of the action, of its rule and of its code (if
    one), whatever the other columns ("Capofila e attori") and their order."""
    if "\t" not in line or not re.search(r"\bAZIONE\b", line, re.IGNORECASE):
        return None
    cells = line.split("\t")
    action = next((i for i, cell in enumerate(cells) if re.fullmatch(r"\s*(?:AZION[EI]|TITOLO)(?:\s+V\.?A\.?M\.?T\.?)?\s*",
                                                                       cell, re.IGNORECASE)), None)
    rule = next((i for i, cell in enumerate(cells) if re.search(r"REALIZZAZIONE|INDICATOR|PERCENTUAL", cell, re.IGNORECASE)),
                None)
    code = next((i for i, cell in enumerate(cells) if re.fullmatch(r"\s*(?:CODICE|COD\.|N\.?|N°|NR\.?)\s*", cell,
                                                                     re.IGNORECASE)), None)
    return (action, rule, code) if action is not None and rule is not None and action != rule else None


def classification(text: str) -> list[str]:
    """"A0301 Incontri … E0310 Pari opportunità …" → one entry per code."""
    starts = [m.start() for m in re.finditer(r"\b[A-Z]\d{4}\b", text)]
    if not starts:
        return [text] if text else []
    return [text[a:b].strip().rstrip(";,").strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
