#!/usr/bin/env python3
"""The held-out reply set (Tests/ARCoreTests/ReplyHeldOutSet.swift), written separately from the
training phrase banks, never trained on. Expected promise dates are computed from the documented
rules by dates.py. Run: python3 scripts/reply-corpus/heldout.py ."""
import os, sys, datetime as dt
sys.path.insert(0, os.path.dirname(__file__))
from dates import *
M = D(2026, 11, 4)   # a Wednesday
T = D(2026, 11, 10)  # a Tuesday
F = D(2026, 11, 13)  # a Friday
J = D(2027, 1, 18)   # a Monday
def days(d, n): return d + dt.timedelta(days=n)
P = "promise_to_pay"
rows = []
def add(label, lang, d, expected, text): rows.append((label, lang, d, expected, text))
# promise_to_pay, English
add(P,"en",M,upcoming(M,4),"Hi there, sorry about this one slipping through. I'll make sure it gets paid on Friday.")
add(P,"en",M,days(M,1),"will transfer tomorrow morning")
add(P,"en",M,eom(M),"Thanks for the nudge. Our AP team will process INV-2026-3312 before the end of the month.")
add(P,"en",T,next_week_day(T,0),"Dear AR team,\nthe invoice is approved. Payment will be executed next Monday.\nBest,\nMarta")
add(P,"en",M,D(2026,11,20),"We plan to pay the balance of $4,310.00 on 20 November.")
add(P,"en",M,D(2026,11,15),"Payment date for 88123 is 15/11/2026.")
add(P,"en",M,D(2026,11,15),"Remittance will follow, funds release 2026-11-15.")
add(P,"en",F,D(2026,11,25),"We are a US company - payment will be made 11/25/2026 by ACH.")
add(P,"en",M,days(M,14),"Cash is tight right now but you'll have it in two weeks, promise.")
add(P,"en",M,days(M,10),"We will settle the account within 10 days.")
add(P,"en",M,days(M,7),"It's been added to our next payment run.")
add(P,"en",M,D(2026,11,20),"Hi, should be with you by the 20th. Cheers, Dave")
add(P,"en",T,next_week_day(T,4),"Apologies - our controller is travelling. We will get the payment out by the end of next week.")
add(P,"en",M,D(2026,12,5),"Our payment terms are net 30 but we can do it on Dec. 5, hope that's ok.")
add(P,"en",M,D(2026,11,5),"Sorry, I missed that. Paying it on the 5th of November.")
add(P,"en",F,upcoming(F,3),"thx for the reminder, it goes out thursday")
add(P,"en",M,upcoming(M,4,True),"We'll pay this Friday. Also, can you send me the statement for October? Thanks")
add(P,"en",J,eom(J),"Hello, January close is keeping us busy; you will receive payment for both invoices by month-end. Kind regards, Priya Shah | Finance")
add(P,"en",M,days(M,1),"Approved today, payment will hit your account tomorrow.\n\nOn Tue, 3 Nov 2026, AR <ar@x.example> wrote:\n> Invoice 7781 is 30 days overdue.")
add(P,"en",T,None,"We'll pay shortly, just waiting on the sign-off from our director.")
add(P,"en",M,upcoming(M,0),"Paymnet will be done on monday, sorry for teh delay")
add(P,"en",F,D(2026,11,30),"Our bank holiday schedule means the transfer will only go out on 30.11.2026.")
# promise_to_pay, German
add(P,"de",M,upcoming(M,4),"Hallo, sorry, das ist untergegangen. Ich überweise am Freitag.")
add(P,"de",M,days(M,1),"überweisung geht morgen raus")
add(P,"de",M,eom(M),"Danke für die Erinnerung. Die Buchhaltung zahlt die RE-2026-3312 bis Ende des Monats.")
add(P,"de",T,next_week_day(T,0),"Sehr geehrte Damen und Herren,\ndie Rechnung ist freigegeben. Die Zahlung wird nächsten Montag ausgeführt.\nMit freundlichen Grüßen\nM. Krause")
add(P,"de",M,D(2026,11,20),"Wir zahlen den Restbetrag von 4.310,00 € am 20. November.")
add(P,"de",M,D(2026,11,15),"Zahlungstermin für 88123 ist der 15.11.2026.")
add(P,"de",M,eom(M),"Wird zum Monatsende beglichen.")
add(P,"de",M,days(M,14),"Liquidität ist gerade knapp, aber in zwei Wochen haben Sie Ihr Geld.")
add(P,"de",M,days(M,10),"Wir gleichen das Konto innerhalb von 10 Tagen aus.")
add(P,"de",M,days(M,7),"Die Rechnung ist für den nächsten Zahlungslauf vorgemerkt.")
add(P,"de",M,D(2026,11,20),"Hallo, bis zum 20. ist das Geld bei Ihnen. Gruß Dieter")
add(P,"de",T,next_week_day(T,4),"Unser Controller ist unterwegs, wir zahlen bis Ende nächster Woche.")
add(P,"de",M,D(2026,12,5),"Wir können am 5.12. zahlen, ich hoffe das passt.")
add(P,"de",F,upcoming(F,3),"danke, geht donnerstag raus")
add(P,"de",M,upcoming(M,4,True),"Wir zahlen diesen Freitag. Können Sie mir auch den Kontoauszug für Oktober schicken?")
add(P,"de",J,eom(J),"Hallo, wegen des Jahresabschlusses erst Monatsende, dann aber beide Rechnungen. Viele Grüße, Petra Lang | Finanzen")
add(P,"de",M,days(M,1),"Heute freigegeben, morgen ist das Geld auf Ihrem Konto.\n\nAm 03.11.2026 schrieb Buchhaltung <ar@x.example>:\n> Die Rechnung 7781 ist seit 30 Tagen überfällig.")
add(P,"de",T,None,"Wir zahlen in Kürze, es fehlt nur noch die Freigabe der Geschäftsführung.")
add(P,"de",M,upcoming(M,0),"Zahlung erfolgt am montag, sorry für die verspätung")
add(P,"de",F,D(2026,11,30),"Die Überweisung kann erst am 30.11.2026 ausgeführt werden.")
add(P,"de",M,days(M,14),"Wir zahlen in 14 Tagen, sobald unser Kunde bezahlt hat.")
add(P,"de",T,next_week_day(T,4),"Bezahlung erfolgt nächste Woche. MfG")
add(P,"de",M,eom(som_next(M)),"Leider geht es erst Ende nächsten Monats, dann aber vollständig.")
A="already_paid"
for t in ["This was paid on 28 October, please check.", "We settled invoice 55123 via SEPA last Thursday. Remittance attached.", "Paid in full on 2026-10-30, ref INV-2026-3019.",
 "I'm confused, our bank shows the payment left our account on 10/29/2026.", "already paid!!", "We paid this weeks ago - can you double check your side?",
 "Hi, you should see $1,200.00 from us dated Oct 27. That covers 4471 and 4472.", "Payment has been sent. Please see the attached wire confirmation.",
 "Our records show that this invoice was paid by check #10442 on October 20.", "We've paid. Maybe it was allocated to the wrong account?",
 "The balance was cleared with our transfer on 02/11/2026.", "Hello - this was paid together with the September invoices, total EUR 8,450.00.",
 "Sent the money on Monday, it should arrive any moment.", "We paid by card through your portal yesterday, confirmation number 88A-2231.",
 "I already made that payment on 1 November. Please stop sending reminders.", "FYI: invoice 2026/118 was settled on 30.10. Thanks",
 "Dear AR, the amount was remitted on October 31st, reference 'INV 3390'. Regards, Finance Dept.", "paid it last friday",
 "We transferred the full amount on 29th October from our HSBC account.", "This one is done, we paid it on the 2nd."]:
    add(A,"en",M,None,t)
