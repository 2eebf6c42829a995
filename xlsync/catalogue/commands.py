"""The command line's, the Excel add-in's and the LibreOffice extension's own words, in Italian and English:
the help of every command and option (`HELP`), and the lines each command prints (`TEXTS`).

Every entry is `key: (italian, english)`, formatted with named values; a value given as an (Italian,
English) pair is taken in the language asked, and `counted` gives a number with its noun in agreement
(«1 azione», «2 azioni»). Italian texts name the Italian commands (`xlsync nuovo`), English ones the
English names.
"""

from __future__ import annotations

from typing import Any

HELP: dict[str, tuple[str, str]] = {
    "json": (
        "Scrive JSON invece del testo.",
        "Print JSON instead of text."),
    "force": (
        "Sovrascrive il file se esiste già.",
        "Overwrite the output if it exists."),
    "keep force": (
        "Scrive il distretto anche se qualcosa fatto a mano nel file non si può tenere (viene nominato).",
        "Write the district even if something made by hand in it cannot be kept (it is named)."),
    "confirm": (
        "Applica anche gli invii trattenuti (che tolgono gran parte delle righe di un aderente, in conflitto "
        "con un altro suo invio, o più vecchi dell'ultimo); le righe che tolgono restano in «Scarti».",
        "Also apply the returns held back (removing most of a member's rows, in conflict with another return of "
        "the member, or older than its last one); the rows they remove are kept in Scarti."),
    "tolerance": (
        "Giorni prima o dopo l'anno del programma ancora accettati come date delle evidenze.",
        "Days before or after the programme year still accepted as evidence dates."),
    "cli": (
        """Il programma di lavoro di un Distretto famiglia, in fogli di calcolo.

        Crea la cartella di lavoro del distretto da un file di programma, raccoglie le evidenze degli
        aderenti e dice se il programma raggiunge la soglia da cui dipende il contributo. Ogni comando
        ha anche un nome italiano (unisci = merge). In inglese: --lang en, o XLSYNC_LANG=en.""",
        """Run a Distretto famiglia work programme in spreadsheets.

        Create the district workbook from a programme file, collect the partners' evidence and
        see whether the programme reaches the threshold its contribution depends on. Every command
        also has an Italian name (unisci = merge). In Italian: --lang it, or XLSYNC_LANG=it."""),
    "cli version": (
        "Mostra la versione ed esce.",
        "Show the version and exit."),
    "cli lang": (
        "Lingua dei messaggi e dell'aiuto: it (predefinita) o en; anche con XLSYNC_LANG.",
        "Language of the messages and of the help: it (default) or en; also XLSYNC_LANG."),
    "cli verbose": (
        "Mostra il traceback completo quando qualcosa non riesce.",
        "Show the full traceback when something fails."),
    "review force": (
        "Sovrascrive il file se esiste già, e usa una revisione con righe ancora «da verificare» come letta.",
        "Overwrite the output if it exists, and take a review with rows still to check as read."),
    "new": (
        """Scrive la cartella di lavoro del distretto per PROGRAMMA: il file di programma (.toml) o la
        revisione (.xlsx, .ods) scritti da «xlsync importa».

        Una revisione con righe ancora «da verificare» è rifiutata, salvo --force.""",
        """Write the district workbook for PROGRAMME: the programme file (.toml) or the review (.xlsx,
        .ods) written by "xlsync import".

        A review with rows still to check is refused, unless --force."""),
    "new output": (
        "La cartella del distretto da scrivere (.xlsx, o .ods con LibreOffice).",
        "The district workbook to write (.xlsx, or .ods with LibreOffice)."),
    "import": (
        """Legge il programma di lavoro pubblicato (DOCUMENTO: testo, PDF o DOCX) in un file di programma.

        Quello che il testo lascia aperto è deciso con una lettura dichiarata ed elencato, con le parole
        pubblicate, perché il Manager lo controlli (anche come commenti in cima al file).""",
        """Read the published work programme (DOCUMENT: text, PDF or DOCX) into a programme file, or
        into a review workbook (-o programma.xlsx or .ods) where the manager reads and corrects it.

        What the text leaves open is decided by a stated reading and listed, with the published words,
        for the manager to check (as comments at the top of the file; in the review, as rows "da
        verificare" saying why)."""),
    "import output": (
        "Il file di programma (.toml) o la revisione da scrivere (.xlsx, o .ods con LibreOffice).",
        "The programme file (.toml) or the review to write (.xlsx, or .ods with LibreOffice)."),
    "import strict": (
        "Non scrive nulla e termina con errore se una lettura va verificata a mano.",
        "Fail, writing nothing, when a reading needs checking by hand."),
    "status": (
        """Mostra quanto è realizzato il programma di DISTRETTO (la cartella del distretto o quella per
        l'Agenzia), che cosa manca e che cosa ha mandato ogni aderente.""",
        """Show how far the programme of WORKBOOK (the district's or the agency's workbook) is realised,
        what is missing, and who of the members has sent what."""),
    "status days": (
        "Conta come in ritardo anche un aderente il cui ultimo invio ha più di N giorni.",
        "Also count as behind a member whose last return is more than N days old."),
    "status reminders": (
        "Scrive un promemoria per ogni aderente in ritardo.",
        "Print a reminder for each member who is behind."),
    "status reminders-dir": (
        "Scrive i promemoria come file di testo in questa cartella.",
        "Write the reminders as text files in this folder."),
    "status by": (
        "La data entro cui i promemoria chiedono gli invii (predefinita: fra due settimane, non dopo il 31/12 "
        "dell'anno del programma).",
        "The date the reminders ask for (default: two weeks from today, not after 31/12 of the programme's "
        "year)."),
    "status force": (
        "Sostituisce anche i solleciti modificati a mano nella cartella.",
        "Also replace the reminders edited by hand in the folder."),
    "distribute": (
        "Scrive un file per ogni organizzazione aderente della cartella DISTRETTO.",
        "Write one workbook per member organisation of the DISTRICT workbook."),
    "distribute output": (
        "La cartella (directory) dove scrivere i file degli aderenti.",
        "The folder for the partners' workbooks."),
    "distribute format": (
        "I file degli aderenti come xlsx (Excel, LibreOffice) o ods (LibreOffice, che serve anche qui).",
        "The partners' workbooks as xlsx (Excel, LibreOffice) or ods (LibreOffice, needs it here too)."),
    "distribute force": (
        "Sovrascrive i file degli aderenti già nella cartella.",
        "Overwrite partner workbooks already in the folder."),
    "validate": (
        """Controlla i file restituiti dagli aderenti (FILE o cartelle) senza cambiare nulla.

        Codice di uscita 0 quando ogni file è valido, 1 altrimenti, 2 quando non c'è nessun file da controllare o
        uno di quelli indicati non esiste.""",
        """Check returned partner workbooks (FILES or folders) without changing anything.

        Exit code 0 when every file is valid, 1 otherwise, 2 when there is no file to check or one named does not
        exist."""),
    "validate district": (
        "Controlla sul programma di questa cartella del distretto (altrimenti: quello dentro ogni file).",
        "Check against this district workbook's programme (default: the programme inside each file)."),
    "merge": (
        """Unisce i file restituiti dagli aderenti (RITORNI: file o cartelle) nella cartella DISTRETTO.

        Di ogni file unisce quello che ha cambiato; applica le scelte fatte nel foglio Conflitti.

        Codice di uscita 1 quando un file o una riga sono stati scartati, trattenuti o saltati, o una riga
        è in conflitto.""",
        """Merge partner returns (INPUTS: files or folders) into the DISTRICT workbook.

        Of each file, what it changed is merged; the choices made in the sheet Conflitti are applied.

        Exit code 1 when a file or a row was rejected, held back or skipped in this run, or a row is in
        conflict."""),
    "sync": (
        """Unisce in DISTRETTO quello che è nuovo nella cartella dei ricevuti; se il programma è cambiato
        riscrive i file degli aderenti.

        I file già uniti sono riconosciuti dal contenuto e saltati. Codice di uscita 1 quando un file o
        una riga sono stati scartati, trattenuti o saltati, o un file rifatto non si è potuto scrivere.""",
        """Merge what is new in the inbox into DISTRICT; refresh the partners' files if the programme changed.

        Returns already merged are recognised by their content and skipped. Exit code 1 when a file or
        a row was rejected, held back or skipped in this run, or a refreshed file could not be written."""),
    "sync inbox": (
        "La cartella dove sono salvati i file ricevuti dagli aderenti.",
        "The folder where the partners' returns are saved."),
    "sync outbox": (
        "Dove scrivere i file degli aderenti rifatti quando il programma è cambiato.",
        "Where to write refreshed partner workbooks when the programme has changed."),
    "update": (
        """Dà a DISTRETTO un programma cambiato: da PROGRAMMA (un file di programma o una revisione scritta
        da «xlsync importa»; con righe «da verificare», solo con --force), o dalle modifiche
        fatte nelle tabelle della cartella stessa (percentuali, richieste, soglia, aggregazione, che cosa
        conta).

        Le evidenze restano attaccate e ogni percentuale è ricalcolata; le righe la cui voce non esiste
        più vanno in «Scarti». I file fatti sul programma precedente si uniscono ancora.""",
        """Give DISTRICT a changed programme: from PROGRAMME (a programme file, or a review written by
        "xlsync import"; with rows still to check, only with --force), or from the edits made
        in the district workbook's own tables (percentages, required counts, threshold, aggregation,
        what counts).

        Evidence stays attached and every percentage is recomputed; rows whose scoring line is gone
        move to Scarti. Returns made from the earlier programme are still merged."""),
    "export": (
        "Scrive la cartella consolidata che l'Agenzia riceve per DISTRETTO.",
        "Write the consolidated workbook the agency receives for DISTRICT."),
    "export output": (
        "La cartella per l'Agenzia da scrivere (.xlsx, o .ods con LibreOffice).",
        "The agency's workbook to write (.xlsx, or .ods with LibreOffice)."),
    "export pdf": (
        "Scrive accanto anche la scheda di autovalutazione in PDF (serve LibreOffice).",
        "Also write the self-evaluation as PDF beside it (needs LibreOffice)."),
    "diff": (
        "Che cosa è cambiato da PRIMO a SECONDO (due versioni del file di un aderente o del distretto).",
        "What changed from FIRST to SECOND (two versions of a partner's or a district's workbook)."),
    "rollup": (
        "La panoramica dell'Agenzia su più DISTRETTI (le loro cartelle per l'Agenzia o del distretto, o "
        "cartelle che le contengono).",
        "The agency's overview of several DISTRICTS (their agency or district workbooks, or folders of them)."),
    "rollup output": (
        "La cartella di panoramica da scrivere (.xlsx).",
        "The overview workbook to write (.xlsx)."),
    "demo": (
        """Fa l'anno sull'esempio incluso (Distretto Family Audit Alta Valsugana 2024).

        lettura del programma pubblicato → nuovo → distribuisci → i file dei sei aderenti → un file corretto
        → una modifica del programma → i file degli aderenti rifatti → un file sul programma cambiato
        → la cartella per l'Agenzia (e il suo PDF se LibreOffice è installato) → stato.""",
        """Run the year on the bundled sample (Distretto Family Audit Alta Valsugana 2024).

        import of the published programme → new → distribute → the six members' returns → a corrected
        return → a change of the programme → refreshed member files → a return on the changed programme
        → the agency's workbook (and its PDF when LibreOffice is installed) → status."""),
    "demo out": (
        "La cartella per i file che l'esempio scrive.",
        "Folder for the files the demo writes."),
    "addin": (
        "Il componente aggiuntivo per l'Excel del Manager (xlwings): pulsanti e funzioni del foglio.",
        "The add-in for the manager's Excel (xlwings): its buttons and worksheet functions."),
    "addin build": (
        "Scrive il componente aggiuntivo (xlsync.xlam) e la cartella pannello con i pulsanti (xlsync.xlsm).",
        "Write the add-in (xlsync.xlam) and the panel workbook with buttons (xlsync.xlsm)."),
    "addin build output": (
        "La cartella per xlsync.xlam (il componente aggiuntivo) e xlsync.xlsm (il pannello).",
        "The folder for xlsync.xlam (the add-in) and xlsync.xlsm (the panel workbook)."),
    "addin build force": (
        "Sovrascrive xlsync.xlam e xlsync.xlsm se esistono già.",
        "Overwrite xlsync.xlam and xlsync.xlsm if they exist."),
    "addin install": (
        "Installa il componente aggiuntivo in Excel (Windows, macOS) e indica a xlwings questo Python.",
        "Install the add-in in Excel (Windows, macOS) and point xlwings at this Python."),
    "addin install output": (
        "Dove tenere il componente aggiuntivo e il pannello costruiti.",
        "Where to keep the built add-in and panel."),
    "libreoffice": (
        "L'estensione per il LibreOffice del Manager: un menu e una barra «xlsync» in Calc.",
        "The extension for the manager's LibreOffice: a menu and a toolbar «xlsync» in Calc."),
    "wheels": (
        "Prende i pacchetti (wheel) da questa cartella invece che da PyPI (senza rete).",
        "Take the packages (wheels) from this folder instead of PyPI (no network)."),
    "libreoffice build": (
        """Scrive l'estensione per LibreOffice (xlsync.oxt), che porta con sé xlsync e ciò che gli serve: si installa
        da Strumenti › Gestione estensioni, senza Python né pip. Scarica i pacchetti da PyPI (serve la rete).""",
        """Write the LibreOffice extension (xlsync.oxt), carrying xlsync and everything it needs: it installs from
        Tools › Extension Manager, without Python or pip. Downloads the packages from PyPI (needs the network)."""),
    "libreoffice build output": (
        "La cartella per xlsync.oxt.",
        "The folder for xlsync.oxt."),
    "libreoffice build platform": (
        "Il sistema del LibreOffice che la userà (predefinito: questo).",
        "The system of the LibreOffice that will use it (default: this one)."),
    "libreoffice build python": (
        "La versione di Python di quel LibreOffice, anche più di una (predefinita: quella del LibreOffice "
        "installato qui; per Windows e macOS quelle delle versioni correnti).",
        "That LibreOffice's Python version, more than one allowed (default: the installed LibreOffice's; for "
        "Windows and macOS those of the current releases)."),
    "libreoffice build force": (
        "Sovrascrive xlsync.oxt se esiste già.",
        "Overwrite xlsync.oxt if it exists."),
    "libreoffice install": (
        "Costruisce l'estensione per questo PC e la installa in LibreOffice per questo utente.",
        "Build the extension for this PC and install it in LibreOffice for this user."),
    "libreoffice install output": (
        "Dove tenere l'estensione costruita (la riscrive ogni volta).",
        "Where to keep the built extension (rewritten each time)."),
    "libreoffice install profile": (
        "Una cartella di profilo utente di LibreOffice (predefinita: quella dell'utente).",
        "A LibreOffice user profile folder (default: the user's own)."),
}

