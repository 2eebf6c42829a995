"""The messages about partners' returns and the district file: the file, its rows, merging, what is
held back, what a person made; and the library's own."""

ENTRIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
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
    "sheet_renamed": (
        ("è il foglio «{sheet}» di xlsync, rinominato: riconosciuto da ciò che contiene", "{then}"),
        ("this is xlsync's sheet “{sheet}”, renamed: recognised by what it holds", "{then}")),
    "several_like": (
        ("più fogli contengono ciò che contiene il foglio «{sheet}» di xlsync: {sheets}; nessun file cambiato",
         "ridare a quello giusto il nome «{sheet}» (e un altro nome, o altre intestazioni, agli altri)"),
        ("several sheets hold what xlsync's sheet “{sheet}” holds: {sheets}; no file changed",
         "give the right one its name “{sheet}” back (and the others another name, or other headers)")),
    "ledger_rebuilt": (
        ("il foglio «Invii», l'elenco dei file uniti, mancava: ricostruito {source} ({files} file)", "{then}"),
        ("the sheet “Invii”, the list of the files merged, was missing: rebuilt {source} ({files} files)", "{then}")),
    "rejects_missing": (
        ("il foglio «Scarti» mancava: ricreato vuoto",
         "le righe scartate prima sono nelle versioni precedenti accanto al file (….backup.xlsx)"),
        ("the sheet “Scarti” was missing: made again, empty",
         "the rows rejected before are in the earlier versions beside the file (….backup.xlsx)")),
    "missing_header": (
        ("mancano le colonne {headers}{near}", "ripristinare le intestazioni del modello nella riga {row}"),
        ("the columns {headers} are missing{near}", "restore the template's headers in row {row}")),
    "no_header_row": (
        ("non trovo la riga di intestazione con «{header}» nelle prime {rows} righe",
         "ripristinare le intestazioni del modello"),
        ("no header row with “{header}” in the first {rows} rows", "restore the template's headers")),
    "no_stamp": (
        ("il file non è stato creato da xlsync (manca il foglio nascosto «xlsync»)",
         "usare un file creato da xlsync: quello ricevuto dal Manager territoriale, o xlsync nuovo"),
        ("the file was not made by xlsync (the hidden sheet “xlsync” is missing)",
         "use a file made by xlsync: the one the territorial manager sent, or xlsync new")),
    "bad_programme": (
        ("il programma salvato nel file non è leggibile", "chiedere un nuovo file al Manager territoriale"),
        ("the programme stored in the file cannot be read", "ask the territorial manager for a new file")),
    "input_is_district": (
        ("è il file del distretto in cui si unisce (o una sua versione precedente), non il file di un aderente",
         "indicare i file restituiti dagli aderenti, o la cartella che li contiene"),
        ("this is the district workbook being merged into (or an earlier version of it), not a partner's file",
         "give the files the partners returned, or the folder that holds them")),
    "not_partner_file": (
        ("è un file {kind}, non il file di un aderente", "indicare i file restituiti dagli aderenti"),
        ("this is a {kind} file, not a partner's file", "give the files returned by the partners")),
    "not_district_file": (
        ("è {kind}, non la cartella di lavoro del distretto",
         "indicare il file del distretto, quello scritto da xlsync nuovo e aggiornato dalle unioni"),
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
    # -- what a person made in the district workbook ----------------------------------------------
    "keep_part_unreadable": (
        ("la parte {part} del file non è XML valido ({detail}); il file non è stato modificato",
         "aprire il file in Excel o LibreOffice, salvarlo e ripetere il comando"),
        ("part {part} of the workbook is not valid XML ({detail}); the file was not changed",
         "open the file in Excel or LibreOffice, save it and run the command again")),
    "keep_refused": (
        ("il file non si può scrivere senza perdere cose fatte a mano ({count}, elencate qui sotto); "
         "il file non è stato modificato",
         "sistemarle come indicato, oppure ripetere il comando con --force per scriverlo comunque perdendole"),
        ("the workbook cannot be written without losing things made by hand ({count}, listed below); "
         "the file was not changed",
         "fix them as shown, or run the command again with --force to write it anyway, losing them")),
    "keep_threaded": (
        ("il foglio ha commenti in thread di Excel 365, che xlsync non sa conservare (conserva le note)",
         "convertirli in note in Excel (Revisione › Note › Converti in note) o ripetere con --force per "
         "tenerne solo il testo, come note"),
        ("the sheet has Excel 365 threaded comments, which xlsync cannot keep (it keeps notes)",
         "convert them to notes in Excel (Review › Notes › Convert to Notes) or run again with --force to keep "
         "only their text, as notes")),
    "keep_table_name": (
        ("il foglio contiene una tabella di nome «{table}», come una tabella di xlsync: due tabelle con un nome "
         "renderebbero il file illeggibile",
         "dare alla tabella un altro nome (Struttura tabella › Nome tabella), poi ripetere il comando; con --force "
         "è tenuta con il nome «{new}»"),
        ("the sheet holds a table named “{table}”, like one of xlsync's: two tables of one name would make the "
         "file unreadable",
         "give the table another name (Table Design › Table Name), then run the command again; with --force it is "
         "kept as “{new}”")),
    "keep_not_carried": (
        ("il foglio contiene {part}, che xlsync non sa conservare quando riscrive il file",
         "spostare il foglio in un'altra cartella di lavoro"),
        ("the sheet holds {part}, which xlsync cannot keep when it writes the workbook again",
         "move the sheet to another workbook")),
    "keep_string_missing": (
        ("la cella rimanda al testo condiviso n. {number}, che il file non ha: il suo testo manca",
         "aprire il file in Excel o LibreOffice, controllare la cella e salvarlo, poi ripetere il comando; con --force "
         "la cella è scritta vuota"),
        ("the cell refers to shared text no. {number}, which the file does not hold: its text is missing",
         "open the file in Excel or LibreOffice, check the cell and save it, then run the command again; with --force "
         "the cell is written empty")),
    "keep_format_missing": (
        ("delle celle usano {what} n. {number}, che il file non definisce",
         "aprire il file in Excel o LibreOffice e salvarlo, poi ripetere il comando; con --force quelle celle "
         "prendono il formato predefinito"),
        ("some cells use {what} no. {number}, which the file does not define",
         "open the file in Excel or LibreOffice and save it, then run the command again; with --force those cells "
         "take the default format")),
    # -- held back, skipped, repaired (merge rules) --------------------------------------------
    "held_removal": (
        ("toglierebbe {removed} delle {total} righe di {partner} già unite (da {files})",
         "se è voluto, rifare l'unione con --confirm (le righe tolte restano in «Scarti»); altrimenti chiedere "
         "a {partner} il file completo"),
        ("it would remove {removed} of the {total} rows of {partner} already merged (from {files})",
         "if that is meant, merge again with --confirm (the removed rows stay in “Scarti”); otherwise ask "
         "{partner} for the whole file")),
    "conflict_found": (
        ("la riga {row_id} è stata cambiata sia nel file sia nel distretto, in due modi: in conflitto",
         "scegliere nel foglio «Conflitti», colonna «Scelta», poi unire di nuovo"),
        ("row {row_id} was changed both in the file and in the district, two ways: in conflict",
         "choose in the sheet “Conflitti”, column “Scelta”, then merge again")),
    "choice_applied": (
        ("conflitto sulla riga {row_id} risolto come scelto in «Conflitti» ({choice})", ""),
        ("conflict on row {row_id} settled as chosen in Conflitti ({choice})", "")),
    "choice_unclear": (
        ("la scelta per la riga {row_id} non si può applicare: un testo corretto vale quando una sola colonna è in "
         "conflitto e la riga c'è in entrambe le versioni; il conflitto resta aperto",
         "scegliere «tieni il distretto» o «prendi il file», poi correggere la riga in «Evidenze»"),
        ("the choice for row {row_id} cannot be applied: a corrected text works when one column alone is in "
         "conflict and both versions have the row; the conflict stays open",
         "choose “tieni il distretto” or “prendi il file”, then correct the row in “Evidenze”")),
    "kept_deleted": (
        ("la riga {row_id}, tolta nel distretto, torna nel file com'era: resta tolta", ""),
        ("row {row_id}, deleted in the district, comes back in the file as it was: it stays deleted", "")),
    "not_a_return": (
        ("è {kind}, non il file di un aderente", "toglierlo dalla cartella dei file ricevuti"),
        ("this is {kind}, not a partner's file", "take it out of the folder of received files")),
    "untouched_elsewhere": (
        ("è il file di {other} (il «{found}», non il «{expected}»), scritto da xlsync per {partner} e non modificato: "
         "nessuna riga da unire", "controllare di aver salvato qui il file giusto, quello distribuito per questo "
         "distretto"),
        ("this is the file of {other} (“{found}”, not “{expected}”), written by xlsync for {partner} and not changed: "
         "no row to merge", "check that the right file was saved here, the one distributed for this district")),
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
    "provenance_lost_rows": (
        ("{count} righe senza provenienza riconoscibile: nessuna unione fatta", ""),
        ("{count} rows whose provenance cannot be told: no merge done", "")),
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
        ("{rows} {rows:riga|righe} di {partner} {rows:aveva|avevano} le colonne di provenienza (Partner, File o ID) "
         "svuotate: {rows:ricostruita|ricostruite}",
         "non modificare le colonne Partner, File, Ricevuto il, Riga origine e ID"),
        ("{rows} {rows:row|rows} of {partner} had their provenance columns (Partner, File or ID) cleared: rebuilt",
         "do not edit the columns Partner, File, Ricevuto il, Riga origine and ID")),
    # -- the district file and the folders ---------------------------------------------------
    "district_not_xlsx": (
        ("xlsync riscrive il file del distretto come .xlsx o .ods: un file {suffix} diventerebbe illeggibile",
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
    "interrupted_after_write": (
        ("Interrotto dopo aver scritto {files}: è intero e aggiornato (la versione precedente è accanto)", ""),
        ("Interrupted after writing {files}: it is whole and up to date (the earlier version is beside it)", "")),
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
}


_EARLIER = ("riprendere la versione precedente, accanto al file (….backup.xlsx, ….backup.ods)",
            "take the earlier version, beside the file (….backup.xlsx, ….backup.ods)")
# Words that go into the messages above: what kind of file was given, on which day, what differs.
TEXTS = {
    "kind_district_workbook": ("la cartella di lavoro di un distretto", "a district workbook"),
    "kind_agency_workbook": ("il file per l'Agenzia (xlsync esporta)", "the agency's workbook (xlsync export)"),
    "kind_partner_file": ("il file di un aderente", "a partner's file"),
    "kind_unknown_file": ("un file di tipo sconosciuto", "a file of an unknown kind"),
    "of_the_district": ("del distretto", "district"),
    "of_unknown_kind": ("di tipo sconosciuto", "unknown"),
    "on_day": ("il {day}", "on {day}"),
    "day_not_recorded": ("in un giorno non registrato", "on a day not recorded"),
    "fingerprint_differs": ("il testo del programma non corrisponde all'impronta",
                            "the programme text does not match the fingerprint"),
    "line_missing": ("manca la voce {code}", "line {code} is missing"),
    "line_shows": ("la voce {code} mostra {got} invece di {want}", "line {code} shows {got} instead of {want}"),
    "use_the_lines": (": per l'azione {action} usare {lines}", ": for action {action} use {lines}"),
    "name_given_back": ("quando xlsync riscrive il file gli ridà il suo nome",
                        "when xlsync writes the workbook again it gets its name back"),
    "ledger_from_sheets": ("da «Evidenze» e «Scarti»", "from “Evidenze” and “Scarti”"),
    "ledger_from_earlier": ("dalla versione precedente ({name}) e da «Evidenze» e «Scarti»",
                            "from the earlier version ({name}) and from “Evidenze” and “Scarti”"),
    "ledger_partial": ("i file già uniti che arrivano di nuovo sono letti ancora e le loro righe trovate invariate; "
                       "l'elenco completo è nelle versioni precedenti accanto al file (….backup.xlsx)",
                       "files merged before that come again are read again and their rows found unchanged; the "
                       "whole list is in the earlier versions beside the file (….backup.xlsx)"),
}

# The fixes a manager needs when the file is their district workbook, not a partner's return.
DISTRICT_FIXES: dict[str, tuple[str, str]] = {
    "missing_sheet": ("ridare al foglio il suo nome e le sue intestazioni (xlsync lo cerca per nome, o da ciò che "
                      "contiene); oppure " + _EARLIER[0],
                      "give the sheet its name and headers back (xlsync looks for it by name, or by what it "
                      "holds); or " + _EARLIER[1]),
    "no_stamp": ("indicare il file del distretto, quello scritto da xlsync nuovo e aggiornato dalle unioni",
                 "give the district workbook, the one written by xlsync new and updated by merges"),
    "unreadable": _EARLIER,
    "csv": ("indicare il file del distretto (.xlsx o .ods) scritto da xlsync nuovo; oppure " + _EARLIER[0],
            "give the district workbook (.xlsx or .ods) written by xlsync new; or " + _EARLIER[1]),
    "empty_file": _EARLIER,
    "zip_bomb": _EARLIER,
    "no_sheets": _EARLIER,
    "password": ("togliere la password (in Excel: File › Informazioni › Proteggi cartella di lavoro) e riprovare",
                 "remove the password (in Excel: File › Info › Protect Workbook) and try again"),
}