for t in ["Das wurde am 28. Oktober bezahlt, bitte prüfen.", "Wir haben die Rechnung 55123 letzten Donnerstag per SEPA beglichen. Avis anbei.", "Am 30.10.2026 vollständig bezahlt, Verwendungszweck RE-2026-3019.",
 "Laut unserer Bank ging die Zahlung am 29.10. raus.", "schon bezahlt!!", "Wir haben das vor Wochen überwiesen - können Sie bitte bei sich nachsehen?",
 "Hallo, bei Ihnen müssten 1.200,00 € vom 27.10. eingegangen sein, das deckt 4471 und 4472 ab.", "Die Zahlung ist raus, Überweisungsbeleg im Anhang.",
 "Die Rechnung wurde mit Scheck Nr. 10442 am 20. Oktober bezahlt.", "Wir haben gezahlt. Vielleicht wurde es falsch zugeordnet?",
 "Der Saldo wurde mit unserer Überweisung vom 02.11.2026 ausgeglichen.", "Hallo, das wurde zusammen mit den Septemberrechnungen bezahlt, insgesamt 8.450,00 EUR.",
 "Habe das Geld am Montag angewiesen, es sollte jeden Moment ankommen.", "Wir haben gestern per Karte über Ihr Portal bezahlt, Bestätigungsnummer 88A-2231.",
 "Ich habe die Zahlung bereits am 1. November getätigt. Bitte keine Mahnungen mehr.", "Zur Info: die Rechnung 2026/118 wurde am 30.10. beglichen. Danke",
 "Sehr geehrte Damen und Herren, der Betrag wurde am 31.10. mit Verwendungszweck 'RE 3390' überwiesen. MfG Buchhaltung", "letzten freitag bezahlt",
 "Wir haben den vollen Betrag am 29.10. von unserem Sparkassenkonto überwiesen.", "Erledigt, haben am 2. bezahlt."]:
    add(A,"de",M,None,t)
