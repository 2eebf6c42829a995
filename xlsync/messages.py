"""The catalogue of every message xlsync gives: what is wrong and how to fix it (and, for the
reading of a published programme, what was decided and what to check), in Italian (what partners
and managers read) and English (`--lang en`).

Every entry is `key: ((what_it, fix_it), (what_en, fix_en))`, formatted with named values.
`problem()` gives a located problem, `error()` the exception that carries it.
"""

from __future__ import annotations

import difflib
import errno
from typing import Any

from xlsync.errors import Problem, XlsyncError

CATALOGUE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # -- the library -------------------------------------------------------------------------
    "pandas_missing": (
        ("le tabelle di pandas richiedono pandas, che non è installato", "installarlo: pip install 'xlsync[pandas]'"),
        ("pandas tables need pandas, which is not installed", "install it: pip install 'xlsync[pandas]'")),
    # -- the file ----------------------------------------------------------------------------
    "missing_file": (
        ("il file non esiste", "controllare il nome e la cartella"),
        ("the file does not exist", "check the name and the folder")),
    "unreadable": (
        ("non è una cartella di lavoro leggibile ({detail})",
         "salvarlo di nuovo da Excel o LibreOffice come .xlsx e rimandarlo"),
        ("not a readable workbook ({detail})", "save it again from Excel or LibreOffice as .xlsx and send it again")),
    "empty_file": (
        ("il file è vuoto (0 byte)", "salvarlo di nuovo da Excel o LibreOffice e rimandarlo"),
        ("the file is empty (0 bytes)", "save it again from Excel or LibreOffice and send it again")),
    "too_big": (
        ("il file è troppo grande ({size}, al massimo {limit})", "rimandare il file ricevuto con le sole evidenze"),
        ("the file is too big ({size}, at most {limit})", "send back the file received with the evidence only")),
    "zip_bomb": (
        ("il file si espande oltre i limiti e non viene aperto ({detail})",
         "rimandare il file ricevuto, salvato da Excel o LibreOffice"),
        ("the file expands beyond the limits and is not opened ({detail})",
         "send back the file received, saved from Excel or LibreOffice")),
    "password": (
        ("il file è protetto da password e non si può leggere",
         "togliere la password (in Excel: File › Informazioni › Proteggi cartella di lavoro) e rimandarlo"),
        ("the file is password-protected and cannot be read",
         "remove the password (in Excel: File › Info › Protect Workbook) and send it again")),
    "csv": (
        ("è un file di testo (CSV): non porta l'identità dell'aderente",
         "copiare le righe nel file .xlsx ricevuto dal Manager territoriale e rimandare quello"),
        ("this is a text (CSV) file: it does not carry the partner's identity",
         "copy the rows into the .xlsx file the territorial manager sent and send that one back")),
    "no_sheets": (
        ("il file non contiene fogli", "rimandare il file ricevuto dal Manager territoriale"),
        ("the file has no sheets", "send back the file the territorial manager sent")),
    "too_many_rows": (
        ("il foglio ha {rows} righe, al massimo se ne leggono {limit}",
         "lasciare nel foglio «Evidenze» solo le evidenze, senza righe vuote in fondo"),
        ("the sheet has {rows} rows, at most {limit} are read",
         "keep only the evidence in the sheet “Evidenze”, with no empty rows at the end")),
    "missing_sheet": (
        ("manca il foglio «{sheet}»{near}", "usare il file ricevuto dal Manager territoriale senza rinominare i fogli"),
        ("the sheet “{sheet}” is missing{near}", "use the file the territorial manager sent, without renaming sheets")),
    "missing_header": (
        ("mancano le colonne {headers}{near}", "ripristinare le intestazioni del modello nella riga {row}"),
        ("the columns {headers} are missing{near}", "restore the template's headers in row {row}")),
    "no_header_row": (
        ("non trovo la riga di intestazione con «{header}» nelle prime {rows} righe",
         "ripristinare le intestazioni del modello"),
        ("no header row with “{header}” in the first {rows} rows", "restore the template's headers")),
    "no_stamp": (
        ("il file non è stato creato da xlsync (manca il foglio nascosto «xlsync»)",
         "usare un file creato da xlsync: quello ricevuto dal Manager territoriale, o xlsync new"),
        ("the file was not made by xlsync (the hidden sheet “xlsync” is missing)",
         "use a file made by xlsync: the one the territorial manager sent, or xlsync new")),
    "bad_programme": (
        ("il programma salvato nel file non è leggibile", "chiedere un nuovo file al Manager territoriale"),
        ("the programme stored in the file cannot be read", "ask the territorial manager for a new file")),
    "not_partner_file": (
        ("è un file {kind}, non il file di un aderente", "indicare i file restituiti dagli aderenti"),
        ("this is a {kind} file, not a partner's file", "give the files returned by the partners")),
    "not_district_file": (
        ("è {kind}, non la cartella di lavoro del distretto",
         "indicare la cartella del distretto, quella scritta da xlsync new e aggiornata dalle unioni"),
        ("this is {kind}, not the district workbook",
         "give the district workbook, the one written by xlsync new and updated by merges")),
    "other_district": (
        ("il file è del «{found}», non del «{expected}»", "usare il file distribuito per questo distretto"),
        ("the file belongs to “{found}”, not to “{expected}”", "use the file distributed for this district")),
    "other_year": (
        ("il file è del {found}, non del {expected}", "usare il file distribuito per il {expected}"),
        ("the file is for {found}, not for {expected}", "use the file distributed for {expected}")),
    "unknown_partner": (
        ("l'aderente «{partner}» non è nel programma del distretto",
         "controllare l'elenco degli aderenti o ridistribuire i file"),
        ("the partner “{partner}” is not in the district's programme",
         "check the member list or distribute the files again")),
    "identity_mismatch": (
        ("il timbro del file dice «{stamp}» ma il foglio «Riepilogo» è di «{visible}»",
         "ogni aderente rimanda il proprio file, ricevuto dal Manager territoriale"),
        ("the file's stamp says “{stamp}” but the sheet “Riepilogo” belongs to “{visible}”",
         "each partner sends back its own file, received from the territorial manager")),
    "programme_edited": (
        ("il programma nel file è stato modificato ({detail})",
         "le regole le decide il programma del distretto: rimandare il file ricevuto senza modificare i fogli protetti"),
        ("the programme in the file was edited ({detail})",
         "the rules come from the district's programme: send back the file received without editing protected sheets")),
    "unknown_version": (
        ("il file dichiara una versione del programma che il distretto non ha mai distribuito (file fatto {issued})",
         "usare il file ricevuto dal Manager territoriale"),
        ("the file claims a programme version the district never distributed (file made {issued})",
         "use the file the territorial manager sent")),
    "programme_changed": (
        ("il file è stato fatto {issued} su una versione precedente del programma, cambiato {replaced}",
         "le righe sono controllate sul programma attuale; distribuire i file aggiornati"),
        ("the file was made {issued} from an earlier version of the programme, changed {replaced}",
         "rows are checked against the current programme; distribute updated files")),
    # -- a row -------------------------------------------------------------------------------
    "missing_code": (
        ("manca il codice della voce", "scegliere la voce dall'elenco a discesa della colonna «Codice»"),
        ("the scoring line's code is missing", "pick the line from the dropdown of the “Codice” column")),
    "unknown_code": (
        ("codice «{value}» sconosciuto", "scegliere una voce dall'elenco a discesa (tutte nel foglio «Voci»){near}"),
        ("unknown code “{value}”", "pick a line from the dropdown (all are in the sheet “Voci”){near}")),
    "line_removed": (
        ("la voce {value} non esiste più nel programma aggiornato",
         "scegliere una voce dall'elenco del file aggiornato inviato dal Manager territoriale"),
        ("line {value} is no longer in the updated programme",
         "pick a line from the updated file the territorial manager sent")),
    "missing_date": (
        ("manca la data", "scrivere la data dell'evidenza, ad esempio 15/03/{year}"),
        ("the date is missing", "type the date of the evidence, for example 15/03/{year}")),
    "bad_date": (
        ("«{value}» non è una data", "scrivere la data come gg/mm/aaaa, ad esempio 15/03/{year}"),
        ("“{value}” is not a date", "type the date as dd/mm/yyyy, for example 15/03/{year}")),
    "no_such_day": (
        ("il giorno {value} non esiste: {month} {year} ha {days} giorni",
         "controllare giorno e mese (gg/mm/aaaa)"),
        ("the day {value} does not exist: {month} {year} has {days} days",
         "check the day and the month (dd/mm/yyyy)")),
    "no_such_month": (
        ("«{value}» non è una data: il mese {month} non esiste", "scrivere prima il giorno e poi il mese: gg/mm/aaaa"),
        ("“{value}” is not a date: there is no month {month}", "write the day first, then the month: dd/mm/yyyy")),
    "date_outside": (
        ("la data {value} è fuori dal {year}", "indicare una data tra {start} e {end}"),
        ("the date {value} is outside {year}", "give a date between {start} and {end}")),
    "bad_quantity": (
        ("«{value}» non è una quantità", "scrivere un numero maggiore di zero, ad esempio 1 o 2,5 (vuoto vale 1)"),
        ("“{value}” is not a quantity", "type a number above zero, for example 1 or 2.5 (empty counts 1)")),
    "not_positive": (
        ("la quantità {value} non è maggiore di zero", "scrivere un numero maggiore di zero (vuoto vale 1)"),
        ("the quantity {value} is not above zero", "type a number above zero (empty counts 1)")),
    "missing_description": (
        ("manca la descrizione", "scrivere in poche parole che cosa è stato fatto"),
        ("the description is missing", "say in a few words what was done")),
    "missing_organisation": (
        ("manca l'organizzazione: la voce {code} conta le organizzazioni",
         "indicare l'organizzazione (una riga per organizzazione)"),
        ("the organisation is missing: line {code} counts organisations",
         "name the organisation (one row per organisation)")),
    "not_a_member": (
        ("«{value}» non è tra gli aderenti del distretto", "controllare il nome (elenco nel foglio «Aderenti»)"),
        ("“{value}” is not a member of the district", "check the name (list in the sheet “Aderenti”)")),
    # -- merging -----------------------------------------------------------------------------
    "already_merged": (
        ("già unito il {merged}: nessuna modifica", ""),
        ("already merged on {merged}: nothing changes", "")),
    # -- the published programme (xlsync import): readings for the manager to check ------------
    "read_district_from_heading": (
        ("nome del distretto scritto «{name}» dall'intestazione", ""),
        ("district name written “{name}” from the heading", "")),
    "read_no_decree": (
        ("numero e data della determinazione non trovati", "lasciati vuoti"),
        ("decree number and date not found", "left empty")),
    "read_no_threshold": (
        ("la soglia del contributo non è scritta", "80%, come nei criteri provinciali"),
        ("the contribution's threshold is not written", "80%, as in the provincial criteria")),
    "read_actor_name": (
        ("nome letto come «{name}»", ""),
        ("name read as “{name}”", "")),
    "read_area_without_actions": (
        ("nessuna azione né indicatore nel programma", "un'azione a valutazione manuale del Manager territoriale"),
        ("no action or indicator in the programme", "one action assessed by the territorial manager")),
    "read_optional_projects": (
        ("il programma non nomina le {wanted} progettualità facoltative",
         "scelte {numbers} (con indicatori di comunicazione e non già collegate ad altre azioni V.A.M.T.); correggere se "
         "il distretto ne ha scelte altre"),
        ("the programme does not name its {wanted} optional projects",
         "chosen {numbers} (with communication indicators and not already linked to other V.A.M.T. actions); correct "
         "if the district chose others")),
    "read_no_title": (
        ("titolo non trovato", ""),
        ("title not found", "")),
    "read_no_percentages": (
        ("indicatori senza percentuale", "ognuno sì/no, 100% quando esiste l'evidenza"),
        ("indicators without a percentage", "each yes/no, 100% once the evidence exists")),
    "read_fewer_texts": (
        ("{written} indicatori scritti e {percentages} percentuali",
         "un indicatore per percentuale, con il testo scritto più simile o con quello della percentuale"),
        ("{written} indicators written and {percentages} percentages",
         "one indicator per percentage, with the most similar written text or the percentage's own")),
    "read_more_texts": (
        ("{written} indicatori scritti e {percentages} percentuali",
         "indicatori uniti, uno per percentuale; controllare quale testo va con quale percentuale"),
        ("{written} indicators written and {percentages} percentages",
         "indicators joined, one per percentage; check which text goes with which percentage")),
    "read_members_missing": (
        ("il testo dice {stated} organizzazioni aderenti, l'elenco ne ha {listed}", "completare l'elenco"),
        ("the text says {stated} member organisations, the list has {listed}", "complete the list")),
    "read_members_extra": (
        ("il testo dice {stated} organizzazioni aderenti, l'elenco ne ha {listed}",
         "controllare l'elenco (righe in più o ripetute) o il numero scritto nel testo"),
        ("the text says {stated} member organisations, the list has {listed}",
         "check the list (extra or repeated rows) or the number written in the text")),
    "read_no_members": (
        ("elenco delle organizzazioni aderenti non trovato", "aggiungerle a mano"),
        ("list of member organisations not found", "add them by hand")),
    "read_empty_rule": (
        ("la regola è vuota", "valutazione manuale del Manager; scrivere la regola se il programma ne ha una"),
        ("the rule is empty", "assessed by the manager; write the rule if the programme has one")),
    "read_no_percent": (
        ("nessuna percentuale nella regola", "valutazione manuale del Manager"),
        ("no percentage in the rule", "assessed by the manager")),
    "read_missing_project_number": (
        ("la progettualità n.{number} non è nel programma", "valutazione manuale del Manager"),
        ("project no. {number} is not in the programme", "assessed by the manager")),
    "read_missing_project": (
        ("la progettualità indicata non si trova tra quelle del programma", "valutazione manuale del Manager"),
        ("the project named is not among the programme's", "assessed by the manager")),
    "read_title_differs": (
        ("collegata alla progettualità n.{number} «{title}», il cui titolo è scritto diversamente", ""),
        ("linked to project no. {number} “{title}”, whose title is written differently", "")),
    "read_percent_out_of_range": (
        ("percentuale {percent} fuori da 1%–100%", "valutazione manuale del Manager"),
        ("percentage {percent} outside 1%–100%", "assessed by the manager")),
    "read_at_least_without_unit": (
        ("«{rule}» non dice di che cosa", "letta come almeno {count} evidenze"),
        ("“{rule}” does not say of what", "read as at least {count} pieces of evidence")),
    "read_per_what": (
        ("«{rule}» non dice per ogni che cosa", "letta come {percent} per ogni evidenza"),
        ("“{rule}” does not say per what", "read as {percent} per piece of evidence")),
    "read_planned_missing": (
        ("«{rule}» non dice quanti ne sono previsti", "valutazione manuale del Manager"),
        ("“{rule}” does not say how many are planned", "assessed by the manager")),
    "read_cap": (
        ("tetto del {cap}%", "xlsync limita ogni indicatore al 100%; correggere le percentuali se serve"),
        ("a cap of {cap}%", "xlsync caps every indicator at 100%; correct the percentages if needed")),
    "read_cannot_reach": (
        ("il testo prevede n. {count} {word} a {percent} ciascuno: al massimo {total}, non 100%",
         "controllare la percentuale"),
        ("the text plans {count} {word} at {percent} each: {total} at most, not 100%", "check the percentage")),
    "import_refused": (
        ("il programma letto dal documento non passa i controlli di «xlsync new»: nessun file scritto",
         "correggere nel documento i punti indicati sotto, o scrivere quelle voci a mano nel file di programma"),
        ("the programme read from the document fails the checks of “xlsync new”: no file written",
         "correct the places listed below in the document, or write those items by hand in the programme file")),
    "locked_by_office": (
        ("il file è aperto in {application} ({lock})", "chiuderlo e riprovare"),
        ("the file is open in {application} ({lock})", "close it and try again")),
    # -- what a person made in the district workbook ----------------------------------------------
    "keep_refused": (
        ("la cartella non si può scrivere senza perdere cose fatte a mano ({count}, elencate qui sotto); "
         "il file non è stato modificato",
         "sistemarle come indicato, oppure ripetere il comando con --force per scriverla comunque perdendole"),
        ("the workbook cannot be written without losing things made by hand ({count}, listed below); "
         "the file was not changed",
         "fix them as shown, or run the command again with --force to write it anyway, losing them")),
    "keep_not_carried": (
        ("il foglio contiene {part}, che xlsync non sa conservare quando riscrive la cartella",
         "spostare il foglio in un'altra cartella di lavoro"),
        ("the sheet holds {part}, which xlsync cannot keep when it writes the workbook again",
         "move the sheet to another workbook")),
    # -- the published programme and the Excel add-in ----------------------------------------
    "document_unreadable": (
        ("il documento non si legge ({detail})", "salvarlo di nuovo come PDF, DOCX o testo e riprovare"),
        ("the document cannot be read ({detail})", "save it again as PDF, DOCX or text and try again")),
    "document_format": (
        ("formato non riconosciuto", "indicare il programma come PDF, DOCX o testo (.txt)"),
        ("format not recognised", "give the programme as PDF, DOCX or text (.txt)")),
    "document_password": (
        ("il PDF è protetto da password", "salvarne una copia senza password"),
        ("the PDF is password-protected", "save a copy without the password")),
    "imported_not_valid": (
        ("il programma letto dal documento non è valido", ""),
        ("the programme read from the document is not valid", "")),
    "document_no_district": (
        ("il documento non nomina il distretto (una riga «DISTRETTO …»)", "è il programma di lavoro pubblicato?"),
        ("the document does not name the district (a line «DISTRETTO …»)", "is it the published work programme?")),
    "document_no_year": (
        ("il documento non dice l'anno del programma («PROGRAMMA DI LAVORO 2024»)", ""),
        ("the document does not give the programme's year («PROGRAMMA DI LAVORO 2024»)", "")),
    "addin_template_changed": (
        ("il modello del componente aggiuntivo di xlwings non ha più la costante PROJECT_NAME",
         "usare una versione di xlwings come quella indicata in pyproject.toml"),
        ("xlwings' add-in template no longer has the PROJECT_NAME constant",
         "use a version of xlwings such as pyproject.toml names")),
    "addin_needs_xlwings": (
        ("il componente aggiuntivo si costruisce con xlwings", "installarlo con pip install \"xlsync[addin]\""),
        ("the add-in is built with xlwings", "install it with pip install \"xlsync[addin]\"")),
    "addin_old_xlwings": (
        ("la versione di xlwings installata ({version}) non ha i modelli del componente aggiuntivo",
         "aggiornarla con pip install -U xlwings"),
        ("the installed xlwings ({version}) lacks the add-in templates", "upgrade it with pip install -U xlwings")),
    "addin_no_excel": (
        ("Excel non c'è su questo computer: il componente aggiuntivo è per Excel su Windows e macOS",
         "qui si possono costruire i file (xlsync addin build -o CARTELLA) da copiare sul PC del Manager; là: "
         "installare Python, poi pip install \"xlsync[addin]\" e xlsync addin install"),
        ("Excel is not on this computer: the add-in is for Excel on Windows and macOS",
         "here the files can be built (xlsync addin build -o FOLDER) to copy to the manager's PC; there: install "
         "Python, then pip install \"xlsync[addin]\" and xlsync addin install")),
    "addin_xlwings_failed": (
        ("xlwings {command} non è riuscito: {detail}", ""),
        ("xlwings {command} failed: {detail}", "")),
    "keep_row_gone": (
        ("la riga {row_id} lascia la tabella (tolta da un invio più recente o spostata in «Scarti»): i formati, le "
         "note o le celle accanto messi su di essa non si conserverebbero",
         "copiare altrove ciò che serve, poi ripetere il comando con --force"),
        ("row {row_id} leaves the table (removed by a newer return or moved to «Scarti»): the formats, notes or "
         "cells beside it that were put on it would not be kept",
         "copy what is needed elsewhere, then run the command again with --force")),
    "keep_ods_sheet": (
        ("è un foglio aggiunto a mano: xlsync riscrive un distretto .ods dalle sue sole parti e questo foglio "
         "non si conserverebbe",
         "salvare il distretto come .xlsx (File › Salva con nome › Excel 2007-365), dove i fogli aggiunti si "
         "conservano, e ripetere il comando su quel file; oppure --force per scriverlo senza questo foglio"),
        ("a sheet added by hand: xlsync writes an .ods district again from its own parts only, and this sheet "
         "would not be kept",
         "save the district as .xlsx (File › Save As › Excel 2007-365), where added sheets are kept, and run the "
         "command on that file; or --force to write it without this sheet")),
    "keep_unprotected": (
        ("la protezione del foglio è stata tolta: xlsync riscrive questo foglio, e ciò che vi è stato scritto a mano "
         "non si conserva",
         "copiare ciò che serve in un foglio nuovo, poi ripetere il comando con --force"),
        ("the sheet's protection was removed: xlsync writes this sheet again, and what was typed in it is not kept",
         "copy what you need to a new sheet, then run the command again with --force")),
    "keep_off_row": (
        ("{thing} su una riga senza evidenza (o sull'intestazione): xlsync riscrive il foglio e non sa dove metterla",
         "spostarla su una riga di evidenza, darle un'intestazione nella riga 1 se è una colonna, o spostarla in un "
         "altro foglio"),
        ("{thing} on a row with no evidence (or on the header): xlsync writes the sheet again and has nowhere to put it",
         "move it to a row of evidence, give it a header in row 1 if it is a column, or move it to another sheet")),
    "merge_running": (
        ("un'altra unione su questo file è in corso", "attendere che finisca e riprovare"),
        ("another merge on this file is running", "wait for it to finish and try again")),
    # -- the programme file ------------------------------------------------------------------
    "invalid_programme_file": (
        ("Il file di programma non è valido.", ""),
        ("The programme file is not valid.", "")),
    "invalid_programme": (
        ("Il programma non è valido.", ""),
        ("The programme is not valid.", "")),
    "programme_unreadable": (
        ("non posso leggere il file di programma ({detail})", "controllare il nome e la cartella"),
        ("cannot read the programme file ({detail})", "check the name and the folder")),
    "programme_not_utf8": (
        ("il file di programma non è testo UTF-8", "salvarlo come UTF-8"),
        ("the programme file is not UTF-8 text", "save it as UTF-8")),
    "published_not_programme": (
        ("è il programma pubblicato, non un file di programma",
         "leggerlo prima con xlsync import {name} -o {stem}.toml, poi xlsync new {stem}.toml -o distretto.xlsx"),
        ("this is the published programme, not a programme file",
         "read it first with xlsync import {name} -o {stem}.toml, then xlsync new {stem}.toml -o distretto.xlsx")),
    "workbook_not_programme": (
        ("è una cartella di lavoro, non un file di programma (.toml)",
         "indicare il file di programma, quello scritto da xlsync import"),
        ("this is a workbook, not a programme file (.toml)",
         "give the programme file, the one written by xlsync import")),
    "programme_file_not_workbook": (
        ("è un file di programma (.toml), non una cartella di lavoro",
         "per creare la cartella del distretto: xlsync new {name} -o distretto.xlsx"),
        ("this is a programme file (.toml), not a workbook",
         "to create the district workbook: xlsync new {name} -o distretto.xlsx")),
    "unknown_key_near": (
        ("chiave sconosciuta {field!r}", "forse intendevi {near!r}?"),
        ("unknown key {field!r}", "did you mean {near!r}?")),
    "unknown_key": (
        ("chiave sconosciuta {field!r}", "chiavi ammesse: {allowed}"),
        ("unknown key {field!r}", "allowed keys: {allowed}")),
    "not_text": (
        ("{field} deve essere un testo tra virgolette", 'scrivere {field} = "…"'),
        ("{field} must be a text in quotes", 'write {field} = "…"')),
    "missing_key": (
        ("manca {field}", 'aggiungere {field} = "…"'),
        ("{field} is missing", 'add {field} = "…"')),
    "not_percent": (
        ("{field} = {value!r} non è una percentuale", 'scrivere ad es. {field} = "20%"'),
        ("{field} = {value!r} is not a percentage", 'write e.g. {field} = "20%"')),
    "not_table_list": (
        ("{field} deve essere una lista di tabelle [[{field}]]", "scrivere [[{field}]]"),
        ("{field} must be a list of tables [[{field}]]", "write [[{field}]]")),
    "bad_format": (
        ("formato {value!r} non supportato", "questa versione legge formato = {supported}"),
        ("formato {value!r} is not supported", "this version reads formato = {supported}")),
    "bad_year": (
        ("anno {value!r} non valido", "scrivere ad es. anno = 2024"),
        ("anno {value!r} is not a valid year", "write e.g. anno = 2024")),
    "not_a_date_key": (
        ("{field} non è una data", "scrivere ad es. {field} = {example}"),
        ("{field} is not a date", "write e.g. {field} = {example}")),
    "not_integer": (
        ("{field} deve essere un numero intero", "scrivere ad es. {field} = {example}"),
        ("{field} must be a whole number", "write e.g. {field} = {example}")),
    "bad_aggregation": (
        ("aggregazione {value!r} sconosciuta", 'scrivere aggregazione = "media" oppure "minimo"'),
        ("unknown aggregazione {value!r}", 'write aggregazione = "media" or "minimo"')),
    "bad_number": (
        ("numero mancante o non intero", "scrivere ad es. numero = 1"),
        ("numero missing or not a whole number", "write e.g. numero = 1")),
    "bad_counts": (
        ("conta deve essere true o false", "scrivere conta = true"),
        ("conta must be true or false", "write conta = true")),
    "unknown_kind": (
        ("tipo {value!r} sconosciuto", "tipi ammessi: {allowed}"),
        ("unknown tipo {value!r}", "allowed tipi: {allowed}")),
    "threshold_range": (
        ("soglia {value} fuori da 1%–100%", 'indicare ad es. soglia = "80%"'),
        ("soglia {value} outside 1%–100%", 'give e.g. soglia = "80%"')),
    "share_range": (
        ("quota di cofinanziamento fuori da 0%–100%", 'indicare ad es. "80%"'),
        ("quota_cofinanziamento outside 0%–100%", 'give e.g. "80%"')),
    "bad_code": (
        ("codice {value!r} non valido", "usare lettere, cifre e . _ / - senza spazi (max 24)"),
        ("code {value!r} is not valid", "use letters, digits and . _ / - without spaces (at most 24)")),
    "numeric_code": (
        ("codice {value!r} è un numero e Excel lo trasformerebbe", "aggiungere una lettera, ad es. 1.1.a"),
        ("code {value!r} is a number and Excel would change it", "add a letter, e.g. 1.1.a")),
    "duplicate_code": (
        ("codice {value!r} già usato in {first}", "dare a ogni codice un valore unico"),
        ("code {value!r} already used in {first}", "give every code a value of its own")),
    "unknown_area": (
        ("area {value!r} non definita", "aggiungere l'area in [[area]] o correggere il codice"),
        ("area {value!r} is not defined", "add the area in [[area]] or correct the code")),
    "no_indicator": (
        ("nessun indicatore", "aggiungere almeno un [[azione.indicatore]]"),
        ("no indicator", "add at least one [[azione.indicatore]]")),
    "unknown_link": (
        ("collegata a {value!r}, che non esiste", "indicare il codice di un'azione o progettualità, ad es. P01"),
        ("linked to {value!r}, which does not exist", "give the code of an action or project, e.g. P01")),
    "link_cycle": (
        ("collegamento circolare {cycle}", "togliere uno dei collegamenti"),
        ("circular link {cycle}", "remove one of the links")),
    "nothing_counts": (
        ("nessuna azione conta per la realizzazione", "indicare conta = true su almeno un'azione"),
        ("no action counts towards the realisation", "set conta = true on at least one action")),
    "per_unit_without_lines": (
        ("per_unita senza voci", "indicare percentuale e unita, o una lista voci"),
        ("per_unita without lines", "give percentuale and unita, or a voci list")),
    "line_without_percent": (
        ("voce {code}: percentuale mancante o non positiva", 'indicare ad es. percentuale = "20%"'),
        ("line {code}: percentuale missing or not positive", 'give e.g. percentuale = "20%"')),
    "per_distinct_one_line": (
        ("per_distinto richiede una sola voce con percentuale", 'indicare ad es. percentuale = "20%"'),
        ("per_distinto needs one line with a percentuale", 'give e.g. percentuale = "20%"')),
    "at_least_one_line": (
        ("almeno richiede una voce con richieste ≥ 1", "indicare ad es. richieste = 2"),
        ("almeno needs one line with richieste ≥ 1", "give e.g. richieste = 2")),
    "yes_no_one_line": (
        ("si_no richiede una sola voce", "togliere le voci in più"),
        ("si_no needs exactly one line", "remove the extra lines")),
    "linked_without_code": (
        ('collegata richiede collegata = "CODICE" e nessuna voce', "indicare il codice della progettualità"),
        ('collegata needs collegata = "CODE" and no line', "give the project's code")),
    "manual_lines": (
        ("manuale ammette al più una voce (per allegare documenti)", "togliere le voci in più"),
        ("manuale allows at most one line (to attach documents)", "remove the extra lines")),
    "toml_syntax": (
        ("il file non è TOML valido: {detail}", ""),
        ("the file is not valid TOML: {detail}", "")),
    "toml_syntax_line": (
        ("il file non è TOML valido ({detail}): «{line}»", "controllare virgolette, parentesi e il segno ="),
        ("the file is not valid TOML ({detail}): “{line}”", "check quotes, brackets and the = sign")),
    "toml_key": (
        ("il file non è TOML valido ({detail}): «{line}»",
         "la chiave {bad_key} va scritta senza accenti né spazi (ad es. unita) o tra virgolette"),
        ("the file is not valid TOML ({detail}): “{line}”",
         "write the key {bad_key} without accents or spaces (e.g. unita) or in quotes")),
    # -- LibreOffice -------------------------------------------------------------------------
    "pdf_without_libreoffice": (
        ("scritto, ma non il PDF: serve LibreOffice (comando soffice), che qui non è installato",
         "{hint}, e ripetere con --pdf; oppure stampare in PDF il foglio «Scheda di autovalutazione»"),
        ("written, but not the PDF: it needs LibreOffice (the soffice command), which is not installed here",
         "{hint}, and run again with --pdf; or print the sheet “Scheda di autovalutazione” to PDF")),
    "conversion_failed": (
        ("LibreOffice non ha convertito il file in {format} ({detail})",
         "aprire il file in LibreOffice per vedere se si apre, poi riprovare"),
        ("LibreOffice did not convert the file to {format} ({detail})",
         "open the file in LibreOffice to see whether it opens, then try again")),
    "unreadable_csv": (
        ("non posso leggere il CSV ({detail})", "salvarlo come CSV UTF-8"),
        ("cannot read the CSV ({detail})", "save it as UTF-8 CSV")),
    # -- the manager's edits in the district workbook, and programme changes ------------------
    "edited_threshold": (
        ("deve essere una percentuale tra 1% e 100%", ""),
        ("must be a percentage between 1% and 100%", "")),
    "edited_aggregation": (
        ("scrivere media oppure minimo", ""),
        ("write media or minimo", "")),
    "edited_percent": (
        ("percentuale {value!r} non valida", ""),
        ("percentage {value!r} is not valid", "")),
    "edited_required": (
        ("richieste {value!r} non valide", ""),
        ("required count {value!r} is not valid", "")),
    "other_programme": (
        ("il programma è del «{found}» {found_year}, la cartella del «{expected}» {expected_year}",
         "indicare il programma dello stesso distretto e anno"),
        ("the programme belongs to “{found}” {found_year}, the workbook to “{expected}” {expected_year}",
         "give the programme of the same district and year")),
    "partner_files_exist": (
        ("esiste già", "usare --force per sovrascrivere i file degli aderenti"),
        ("already exists", "use --force to overwrite the partners' files")),
    # -- the command line --------------------------------------------------------------------
    "output_suffix": (
        ("xlsync scrive {what}", "indicare un nome che finisce con {suffixes}"),
        ("xlsync writes {what}", "give a name ending in {suffixes}")),
    "output_exists": (
        ("esiste già", "usare --force per sovrascriverlo"),
        ("already exists", "use --force to overwrite it")),
    "strict_import": (
        ("{count} letture da verificare a mano (--strict: nessun file scritto):\n{checks}", ""),
        ("{count} readings to check by hand (--strict: no file written):\n{checks}", "")),
    "swapped_arguments": (
        ("gli argomenti sono scambiati: prima la cartella del distretto, poi il file di programma",
         "xlsync update {district} {programme}"),
        ("the arguments are swapped: first the district workbook, then the programme file",
         "xlsync update {district} {programme}")),
    "ignored_edit": (
        ("Attenzione: nel file {note}; qui si usa il valore del programma, il file mostra altri numeri finché non "
         "è corretto.", ""),
        ("Warning: in the file {note}; the programme's value is used here, the file shows other numbers until it "
         "is corrected.", "")),
    # -- held back, skipped, repaired (merge rules) --------------------------------------------
    "held_removal": (
        ("toglierebbe {removed} delle {total} righe di {partner} già unite (da {files})",
         "se è voluto, rifare l'unione con --confirm (le righe tolte restano in «Scarti»); altrimenti chiedere "
         "a {partner} il file completo"),
        ("it would remove {removed} of the {total} rows of {partner} already merged (from {files})",
         "if that is meant, merge again with --confirm (the removed rows stay in “Scarti”); otherwise ask "
         "{partner} for the whole file")),
    "held_conflict": (
        ("i file {others} di {partner} non derivano l'uno dall'altro: uno toglierebbe o cambierebbe {removed} "
         "delle {total} righe dell'altro; nessuno è unito",
         "riunire le righe in un solo file e rimandarlo, oppure rifare l'unione con --confirm: vale l'ultimo "
         "salvato e le righe tolte restano in «Scarti»"),
        ("the files {others} of {partner} do not derive from each other: one would remove or change {removed} of "
         "the {total} rows of the other; none is merged",
         "gather the rows in one file and send it again, or merge again with --confirm: the last saved wins and "
         "the removed rows stay in “Scarti”")),
    "held_older": (
        ("dice di essere stato salvato il {found}, prima dell'ultimo file di {partner} già unito (salvato il "
         "{merged}), e cambierebbe o toglierebbe righe",
         "se è il file più recente, rifare l'unione con --confirm (le righe tolte restano in «Scarti»)"),
        ("it says it was saved on {found}, before the last file of {partner} already merged (saved on {merged}), "
         "and would change or remove rows",
         "if it is the newest file, merge again with --confirm (the removed rows stay in “Scarti”)")),
    "not_a_return": (
        ("è {kind}, non il file di un aderente", "toglierlo dalla cartella dei file ricevuti"),
        ("this is {kind}, not a partner's file", "take it out of the folder of received files")),
    "untouched": (
        ("è il file scritto da xlsync per {partner}, senza modifiche: nessuna riga da unire", ""),
        ("this is the file xlsync wrote for {partner}, unchanged: no row to merge", "")),
    "not_regular_file": (
        ("non è un file normale (una pipe, un dispositivo): non viene letto",
         "indicare un file salvato da Excel o LibreOffice"),
        ("this is not a regular file (a pipe, a device): not read", "give a file saved by Excel or LibreOffice")),
    "unexpected": (
        ("errore inatteso leggendo il file ({detail})",
         "salvarlo di nuovo da Excel o LibreOffice come .xlsx e rimandarlo; gli altri file sono uniti"),
        ("unexpected error reading the file ({detail})",
         "save it again from Excel or LibreOffice as .xlsx and send it again; the other files are merged")),
    "provenance_lost": (
        ("le colonne di provenienza (Partner, File, ID) sono state svuotate o cambiate e non si capisce di quale "
         "aderente sia la riga: nessuna unione fatta",
         "ripristinarle da una copia precedente (….backup.xlsx), oppure svuotare anche «Riga origine» per farne "
         "una riga del Manager"),
        ("the provenance columns (Partner, File, ID) were cleared or changed and the row's partner cannot be "
         "told: nothing merged",
         "restore them from an earlier copy (….backup.xlsx), or clear “Riga origine” too to make it the "
         "manager's own row")),
    "provenance_repaired": (
        ("{rows} righe di {partner} avevano le colonne di provenienza (Partner, File o ID) svuotate: ricostruite",
         "non modificare le colonne Partner, File, Ricevuto il, Riga origine e ID"),
        ("{rows} rows of {partner} had their provenance columns (Partner, File or ID) cleared: rebuilt",
         "do not edit the columns Partner, File, Ricevuto il, Riga origine and ID")),
    # -- the district file and the folders ---------------------------------------------------
    "district_not_xlsx": (
        ("xlsync riscrive la cartella del distretto come .xlsx o .ods: un file {suffix} diventerebbe illeggibile",
         "salvarla come .xlsx (File › Salva con nome › Excel 2007-365) e indicare quella"),
        ("xlsync rewrites the district workbook as .xlsx or .ods: a {suffix} file would become unreadable",
         "save it as .xlsx (File › Save as › Excel 2007-365) and give that one")),
    "read_only_file": (
        ("il file è di sola lettura: non viene cambiato", "togliere la protezione (Proprietà › Sola lettura) e riprovare"),
        ("the file is read-only: not changed", "remove the protection (Properties › Read-only) and try again")),
    "read_only_folder": (
        ("nella cartella non si può scrivere: nessun file cambiato",
         "usare una cartella dove si può scrivere, o chiedere il permesso"),
        ("the folder cannot be written to: no file changed", "use a folder that can be written to, or ask for permission")),
    "not_a_folder": (
        ("è un file, non una cartella", "indicare una cartella"),
        ("this is a file, not a folder", "give a folder")),
    "interrupted": (
        ("Interrotto: nessun file è rimasto cambiato a metà.", ""),
        ("Interrupted: no file was left half changed.", "")),
    "missing_folder": (
        ("la cartella non esiste", "crearla, o indicarne un'altra"),
        ("the folder does not exist", "create it, or give another one")),
    "backup_failed": (
        ("non riesco a mettere da parte la versione precedente ({detail}): il file non è stato cambiato",
         "liberare spazio sul disco e riprovare"),
        ("the previous version cannot be kept ({detail}): the file was not changed",
         "free some disk space and try again")),
    "disk_full": (
        ("il disco è pieno: il file non è stato cambiato", "liberare spazio sul disco e riprovare"),
        ("the disk is full: the file was not changed", "free some disk space and try again")),
    "no_permission": (
        ("permesso negato ({detail})", "controllare che file e cartella non siano di sola lettura, e riprovare"),
        ("permission denied ({detail})", "check that the file and folder are not read-only, and try again")),
    "system_error": (
        ("errore del sistema ({detail})", "controllare il disco e la cartella, e riprovare"),
        ("system error ({detail})", "check the disk and the folder, and try again")),
    "same_folder": (
        ("la cartella dei file ricevuti e quella dei file da inviare sono la stessa: i file aggiornati "
         "prenderebbero il posto di quelli ricevuti", "indicare per --outbox un'altra cartella"),
        ("the inbox and the outbox are the same folder: refreshed files would take the place of received ones",
         "give another folder for --outbox")),
    "would_replace": (
        ("è {kind}: non viene sovrascritto, nemmeno con --force", "indicare un altro nome"),
        ("this is {kind}: it is not overwritten, not even with --force", "give another name")),
    "no_returns": (
        ("nessuna cartella di lavoro da controllare (.xlsx, .xlsm, .ods, .xls)",
         "indicare i file ricevuti o la cartella dove sono salvati"),
        ("no workbook to check (.xlsx, .xlsm, .ods, .xls)", "give the received files or the folder they are saved in")),
    # -- LibreOffice ---------------------------------------------------------------------------
    "libreoffice_missing": (
        ("LibreOffice non è installato (manca {what})", "{hint}, e riprovare"),
        ("LibreOffice is not installed ({what} is missing)", "{hint}, and try again")),
    "not_pdfa": (
        ("LibreOffice ha scritto un PDF che non si dichiara PDF/A-2b (PDF/A trovato: {found})",
         "aggiornare LibreOffice alla versione 7.4 o più recente e ripetere l'esportazione"),
        ("LibreOffice wrote a PDF that does not declare PDF/A-2b (PDF/A found: {found})",
         "update LibreOffice to version 7.4 or later and export again")),
    "ods_needs_libreoffice": (
        ("per scrivere un file .ods serve LibreOffice (comando soffice), che qui non è installato",
         "{hint}, oppure indicare un nome che finisce con .xlsx"),
        ("writing an .ods file needs LibreOffice (the soffice command), which is not installed here",
         "{hint}, or give a name ending in .xlsx")),
    "ods_not_written": (
        ("LibreOffice non ha scritto il file .ods ({detail}); il file di prima è rimasto com'era",
         "chiudere LibreOffice se è bloccato e riprovare"),
        ("LibreOffice did not write the .ods file ({detail}); the previous file is unchanged",
         "close LibreOffice if it hangs and try again")),
    "unopkg_failed": (
        ("LibreOffice non ha installato l'estensione ({detail})",
         "chiudere LibreOffice e ripetere xlsync libreoffice install"),
        ("LibreOffice did not install the extension ({detail})", "close LibreOffice and run xlsync libreoffice install again")),
}


