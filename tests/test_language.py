"""One language at a time: the manager's year run with `--lang en` prints no Italian sentence, and run in
Italian no English one. A line's language is told by its frequent function words; what the programme
names (its district, actions, members, units) and what is quoted (sheets, files) stays as it is written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsync.cli import cli
from xlsync.programme.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ASIF = "Evidenze 2024 - ASIF Chimelli.xlsx"

ITALIAN = {"il", "lo", "la", "le", "gli", "di", "del", "della", "delle", "dello", "dei", "degli", "da", "dal", "dalla",
           "al", "alla", "alle", "ai", "nel", "nella", "nei", "sul", "sulla", "con", "per", "tra", "e", "è", "non",
           "che", "un", "una", "uno", "sono", "ha", "sua", "sue", "suo", "già", "più", "ancora", "anche", "solo",
           "come", "questo", "quella", "nessun", "nessuna", "tutti", "entro", "riga", "righe", "ricevuti", "manca",
           "scritto", "aggiornato", "invariate", "scartate", "aggiunte", "file ricevuti"}
ENGLISH = {"the", "of", "was", "were", "is", "are", "and", "to", "for", "with", "from", "not", "by", "its", "their",
           "it", "has", "have", "be", "this", "that", "yet", "as", "an", "or", "row", "rows", "read", "written", "missing",
           "added", "updated", "unchanged", "rejected", "each", "every", "which", "when"}


def the_programmes_names(*paths: Path) -> list[str]:
    """What the programmes name, longest first: it stays as written in either language."""
    names = set()
    for path in paths:
        programme = load(path)
        names |= {programme.district}
        names |= {member.name for member in programme.members} | {member.display_name for member in programme.members}
        names |= {f"{actor.role}, {programme.district}" for actor in programme.actors}
        names |= {actor.name for actor in programme.actors} | {actor.role for actor in programme.actors}
        for action in programme.actions:
            names |= {action.title, action.title[:73] + "…"}
            names |= {line.unit for indicator in action.indicators for line in indicator.lines if line.unit}
    return sorted(filter(None, names), key=len, reverse=True)


SAMPLE_NAMES = the_programmes_names(SAMPLES / "programma-2024-alta-valsugana.toml",
                                    SAMPLES / "programma-2024-alta-valsugana-variato.toml")
QUOTED = re.compile(r"«[^»]*[»…]|“[^”]*”|\"[^\"]*\"|'[^']*'")  # a value cut short ends with …
PATH = re.compile(r"\S*[/\\]\S*|\S+\.(?:xlsx|ods|toml|txt|pdf|json|csv)\b|Evidenze \d{4} - [^:(]+")


def words(line: str, names: list[str] = SAMPLE_NAMES) -> list[str]:
    """The line's words, without what is quoted, paths and file names, and what the programme names."""
    for name in names:
        line = line.replace(name, " ")
    line = PATH.sub(" ", QUOTED.sub(" ", line))
    return re.findall(r"[a-zàèéìòù]+", line.lower())


def language_of(line: str, names: list[str] = SAMPLE_NAMES) -> str | None:
    """"it" or "en" when two of the line's function words or more are of one language and more than of
    the other; None for a line too short to tell (a number, a name, a table's cells)."""
    found = words(line, names)
    pairs = {" ".join(pair) for pair in zip(found, found[1:], strict=False)}
    italian = sum(word in ITALIAN for word in found) + len(pairs & ITALIAN)
    english = sum(word in ENGLISH for word in found)
    if italian >= 2 and italian > english:
        return "it"
    if english >= 2 and english > italian:
        return "en"
    return None


def test_a_line_is_told_by_its_function_words():
    assert language_of("Totale: 4 righe lette = 2 aggiunte + 1 aggiornata + 1 invariata + 0 scartate") == "it"
    assert language_of("Total: 4 rows read = 2 added + 1 updated + 1 unchanged + 0 rejected") == "en"
    assert language_of("Moved to «Scarti»: SOSTE-1 (Incontro di rete della comunità): its line is gone") == "en"
    assert language_of("  1.1: 1 of 2 verbali") is None
    assert language_of("Evidenze 2024 - Comune di Pergine Valsugana.xlsx (Comune di Pergine Valsugana): merged") is None
    assert language_of("per il programma di lavoro 2024 del Distretto Family Audit Alta Valsugana non abbiamo") == "it"