L="dispute_not_received"
for t in ["We can't pay 7781 - the pallets never showed up at our warehouse.", "Where is our order? We got the invoice but no goods.", "Tracking says delivered, but nobody here signed for it. Please investigate before chasing payment.",
 "The consultant's workshop on 12 October was cancelled by your side and never happened, so this invoice is not due.", "Hi, the replacement parts you billed never arrived.",
 "not delivered yet", "We only received 40 of the 100 units invoiced. The rest is missing.", "Your engineer didn't turn up for the maintenance visit you invoiced.",
 "We have no goods receipt for PO 4500123456. Please provide proof of delivery; until then the invoice is on hold.", "The subscription was never activated so we haven't received any service.",
 "Dear sirs, the shipment referenced on INV-2026-2210 has not reached us.", "We are still waiting for the delivery from September!",
 "The courier left a note but the package was never delivered to us.", "Nothing has arrived. Invoice disputed.", "Our site manager confirms the scaffolding was never delivered.",
 "We haven't received the second half of the order, so we'll hold payment.", "Where are the goods? We paid for express shipping and still have nothing.",
 "The license keys were never sent to us.", "Goods missing - the box was empty when it arrived at reception? No, it never arrived at all.", "Not received, please check with DHL."]:
    add(L,"en",M,None,t)
for t in ["Wir können 7781 nicht zahlen - die Paletten sind nie in unserem Lager angekommen.", "Wo ist unsere Bestellung? Die Rechnung kam, die Ware nicht.", "Laut Sendungsverfolgung zugestellt, aber bei uns hat niemand unterschrieben. Bitte klären Sie das.",
 "Der Workshop am 12. Oktober wurde von Ihnen abgesagt und hat nie stattgefunden, die Rechnung ist daher nicht fällig.", "Hallo, die berechneten Ersatzteile sind nie angekommen.",
 "noch nicht geliefert", "Von 100 berechneten Stück haben wir nur 40 erhalten.", "Ihr Techniker ist zum berechneten Wartungstermin nicht erschienen.",
 "Zur Bestellung 4500123456 gibt es keinen Wareneingang. Bitte Liefernachweis, bis dahin ist die Rechnung gesperrt.", "Das Abo wurde nie aktiviert, wir haben keine Leistung erhalten.",
 "Die Lieferung zu RE-2026-2210 hat uns nicht erreicht.", "Wir warten immer noch auf die Lieferung aus September!", "Der Bote hat eine Karte hinterlassen, das Paket wurde aber nie zugestellt.",
 "Es ist nichts angekommen. Rechnung wird beanstandet.", "Unser Bauleiter bestätigt, dass das Gerüst nie geliefert wurde.", "Die zweite Hälfte der Bestellung fehlt noch, deshalb halten wir die Zahlung zurück.",
 "Wo bleibt die Ware? Wir haben Expressversand bezahlt und noch nichts bekommen.", "Die Lizenzschlüssel wurden uns nie zugeschickt.", "Ware fehlt, Rechnung nicht zahlbar.", "Nicht erhalten, bitte bei der Spedition nachfragen."]:
    add(L,"de",M,None,t)
L="dispute_pricing"
for t in ["The invoice shows $95/hour, our contract says $85/hour.", "You've charged us the full list price - where's our 15% partner discount?", "Invoice 4471 is higher than the quote Q-2231 by EUR 340.",
 "We were told shipping was included. Please remove the delivery charge.", "This doesn't match the PO amount. Please reissue.", "too expensive, not what we agreed",
 "The annual price increase was not agreed with us, please bill at last year's rate.", "You billed 20 licences, we only have 15 users.", "The unit price of the cable is wrong - it should be 2.10 not 2.40.",
 "We will pay the amount on the PO, not the invoiced amount. Please send a credit note for the difference.", "The fuel surcharge is not in our contract.",
 "The rate card attached to the contract shows a lower day rate than invoiced.", "Please apply the volume discount for orders over 500 pieces.",
 "We ordered 3 pallets but were charged for 4.", "The cancellation fee on this invoice was never agreed.", "Hello, the invoice total is about 10% above the agreed fixed price.",
 "You charged express delivery, we ordered standard.", "Prices on this invoice are from the old price list.", "Overbilled by 12 hours on the October timesheet.", "Incorrect pricing - please correct and resend."]:
    add(L,"en",M,None,t)
for t in ["Auf der Rechnung stehen 95 €/Std., laut Vertrag sind es 85 €/Std.", "Sie haben den vollen Listenpreis berechnet - wo ist unser Partnerrabatt von 15 %?", "Die Rechnung 4471 liegt 340 EUR über dem Angebot A-2231.",
 "Uns wurde gesagt, der Versand sei inklusive. Bitte die Versandkosten streichen.", "Das stimmt nicht mit dem Bestellwert überein. Bitte neu ausstellen.", "zu teuer, so nicht vereinbart",
 "Der jährlichen Preiserhöhung haben wir nicht zugestimmt, bitte zum Vorjahrespreis abrechnen.", "Sie haben 20 Lizenzen berechnet, wir haben nur 15 Nutzer.", "Der Stückpreis für das Kabel ist falsch - 2,10 statt 2,40.",
 "Wir zahlen den Bestellbetrag, nicht den Rechnungsbetrag. Bitte schicken Sie eine Gutschrift über die Differenz.", "Der Treibstoffzuschlag steht nicht in unserem Vertrag.",
 "Laut Preisblatt zum Vertrag ist der Tagessatz niedriger als berechnet.", "Bitte gewähren Sie den Mengenrabatt für Bestellungen über 500 Stück.", "Bestellt waren 3 Paletten, berechnet wurden 4.",
 "Die Stornogebühr auf dieser Rechnung wurde nie vereinbart.", "Hallo, die Rechnungssumme liegt etwa 10 % über dem vereinbarten Festpreis.", "Sie haben Expressversand berechnet, bestellt war Standard.",
 "Die Preise auf der Rechnung stammen aus der alten Preisliste.", "Im Oktober-Stundenzettel sind 12 Stunden zu viel abgerechnet.", "Preise falsch - bitte korrigieren und neu senden."]:
    add(L,"de",M,None,t)
