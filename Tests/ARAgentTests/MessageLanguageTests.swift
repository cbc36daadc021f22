import ARAgent
import ARCore
import Foundation
import Testing

@Suite("Messages in the customer's language, and the statement of account")
struct MessageLanguageTests {
    let eur = Currency.eur
    let today = CalendarDate(iso: "2026-06-15")!

    func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: eur) }

    func invoice(_ number: String, due: String, amount: Int64, open: Int64? = nil, disputed: Bool = false) -> Invoice {
        var invoice = Invoice(number: InvoiceNumber(number), customerID: "C1", issueDate: CalendarDate(iso: "2026-05-01")!,
                              dueDate: CalendarDate(iso: due)!, amount: money(amount), openAmount: money(open ?? amount))
        invoice.isDisputed = disputed
        return invoice
    }

    func action(_ template: String, invoices: [Invoice], tone: DunningPolicy.Step.Tone = .firm) -> PlannedAction {
        PlannedAction(id: "2026-06-15/C1/\(template)/EUR", kind: .reminder, stepID: template, customerID: "C1", invoices: invoices.map(\.number),
                      total: money(invoices.reduce(0) { $0 + $1.openAmount.minorUnits }), channel: .email, template: template, tone: tone,
                      requiresApproval: true, reason: "test")
    }

    func composer(_ renderer: ReminderRenderer? = nil) throws -> MessageComposer {
        MessageComposer(renderer: try renderer ?? ReminderRenderer(), settings: MessageSettings(companyName: "Acme"), signingKey: Array(repeating: 7, count: 32))
    }

    func customer(_ language: String?) -> Customer {
        var customer = Customer(id: "C1", name: "Globex")
        customer.language = language
        return customer
    }

    @Test("a German customer's reminder is German: words, thousands and the decimal comma, day-first dates")
    func german() throws {
        let invoices = [invoice("INV-1", due: "2026-06-01", amount: 123_456_78), invoice("INV-2", due: "2026-06-20", amount: 10_000)]
        let message = try composer().compose(action("firm_follow_up", invoices: invoices), customer: customer("de-DE"), invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(message.subject == "Acme: Zahlung überfällig, 123.456,78 EUR")
        #expect(message.text.hasPrefix("Guten Tag Globex,\n\nLaut unseren Unterlagen ist eine Zahlung offen: Für die unten aufgeführten Rechnungen, soweit fällig,"))
        #expect(message.text.contains("INV-1  ausgestellt 01.05.2026  fällig 01.06.2026  123.456,78 EUR  (14 Tage überfällig)"))
        #expect(message.text.contains("INV-2  ausgestellt 01.05.2026  fällig 20.06.2026  100,00 EUR  (fällig in 5 Tagen)"))
        #expect(message.text.contains("Gesamt: 123.556,78 EUR, davon überfällig: 123.456,78 EUR"))
        #expect(message.text.contains("Online bezahlen: http://localhost:8080/pay/"))
        #expect(message.html.contains("<th align=\"left\">Rechnung</th>"))
        #expect(!message.text.contains("overdue") && !message.html.contains("Invoice"), "no English left in a German message")
    }

    @Test("every built-in step renders in every language, naming the invoices and leaving no tag behind", arguments: ["en", "de", "fr", "es", "nl"])
    func everyLanguage(language: String) throws {
        let invoices = [invoice("INV-7", due: "2026-06-14", amount: 4_200)]
        let composer = try composer()
        var subjects: Set<String> = []
        for template in ["friendly_reminder", "firm_follow_up", "escalation_notice", "final_notice", "demand_letter", "agency_referral", "statement"] {
            let planned = action(template, invoices: invoices)
            let message = try composer.compose(planned, customer: customer(language), invoices: invoices, asOf: today, now: 1_781_000_000)
            for part in [message.subject, message.text, message.html] {
                #expect(!part.contains("{{") && !part.contains("}}"), "\(language) \(template): \(part)")
            }
            #expect(message.text.contains("INV-7") && message.html.contains("INV-7"), "\(language) \(template)")
            #expect(message.text.contains(language == "en" ? "42.00" : "42,00"), "\(language) \(template)")
            subjects.insert(message.subject)
            let sms = try composer.sms(planned, customer: customer(language), invoices: invoices, asOf: today, now: 1_781_000_000)
            #expect(sms.contains("INV-7") && !sms.contains("{{"))
            let letter = try composer.letter(planned, customer: customer(language), invoices: invoices, asOf: today, now: 1_781_000_000)
            #expect(letter.contains("<html lang=\"\(language)\">") && letter.contains("INV-7"))
        }
        #expect(subjects.count == 7, "each step has its own subject in \(language)")
    }

    @Test("French writes a space before the colon; an invoice one day late is 'day', not 'days'")
    func frenchAndSingular() throws {
        let invoices = [invoice("F-1", due: "2026-06-14", amount: 99_900)]
        let french = try composer().compose(action("firm_follow_up", invoices: invoices), customer: customer("FR"), invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(french.subject == "Acme : paiement en retard, 999,00 EUR")
        #expect(french.text.contains("(1 jour de retard)"))
        #expect(french.text.contains("Payer en ligne : http://"))
        let english = try composer().compose(action("firm_follow_up", invoices: invoices), customer: customer(nil), invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(english.text.contains("(1 day overdue)"))
    }

    @Test("a late payer's reminder before the due date never says overdue, in any language", arguments: ["en", "de", "fr", "es", "nl"])
    func directToneBeforeDue(language: String) throws {
        let invoices = [invoice("N-1", due: "2026-06-20", amount: 10_000)]
        for tone in [DunningPolicy.Step.Tone.direct, .formal] {
            let message = try composer().compose(action("friendly_reminder", invoices: invoices, tone: tone), customer: customer(language),
                                                 invoices: invoices, asOf: today, now: 1_781_000_000)
            let overdue = ["en": "overdue", "de": "überfällig", "fr": "retard", "es": "vencido", "nl": "achterstallig"][language]!
            #expect(!message.text.lowercased().contains(overdue), "\(language) \(tone): \(message.text)")
        }
    }

    @Test("a language the templates are not written in, or none, is English")
    func fallback() throws {
        let invoices = [invoice("INV-1", due: "2026-06-01", amount: 1_000)]
        for language in ["it", nil] {
            let message = try composer().compose(action("final_notice", invoices: invoices), customer: customer(language), invoices: invoices, asOf: today, now: 1_781_000_000)
            #expect(message.subject == "Acme: final notice, 10.00 EUR")
        }
    }

    @Test("a templates folder can word a step in one language; the other languages keep the built-in words")
    func userTemplateInOneLanguage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Zahlungserinnerung {{#invoices}}{{{number}}}{{/invoices}}".write(to: folder.appendingPathComponent("final_notice.de.subject.mustache"), atomically: true, encoding: .utf8)
        try "Hallo {{{customer_name}}}".write(to: folder.appendingPathComponent("final_notice.de.txt.mustache"), atomically: true, encoding: .utf8)
        try "<p>Hallo {{customer_name}}</p>".write(to: folder.appendingPathComponent("final_notice.de.html.mustache"), atomically: true, encoding: .utf8)
        let composer = try composer(ReminderRenderer(userTemplates: folder.path))
        let invoices = [invoice("INV-9", due: "2026-06-01", amount: 1_000)]
        let german = try composer.compose(action("final_notice", invoices: invoices), customer: customer("de"), invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(german.subject == "Zahlungserinnerung INV-9" && german.text == "Hallo Globex")
        let dutch = try composer.compose(action("final_notice", invoices: invoices), customer: customer("nl"), invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(dutch.subject == "Acme: laatste aanmaning, 10,00 EUR")
    }

    @Test("a statement lists every open invoice, marks what is overdue, and asks only for what may be asked for")
    func statement() throws {
        let asked = invoice("S-1", due: "2026-06-01", amount: 50_000)
        let account = [
            InvoiceStanding(invoice: invoice("S-2", due: "2026-06-30", amount: 20_000)),
            InvoiceStanding(invoice: invoice("S-3", due: "2026-05-20", amount: 7_000, disputed: true)),
            InvoiceStanding(invoice: invoice("S-4", due: "2026-05-25", amount: 3_000), promisedUntil: CalendarDate(iso: "2026-06-20")),
            InvoiceStanding(invoice: invoice("S-5", due: "2026-05-10", amount: 1_500), holds: ["credit review"]),
            InvoiceStanding(invoice: invoice("S-6", due: "2026-04-30", amount: 900, open: 0)),
            InvoiceStanding(invoice: invoice("S-1", due: "2026-06-01", amount: 50_000)),
        ]
        let message = try composer().compose(action("statement", invoices: [asked]), customer: customer(nil), invoices: [asked], account: account,
                                             asOf: today, now: 1_781_000_000)
        #expect(message.subject == "Acme: statement of account, 815.00 EUR (500.00 overdue)")
        #expect(message.text.contains("* S-1  issued 2026-05-01  due 2026-06-01  500.00 EUR  (14 days overdue)"))
        #expect(message.text.contains("  S-2  issued 2026-05-01  due 2026-06-30  200.00 EUR  (due in 15 days)"))
        #expect(message.text.contains("  S-3  issued 2026-05-01  due 2026-05-20  70.00 EUR  (in dispute, not requested)"))
        #expect(message.text.contains("  S-4  issued 2026-05-01  due 2026-05-25  30.00 EUR  (payment promised for 2026-06-20)"))
        #expect(message.text.contains("  S-5  issued 2026-05-01  due 2026-05-10  15.00 EUR  (on hold)"))
        #expect(!message.text.contains("S-6"), "a settled invoice is not on the statement")
        #expect(message.text.contains("Balance: 815.00 EUR, of which overdue: 500.00 EUR"))
        #expect(message.html.contains("style=\"color:#b00020;font-weight:bold\"><td>* S-1</td>"))
        // The payment link asks for what may be asked for: S-1 and S-2, not the disputed, promised or held ones.
        let numbers = message.text.split(separator: "\n").filter { $0.hasPrefix("*") || $0.hasPrefix("  S-") }.count
        #expect(numbers == 5)
    }
}