# The guide's year (docs/guide/manager.md), in order, after the README's demo: (English name, Italian name, arguments).
YEAR = [
    ("demo", "demo", ["--out", "xlsync-demo"]),
    ("import", "importa", ["samples/programma-2024-alta-valsugana.txt", "-o", "programma.toml"]),
    ("new", "nuovo", ["programma.toml", "-o", "distretto.xlsx"]),
    ("distribute", "distribuisci", ["distretto.xlsx", "-o", "da-inviare"]),
    ("validate", "verifica", ["samples/ritorni"]),
    ("merge", "unisci", ["distretto.xlsx", "samples/ritorni"]),
    ("merge", "unisci", ["distretto.xlsx", "samples/ritorni/corretti"]),
    ("merge", "unisci", ["distretto.xlsx", "samples/ritorni"]),
    ("update", "aggiorna", ["distretto.xlsx", "samples/programma-2024-alta-valsugana-variato.toml"]),
    ("sync", "sincronizza", ["distretto.xlsx", "--inbox", "samples/ritorni", "--outbox", "da-inviare"]),
    ("diff", "confronta", [f"samples/ritorni/{ASIF}", f"samples/ritorni/dopo-la-variazione/{ASIF}"]),
    ("sync", "sincronizza", ["distretto.xlsx", "--inbox", "samples/ritorni/dopo-la-variazione", "--outbox", "da-inviare"]),
    ("status", "stato", ["distretto.xlsx", "--days", "30", "--reminders", "--by", "15/01/2025"]),
    ("export", "esporta", ["distretto.xlsx", "-o", "agenzia.xlsx"]),
    ("diff", "confronta", ["xlsync-demo/distretto-alta-valsugana-2024.xlsx", "distretto.xlsx"]),
    ("rollup", "riepiloga", ["distretto.xlsx", "-o", "panoramica.xlsx"]),
    ("status", "stato", ["assente.xlsx"]),
    ("merge", "unisci", ["distretto.xlsx", "samples/ritorni/Evidenze", "2024", "-", "CS4.xlsx"]),
]


def run_the_year(folder: Path, lang: str) -> list[str]:
    """Every line the year prints in `lang` (named in that language), with the reminders written."""
    shutil.copytree(SAMPLES, folder / "samples")
    lines = []
    for english, italian, arguments in YEAR:
        name = english if lang == "en" else italian
        result = CliRunner().invoke(cli, ["--lang", lang, name, *arguments], catch_exceptions=False)
        assert result.exit_code in (0, 1, 2), (name, result.output)
        lines += [line for line in result.output.splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["--lang", lang, "status", "distretto.xlsx", "--days", "30", "--by", "15/01/2025",
                                      "--reminders-dir", "solleciti"])
    lines += result.output.splitlines()
    for letter in sorted((folder / "solleciti").glob("*.txt")):
        lines += letter.read_text(encoding="utf-8").splitlines()
    return lines


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the sync writes Soste's refreshed file as .ods")
@pytest.mark.parametrize(("lang", "other"), [("en", "it"), ("it", "en")])
def test_the_year_speaks_one_language(lang, other, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = run_the_year(tmp_path, lang)
    assert len(lines) > 150
    names = SAMPLE_NAMES + the_programmes_names(tmp_path / "programma.toml")  # imported from the published text
    foreign = [line for line in lines if language_of(line, names) == other]
    assert foreign == []
    assert sum(language_of(line, names) == lang for line in lines) > 50


def test_a_programme_change_in_both_languages():
    from xlsync.programme.changes import programme_changes
    old = load(SAMPLES / "programma-2024-alta-valsugana.toml")
    new = load(SAMPLES / "programma-2024-alta-valsugana-variato.toml")
    assert [(str(change), change.text("en")) for change in programme_changes(old, new)] == [
        ("3.4: azione aggiunta: Restituire agli aderenti i risultati del Distretto",
         "3.4: action added: Restituire agli aderenti i risultati del Distretto"),
        ("4.2.a: percentuale: 25% → 20%", "4.2.a: percentage: 25% → 20%"),
        ("P06: azione tolta: CONVENZIONI", "P06: action removed: CONVENZIONI")]
