Attribute VB_Name = "Comandi"
' xlsync per il Manager territoriale: i comandi di xlsync dentro Excel.
'
' Ogni comando sceglie la cartella del distretto (quella attiva, se lo e'), chiede la cartella o il
' file che gli serve, chiama la libreria xlsync con RunPython (xlwings) e mostra l'esito.
' I comandi che scrivono la cartella del distretto (Unisci invii, Aggiorna) la salvano e la chiudono
' prima, e la riaprono dopo: xlsync non scrive mai un file aperto in Excel.
'
' "xlsync addin build" mette questo modulo nel componente aggiuntivo xlsync.xlam (scheda "xlsync"
' della barra multifunzione) e nel pannello xlsync.xlsm (pulsanti nel foglio "Comandi").
Option Explicit

Private Const TITOLO As String = "xlsync"
Private Const FOGLIO_XLSYNC As String = "xlsync"

' -- la barra multifunzione ----------------------------------------------------------------

Public Sub RibbonUnisciInvii(control As Object)
    UnisciInvii
End Sub

Public Sub RibbonDistribuisci(control As Object)
    Distribuisci
End Sub

Public Sub RibbonVerifica(control As Object)
    Verifica
End Sub

Public Sub RibbonAggiorna(control As Object)
    Aggiorna
End Sub

Public Sub RibbonStato(control As Object)
    Stato
End Sub

Public Sub RibbonEsporta(control As Object)
    EsportaPerAgenzia
End Sub

' -- i comandi -----------------------------------------------------------------------------

Public Sub UnisciInvii()
    ComandoConCartella "unisci_invii", "Cartella con i file ricevuti dagli aderenti", True
End Sub

Public Sub Distribuisci()
    ComandoConCartella "distribuisci", "Cartella dove scrivere i file da inviare agli aderenti", False
End Sub

Public Sub Verifica()
    ComandoConCartella "verifica", "Cartella con i file da verificare", False
End Sub

Public Sub Aggiorna()
    Dim distretto As String
    If Not SceltaDistretto(distretto) Then Exit Sub
    Esegui "aggiorna", distretto, PyStr(distretto), True
End Sub

Public Sub Stato()
    Dim distretto As String
    If Not SceltaDistretto(distretto) Then Exit Sub
    Esegui "stato", distretto, PyStr(distretto), False
End Sub

Public Sub EsportaPerAgenzia()
    Dim distretto As String, proposta As String, destinazione As Variant
    If Not SceltaDistretto(distretto) Then Exit Sub
    proposta = Replace(distretto, ".xlsx", " - per l'Agenzia.xlsx")
    #If Mac Then
        ' Excel per Mac non accetta i filtri di Windows ("descrizione, *.xlsx")
        destinazione = Application.GetSaveAsFilename(proposta)
    #Else
        destinazione = Application.GetSaveAsFilename(proposta, "Cartella di Excel (*.xlsx), *.xlsx", , _
                                                     "Cartella per l'Agenzia")
    #End If
    If VarType(destinazione) = vbBoolean Then Exit Sub
    Esegui "esporta", distretto, PyStr(distretto) & ", " & PyStr(CStr(destinazione)), False
End Sub

' -- come --------------------------------------------------------------------------------

' Un comando che lavora su una cartella di file: la cartella del distretto, poi quella dei file.
Private Sub ComandoConCartella(comando As String, richiesta As String, scrive As Boolean)
    Dim distretto As String, cartella As String
    If Not SceltaDistretto(distretto) Then Exit Sub
    cartella = SceltaCartella(richiesta)
    If cartella = "" Then Exit Sub
    Esegui comando, distretto, PyStr(distretto) & ", " & PyStr(cartella), scrive
End Sub

' La cartella del distretto: quella attiva se lo e' (ha il foglio nascosto "xlsync"), salvata;
' altrimenti quella che il Manager sceglie.
Private Function SceltaDistretto(ByRef percorso As String) As Boolean
    Dim attiva As Workbook
    Set attiva = ActiveWorkbook
    If Not attiva Is Nothing Then
        If Not attiva Is ThisWorkbook And HaFoglio(attiva, FOGLIO_XLSYNC) Then
            If attiva.Path = "" Then
                MsgBox "Salvare prima la cartella del distretto.", vbExclamation, TITOLO
                Exit Function
            End If
            If Not attiva.Saved Then attiva.Save
            percorso = attiva.FullName
            SceltaDistretto = True
            Exit Function
        End If
    End If
    Dim scelta As Variant
    #If Mac Then
        scelta = Application.GetOpenFilename()
    #Else
        scelta = Application.GetOpenFilename("Cartella del distretto (*.xlsx), *.xlsx", , "Scegliere la cartella del distretto")
    #End If
    If VarType(scelta) = vbBoolean Then Exit Function
    percorso = CStr(scelta)
    SceltaDistretto = True