L="dispute_quality"
for t in ["The chairs arrived with broken legs. We're not paying until replacements come.", "The coating is peeling off after a week. This is not acceptable quality.", "Half the shipment was mouldy.",
 "Your software update broke our reporting, we're withholding payment until it's fixed.", "The translation was full of errors and we had to redo it.", "defective units, see ticket 4432",
 "The printer you installed jams every day.", "We have raised a complaint about the poor workmanship on the roof.", "The fabric colour doesn't match the sample at all.",
 "Items were scratched; photos attached. Please credit or replace.", "The cleaning service was not done properly for the whole month.", "The glass panels have cracks.",
 "The meat was delivered above the permitted temperature and had to be thrown away.", "Product doesn't work as advertised. We want a refund.", "The parts do not fit - tolerances are out of spec.",
 "Three of the laptops were dead on arrival.", "Your team left the site in a mess and the job is unfinished.", "The paint job is terrible, we'll need it redone before paying.",
 "Quality issue with batch 2231 - we are returning it.", "The boxes were crushed and the contents damaged."]:
    add(L,"en",M,None,t)
for t in ["Die Stühle kamen mit gebrochenen Beinen. Wir zahlen erst nach Ersatzlieferung.", "Die Beschichtung blättert nach einer Woche ab. Diese Qualität ist nicht akzeptabel.", "Die Hälfte der Lieferung war verschimmelt.",
 "Ihr Software-Update hat unsere Auswertungen zerschossen, wir halten die Zahlung bis zur Behebung zurück.", "Die Übersetzung war voller Fehler, wir mussten sie neu machen lassen.", "defekte geräte, siehe ticket 4432",
 "Der installierte Drucker hat täglich Papierstau.", "Wir haben wegen der mangelhaften Ausführung am Dach reklamiert.", "Die Stofffarbe passt überhaupt nicht zum Muster.",
 "Die Artikel waren zerkratzt, Fotos anbei. Bitte Gutschrift oder Ersatz.", "Die Reinigung wurde den ganzen Monat nicht ordentlich durchgeführt.", "Die Glasscheiben haben Risse.",
 "Das Fleisch kam mit zu hoher Temperatur an und musste entsorgt werden.", "Das Produkt funktioniert nicht wie beworben. Wir wollen unser Geld zurück.", "Die Teile passen nicht - Toleranzen außerhalb der Spezifikation.",
 "Drei der Laptops waren bei Lieferung defekt.", "Ihr Team hat die Baustelle unaufgeräumt verlassen und die Arbeit ist nicht fertig.", "Die Lackierung ist schlecht, das muss vor der Zahlung nachgebessert werden.",
 "Qualitätsmangel bei Charge 2231 - wir senden sie zurück.", "Die Kartons waren eingedrückt und der Inhalt beschädigt."]:
    add(L,"de",M,None,t)
L="dispute_duplicate"
for t in ["This looks like the same charge as invoice 4470. We only ordered once.", "You've sent us INV-2026-118 and INV-2026-119 for the identical delivery.", "Double billing again! Please credit one.",
 "The October service fee appears twice on our statement.", "We already paid this under a different invoice number (7780).", "dup of 5512",
 "Both invoices reference delivery note 88231 - one must be a duplicate.", "Invoice 3301 was reissued as 3310, so please close 3301.", "You charged our card twice for the same order.",
 "Same amount, same PO, two invoices. Please check.", "Your reminder lists the same invoice twice.", "This is a copy of an invoice we settled in August.",
 "We received this invoice twice, once by post and once with a new number by email.", "Please void the second invoice for the consulting days, it's a duplicate.", "Charged two times for shipping on one order.",
 "Invoice 99812 is identical to 99811.", "It seems your system created the invoice twice.", "We were billed twice for the November rent.", "Duplicate - already invoiced on 4471.", "Two invoices for the same work. One is wrong."]:
    add(L,"en",M,None,t)