# The names of the commands' arguments and of options' values, in the usage line and the help.
METAVARS: dict[str, tuple[str, str]] = {
    "DIR": ("CARTELLA", "DIR"), "FILE": ("FILE", "FILE"), "FILES": ("FILE...", "FILES..."), "DAYS": ("GIORNI", "DAYS"),
    "DATE": ("GG/MM/AAAA", "DD/MM/YYYY"), "DISTRICT": ("DISTRETTO", "DISTRICT"), "WORKBOOK": ("DISTRETTO", "WORKBOOK"),
    "DISTRICTS": ("DISTRETTI...", "DISTRICTS..."), "DOCUMENT": ("DOCUMENTO", "DOCUMENT"),
    "PROGRAMME": ("PROGRAMMA", "PROGRAMME"), "[PROGRAMME]": ("[PROGRAMMA]", "[PROGRAMME]"),
    "INPUTS": ("RITORNI...", "INPUTS..."), "FIRST": ("PRIMO", "FIRST"), "SECOND": ("SECONDO", "SECOND"),
}

# What xlsync writes, by suffix; the kinds of xlsync's workbooks (as «tipo» in the sheet «xlsync» names them).
WRITES: dict[str, tuple[str, str]] = {
    ".xlsx": ("cartelle Excel", "Excel workbooks"), ".ods": ("cartelle ODF", "ODF workbooks"),
    ".toml": ("il programma come testo TOML", "the programme as TOML text")}