End Function

Private Function HaFoglio(cartella As Workbook, nome As String) As Boolean
    Dim foglio As Object
    For Each foglio In cartella.Sheets
        If LCase$(foglio.Name) = LCase$(nome) Then
            HaFoglio = True
            Exit Function
        End If
    Next foglio
End Function

Private Function SceltaCartella(richiesta As String) As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .Title = richiesta
        If .Show = -1 Then SceltaCartella = .SelectedItems(1)
    End With
End Function

' Chiama xlsync.excel.functions.<comando>(<argomenti>, <file dell'esito>) e mostra l'esito. Se il comando
' scrive la cartella del distretto, la chiude prima e la riapre dopo.
Private Sub Esegui(comando As String, distretto As String, argomenti As String, scrive As Boolean)
    Dim esito As String, aperta As Workbook, riaprire As Boolean
    esito = FileEsito()
    On Error Resume Next
    Kill esito
    Set aperta = Workbooks(NomeFile(distretto))
    On Error GoTo 0
    If scrive And Not aperta Is Nothing Then
        aperta.Close SaveChanges:=True
        riaprire = True
    End If
    Application.StatusBar = "xlsync: " & comando & "..."
    On Error GoTo NonPartito
    RunPython "import xlsync.excel.functions as x; x." & comando & "(" & argomenti & ", " & PyStr(esito) & ")"
    On Error GoTo 0
    Application.StatusBar = False
    If riaprire Then Workbooks.Open distretto
    MostraEsito esito
    Exit Sub
NonPartito:
    Application.StatusBar = False
    If riaprire Then Workbooks.Open distretto
    MsgBox "xlsync non e' partito: " & Err.Description & vbLf & vbLf & _
           "Controllare che Python, xlwings e xlsync siano installati (xlsync addin install).", vbCritical, TITOLO
End Sub

Private Sub MostraEsito(esito As String)
    Dim testo As String, riga As String, numero As Integer, prima As String, icona As VbMsgBoxStyle
    If Dir(esito) = "" Then
        MsgBox "xlsync non ha risposto: controllare Python e xlsync (xlsync addin install).", vbCritical, TITOLO
        Exit Sub
    End If
    numero = FreeFile
    Open esito For Input As #numero
    Line Input #numero, prima
    Do While Not EOF(numero)
        Line Input #numero, riga
        testo = testo & riga & vbLf
    Loop
    Close #numero
    icona = IIf(prima = "OK", vbInformation, vbExclamation)
    If Len(testo) > 900 Then testo = Left$(testo, 900) & vbLf & "... (il testo intero e' in " & esito & ")"
    MsgBox testo, icona, TITOLO
End Sub

Private Function FileEsito() As String
    #If Mac Then
        FileEsito = Environ("TMPDIR") & "xlsync-esito.txt"
    #Else
        FileEsito = Environ("TEMP") & "\xlsync-esito.txt"
    #End If
End Function

Private Function NomeFile(percorso As String) As String
    Dim separatore As String
    separatore = Application.PathSeparator
    NomeFile = Mid$(percorso, InStrRev(percorso, separatore) + 1)
End Function

' Un testo come stringa di Python: barre, apici e lettere accentate scritti con le loro sequenze.
Private Function PyStr(testo As String) As String
    Dim i As Long, carattere As String, codice As Long, uscita As String
    For i = 1 To Len(testo)
        carattere = Mid$(testo, i, 1)
        codice = AscW(carattere) And &HFFFF&
        If carattere = "\" Then
            uscita = uscita & "\\"
        ElseIf carattere = "'" Then
            uscita = uscita & "\'"
        ElseIf codice < 32 Or codice > 126 Then
            uscita = uscita & "\u" & Right$("000" & Hex$(codice), 4)
        Else
            uscita = uscita & carattere
        End If
    Next i
    PyStr = "'" & uscita & "'"
End Function