for t in ["Das sieht nach derselben Position wie Rechnung 4470 aus. Wir haben nur einmal bestellt.", "Sie haben uns RE-2026-118 und RE-2026-119 für dieselbe Lieferung geschickt.", "Schon wieder doppelt berechnet! Bitte eine gutschreiben.",
 "Die Servicegebühr Oktober steht zweimal auf unserem Kontoauszug.", "Das haben wir bereits unter anderer Rechnungsnummer (7780) bezahlt.", "duplikat von 5512",
 "Beide Rechnungen beziehen sich auf Lieferschein 88231 - eine ist doppelt.", "Rechnung 3301 wurde als 3310 neu ausgestellt, bitte 3301 schließen.", "Sie haben unsere Karte zweimal für dieselbe Bestellung belastet.",
 "Gleicher Betrag, gleiche Bestellung, zwei Rechnungen. Bitte prüfen.", "In Ihrer Mahnung steht dieselbe Rechnung zweimal.", "Das ist eine Kopie einer Rechnung, die wir im August bezahlt haben.",
 "Wir haben diese Rechnung zweimal erhalten, per Post und per Mail mit neuer Nummer.", "Bitte stornieren Sie die zweite Rechnung für die Beratungstage, sie ist doppelt.", "Versand bei einer Bestellung zweimal berechnet.",
 "Rechnung 99812 ist identisch mit 99811.", "Ihr System hat die Rechnung anscheinend doppelt erzeugt.", "Die Novembermiete wurde uns zweimal berechnet.", "Doppelt - wurde schon mit 4471 abgerechnet.", "Zwei Rechnungen für dieselbe Arbeit. Eine ist falsch."]:
    add(L,"de",M,None,t)
L="dispute_tax"
for t in ["We're VAT registered in Ireland - this should be reverse charge, please remove the VAT.", "Sales tax was added but we're exempt; certificate on file since 2024.", "The VAT is calculated at 20% but the goods are zero-rated.",
 "Your invoice lacks our VAT number so we can't reclaim input tax.", "Please remove the GST, we're an overseas customer.", "tax is wrong on 4471",
 "Our tax advisor says the invoice does not meet the legal requirements for VAT.", "You charged state sales tax for Oregon, we have no sales tax here.", "The invoice shows 19% VAT on a service that should be 7%.",
 "Please reissue without withholding tax error - it was deducted twice.", "We are a registered charity and shouldn't be charged VAT.", "Export delivery - VAT must not be charged.",
 "The VAT total doesn't equal the sum of the line items.", "The tax ID on your invoice is not valid.", "Reverse charge note is missing from the invoice.", "Please correct the tax code, our system rejects the invoice.",
 "Why is there VAT on the deposit invoice and again on the final invoice?", "Our exemption certificate was ignored again.", "Use tax applies, not sales tax - please correct.", "The VAT rate is from the wrong country."]:
    add(L,"en",M,None,t)
for t in ["Wir sind in Irland umsatzsteuerlich registriert - das ist Reverse Charge, bitte MwSt. entfernen.", "Es wurde Umsatzsteuer berechnet, obwohl wir befreit sind; Bescheinigung liegt Ihnen vor.", "Die MwSt. ist mit 19 % berechnet, die Ware ist aber steuerfrei.",
 "Auf der Rechnung fehlt unsere USt-IdNr., so können wir keinen Vorsteuerabzug geltend machen.", "Bitte die Umsatzsteuer streichen, wir sitzen im Ausland.", "steuer falsch auf 4471",
 "Unser Steuerberater sagt, die Rechnung erfüllt nicht die umsatzsteuerlichen Pflichtangaben.", "Die Leistung unterliegt 7 %, Sie haben 19 % berechnet.", "Bitte ohne doppelt abgezogene Quellensteuer neu ausstellen.",
 "Wir sind ein gemeinnütziger Verein und nicht umsatzsteuerpflichtig.", "Ausfuhrlieferung - es darf keine Umsatzsteuer berechnet werden.", "Die Summe der MwSt. stimmt nicht mit den Positionen überein.",
 "Die Steuernummer auf Ihrer Rechnung ist ungültig.", "Der Hinweis auf die Steuerschuldnerschaft des Leistungsempfängers fehlt.", "Bitte korrigieren Sie den Steuerschlüssel, unser System lehnt die Rechnung ab.",
 "Warum ist auf der Anzahlungsrechnung und der Schlussrechnung jeweils MwSt.?", "Unsere Freistellungsbescheinigung wurde wieder ignoriert.", "Der Steuersatz ist der des falschen Landes.", "MwSt-Betrag falsch, bitte korrigierte Rechnung.", "Innergemeinschaftliche Leistung, bitte netto abrechnen."]:
    add(L,"de",M,None,t)
L="request_documentation"
for t in ["Can you resend invoice 4471? I can't find it in our system.", "Please provide a POD for the October delivery.", "Our AP system needs a PO number on every invoice, please reissue with PO 4500123456.",
 "Could I get a full statement of our account?", "Hi, do you have a copy of the signed contract? Need it for approval.", "pls send invoice copy",
 "We need an invoice addressed to our Dutch entity, not the German one.", "Can you send the timesheets backing up INV-2026-221?", "Please send the invoice in PDF - the attachment was corrupted.",
 "Could you send a W-9 so we can set you up as a vendor?", "We need a breakdown of the charges before approving.", "The link to download the invoice has expired, could you send it again?",
 "Can you upload the invoice to our Coupa portal?", "Please send us the credit note you promised last month.", "What is this invoice for? Please send the order confirmation.",
 "We require the original invoice by post for our auditors.", "Could you confirm your bank details in writing on letterhead?", "Please send all open items as an Excel list.",
 "Send me the delivery notes for these three invoices and I'll get them approved.", "We never got this invoice. Could you send a copy to ap@acme.example?"]:
    add(L,"en",M,None,t)
