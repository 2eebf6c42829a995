"""The messages about the programme: the published decree's readings, the programme file, the manager's
edits and programme changes, the add-in's build."""

ENTRIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # -- the published programme (xlsync import): readings for the manager to check ------------
    "read_district_from_heading": (
        ("nome del distretto scritto «{name}» dall'intestazione", ""),
        ("district name written “{name}” from the heading", "")),
    "read_district_from_text": (
        ("nome del distretto preso dal testo, dove è scritto più spesso: «{name}»", ""),
        ("district name taken from the text, where it is written most often: “{name}”", "")),
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
        ("{written} {written:indicatore scritto|indicatori scritti} e {percentages} {percentages:percentuale|percentuali}",
         "un indicatore per percentuale, con il testo scritto più simile o con quello della percentuale"),
        ("{written} {written:indicator|indicators} written and {percentages} {percentages:percentage|percentages}",
         "one indicator per percentage, with the most similar written text or the percentage's own")),
    "read_more_texts": (
        ("{written} {written:indicatore scritto|indicatori scritti} e {percentages} {percentages:percentuale|percentuali}",
         "indicatori uniti, uno per percentuale; controllare quale testo va con quale percentuale"),
        ("{written} {written:indicator|indicators} written and {percentages} {percentages:percentage|percentages}",
         "indicators joined, one per percentage; check which text goes with which percentage")),
    "read_members_missing": (
        ("il testo dice {stated} organizzazioni aderenti, l'elenco ne ha {listed}", "completare l'elenco"),
        ("the text says {stated} member organisations, the list has {listed}", "complete the list")),
    "read_members_extra": (
        ("il testo dice {stated} organizzazioni aderenti, l'elenco ne ha {listed}",
         "controllare l'elenco (righe in più o ripetute) o il numero scritto nel testo"),
        ("the text says {stated} member organisations, the list has {listed}",
         "check the list (extra or repeated rows) or the number written in the text")),
    "read_leftover": (
        ("la regola contiene {words}, che la lettura non usa",
         "controllare la lettura e correggerla se quelle parole cambiano la regola"),
        ("the rule holds {words}, which the reading does not use",
         "check the reading and correct it if those words change the rule")),
    "read_note": (
        ("la regola rimanda alla nota {mark}, scritta dopo la regola",
         "una nota può cambiare la regola (una soglia alzata per l'anno): controllare e correggere la lettura"),
        ("the rule refers to note {mark}, written after the rule",
         "a note may change the rule (a threshold raised for the year): check and correct the reading")),
    "read_note_unplaced": (
        ("nota {mark} che nessuna regola richiama", "controllare a quale regola si riferisce"),
        ("note {mark} that no rule refers to", "check which rule it belongs to")),
    "read_weights": (
        ("la regola dà pesi diversi alle parti dell'azione ({weights}), che xlsync non applica",
         "ogni parte letta come un indicatore e l'azione come la loro media, a pesi uguali: valutare l'azione a mano "
         "(tipo «manuale») o riscrivere le parti"),
        ("the rule weighs the parts of the action differently ({weights}), which xlsync does not apply",
         "each part read as an indicator and the action as their mean, with equal weights: assess the action by hand "
         "(kind “manuale”) or rewrite the parts")),
    "read_weights_unread": (
        ("la regola dà pesi alle parti dell'azione ({weights}), che la lettura non separa",
         "pesi non applicati: scrivere una percentuale per parte («60% per la realizzazione degli incontri, 40% per la "
         "pubblicazione dei verbali») o valutare a mano"),
        ("the rule gives the parts of the action weights ({weights}), which the reading does not separate",
         "weights not applied: write one percentage per part (“60% per la realizzazione degli incontri, 40% per la "
         "pubblicazione dei verbali”) or assess by hand")),
    "read_relative": (
        ("la regola chiede una parte degli aderenti ({words}), che nessun tipo di regola conta",
         "letta senza quella soglia: scrivere il numero di organizzazioni richiesto (tipo «almeno») o valutare a mano"),
        ("the rule asks for a share of the members ({words}), which no rule kind counts",
         "read without that threshold: write the number of organisations required (kind “almeno”) or assess by hand")),
    "read_table_columns": (
        ("la tabella delle azioni ha anche le colonne {others}, che il programma non tiene",
         "azione da «{action}», regola da «{rule}»: controllare che le altre colonne non cambino le regole"),
        ("the actions' table also has the columns {others}, which the programme does not keep",
         "action from “{action}”, rule from “{rule}”: check that the other columns do not change the rules")),
    "read_row_cells": (
        ("la riga ha {count} {count:colonna|colonne}, l'intestazione della tabella {wanted}",
         "azione e regola lette dalle loro colonne, che qui potrebbero essere spostate: controllare titolo e regola"),
        ("the row has {count} {count:column|columns}, the table's header {wanted}",
         "action and rule read from their columns, which may be shifted here: check the title and the rule")),
    "read_row_codes": (
        ("la riga ha più codici ({codes}): due righe della tabella unite",
         "letta come una sola azione: controllare e aggiungere a mano quella che manca"),
        ("the row has several codes ({codes}): two rows of the table run together",
         "read as one action: check and add the missing one by hand")),
    "read_unplaced_line": (
        ("riga che la lettura non colloca", "non usata: se fa parte del programma, aggiungerla a mano"),
        ("a line the reading does not place", "not used: if it is part of the programme, add it by hand")),
    "read_extra_cells": (
        ("la riga ha {count} colonne, la tabella delle azioni ne ha 2 (azione e regola)",
         "le colonne in più sono state lette come parte della regola: controllare titolo e regola"),
        ("the row has {count} columns, the actions' table has 2 (action and rule)",
         "the extra columns were read as part of the rule: check the title and the rule")),
    "read_unknown_field": (
        ("campo «{label}» non previsto in una progettualità", "unito a «{field}»: controllare"),
        ("field “{label}” not expected in a project", "joined to “{field}”: check it")),
    "read_member_twice": (
        ("«{name}» è due volte nell'elenco delle organizzazioni aderenti",
         "togliere la riga ripetuta o distinguere i nomi: xlsync nuovo non accetta un nome due volte"),
        ("“{name}” is twice in the list of member organisations",
         "remove the repeated row or tell the names apart: xlsync new does not accept a name twice")),
    "read_label_twice": (
        ("«{label}» è scritto due volte", "la seconda volta numerata: controllare se è la stessa voce"),
        ("“{label}” is written twice", "the second one numbered: check whether it is the same entry")),
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
        ("«{rule}» non dice di che cosa", "letta come almeno {count} {count:evidenza|evidenze}"),
        ("“{rule}” does not say of what", "read as at least {count} {count:piece|pieces} of evidence")),
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
        ("il programma letto dal documento non passa i controlli di «xlsync nuovo»: nessun file scritto",
         "correggere nel documento i punti indicati sotto, o scrivere quelle voci a mano nel file di programma"),
        ("the programme read from the document fails the checks of “xlsync new”: no file written",
         "correct the places listed below in the document, or write those items by hand in the programme file")),
    "locked_by_office": (
        ("il file è aperto in {application} ({lock})", "chiuderlo e riprovare"),
        ("the file is open in {application} ({lock})", "close it and try again")),
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
    "document_pages": (
        ("il PDF ha {pages} pagine, più delle {limit} che un programma di lavoro può avere",
         "è il programma di lavoro pubblicato? se sì, salvarne come PDF solo le pagine del programma"),
        ("the PDF has {pages} pages, more than the {limit} a work programme can have",
         "is it the published work programme? if so, save only the programme's pages as PDF")),
    "document_inflates": (
        ("il PDF contiene dati che, decompressi, superano {limit} MB",
         "salvarlo di nuovo come PDF da Word o LibreOffice e riprovare"),
        ("the PDF holds data that inflate beyond {limit} MB", "save it again as PDF from Word or LibreOffice and try again")),
    "document_slow": (
        ("leggere il PDF richiede più di {seconds} secondi (letta fino a pagina {page})",
         "salvarlo di nuovo come PDF da Word o LibreOffice, o copiarne il testo in un file .txt"),
        ("reading the PDF takes more than {seconds} seconds (read up to page {page})",
         "save it again as PDF from Word or LibreOffice, or copy its text into a .txt file")),
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
         "qui si possono costruire i file (xlsync addin costruisci -o CARTELLA) da copiare sul PC del Manager; là: "
         "installare Python, poi pip install \"xlsync[addin]\" e xlsync addin installa"),
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
    "keep_unprotected": (
        ("la protezione del foglio è stata tolta: xlsync riscrive questo foglio, e ciò che vi è stato scritto a mano "
         "non si conserva",
         "copiare ciò che serve in un foglio nuovo, poi ripetere il comando con --force"),
        ("the sheet's protection was removed: xlsync writes this sheet again, and what was typed in it is not kept",
         "copy what you need to a new sheet, then run the command again with --force")),
    "keep_reject_gone": (
        ("questa riga di «Scarti» viene sostituita dagli scarti di un invio più recente dello stesso aderente: i "
         "formati, le note o le celle accanto messi su di essa non si conserverebbero",
         "copiare altrove ciò che serve, poi ripetere il comando con --force"),
        ("this row of «Scarti» is replaced by the rejects of a newer return of the same member: the formats, notes "
         "or cells beside it that were put on it would not be kept",
         "copy what is needed elsewhere, then run the command again with --force")),
    "keep_on_evidence": (
        ("{thing} sul foglio «Evidenze», che xlsync riscrive a ogni comando: non si conserverebbe",
         "spostarlo in un foglio proprio (o annotarlo altrove), poi ripetere il comando; oppure --force per "
         "scrivere il file senza"),
        ("{thing} on the «Evidenze» sheet, which xlsync writes anew at every command: it would not be kept",
         "move it to a sheet of your own (or note it elsewhere), then run the command again; or --force to write "
         "the workbook without it")),
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
         "leggerlo prima con xlsync importa {name} -o {stem}.toml, poi xlsync nuovo {stem}.toml -o distretto.xlsx"),
        ("this is the published programme, not a programme file",
         "read it first with xlsync import {name} -o {stem}.toml, then xlsync new {stem}.toml -o distretto.xlsx")),
    # -- the review workbook (xlsync import -o programma.xlsx) ---------------------------------
    "workbook_not_review": (
        ("è una cartella di lavoro, ma non la revisione di un programma scritta da «xlsync importa»",
         "indicare il file di programma (.toml) o la revisione (.xlsx, .ods) scritta da xlsync importa"),
        ("this is a workbook, but not a programme review written by “xlsync import”",
         "give the programme file (.toml) or the review (.xlsx, .ods) written by xlsync import")),
    "invalid_review": (
        ("la revisione del programma ha dei problemi", "correggere le righe indicate sotto"),
        ("the programme review has problems", "correct the rows listed below")),
    "review_pending": (
        ("{count} {count:riga della revisione è ancora|righe della revisione sono ancora} «da verificare»",
         "{count:controllarla|controllarle} e scrivere «confermato» nella colonna «Stato», o usare --force per "
         "{count:usarla come letta|usarle come lette}"),
        ("{count} {count:row of the review is|rows of the review are} still “da verificare” (to check)",
         "check {count:it|them} and write “confermato” in the “Stato” column, or use --force to take {count:it|them} "
         "as read")),
    "review_row_pending": (
        ("da verificare: {reason}", ""),
        ("to check: {reason}", "")),
    "review_bad_status": (
        ("stato «{value}» sconosciuto", "scegliere «letto», «da verificare» o «confermato»"),
        ("unknown status “{value}”", "choose “letto”, “da verificare” or “confermato”")),
    "review_bad_kind": (
        ("tipo «{value}» sconosciuto", "scegliere uno tra {kinds}"),
        ("unknown kind “{value}”", "choose one of {kinds}")),
    "review_not_number": (
        ("«{column}» non è un numero", "scrivere un numero (una percentuale come 20%)"),
        ("“{column}” is not a number", "write a number (a percentage such as 20%)")),
    "review_not_date": (
        ("«{column}» non è una data", "scrivere la data come gg/mm/aaaa"),
        ("“{column}” is not a date", "write the date as dd/mm/yyyy")),
    "review_unknown_code": (
        ("il codice «{code}» non è nel programma letto", "le righe non si aggiungono qui: correggere il codice o "
                                                         "togliere la riga, e aggiungere azioni nel file di programma"),
        ("code “{code}” is not in the programme read", "rows are not added here: correct the code or remove the row, "
                                                       "and add actions in the programme file")),
    "review_member_without_name": (
        ("organizzazione aderente senza nome", "scrivere il nome nella colonna «Nome» o togliere la riga"),
        ("member organisation without a name", "write the name in the “Nome” column or remove the row")),
    "no_members": (
        ("il programma non ha organizzazioni aderenti: senza, non c'è a chi mandare i file delle evidenze",
         "aggiungerle nel foglio «Aderenti» della revisione o come [[aderente]] nel file di programma, poi rifare "
         "«xlsync nuovo»"),
        ("the programme has no member organisations: without them there is no one to send the evidence files to",
         "add them in the review's “Aderenti” sheet or as [[aderente]] in the programme file, then run "
         "“xlsync new” again")),
    "members_unusable": (
        ("l'elenco delle organizzazioni aderenti non si può usare", "correggerlo come indicato sotto"),
        ("the list of member organisations cannot be used", "correct it as shown below")),
    "duplicate_member": (
        ("«{name}» è due volte tra le organizzazioni aderenti",
         "ogni aderente ha il suo file, riconosciuto dal nome: togliere la riga ripetuta o distinguere i nomi"),
        ("“{name}” is twice among the member organisations",
         "each member has its own file, known by its name: remove the repeated row or tell the names apart")),
    "workbook_not_programme": (
        ("è una cartella di lavoro, non un file di programma (.toml)",
         "indicare il file di programma, quello scritto da xlsync importa"),
        ("this is a workbook, not a programme file (.toml)",
         "give the programme file, the one written by xlsync import")),
    "programme_file_not_workbook": (
        ("è un file di programma (.toml), non una cartella di lavoro",
         "per creare il file del distretto: xlsync nuovo {name} -o distretto.xlsx"),
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
        ("il programma è del «{found}» {found_year}, il file del «{expected}» {expected_year}",
         "indicare il programma dello stesso distretto e anno"),
        ("the programme belongs to “{found}” {found_year}, the workbook to “{expected}” {expected_year}",
         "give the programme of the same district and year")),
    "partner_files_exist": (
        ("esiste già", "usare --force per sovrascrivere i file degli aderenti"),
        ("already exists", "use --force to overwrite the partners' files")),
}
