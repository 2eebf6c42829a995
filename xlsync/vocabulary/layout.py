"""Where things are in an xlsync workbook: sheet, table and column names (the user's Italian words).

The writer lays workbooks out by these names and the reader finds things by them, so this is
the one place that says what the standard template looks like.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1"

# Sheets, in the order a workbook shows them.
INSTRUCTIONS = "Istruzioni"
EVIDENCE = "Evidenze"
SUMMARY = "Riepilogo"
INDICATORS = "Indicatori"
LINES = "Voci"
PROGRAMME = "Programma"
MEMBERS = "Aderenti"
ACTORS = "Attori"
METHOD = "Metodo"
COVER = "Copertina"  # the agency's workbook only
SELF_EVALUATION = "Scheda di autovalutazione"  # the agency's workbook only
REJECTS = "Scarti"  # district only: rows that could not be merged, with the reason
SUBMISSIONS = "Invii"  # district only: the ledger of merged partner files
CONFLICTS = "Conflitti"  # district only: rows changed two ways, in the district and in a return
META = "xlsync"  # hidden: template version, district, year, fingerprint, the programme file text
SHEETS = (INSTRUCTIONS, EVIDENCE, SUMMARY, INDICATORS, LINES, PROGRAMME, MEMBERS, ACTORS, METHOD, COVER,
          SELF_EVALUATION, REJECTS, CONFLICTS, SUBMISSIONS, META)  # every sheet xlsync writes; any other is a person's

# Roles of a member organisation in an action, as partner workbooks show them.
REFERENT = "referente"
INVOLVED = "coinvolta"

# Defined names.
PROGRAMME_REALISATION = "REALIZZAZIONE_PROGRAMMA"  # as shown: one decimal of a percentage, rounded down
PROGRAMME_EXACT = "REALIZZAZIONE_ESATTA"  # the exact value, which eligibility is judged on
THRESHOLD = "SOGLIA"
OUTCOME = "ESITO"
AGGREGATION = "AGGREGAZIONE"
COFINANCING = "QUOTA_COFINANZIAMENTO"

# The labels of the named cells at the top of Riepilogo (the district's; a partner's differs).
SUMMARY_LABELS = {
    PROGRAMME_REALISATION: "Realizzazione del programma",
    THRESHOLD: "Soglia per il contributo provinciale",
    OUTCOME: "Esito",
    AGGREGATION: "Aggregazione degli indicatori",
    COFINANCING: "Quota di cofinanziamento provinciale del costo del Manager (non entra nel calcolo)",
}

ELIGIBLE_TEXT = "AMMISSIBILE"
NOT_ELIGIBLE_TEXT = "NON AMMISSIBILE"
YES, NO = "Sì", "No"

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Column:
    field: str  # attribute of model.Evidence
    header: str
    width: int
    aliases: tuple[str, ...] = ()


# The evidence table: what partners fill in, then where a merged row came from.
EVIDENCE_COLUMNS = (
    Column("code", "Codice", 48, ("voce", "codice voce", "azione")),
    Column("date", "Data", 12, ("data evidenza", "giorno")),
    Column("description", "Descrizione", 42, ("descrizione breve", "argomento")),
    Column("quantity", "Quantità", 10, ("quantita", "qta", "q.tà", "numero")),
    Column("organisations", "Organizzazioni coinvolte", 46, ("organizzazione", "organizzazioni", "ente")),
    Column("people", "Persone coinvolte", 28, ("persone", "partecipanti")),
    Column("document", "Documento", 32, ("link", "file documento", "allegato")),
    Column("notes", "Note", 30, ("nota", "osservazioni")),
)
PROVENANCE_COLUMNS = (
    Column("partner", "Partner", 24),
    Column("source_file", "File", 28),
    Column("received", "Ricevuto il", 16),
    Column("source_row", "Riga origine", 10),
    Column("row_id", "ID", 18),
)
DISTRICT_EVIDENCE_COLUMNS = EVIDENCE_COLUMNS + PROVENANCE_COLUMNS
CONTENT_FIELDS = tuple(column.field for column in EVIDENCE_COLUMNS)  # what a partner wrote in a row
SPARE_EVIDENCE_ROWS = 300  # empty table rows ready to fill (LibreOffice does not grow tables)
# A partner's table ends with what each row still needs, computed (never evidence: the reader drops it).
CHECK_HEADER = "Da completare"
ROW_PROBLEMS = "DA_COMPLETARE"  # the defined name each row's «Da completare» calls
ROWS_CHECKED_BELOW = 700  # rows below a partner's table that get the same checks, and count

# «Realizzazione» is the figure shown (rounded down); «Realizzazione esatta», hidden, the exact value
# that means are taken of.
EXACT_HEADER = "Realizzazione esatta"
SUMMARY_HEADERS = ("Area", "Codice", "Azione", "Conta", "Realizzazione", "Soglia", "Righe", EXACT_HEADER)
SELF_EVALUATION_HEADERS = ("Codice", "Azione", "Conta", "Realizzazione", "Cosa manca", "Indicatori e regole",
                           "Evidenze", "Note del Manager")
# A partner's Riepilogo: its part in each action, what it still misses, what it recorded (column E is
# the action's realisation as shown in both; linked indicators read the exact one, the last column).
PARTNER_SUMMARY_HEADERS = ("Il vostro ruolo", "Codice", "Azione", "Cosa manca ancora", "Con le vostre righe",
                           "Righe complete", EXACT_HEADER)
INDICATOR_HEADERS = ("Codice", "Azione", "Indicatore", "Tipo", "Regola", "Collegata a",
                     "Valutazione manuale", "Nota", "Realizzazione", EXACT_HEADER)
EVIDENCE_VALIDATED = frozenset({0, 1, 3, 4})  # the columns of the district's Evidenze xlsync validates (0-based)
CHOICES_COLUMN = "J"  # in Voci, hidden: the dropdown's entries, then the codes alone (both accepted)
LINE_HEADERS = ("Codice", "Indicatore", "Voce", "Unità", "% per unità", "Richieste", "Registrate", "Righe")
SUBMISSION_HEADERS = ("File", "Partner", "Ricevuto il", "Unito il", "Impronta", "Esito", "Lette", "Aggiunte",
                      "Aggiornate", "Invariate", "Scartate", "Rimosse", "Note", "Programma", "Firma del file",
                      "Conflitti", "Unito su")
REJECT_HEADERS = ("Partner", "File", "Ricevuto il", "Riga origine", "Motivo") + tuple(c.header for c in EVIDENCE_COLUMNS)
CONFLICT_HEADERS = ("ID", "Partner", "Colonne in conflitto", "Versione del distretto", "Fatta da",
                    "Versione del file", "File", "Salvato il", "Riga origine", "Scelta") + tuple(
    f"{c.header} (file)" for c in EVIDENCE_COLUMNS)
CONFLICT_CHOICE_COLUMN = CONFLICT_HEADERS.index("Scelta")
MEMBER_HEADERS = ("Organizzazione", "Sigla", "Data adesione", "Marchio Family in Trentino", "Marchio Family Audit")
ACTOR_HEADERS = ("Ruolo", "Nome", "Qualifica", "Email")

# How a rule kind is called in the workbook, by its value in programme files (`model.RuleKind`).
KIND_LABELS = {
    "per_unita": "per unità",
    "per_distinto": "per organizzazione distinta",
    "almeno": "almeno N",
    "si_no": "sì/no",
    "collegata": "collegata",
    "manuale": "manuale",
}

LABEL_SEPARATOR = " — "  # between a scoring line's code and its label in the dropdown


def line_label(code: str, label: str) -> str:
    return f"{code}{LABEL_SEPARATOR}{label}"