for t in ["Können Sie die Rechnung 4471 nochmal schicken? Ich finde sie nicht im System.", "Bitte senden Sie einen Liefernachweis für die Oktoberlieferung.", "Unser System braucht auf jeder Rechnung eine Bestellnummer, bitte mit 4500123456 neu ausstellen.",
 "Könnte ich einen vollständigen Kontoauszug unseres Kundenkontos bekommen?", "Hallo, haben Sie eine Kopie des unterschriebenen Vertrags? Brauche ich für die Freigabe.", "bitte rechnungskopie",
 "Wir brauchen eine Rechnung an unsere niederländische Gesellschaft, nicht an die deutsche.", "Können Sie die Stundenzettel zu RE-2026-221 schicken?", "Bitte senden Sie die Rechnung als PDF - der Anhang war beschädigt.",
 "Wir brauchen vor der Freigabe eine Aufschlüsselung der Kosten.", "Der Download-Link der Rechnung ist abgelaufen, können Sie sie erneut senden?", "Können Sie die Rechnung in unser Lieferantenportal hochladen?",
 "Bitte schicken Sie uns die letzten Monat zugesagte Gutschrift.", "Wofür ist diese Rechnung? Bitte senden Sie die Auftragsbestätigung.", "Für unsere Wirtschaftsprüfer benötigen wir die Originalrechnung per Post.",
 "Könnten Sie Ihre Bankverbindung schriftlich auf Briefpapier bestätigen?", "Bitte senden Sie alle offenen Posten als Excel-Liste.", "Schicken Sie mir die Lieferscheine zu den drei Rechnungen, dann gebe ich sie frei.",
 "Diese Rechnung haben wir nie bekommen. Bitte eine Kopie an buchhaltung@firma.example senden.", "Bitte schicken Sie uns eine Saldenbestätigung zum 31.10."]:
    add(L,"de",M,None,t)
L="payment_plan_request"
for t,e in [("Would you accept three monthly payments of $1,000 instead of one?",None), ("Business has been slow. Is there any way we can pay this off over a few months?",None),
 ("Can we do half now and half in December?",None), ("We'd like to request a payment arrangement for the outstanding balance.",None), ("Could you give us 60 more days?",None),
 ("installments possible?",None), ("We can pay 500 a month starting on 15/11/2026 if that works for you.",D(2026,11,15)), ("Is a repayment plan an option? We cannot pay the whole amount right now.",None),
 ("Could we split INV-2026-3301 into four payments?",None), ("Would it be ok to pay in two parts, the first next Friday?",next_week_day(M,4)),
 ("Our cash flow is difficult after losing a major client - can we discuss a schedule for paying?",None), ("We propose EUR 2,000 on the 20th and the rest next month.",D(2026,11,20)),
 ("Can we have an extension until the end of next month?",eom(som_next(M))), ("Please let us pay in monthly instalments.",None), ("We need to spread this over the next quarter.",None),
 ("Can we agree on partial payments? First one could be on Friday.",upcoming(M,4)), ("Would you consider a deferral of payment?",None), ("Is it possible to pay in 6 instalments?",None),
 ("Could we pay weekly amounts until it is cleared?",None), ("Can I pay part now and the remainder in January?",None)]:
    add(L,"en",M,e,t)
for t,e in [("Würden Sie drei Monatsraten à 1.000 € statt einer Zahlung akzeptieren?",None), ("Das Geschäft läuft schleppend. Können wir das über ein paar Monate abstottern?",None),
 ("Können wir die Hälfte jetzt und die Hälfte im Dezember zahlen?",None), ("Wir möchten eine Ratenvereinbarung für den offenen Betrag beantragen.",None), ("Könnten Sie uns 60 Tage mehr Zeit geben?",None),
 ("raten möglich?",None), ("Wir können ab dem 15.11.2026 monatlich 500 € zahlen, wenn das für Sie passt.",D(2026,11,15)), ("Ist ein Tilgungsplan möglich? Den ganzen Betrag können wir gerade nicht zahlen.",None),
 ("Können wir RE-2026-3301 in vier Zahlungen aufteilen?",None), ("Wäre es ok, in zwei Teilen zu zahlen, den ersten nächsten Freitag?",next_week_day(M,4)),
 ("Nach dem Verlust eines Großkunden ist unsere Liquidität angespannt - können wir über einen Zahlungsplan sprechen?",None), ("Wir schlagen 2.000 € zum 20. vor und den Rest nächsten Monat.",D(2026,11,20)),
 ("Können Sie uns bis Ende nächsten Monats stunden?",eom(som_next(M))), ("Bitte lassen Sie uns in Monatsraten zahlen.",None), ("Wir müssen das auf das nächste Quartal verteilen.",None),
 ("Können wir Teilzahlungen vereinbaren? Die erste könnte am Freitag kommen.",upcoming(M,4)), ("Wäre ein Zahlungsaufschub denkbar?",None), ("Ist eine Zahlung in 6 Raten möglich?",None),
 ("Könnten wir wöchentlich Teilbeträge zahlen, bis alles beglichen ist?",None), ("Kann ich einen Teil jetzt und den Rest im Januar zahlen?",None)]:
    add(L,"de",M,e,t)
