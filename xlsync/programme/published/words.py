"""The Italian words of a published programme: normalising the text, headings in capitals written
as sentences and names, the counted noun of a rule and its plural, numbers with thousands
separators."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

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
# Numbers written as words in rules ("almeno due verbali").
NUMBER_WORDS = {"un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
                "otto": 8, "nove": 9, "dieci": 10, "dodici": 12}
# The numbers 1-100 in words, as percentages are written in them: "venti per cento", "venticinque per
# cento", "cento per cento".
_UNITS = ("", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove")
AMOUNT_WORDS = {word: value for value, word in enumerate(
    ("dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto",
     "diciannove"), 10)} | {word: value for value, word in enumerate(_UNITS) if word} | {"cento": 100}
for _tens, _word in zip(range(20, 100, 10), ("venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta",
                                              "ottanta", "novanta"), strict=True):
    AMOUNT_WORDS[_word] = _tens
    for _unit in range(1, 10):
        _stem = _word[:-1] if _UNITS[_unit] in ("uno", "otto") else _word  # ventuno, ventotto
        AMOUNT_WORDS[_stem + _UNITS[_unit]] = _tens + _unit
        if _unit == 3:
            AMOUNT_WORDS[_stem + "tré"] = _tens + 3
AMOUNT_IN_WORDS = "|".join(sorted(AMOUNT_WORDS, key=len, reverse=True))
# A share of the whole written in words: "un quinto", "tre quarti", "due terzi", "la metà".
DENOMINATORS = {"mezz": 2, "terz": 3, "quart": 4, "quint": 5, "sest": 6, "settim": 7, "ottav": 8, "non": 9,
                "decim": 10}
NUMERATORS = {"un": 1, "uno": 1, "una": 1} | {word: NUMBER_WORDS[word] for word in
                                               ("due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove")}


def amount(text: str) -> float:
    """"12,5" → 12.5; "venticinque" → 25."""
    folded = text.casefold()
    return float(AMOUNT_WORDS[folded]) if folded in AMOUNT_WORDS else float(text.replace(",", "."))


def share(numerator: str | None, denominator: str | None) -> float:
    """"tre", "quarti" → 0.75; no numerator nor denominator ("la metà") → 0.5."""
    if not denominator:
        return 0.5
    return NUMERATORS[numerator.casefold()] / DENOMINATORS[denominator.casefold()[:-1]]


# A whole number as officials write it: "6" or "1.146" (thousands separated).
NUMBER = r"\d{1,3}(?:[.\u202f]\d{3})+(?!\d)|\d+"


def number(text: str) -> int:
    """"1.146" → 1146; "due" → 2."""
    folded = text.casefold()
    if folded in NUMBER_WORDS:
        return NUMBER_WORDS[folded]
    return int(re.sub(r"\D", "", text))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[‘’´`]", "'", text)
    text = re.sub(r"[“”«»„]", '"', text)
    text = text.replace("**", "")
    # trailing tabs stay: "Titolo<tab>" is a row whose rule cell is empty
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("'", "' ").split()).replace("' ", "'")


def sentence(text: str) -> str:
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


def title(text: str) -> str:
    """A name in capitals as a name: "DISTRETTO FAMILY AUDIT ALTA VALSUGANA" → "Distretto Family Audit Alta Valsugana"."""
    words = []
    for index, word in enumerate(text.split()):
        lower = word.lower()
        if PROPER.get(lower, "").isupper():
            words.append(PROPER[lower])
        elif any(char.isdigit() for char in word):  # a code such as "CS4" stays as written
            words.append(word)
        elif index and lower in SMALL_WORDS:
            words.append(lower)
        elif lower.startswith(("dell'", "all'", "dall'", "nell'", "sull'", "l'", "d'")) and index:
            head, _, tail = lower.partition("'")
            words.append(f"{head}'{tail[:1].upper()}{tail[1:]}")
        elif "'" in lower:  # a name with an apostrophe: "SANT'ORSOLA" → "Sant'Orsola"
            head, _, tail = lower.partition("'")
            words.append(f"{head[:1].upper()}{head[1:]}'{tail[:1].upper()}{tail[1:]}")
        else:
            words.append(lower[:1].upper() + lower[1:])
    return " ".join(words)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def unit_phrase(text: str) -> str:
    """The counted noun with its adjectives: "incontro con il Distretto" → "incontro"."""
    words = []
    for word in text.replace("(", " ( ").split():
        folded = word.casefold().strip(".,;:")
        elided = "'" in folded and folded.split("'")[0] + "'" in STOP_WORDS | {"dell'", "all'", "nell'", "dall'",
                                                                                 "sull'", "un'", "d'"}
        if folded in STOP_WORDS or elided or word == "(" or (words and word[:1].isupper()):
            break
        words.append(word.strip(".,;:"))
        if word[-1:] in ".,;:":  # "per ogni post, fino a …": the noun phrase ends at the comma
            break
    return " ".join(words) or text.split()[0]


def phrase(text: str) -> str:
    """What a yes/no rule asks for: "per la relazione di co-progettazione" → "la relazione di co-progettazione"."""
    text = re.sub(r"^(per|di)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.split(r"\s+(?:che|ma)\s+", text, maxsplit=1)[0]
    return text.strip().rstrip(".")


def plural(phrase: str) -> str:
    """Italian plural of a counted noun and its adjectives: "comunicato stampa" → "comunicati stampa"."""
    words = phrase.split()
    out = []
    for index, word in enumerate(words):
        if index == 0 or re.search(r"(t[oa]|s[oa]|ale|ile|ivo|iva|ico|ica|ent[ei]|ant[ei]|ari[oa])$",
                                   word.casefold()):
            out.append("/".join(plural_word(part) for part in word.split("/")))
        else:
            out.append(word)
    return " ".join(out)


def plural_word(word: str) -> str:
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


def with_article(phrase: str) -> str:
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


def date(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        return dt.date(year, month or 0, day)
    except (TypeError, ValueError):
        return None


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
