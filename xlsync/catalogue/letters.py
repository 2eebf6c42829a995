"""The reminder letters for the members behind (`xlsync status --reminders`), for the manager's e-mail."""

TEXTS = {
    "letter_file": ("Sollecito {year} - {name}.txt", "Reminder {year} - {name}.txt"),
    "letter_subject": ("Oggetto: {district}: evidenze {year} da inviare entro il {by}",
                       "Subject: {district}: the {year} evidence to send by {by}"),
    "letter_greeting": ("Gentile {member},", "Dear {member},"),
    "letter_last_sent": ("l'ultimo file che abbiamo ricevuto da voi è del {date}",
                         "the last file we received from you is dated {date}"),
    "letter_none_sent": ("non abbiamo ancora ricevuto le vostre evidenze", "we have not received your evidence yet"),
    "letter_opening": ("per il programma di lavoro {year} del {district} {sent}.",
                       "For the {year} work programme of the {district}, {sent}."),
    "letter_year_over": ("L'anno del programma si è chiuso il {end}: ci servono le evidenze delle attività svolte entro "
                         "quella data, per la scheda di autovalutazione.",
                         "The programme's year ended on {end}: we need the evidence of what was done by that date, "
                         "for the self-evaluation form."),
    "letter_ask": ("Vi chiediamo di registrare le evidenze nel file «{file}» (foglio «{sheet}», una riga per evidenza) "
                   "e di rimandarlo entro il {by}.",
                   "Please record the evidence in the file «{file}» (sheet «{sheet}», one row for each piece of "
                   "evidence) and send it back by {by}."),
    "letter_leads": ("Azioni di cui siete referenti, con quello che manca:",
                     "Actions you are the referent of, with what is missing:"),
    "letter_involved": ("Azioni in cui siete coinvolti, con quello che manca:",
                        "Actions you take part in, with what is missing:"),
    "letter_nothing_asked": ("Le azioni a cui partecipate non chiedono altro: inviate comunque le evidenze delle "
                             "attività svolte, perché restino nel programma.",
                             "The actions you take part in ask for nothing more: still send the evidence of what "
                             "you did, so that it stays in the programme."),
    "letter_how": ("Per ogni evidenza: codice (dall'elenco a discesa), data, descrizione, quantità, organizzazioni e "
                   "persone coinvolte, documento (verbale, link al post, comunicato).",
                   "For each piece of evidence: code (from the dropdown list), date, description, quantity, "
                   "organisations and people involved, document (minutes, link to the post, press release)."),
    "letter_thanks": ("Grazie,", "Thank you,"),
}