L="contact_change"
for t in ["Please note I've moved to a different role. Invoices should now go to payables@acme.example.", "Jane Doe left us in September; her replacement is Tom Reed, tom.reed@acme.example.", "Our new invoicing address is 12 Dock Road, Bristol BS1 6QA.",
 "Please use our shared inbox ap@globex.example rather than my personal email.", "I'm not in finance - please take me off and contact accounts@nordwind.example.", "wrong contact",
 "We've changed our company name to Nordwind Holding GmbH - please update your records.", "Going forward, please send reminders to our outsourced AP provider at acme@apservices.example.", "The person you're writing to no longer works here.",
 "Our AP phone number has changed to +44 161 555 0123.", "We've relocated our head office; new address below.", "Please update the contact for our account to Mr. Lee.",
 "All supplier correspondence now goes through our procurement team at procurement@initech.example.", "I've retired; please contact my colleague Sarah from now on.", "You have the wrong email - our finance department is finance@brightline.example.",
 "Please delete my address from your dunning list and add billing@hansen.example instead.", "New AP contact as of December: Lukas Meyer.", "Kindly redirect all invoices to our new e-invoicing mailbox invoices@acme-group.example.",
 "I'm only covering temporarily; the new permanent contact is Maria Lopez.", "Our accounts are now managed by our parent company in Dublin - please contact them."]:
    add(L,"en",M,None,t)
for t in ["Bitte beachten Sie, dass ich die Abteilung gewechselt habe. Rechnungen bitte an kreditoren@acme.example.", "Frau Doe hat uns im September verlassen; ihr Nachfolger ist Herr Reed, reed@acme.example.", "Unsere neue Rechnungsanschrift lautet Hafenweg 12, 20457 Hamburg.",
 "Bitte nutzen Sie unser Sammelpostfach buchhaltung@globex.example statt meiner persönlichen Adresse.", "Ich bin nicht in der Buchhaltung - bitte schreiben Sie an rechnungswesen@nordwind.example.", "falscher ansprechpartner",
 "Wir firmieren jetzt als Nordwind Holding GmbH - bitte passen Sie Ihre Stammdaten an.", "Mahnungen bitte künftig an unseren externen Dienstleister unter acme@kreditoren-service.example.", "Die angeschriebene Person arbeitet nicht mehr bei uns.",
 "Die Telefonnummer unserer Buchhaltung ist jetzt 040 555 0123.", "Wir sind mit der Zentrale umgezogen; neue Adresse siehe unten.", "Bitte ändern Sie den Ansprechpartner für unser Konto auf Herrn Lee.",
 "Die gesamte Lieferantenkorrespondenz läuft jetzt über den Einkauf, einkauf@initech.example.", "Ich bin in Rente; wenden Sie sich bitte ab sofort an meine Kollegin Frau Sommer.", "Falsche E-Mail-Adresse - unsere Finanzabteilung erreichen Sie unter finanzen@brightline.example.",
 "Bitte löschen Sie meine Adresse aus Ihrem Mahnverteiler und nehmen Sie rechnung@hansen.example auf.", "Neuer Ansprechpartner Kreditoren ab Dezember: Lukas Meyer.", "Bitte leiten Sie alle Rechnungen an unser neues E-Rechnungs-Postfach eingang@acme-gruppe.example.",
 "Ich vertrete nur vorübergehend; neue feste Ansprechpartnerin ist Frau Lopez.", "Unsere Buchhaltung wird jetzt von der Muttergesellschaft in Wien erledigt - bitte wenden Sie sich dorthin."]:
    add(L,"de",M,None,t)
L="auto_reply"
for t in ["Thanks for your message. I'm out until Monday 16 November and will reply on my return.", "Automatic reply: I am on vacation with no access to email. Back on 23/11.", "Your request has been logged as ticket #55231. A member of our team will respond within 48 hours.",
 "I'm currently at a trade fair and will have limited access to my emails until 12 November.", "This inbox is no longer monitored. Please resend to ap@acme.example.", "Out of office: back Nov 20",
 "Hello, I am out of the office today. For urgent accounts payable queries please call +44 20 7946 0000.", "Thank you for your email. Please note our office is closed for the holidays until January 4th.",
 "I'm on sick leave. Your email will not be forwarded. Please contact finance@globex.example.", "This is an auto-generated message - please do not reply.", "Thank you, we have received your invoice and it will be processed in due course. This is an automatic confirmation.",
 "I'm away on business until 18 November. I will respond to your message as soon as possible after that.", "Auto: Out of Office", "Currently OOO, back next week.", "I am on maternity leave until March 2027. Please direct queries to Mark Green.",
 "Thanks for reaching out! Our support team will get back to you shortly. (automated response)", "I will be out of the office starting 05/11/2026 and returning 09/11/2026.", "Delivery notification: your message was received by our AP robot.",
 "I'm travelling with limited connectivity; expect delays in my reply.", "Notice: this mailbox only accepts invoices in PDF format. Messages are not read."]:
    add(L,"en",M,None,t)