KINDS: dict[str, tuple[str, str]] = {
    "distretto": ("la cartella di lavoro del distretto", "the district workbook"),
    "partner": ("il file di un aderente", "a partner's file"),
    "agenzia": ("la cartella per l'Agenzia", "the agency's workbook")}

# Nouns counted in the lines below: (Italian singular, plural), (English singular, plural).
NOUNS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "action": (("azione", "azioni"), ("action", "actions")),
    "vamt action": (("azione V.A.M.T.", "azioni V.A.M.T."), ("V.A.M.T. action", "V.A.M.T. actions")),
    "project": (("progettualità", "progettualità"), ("project", "projects")),
    "indicator": (("indicatore", "indicatori"), ("indicator", "indicators")),
    "line": (("voce", "voci"), ("scoring line", "scoring lines")),
    "member": (("aderente", "aderenti"), ("member", "members")),
    "file": (("file", "file"), ("file", "files")),
    "evidence": (("evidenza", "evidenze"), ("piece of evidence", "pieces of evidence")),
    "return": (("invio", "invii"), ("return", "returns")),
    "reading to check": (("lettura da verificare a mano, elencata", "letture da verificare a mano, elencate"),
                         ("reading to check by hand, listed", "readings to check by hand, listed")),
    "kind": (("tipo", "tipi"), ("kind", "kinds")),
    "review row taken as read": (
        ("riga della revisione ancora «da verificare», usata come letta",
         "righe della revisione ancora «da verificare», usate come lette"),
        ("row of the review still to check, taken as read", "rows of the review still to check, taken as read")),
}

