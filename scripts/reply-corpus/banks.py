# Phrase banks: what customers write back to payment reminders, English and German.
EN = {}
DE = {}
EN["promise_to_pay"] = [
 "We will pay invoice {inv} {date}.", "Payment for {inv} will be made {date}.", "The invoice has been approved and will be paid {date}.",
 "We'll transfer the {amt} {date}.", "Sorry for the delay, you will have the money {date}.", "I've scheduled the payment for {date}.",
 "Payment is scheduled for {date}.", "We expect to settle this {date}.", "will pay {date}", "paying {date}, sorry",
 "Our finance team confirmed that {inv} goes out {date}.", "We are waiting for funds from a customer and will pay you {date}.",
 "It's in the queue, expect it {date}.", "You will receive payment {date}.", "The transfer will be initiated {date}.",
 "We apologise for the oversight. The outstanding amount of {amt} will be paid {date}.", "I can confirm we will pay {date}.",
 "Invoice {inv} is approved for payment {date}.", "Our CFO has signed off, the payment will be released {date}.",
 "Thanks for the reminder. We'll get this paid {date}.", "Will be settled {date}.", "Payment {date}. Regards",
 "I will make sure {inv} is paid {date}.", "We promise to clear the balance {date}.", "We intend to pay the full amount {date}.",
 "Funds will be sent {date} via bank transfer.", "Cheque will go in the post {date}.", "We are going to pay {date}, apologies for the wait.",
 "The invoice is now in our system and will be paid {date}.", "Just got approval - payment goes out {date}.",
 "We had a cash flow issue but will pay {inv} in full {date}.", "Expect the wire {date}.",
 "Yes, we will pay. Payment date: {date}.", "Please allow us until {date}, the payment will be made then.",
 "Our accounts payable run processes it {date}.", "We'll pay what we owe {date}, you have my word.",
]
EN["promise_to_pay_nodate"] = [
 "We will pay as soon as possible.", "Payment will follow shortly.", "We'll pay it soon, sorry.", "The invoice is approved and will be paid in the coming days.",
 "We will settle the invoice shortly.", "Will pay asap", "It will be paid, just waiting for the second signature.",
]
DE["promise_to_pay"] = [
 "Wir werden die Rechnung {inv} {date} bezahlen.", "Die Zahlung erfolgt {date}.", "Die Rechnung ist freigegeben und wird {date} überwiesen.",
 "Wir überweisen den Betrag von {amt} {date}.", "Entschuldigen Sie die Verzögerung, Sie erhalten das Geld {date}.", "Ich habe die Zahlung für {date} eingeplant.",
 "Die Überweisung ist für {date} vorgesehen.", "Wir begleichen den offenen Betrag {date}.", "zahlen {date}", "überweisen {date}, sorry",
 "Unsere Buchhaltung hat bestätigt, dass {inv} {date} rausgeht.", "Wir warten noch auf einen Zahlungseingang und zahlen dann {date}.",
 "Die Zahlung wird {date} angewiesen.", "Sie erhalten die Zahlung {date}.", "Wir bitten um Entschuldigung. Der offene Betrag von {amt} wird {date} ausgeglichen.",
 "Ich bestätige, dass wir {date} zahlen.", "Rechnung {inv} ist zur Zahlung freigegeben, Ausführung {date}.", "Die Geschäftsführung hat freigegeben, Zahlung {date}.",
 "Danke für die Erinnerung, wir zahlen {date}.", "Wird {date} beglichen.", "Zahlung {date}. Gruß", "Ich kümmere mich darum, dass {inv} {date} bezahlt wird.",
 "Wir werden den vollen Betrag {date} überweisen.", "Das Geld geht {date} raus.", "Wir hatten einen Engpass, zahlen {inv} aber {date} vollständig.",
 "Ja, wir zahlen. Zahlungstermin: {date}.", "Bitte geben Sie uns Zeit bis {date}, dann ist die Zahlung da.", "Die Rechnung ist erfasst und wird {date} bezahlt.",
 "Gerade die Freigabe bekommen, Überweisung {date}.", "Sie können {date} mit dem Zahlungseingang rechnen.", "Wir zahlen {date}, versprochen.",
 "Die Zahlung ist {date} geplant.", "Wir haben die Überweisung auf {date} terminiert.", "Betrag kommt {date}.",
]
DE["promise_to_pay_nodate"] = [
 "Wir zahlen so schnell wie möglich.", "Die Zahlung folgt in Kürze.", "Wir überweisen zeitnah, sorry.", "Die Rechnung ist freigegeben und wird in den nächsten Tagen bezahlt.",
 "Wir begleichen die Rechnung umgehend.", "Zahlung kommt asap", "Wird bezahlt, es fehlt nur noch die zweite Unterschrift.",
]
EN["already_paid"] = [
 "We already paid invoice {inv} on {pdate}.", "This invoice was paid on {pdate}, please check your records.", "Payment of {amt} was made on {pdate}.",
 "We have already transferred the amount. Please find the remittance advice attached.", "Our records show {inv} was settled on {pdate}.",
 "This has been paid. Reference {inv}, value date {pdate}.", "already paid last week", "Paid on {pdate} via bank transfer, see attached proof of payment.",
 "We sent the cheque on {pdate}.", "The payment went out on {pdate}, it should be in your account by now.", "I paid this by credit card on {pdate}.",
 "Please check again, we paid {amt} on {pdate} with reference {inv}.", "Our bank confirms the transfer of {amt} on {pdate}.",
 "This invoice is settled. We paid it together with {inv2} on {pdate}.", "Already settled - please update your ledger.",
 "We paid this a while ago. Can you check your bank statement for {pdate}?", "The wire was sent on {pdate}, attached is the confirmation.",
 "Payment has been made on {pdate}. Please remove the reminder.", "You should have received it, we paid on {pdate}.",
 "Our payment run on {pdate} included {inv}.", "This was paid in full. Transaction ID {ref}.", "It's paid! Check your account.",
 "We settled {inv} by direct debit on {pdate}.", "We made the payment yesterday.", "Funds were transferred on {pdate} to your account ending {acct}.",
 "The amount was debited from our account on {pdate}.", "We paid the invoice two weeks ago.", "Paid. See remittance attached.",
]
DE["already_paid"] = [
 "Wir haben die Rechnung {inv} bereits am {pdate} bezahlt.", "Die Rechnung wurde am {pdate} beglichen, bitte prüfen Sie Ihre Unterlagen.",
 "Die Zahlung über {amt} erfolgte am {pdate}.", "Wir haben den Betrag bereits überwiesen. Den Zahlungsnachweis finden Sie im Anhang.",
 "Laut unserer Buchhaltung wurde {inv} am {pdate} bezahlt.", "Ist bereits bezahlt. Verwendungszweck {inv}, Valuta {pdate}.", "schon bezahlt letzte Woche",
 "Am {pdate} per Überweisung bezahlt, Beleg anbei.", "Die Überweisung ging am {pdate} raus, das Geld sollte längst bei Ihnen sein.",
 "Bitte prüfen Sie nochmals, wir haben am {pdate} {amt} mit Verwendungszweck {inv} überwiesen.", "Unsere Bank bestätigt die Überweisung von {amt} am {pdate}.",
 "Die Rechnung ist erledigt. Wir haben sie zusammen mit {inv2} am {pdate} bezahlt.", "Bereits ausgeglichen - bitte Ihr Konto aktualisieren.",
 "Das haben wir längst bezahlt. Schauen Sie bitte auf Ihren Kontoauszug vom {pdate}.", "Die Zahlung wurde am {pdate} ausgeführt, Bestätigung anbei.",
 "Die Zahlung ist am {pdate} erfolgt. Bitte stornieren Sie die Mahnung.", "Sie müssten das Geld haben, wir haben am {pdate} gezahlt.",
 "Unser Zahlungslauf vom {pdate} enthielt {inv}.", "Vollständig bezahlt. Transaktionsnummer {ref}.", "Ist bezahlt! Bitte Konto prüfen.",
 "Wurde am {pdate} per Lastschrift eingezogen.", "Wir haben gestern überwiesen.", "Der Betrag wurde am {pdate} von unserem Konto abgebucht.",
 "Die Rechnung haben wir vor zwei Wochen beglichen.", "Bezahlt. Zahlungsavis anbei.", "Die Mahnung ist gegenstandslos, die Zahlung ist am {pdate} erfolgt.",
]
EN["dispute_not_received"] = [
 "We never received the goods for invoice {inv}.", "The delivery has not arrived yet, so we will not pay until it does.", "We have not received the items billed on {inv}.",
 "Nothing was delivered. Please check with your logistics team.", "The service on {inv} was never performed.", "Our warehouse has no record of receiving this shipment.",
 "We are still waiting for the order, why are we being invoiced?", "goods not received", "Part of the order never arrived, only 3 of 5 pallets.",
 "The courier says delivered but we never got it.", "We can't pay for something we didn't receive.", "Your technician never came, so the call-out fee on {inv} is not owed.",
 "Shipment still missing. Tracking shows it stuck in customs.", "We have no proof of delivery for this order. It did not arrive.",
 "The software licences on {inv} were never activated for us.", "The parcel was returned to sender, we never got the products.",
 "Please send the goods first, then we pay.", "We have not received anything from you under PO {po}.", "No delivery, no payment.",
 "The consignment for order {po} has not been delivered to our site.", "The training course invoiced was cancelled and never took place.",
]
DE["dispute_not_received"] = [
 "Wir haben die Ware zur Rechnung {inv} nie erhalten.", "Die Lieferung ist noch nicht angekommen, daher zahlen wir erst danach.",
 "Die in {inv} berechneten Artikel haben wir nicht bekommen.", "Es wurde nichts geliefert. Bitte klären Sie das mit Ihrer Logistik.",
 "Die Leistung aus {inv} wurde nie erbracht.", "Unser Lager hat keinen Wareneingang zu dieser Lieferung.", "Wir warten noch auf die Bestellung, warum bekommen wir schon eine Rechnung?",
 "Ware nicht erhalten", "Ein Teil der Lieferung fehlt, nur 3 von 5 Paletten kamen an.", "Laut Paketdienst zugestellt, bei uns ist aber nichts angekommen.",
 "Wir zahlen nicht für etwas, das wir nicht erhalten haben.", "Ihr Techniker ist nie erschienen, die Anfahrtspauschale in {inv} ist nicht geschuldet.",
 "Die Sendung fehlt weiterhin, sie hängt laut Tracking im Zoll.", "Für diese Bestellung liegt kein Liefernachweis vor. Sie kam nicht an.",
 "Die Lizenzen aus {inv} wurden für uns nie freigeschaltet.", "Das Paket ging an den Absender zurück, wir haben die Ware nie bekommen.",
 "Erst liefern, dann zahlen wir.", "Zur Bestellung {po} haben wir bisher nichts erhalten.", "Keine Lieferung, keine Zahlung.",
 "Die Lieferung zur Bestellung {po} ist bei uns nicht eingegangen.", "Die berechnete Schulung wurde abgesagt und fand nie statt.",
]
EN["dispute_pricing"] = [
 "The price on invoice {inv} does not match our agreed price.", "You charged {amt} but the quote said less.", "We were overcharged on {inv}.",
 "The unit price is higher than in our contract.", "Our agreed discount of 10% is missing from this invoice.", "The rate per hour is wrong, we agreed a lower rate.",
 "You billed 12 units but we only ordered 10.", "The freight charge was not part of the agreement.", "This invoice uses the old price list, please correct it.",
 "wrong price", "The amount is too high. Please issue a credit note for the difference.", "Please correct the pricing on {inv} to match PO {po}.",
 "The invoice includes a surcharge we never agreed to.", "The volume rebate has not been applied.", "Our framework agreement sets a fixed price, yours is different.",
 "We will only pay the agreed amount, not {amt}.", "You invoiced the list price instead of our negotiated price.", "Early payment discount was not deducted.",
 "The quantity billed is wrong, we received fewer hours than invoiced.", "Why has the monthly fee gone up? Nobody told us about a price increase.",
]
DE["dispute_pricing"] = [
 "Der Preis auf der Rechnung {inv} entspricht nicht dem vereinbarten Preis.", "Sie haben {amt} berechnet, laut Angebot war es weniger.", "Die Rechnung {inv} ist zu hoch.",
 "Der Einzelpreis liegt über dem Vertragspreis.", "Der vereinbarte Rabatt von 10 % fehlt auf der Rechnung.", "Der Stundensatz ist falsch, wir hatten einen niedrigeren vereinbart.",
 "Sie haben 12 Stück berechnet, bestellt waren aber nur 10.", "Die Frachtkosten waren nicht vereinbart.", "Die Rechnung basiert auf der alten Preisliste, bitte korrigieren.",
 "falscher Preis", "Der Betrag ist zu hoch. Bitte stellen Sie eine Gutschrift über die Differenz aus.", "Bitte korrigieren Sie die Preise auf {inv} gemäß Bestellung {po}.",
 "Die Rechnung enthält einen Zuschlag, den wir nie vereinbart haben.", "Der Mengenrabatt wurde nicht berücksichtigt.", "Laut Rahmenvertrag gilt ein Festpreis, Ihrer weicht ab.",
 "Wir zahlen nur den vereinbarten Betrag, nicht {amt}.", "Sie haben den Listenpreis statt unseres Sonderpreises berechnet.", "Das Skonto wurde nicht abgezogen.",
 "Die abgerechneten Stunden stimmen nicht, es waren weniger.", "Warum ist die Monatsgebühr gestiegen? Über eine Preiserhöhung wurden wir nicht informiert.",
]
EN["dispute_quality"] = [
 "The goods delivered under {inv} were damaged.", "Half of the items are defective, we will not pay until this is resolved.", "The quality of the work is not acceptable.",
 "The machine broke down after two days.", "The products do not meet the specification we ordered.", "We are returning the faulty units, please issue a credit.",
 "damaged on arrival", "The installation was done badly and had to be redone by another company.", "The material is the wrong colour and unusable.",
 "Your consultant's report was incomplete and of poor quality.", "The software has constant bugs, we are not paying for a product that does not work.",
 "Several bottles were broken in the delivery.", "The food was spoiled when it arrived.", "We filed a complaint about the quality last month and it is still open.",
 "The printing is blurred, the whole batch is useless.", "The repair did not fix the problem.", "Goods arrived scratched and dented, photos attached.",
 "We rejected the delivery because of quality issues.", "The service level was far below what the contract promises.",
]
DE["dispute_quality"] = [
 "Die mit {inv} gelieferte Ware war beschädigt.", "Die Hälfte der Artikel ist defekt, wir zahlen erst nach Klärung.", "Die Qualität der Arbeit ist nicht akzeptabel.",
 "Die Maschine ist nach zwei Tagen ausgefallen.", "Die Produkte entsprechen nicht der bestellten Spezifikation.", "Wir schicken die fehlerhaften Teile zurück, bitte Gutschrift erstellen.",
 "Ware beschädigt angekommen", "Die Montage war mangelhaft und musste von einer anderen Firma nachgebessert werden.", "Das Material hat die falsche Farbe und ist unbrauchbar.",
 "Das Gutachten Ihres Beraters war unvollständig und mangelhaft.", "Die Software hat ständig Fehler, für ein Produkt, das nicht funktioniert, zahlen wir nicht.",
 "Mehrere Flaschen waren bei der Lieferung zerbrochen.", "Die Lebensmittel waren bei Ankunft verdorben.", "Wir haben letzten Monat reklamiert und die Reklamation ist noch offen.",
 "Der Druck ist verschwommen, die ganze Charge ist unbrauchbar.", "Die Reparatur hat das Problem nicht behoben.", "Die Ware kam zerkratzt und verbeult an, Fotos anbei.",
 "Wir haben die Lieferung wegen Mängeln abgelehnt.", "Die Leistung lag weit unter dem vertraglich zugesicherten Niveau.", "Mängelrüge zu {inv}: die Teile sind nicht maßhaltig.",
]
EN["dispute_duplicate"] = [
 "Invoice {inv} is a duplicate of {inv2}, which we already paid.", "You have billed us twice for the same delivery.", "This is the same invoice as {inv2}, just with a new number.",
 "We received two invoices for one order.", "duplicate invoice", "Please cancel {inv}, it duplicates {inv2}.", "The same service was invoiced twice this month.",
 "{inv} and {inv2} are for the same PO {po}. We will pay only one.", "Looks like a double charge, the amount {amt} appears twice on your statement.",
 "You invoiced the March subscription twice.", "This invoice was already issued before under a different number.", "We got charged two times for the same shipment.",
 "Your system generated a second invoice for the same work.", "Identical invoices {inv} and {inv2}, please credit one of them.",
]
DE["dispute_duplicate"] = [
 "Die Rechnung {inv} ist ein Duplikat von {inv2}, die wir bereits bezahlt haben.", "Sie haben uns dieselbe Lieferung zweimal berechnet.", "Das ist dieselbe Rechnung wie {inv2}, nur mit neuer Nummer.",
 "Wir haben für eine Bestellung zwei Rechnungen erhalten.", "doppelte Rechnung", "Bitte stornieren Sie {inv}, sie ist doppelt zu {inv2}.", "Dieselbe Leistung wurde diesen Monat zweimal abgerechnet.",
 "{inv} und {inv2} betreffen dieselbe Bestellung {po}. Wir zahlen nur eine davon.", "Sieht nach einer Doppelbelastung aus, der Betrag {amt} steht zweimal auf Ihrem Kontoauszug.",
 "Sie haben das Märzabo doppelt berechnet.", "Diese Rechnung wurde schon einmal unter anderer Nummer gestellt.", "Uns wurde dieselbe Sendung zweimal in Rechnung gestellt.",
 "Ihr System hat für dieselbe Arbeit eine zweite Rechnung erzeugt.", "Identische Rechnungen {inv} und {inv2}, bitte eine davon gutschreiben.", "Doppelt fakturiert!",
]
EN["dispute_tax"] = [
 "VAT has been charged incorrectly on {inv}.", "We are tax exempt, please reissue the invoice without sales tax.", "This should be reverse charge, you cannot charge us VAT.",
 "The VAT rate is wrong, it should be 7% not 19%.", "Our VAT ID is missing from the invoice, so we cannot deduct the input tax.", "wrong tax",
 "You added sales tax although we sent you our exemption certificate.", "The invoice shows the wrong VAT number.", "Intra-community supply, no VAT should be on this invoice.",
 "The tax amount on {inv} doesn't add up.", "Please correct the VAT, our auditor rejected the invoice.", "GST was charged twice on this invoice.",
 "We are a charity and exempt from VAT.", "The withholding tax was not considered on {inv}.", "Please issue a corrected invoice with the correct tax rate.",
]
DE["dispute_tax"] = [
 "Die Mehrwertsteuer auf {inv} ist falsch berechnet.", "Wir sind steuerbefreit, bitte stellen Sie die Rechnung ohne Umsatzsteuer neu aus.",
 "Das ist ein Reverse-Charge-Fall, Sie dürfen keine MwSt. berechnen.", "Der Steuersatz ist falsch, es müssten 7 % statt 19 % sein.",
 "Unsere USt-IdNr. fehlt auf der Rechnung, so können wir keine Vorsteuer ziehen.", "falsche MwSt", "Sie haben Umsatzsteuer berechnet, obwohl wir die Freistellungsbescheinigung geschickt haben.",
 "Auf der Rechnung steht die falsche Umsatzsteuer-ID.", "Innergemeinschaftliche Lieferung, auf der Rechnung darf keine Umsatzsteuer stehen.", "Der Steuerbetrag auf {inv} stimmt nicht.",
 "Bitte korrigieren Sie die Umsatzsteuer, unser Steuerberater hat die Rechnung abgelehnt.", "Die Steuer wurde doppelt ausgewiesen.", "Wir sind gemeinnützig und von der Umsatzsteuer befreit.",
 "Die Rechnung erfüllt nicht die Anforderungen nach § 14 UStG.", "Bitte stellen Sie eine korrigierte Rechnung mit dem richtigen Steuersatz aus.", "Steuersatz falsch, bitte Korrektur.",
]
EN["request_documentation"] = [
 "Could you send us a copy of invoice {inv}?", "Please send the proof of delivery for {inv}.", "We need the PO number on the invoice before we can pay.",
 "Can you send a statement of account?", "Please resend the invoice as PDF, we can't find it.", "We never got the invoice. Can you email it again?",
 "Please provide the signed delivery note.", "Could you send us your W-9?", "We need the timesheets for the hours billed on {inv}.",
 "send copy pls", "Can I get an itemised breakdown of {inv}?", "Our system requires invoices via the portal. Please upload {inv} there.",
 "Please send the original invoice by post, we need it for our records.", "Could you provide your bank details on company letterhead?",
 "Which order does {inv} relate to? Please send the order confirmation.", "Please send us the contract so we can check the terms.",
 "Can you send me all open invoices in one list?", "We need a copy of the credit note you mentioned.", "Please send the invoice to our e-invoicing address in XRechnung format.",
 "Where can I download the invoice? The link doesn't work.",
]
DE["request_documentation"] = [
 "Könnten Sie uns eine Kopie der Rechnung {inv} schicken?", "Bitte senden Sie uns den Liefernachweis zu {inv}.", "Wir benötigen die Bestellnummer auf der Rechnung, sonst können wir nicht zahlen.",
 "Können Sie uns einen Kontoauszug schicken?", "Bitte schicken Sie die Rechnung nochmal als PDF, wir finden sie nicht.", "Die Rechnung ist nie bei uns angekommen. Können Sie sie nochmal mailen?",
 "Bitte senden Sie uns den unterschriebenen Lieferschein.", "Bitte schicken Sie uns die Stundennachweise zu {inv}.", "kopie bitte", "Kann ich eine detaillierte Aufstellung zu {inv} bekommen?",
 "Rechnungen bitte über unser Portal einreichen, bitte laden Sie {inv} dort hoch.", "Bitte senden Sie uns die Originalrechnung per Post.", "Bitte bestätigen Sie Ihre Bankverbindung auf Firmenpapier.",
 "Zu welcher Bestellung gehört {inv}? Bitte schicken Sie die Auftragsbestätigung.", "Bitte senden Sie uns den Vertrag, damit wir die Konditionen prüfen können.",
 "Können Sie mir alle offenen Posten in einer Liste schicken?", "Wir brauchen eine Kopie der erwähnten Gutschrift.", "Bitte schicken Sie die Rechnung als XRechnung an unsere E-Rechnungsadresse.",
 "Wo kann ich die Rechnung herunterladen? Der Link funktioniert nicht.", "Bitte senden Sie uns eine Saldenbestätigung.",
]
EN["payment_plan_request"] = [
 "Could we pay {inv} in three monthly instalments?", "We are in a difficult financial situation. Can we agree on a payment plan?", "Would it be possible to split the payment?",
 "Can we pay {amt} per month until the balance is cleared?", "We'd like to propose paying half now and half next month.", "Could you give us an extension of 30 days?",
 "payment plan possible?", "We can't pay the full amount at once. Would you accept instalments?", "Is a deferral possible? Our business is struggling.",
 "We propose to pay in 4 instalments of {amt}.", "Can we spread the payment over the next three months?", "Please allow us to pay in parts.",
 "Could we arrange partial payments starting {date}?", "We propose instalments, the first one {date}.", "Can we pay {amt} {date} and the rest in two instalments?",
 "We need more time. Would monthly payments be acceptable?", "Our cash flow is tight; could we discuss a repayment schedule?",
]
DE["payment_plan_request"] = [
 "Können wir {inv} in drei Monatsraten zahlen?", "Wir sind in einer schwierigen finanziellen Lage. Ist eine Ratenzahlung möglich?", "Wäre eine Aufteilung der Zahlung möglich?",
 "Können wir monatlich {amt} zahlen, bis der Betrag beglichen ist?", "Wir würden gern die Hälfte jetzt und die Hälfte nächsten Monat zahlen.", "Könnten Sie uns eine Stundung um 30 Tage gewähren?",
 "ratenzahlung möglich?", "Wir können den vollen Betrag nicht auf einmal zahlen. Akzeptieren Sie Raten?", "Ist ein Zahlungsaufschub möglich? Unser Geschäft läuft schlecht.",
 "Wir schlagen vier Raten zu je {amt} vor.", "Können wir die Zahlung auf die nächsten drei Monate verteilen?", "Bitte gestatten Sie uns Teilzahlungen.",
 "Können wir Teilzahlungen ab {date} vereinbaren?", "Wir schlagen Raten vor, die erste {date}.", "Können wir {amt} {date} zahlen und den Rest in zwei Raten?",
 "Wir brauchen mehr Zeit. Wären monatliche Zahlungen in Ordnung?", "Unsere Liquidität ist angespannt; können wir über einen Tilgungsplan sprechen?",
]
EN["contact_change"] = [
 "I no longer work in accounts payable. Please contact {email} instead.", "Please send all invoices to {email} from now on.", "Our billing address has changed to {address}.",
 "{name} has left the company. The new contact is {name2} ({email}).", "Please update your records: our AP email is now {email}.", "wrong person, try {email}",
 "I'm not the right contact for invoices, please write to {email}.", "We have moved. New address: {address}.", "Please remove me from this mailing list and use {email}.",
 "Our company name changed to {company}, please update the invoice address.", "Accounts payable is now handled by our head office, {email}.",
 "Please address future reminders to {name2}, our new finance manager.", "I'm no longer responsible for this account.", "New phone number for AP: {phone}.",
]
DE["contact_change"] = [
 "Ich bin nicht mehr in der Kreditorenbuchhaltung. Bitte wenden Sie sich an {email}.", "Bitte senden Sie alle Rechnungen ab sofort an {email}.", "Unsere Rechnungsadresse hat sich geändert: {address}.",
 "{name} hat das Unternehmen verlassen. Neuer Ansprechpartner ist {name2} ({email}).", "Bitte aktualisieren Sie Ihre Daten: unsere Buchhaltungsadresse lautet jetzt {email}.", "falscher Ansprechpartner, bitte an {email}",
 "Ich bin für Rechnungen nicht zuständig, bitte schreiben Sie an {email}.", "Wir sind umgezogen. Neue Adresse: {address}.", "Bitte nehmen Sie mich aus dem Verteiler und nutzen Sie {email}.",
 "Unser Firmenname hat sich in {company} geändert, bitte passen Sie die Rechnungsadresse an.", "Die Kreditorenbuchhaltung übernimmt jetzt unsere Zentrale, {email}.",
 "Bitte richten Sie künftige Mahnungen an {name2}, unsere neue Leiterin Finanzen.", "Ich bin für dieses Konto nicht mehr zuständig.", "Neue Telefonnummer der Buchhaltung: {phone}.",
]
EN["auto_reply"] = [
 "I am currently out of the office until {back} with limited access to email. For urgent matters please contact {email}.",
 "Thank you for your email. I am on annual leave and will return on {back}.", "Automatic reply: I'm out of office until {back}. Your message will not be forwarded.",
 "This is an automated response. We have received your message and will get back to you within 2 business days.", "Out of office until {back}.",
 "I am away from the office with no access to email. I will respond upon my return on {back}.", "Thank you for contacting accounts payable. Your ticket number is {ref}. Please do not reply to this email.",
 "This mailbox is not monitored. Please send invoices to {email}.", "I'm on parental leave until {back}. Please contact {name2} at {email}.",
 "Auto-reply: thanks for your message, our team will respond as soon as possible.", "I am currently travelling and will reply when I'm back on {back}.",
]
DE["auto_reply"] = [
 "Ich bin bis {back} nicht im Büro und habe nur eingeschränkten Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an {email}.",
 "Vielen Dank für Ihre Nachricht. Ich bin im Urlaub und ab {back} wieder erreichbar.", "Abwesenheitsnotiz: Ich bin bis {back} abwesend. Ihre Nachricht wird nicht weitergeleitet.",
 "Dies ist eine automatisch generierte Antwort. Wir haben Ihre Nachricht erhalten und melden uns innerhalb von 2 Werktagen.", "Bis {back} außer Haus.",
 "Ich bin derzeit nicht im Büro und habe keinen Zugriff auf meine E-Mails. Nach meiner Rückkehr am {back} melde ich mich.",
 "Vielen Dank für Ihre Anfrage an die Kreditorenbuchhaltung. Ihre Ticketnummer lautet {ref}. Bitte antworten Sie nicht auf diese E-Mail.",
 "Dieses Postfach wird nicht überwacht. Bitte senden Sie Rechnungen an {email}.", "Ich bin bis {back} in Elternzeit. Bitte wenden Sie sich an {name2} unter {email}.",
 "Automatische Antwort: Danke für Ihre Nachricht, wir melden uns schnellstmöglich.", "Ich bin auf Dienstreise und antworte nach meiner Rückkehr am {back}.",
]
EN["other"] = [
 "Thanks, I'll look into it.", "I have forwarded your email to our accounts team.", "Received, thank you.", "Who is this? I don't recognise your company.",
 "Let me check with my colleague and get back to you.", "Can you call me about this?", "Thanks for the heads up.", "ok", "Noted.",
 "Please unsubscribe me from your newsletter.", "Is this related to the project we discussed last year?", "I'm checking internally and will come back to you.",
 "We are reviewing the invoice.", "Could we schedule a meeting next week to discuss our account?", "Happy new year to you and the team!",
 "We're interested in ordering more, can you send a quote?", "I'll pass this on to the right department.", "What is this about?", "Thanks for your patience.",
 "Our system migration is ongoing, we'll get back to you.", "Please stop sending these emails.", "Can you tell me the balance on our account?",
]
DE["other"] = [
 "Danke, ich schaue es mir an.", "Ich habe Ihre E-Mail an unsere Buchhaltung weitergeleitet.", "Erhalten, danke.", "Wer sind Sie? Ich kenne Ihre Firma nicht.",
 "Ich kläre das mit meiner Kollegin und melde mich.", "Können Sie mich deswegen anrufen?", "Danke für den Hinweis.", "ok", "Zur Kenntnis genommen.",
 "Bitte melden Sie mich vom Newsletter ab.", "Geht es um das Projekt vom letzten Jahr?", "Ich prüfe das intern und komme auf Sie zurück.",
 "Wir prüfen die Rechnung.", "Können wir nächste Woche einen Termin vereinbaren, um unser Konto zu besprechen?", "Frohes neues Jahr Ihnen und dem Team!",
 "Wir möchten nachbestellen, können Sie ein Angebot schicken?", "Ich gebe das an die zuständige Abteilung weiter.", "Worum geht es?", "Danke für Ihre Geduld.",
 "Wir stellen gerade unser System um und melden uns.", "Bitte hören Sie auf, diese E-Mails zu senden.", "Können Sie mir den Saldo unseres Kontos nennen?",
]
GREET_EN = ["Hi,", "Hello,", "Dear Sir or Madam,", "Hi {first},", "Good morning,", "Dear {first},", "", "", "Hello {first},", "Hey,"]
GREET_DE = ["Hallo,", "Sehr geehrte Damen und Herren,", "Hallo {first},", "Guten Morgen,", "Liebe Frau {last},", "Sehr geehrter Herr {last},", "", "", "Moin,", "Guten Tag,"]
CLOSE_EN = ["Regards,\n{first}", "Best regards,\n{first} {last}", "Thanks,\n{first}", "Kind regards\n{first} {last}\nAccounts Payable\n{company}", "", "Cheers", "Thank you", "BR {first}"]
CLOSE_DE = ["Gruß\n{first}", "Mit freundlichen Grüßen\n{first} {last}", "Danke und Gruß\n{first}", "Viele Grüße\n{first} {last}\nBuchhaltung\n{company}", "", "LG", "Beste Grüße", "MfG {last}"]
# Short secondary sentences that never change the label (multi-intent: the primary must win).
AFTER_EN = ["Sorry for the late reply.", "Thanks for your patience.", "Have a nice weekend.", "Let me know if you need anything else.", "Apologies for any inconvenience."]
AFTER_DE = ["Sorry für die späte Antwort.", "Danke für Ihre Geduld.", "Schönes Wochenende.", "Melden Sie sich, wenn Sie noch etwas brauchen.", "Entschuldigen Sie die Umstände."]
QUOTE_EN = "\n\nOn {qday}, Accounts Receivable <ar@supplier.example> wrote:\n> Dear customer,\n> our records show that invoice {inv} over {amt} is overdue.\n> Please arrange payment or let us know if there is a problem."
QUOTE_DE = "\n\nAm {qday} schrieb Debitorenbuchhaltung <ar@lieferant.example>:\n> Sehr geehrte Damen und Herren,\n> die Rechnung {inv} über {amt} ist überfällig.\n> Bitte veranlassen Sie die Zahlung oder teilen Sie uns mit, falls es ein Problem gibt."
OUTLOOK_EN = "\n\n-----Original Message-----\nFrom: Accounts Receivable <ar@supplier.example>\nSent: {qday}\nSubject: Payment reminder {inv}\n\nDear customer, invoice {inv} is now overdue. Please pay {amt}."
OUTLOOK_DE = "\n\nVon: Debitorenbuchhaltung <ar@lieferant.example>\nGesendet: {qday}\nBetreff: Zahlungserinnerung {inv}\n\nSehr geehrte Damen und Herren, die Rechnung {inv} ist überfällig. Bitte zahlen Sie {amt}."
FIRST = ["Anna", "Tom", "Jürgen", "Sarah", "Mehmet", "Lisa", "Peter", "Julia", "Michael", "Sabine", "Raj", "Emma", "Klaus", "Olga", "David", "Björn"]
LAST = ["Müller", "Smith", "Schmidt", "Jones", "Weiß", "Becker", "Patel", "Groß", "Wagner", "Brown", "Nguyen", "Hoffmann", "Öztürk", "Fischer"]
COMPANY = ["Acme GmbH", "Globex Ltd", "Müller & Söhne KG", "Initech Inc.", "Nordwind AG", "Brightline Logistics", "Bäckerei Groß", "Hansen Consulting"]