def problem(key: str, where: str, *, cell: str = "", warning: bool = False, **values: Any) -> Problem:
    """A located problem from the catalogue, in Italian with its English rendering."""
    (what_it, fix_it), (what_en, fix_en) = CATALOGUE[key]
    values_it = {name: value[0] if isinstance(value, tuple) else value for name, value in values.items()}
    values_en = {name: value[1] if isinstance(value, tuple) else value for name, value in values.items()}
    return Problem(
        where=where,
        what=what_it.format(**values_it),
        fix=fix_it.format(**values_it),
        cell=cell,
        warning=warning,
        key=key,
        english=(what_en.format(**values_en), fix_en.format(**values_en)),
    )


def reading(key: str, **values: Any) -> str:
    """A reading of the published programme for the manager to check, in Italian: what, then what
    was done or is to do."""
    (what, fix), _ = CATALOGUE[key]
    return (f"{what}: {fix}" if fix else what).format(**values)


def near(options: list[str], word: str) -> tuple[str, str]:
    """A 'did you mean' suffix (Italian, English) naming the closest option, or nothing."""
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        return ("", "")
    return (f": forse «{found[0]}»?", f": did you mean “{found[0]}”?")


def error(key: str, where: str = "", *, cls: type[XlsyncError] = XlsyncError, problems: tuple[Problem, ...] = (),
          **values: Any) -> XlsyncError:
    """The exception for a catalogued message; with `problems`, the message heads their list."""
    found = problem(key, where, **values)
    if problems:
        return cls(str(found), tuple(problems), found.text("en"))
    return cls.of(found)
def fault(exc: OSError) -> Problem:
    """What the system refused (a full disk, a permission, a missing folder), located at its file."""
    where = str(exc.filename) if exc.filename else ""
    detail = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        return problem("disk_full", where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return problem("no_permission", where, detail=detail)
    if exc.errno == errno.ENOENT:
        return problem("missing_file", where)
    return problem("system_error", where, detail=detail)