TEXTS: dict[str, tuple[str, str]] = {
    "version": ("xlsync, versione {version}", "xlsync, version {version}"),
    "merging": ("Unione", "Merging"),
    "not a date": (
        "«{value}» non è una data: scriverla come GG/MM/AAAA, ad esempio 15/12/2024",
        "“{value}” is not a date: write it as DD/MM/YYYY, for example 15/12/2024"),
    "written": ("Scritto {path}", "Written {path}"),
    "written overview": ("Scritto {path}.", "Written {path}."),
    "review pending": ("Attenzione: {rows} (--force).", "Warning: {rows} (--force)."),
    # new
    "district written": (
        "Scritto {path}: {district} {year}, {actions}, {indicators}, {lines} (realizzazione {percent}).",
        "Written {path}: {district} {year}, {actions}, {indicators}, {lines} (realisation {percent})."),
    # import
    "programme written": (
        "Scritto {path}: {district} {year}, {actions} e {projects}, {indicators}, {members}.",
        "Written {path}: {district} {year}, {actions} and {projects}, {indicators}, {members}."),
    "to check in file": (
        "Da verificare a mano ({count}, anche in cima al file):\n{checks}",
        "To check by hand ({count}, also at the top of the file):\n{checks}"),
    "to check in review": (
        "Da verificare a mano ({count}, righe «da verificare» nella revisione):\n{checks}",
        "To check by hand ({count}, rows “da verificare” in the review):\n{checks}"),
    "then new": ("Poi: xlsync nuovo {path} -o distretto.xlsx", "Then: xlsync new {path} -o distretto.xlsx"),
    # distribute
    "partner file": (
        "{path}: {member} (referente in {led}, coinvolta in {involved})",
        "{path}: {member} (lead in {led}, involved in {involved})"),
    "partner files": ("{files} da inviare agli aderenti in {folder}.", "{files} to send to the members in {folder}."),
    # rollup
    "left out": (
        "Non considerato {old}: dello stesso distretto e anno di {new}, scritto dopo.",
        "Left out {old}: of the same district and year as {new}, written later."),
    "rollup line": (
        "{district} {year}: {percent} ({verdict}), {evidence}, {returns}",
        "{district} {year}: {percent} ({verdict}), {evidence}, {returns}"),
    "eligible": ("AMMISSIBILE", "ELIGIBLE"),
    "not eligible": ("NON AMMISSIBILE", "NOT ELIGIBLE"),
    # demo
    "demo imported": (
        "Programma letto dal testo pubblicato: {path} ({readings} in cima al file)",
        "Programme read from the published text: {path} ({readings} at the top of the file)"),
    "demo district": ("Cartella del distretto: {path}", "District workbook: {path}"),
    "demo distributed": ("File da inviare ai {count} aderenti: {folder}", "Files to send to the {count} members: {folder}"),
    "demo returns": ("I sei aderenti rispondono; unione dei file ricevuti:", "The six members answer; the returns merged:"),
    "demo corrected": ("Dial Funghi corregge il suo file e lo rimanda:", "Dial Funghi corrects its file and sends it again:"),
    "demo change": ("A metà anno il programma cambia:", "In the middle of the year the programme changes:"),
    "demo refreshed": (
        "I file degli aderenti rifatti sul programma nuovo, con le loro evidenze:",
        "The members' files made again on the new programme, with their evidence:"),
    "demo after change": (
        "ASIF Chimelli registra la nuova azione nel suo file aggiornato:",
        "ASIF Chimelli records the new action in its refreshed file:"),
    "demo agency": ("Per l'Agenzia:", "For the agency:"),
    "demo status": ("Stato del programma:", "The programme's status:"),
    "demo open": (
        "Aprire {path} in Excel o LibreOffice: «Riepilogo» per le percentuali, «Evidenze» per le righe con la loro "
        "provenienza, «Scarti» e «Invii» per le unioni.",
        "Open {path} in Excel or LibreOffice: “Riepilogo” for the percentages, “Evidenze” for the rows with where "
        "they come from, “Scarti” and “Invii” for the merges."),
    # the Excel add-in's worksheet functions (what a cell shows) and buttons
    "cell error": ("Errore: {detail}", "Error: {detail}"),
    "open workbook": ("cartella", "workbook"),
    "rule not recognised": (
        "regola non riconosciuta: «{rule}»: scrivere ad esempio «20% per ogni incontro» o «100% restituzione di "
        "almeno 2 verbali»",
        "rule not recognised: “{rule}”: write for example «20% per ogni incontro» or «100% restituzione di almeno "
        "2 verbali»"),
    "one kind": ("un tipo", "one kind"),
    "too many quantities": (
        "la regola conta {kinds} di evidenza e le quantità date sono {count}",
        "the rule counts {kinds} of evidence and {count} quantities are given"),
    "yes or no is no quantity": ("{value} non è una quantità", "{value} is not a quantity"),
    "not a quantity": ("«{value}» non è una quantità: scrivere un numero", "“{value}” is not a quantity: write a number"),
    "negative quantity": (
        "la quantità {value} non è un numero da zero in su", "the quantity {value} is not a number from zero up"),
    "no open workbook": (
        "la funzione si usa in una cartella di Excel aperta (xlwings)",
        "the function is used in a workbook open in Excel (xlwings)"),
    "no such code": (
        "nessuna azione o indicatore con il codice «{code}»", "no action or indicator has the code “{code}”"),
    "actions columns": ("Codice|Azione|Realizzazione|Conta|Cosa manca", "Code|Action|Realisation|Counts|Missing"),
    "programme realisation": ("Realizzazione del programma", "Programme realisation"),
    "yes": ("Sì", "Yes"),
    "no": ("No", "No"),
    "unexpected": (
        "xlsync si è fermato per un errore inatteso ({detail}). Inviare questo messaggio a chi cura xlsync.",
        "xlsync stopped on an unexpected error ({detail}). Send this message to whoever looks after xlsync."),
    # the LibreOffice extension's menu: its dialogs
    "ask inbox": ("Cartella con i file ricevuti dagli aderenti", "Folder with the files received from the members"),
    "ask outbox": (
        "Cartella dove scrivere i file da inviare agli aderenti", "Folder for the files to send to the members"),
    "ask returns": ("Cartella con i file da verificare", "Folder with the files to check"),
    "ask agency file": ("Cartella per l'Agenzia", "The agency's workbook"),
    "agency file name": ("{stem} - per l'Agenzia{suffix}", "{stem} - per l'Agenzia{suffix}"),
    "ask district": ("Scegliere la cartella del distretto", "Choose the district workbook"),
    "save district first": ("Salvare prima la cartella del distretto.", "Save the district workbook first."),
    "workbooks": ("Cartella di lavoro (*.xlsx, *.ods)", "Workbook (*.xlsx, *.ods)"),
    "done.": ("Fatto.", "Done."),
    "done, look": ("Fatto, ma qualcosa va guardato:", "Done, but something needs a look:"),
    "not done": ("Non fatto:", "Not done:"),
    "status title": ("xlsync — Stato: {title}", "xlsync — Status: {title}"),
    "close": ("Chiudi", "Close"),
    # the office suites' front ends, set up from the command line
    "extension added": ("estensione {path} installata in LibreOffice", "extension {path} installed in LibreOffice"),
    "extension added to profile": (
        "estensione {path} installata in LibreOffice (profilo {profile})",
        "extension {path} installed in LibreOffice (profile {profile})"),
    "extension carries": (
        "xlsync e ciò che gli serve sono nell'estensione, per Python {pythons}",
        "xlsync and everything it needs are in the extension, for Python {pythons}"),
    "soffice not found": ("soffice non trovato", "soffice not found"),
    "addin written": (
        "Scritto {path}: componente aggiuntivo, scheda «xlsync» della barra multifunzione.",
        "Written {path}: the add-in, the ribbon's tab “xlsync”."),
    "panel written": (
        "Scritto {path}: pannello con i pulsanti dei comandi.",
        "Written {path}: the panel with the commands' buttons."),
    "done": ("Fatto: {what}", "Done: {what}"),
    "addin installed": (
        "Riaprire Excel: la scheda «xlsync» ha i comandi; le funzioni VAMT_… si importano dalla scheda «xlwings» "
        "(Import Functions) nella cartella che le usa.",
        "Open Excel again: the tab “xlsync” has the commands; the functions VAMT_… are imported from the tab "
        "“xlwings” (Import Functions) in the workbook that uses them."),
    "extension written": (
        "Scritto {path}: estensione per LibreOffice su {system} con Python {pythons} ({megabytes} MB), menu e barra "
        "«xlsync» in Calc; porta con sé xlsync e ciò che gli serve.",
        "Written {path}: LibreOffice extension for {system} with Python {pythons} ({megabytes} MB), menu and toolbar "
        "“xlsync” in Calc; it carries xlsync and everything it needs."),
    "extension installed": (
        "Riaprire LibreOffice Calc: il menu «xlsync» e la barra «xlsync» (Visualizza › Barre degli strumenti) hanno "
        "i comandi.",
        "Open LibreOffice Calc again: the menu “xlsync” and the toolbar “xlsync” (View › Toolbars) have the "
        "commands."),
}


def counted(count: int, noun: str) -> tuple[str, str]:
    """A number with its noun in agreement, in Italian and English: (“1 azione”, “1 action”)."""
    (one_it, many_it), (one_en, many_en) = NOUNS[noun]
    return (f"{count} {one_it if count == 1 else many_it}", f"{count} {one_en if count == 1 else many_en}")


def say(key: str, lang: str = "it", **values: Any) -> str:
    """The text `key` in `lang` ("it" or "en"), with its values (a pair is taken in the same language)."""
    index = 1 if lang == "en" else 0
    chosen = {name: value[index] if isinstance(value, tuple) else value for name, value in values.items()}
    return TEXTS[key][index].format(**chosen)