for t in ["Danke für Ihre Nachricht. Ich bin bis Montag, 16. November, nicht erreichbar und antworte nach meiner Rückkehr.", "Automatische Antwort: Ich bin im Urlaub ohne E-Mail-Zugang. Zurück am 23.11.",
 "Ihre Anfrage wurde unter Ticket #55231 erfasst. Wir melden uns innerhalb von 48 Stunden.", "Ich bin derzeit auf einer Messe und habe bis 12. November nur eingeschränkt Zugriff auf E-Mails.",
 "Dieses Postfach wird nicht mehr betreut. Bitte senden Sie an kreditoren@acme.example.", "Abwesend bis 20.11.", "Hallo, ich bin heute nicht im Büro. Bei dringenden Fragen zur Kreditorenbuchhaltung rufen Sie bitte 040 555 0000 an.",
 "Vielen Dank für Ihre E-Mail. Unser Büro ist über die Feiertage bis 4. Januar geschlossen.", "Ich bin krankgeschrieben. Ihre E-Mail wird nicht weitergeleitet. Bitte wenden Sie sich an finanzen@globex.example.",
 "Dies ist eine automatisch erzeugte Nachricht - bitte nicht antworten.", "Vielen Dank, Ihre Rechnung ist eingegangen und wird bearbeitet. Dies ist eine automatische Bestätigung.",
 "Ich bin bis 18. November auf Geschäftsreise und melde mich danach schnellstmöglich.", "Abwesenheitsnotiz", "Zurzeit nicht im Haus, ab nächster Woche wieder da.", "Ich bin bis März 2027 in Elternzeit. Bitte wenden Sie sich an Herrn Grün.",
 "Danke für Ihre Nachricht! Unser Team meldet sich in Kürze. (automatische Antwort)", "Ich bin vom 05.11.2026 bis 09.11.2026 nicht im Büro.", "Eingangsbestätigung: Ihre Nachricht ist in unserem Rechnungseingang eingegangen.",
 "Ich bin unterwegs und nur eingeschränkt erreichbar; meine Antwort kann sich verzögern.", "Hinweis: Dieses Postfach nimmt nur Rechnungen im PDF-Format an. Nachrichten werden nicht gelesen."]:
    add(L,"de",M,None,t)
L="other"
for t in ["Thanks, will take a look.", "Forwarding to our finance guys.", "Who am I speaking with? We don't have an account with you as far as I know.", "Got it.",
 "Let me check and revert.", "Can someone give me a call on 0161 555 0100?", "I'm new here, still getting up to speed. Will come back to you.", "Merry Christmas!",
 "Are you the same company that did our website?", "We're looking into this internally.", "Please don't send emails to this address, it's for orders only.", "Hi, what is our current credit limit with you?",
 "We'd like to order another 200 units - who should I talk to?", "Can we set up a call to review our account in general?", "I passed this to Jim in accounts.", "Understood, thanks.",
 "What's the status of our last order?", "Do you offer a discount for annual prepayment?", "Good to hear from you, hope all is well!", "We are checking with our auditors."]:
    add(L,"en",M,None,t)
for t in ["Danke, schaue ich mir an.", "Leite ich an unsere Finanzabteilung weiter.", "Mit wem spreche ich? Soweit ich weiß, haben wir kein Konto bei Ihnen.", "Alles klar.",
 "Ich prüfe und melde mich.", "Kann mich jemand unter 0211 555 0100 anrufen?", "Ich bin neu hier und arbeite mich noch ein. Ich komme auf Sie zurück.", "Frohe Weihnachten!",
 "Sind Sie die Firma, die unsere Webseite gemacht hat?", "Wir schauen uns das intern an.", "Bitte keine E-Mails an diese Adresse, sie ist nur für Bestellungen.", "Hallo, wie hoch ist unser aktuelles Kreditlimit bei Ihnen?",
 "Wir möchten weitere 200 Stück bestellen - an wen wende ich mich?", "Können wir einen Termin machen, um unser Konto allgemein durchzugehen?", "Ich habe das an Herrn Jansen in der Buchhaltung gegeben.", "Verstanden, danke.",
 "Wie ist der Stand unserer letzten Bestellung?", "Gibt es Rabatt bei jährlicher Vorauszahlung?", "Schön von Ihnen zu hören, ich hoffe es geht Ihnen gut!", "Wir klären das mit unseren Wirtschaftsprüfern."]:
    add(L,"de",M,None,t)

def main(root):
    lines = [f"{l}\t{g}\t{d.isoformat()}\t{e.isoformat() if e else '-'}\t{t.replace(chr(10), chr(92) + 'n')}" for l, g, d, e, t in rows]
    body = "\n".join("    " + x for x in lines)
    swift = f"""// Generated by scripts/reply-corpus/heldout.py; edit that, not this file.
// The held-out set: written apart from the training phrase banks and never trained on.

enum ReplyHeldOutSet {{
    static let lines = #\"\"\"
{body}
    \"\"\"#
}}
"""
    open(os.path.join(root, "Tests/ARCoreTests/ReplyHeldOutSet.swift"), "w").write(swift)
    from collections import Counter
    print(len(rows), Counter((l, g) for l, g, *_ in rows))
main(sys.argv[1] if len(sys.argv) > 1 else ".")
