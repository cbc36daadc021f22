import ARAgent
import ARCore
import Crypto
import Foundation
import Testing

@Suite("Messages: templates and signed links")
struct MessagingTests {
    let usd = Currency.usd
    let today = CalendarDate(iso: "2026-06-15")!

    func action(template: String = "firm_follow_up", tone: DunningPolicy.Step.Tone = .firm) -> PlannedAction {
        PlannedAction(id: "2026-06-15/C1/firm_follow_up/USD", kind: .reminder, stepID: template, customerID: "C1", invoices: ["INV-1", "INV-2"],
                      total: Money(minorUnits: 75_050, currency: usd), channel: .email, template: template, tone: tone, requiresApproval: true, reason: "test")
    }

    var invoices: [Invoice] {
        [Invoice(number: "INV-1", customerID: "C1", issueDate: CalendarDate(iso: "2026-05-01")!, dueDate: CalendarDate(iso: "2026-06-01")!,
                 amount: Money(minorUnits: 50_000, currency: usd)),
         Invoice(number: "INV-2", customerID: "C1", issueDate: CalendarDate(iso: "2026-05-10")!, dueDate: CalendarDate(iso: "2026-06-10")!,
                 amount: Money(minorUnits: 30_000, currency: usd), openAmount: Money(minorUnits: 25_050, currency: usd))]
    }

    func compose(_ action: PlannedAction, renderer: ReminderRenderer? = nil) throws -> RenderedMessage {
        let composer = MessageComposer(renderer: try renderer ?? ReminderRenderer(), settings: MessageSettings(companyName: "Acme & Sons"),
                                       signingKey: Array(repeating: 7, count: 32))
        return try composer.compose(action, customer: Customer(id: "C1", name: "Globex <Europe>"), invoices: invoices, asOf: today, now: 1_781_000_000)
    }

    @Test("a reminder names every invoice, its open amount and days overdue, the total, and the links; HTML is escaped")
    func content() throws {
        let message = try compose(action())
        #expect(message.subject == "Acme & Sons: payment overdue, 750.50 USD")
        #expect(message.text.contains("INV-1  issued 2026-05-01  due 2026-06-01  500.00 USD  (14 days overdue)"))
        #expect(message.text.contains("INV-2  issued 2026-05-10  due 2026-06-10  250.50 USD  (5 days overdue)"))
        #expect(message.text.contains("Total: 750.50 USD"))
        #expect(message.text.contains("Dear Globex <Europe>,"))
        #expect(message.html.contains("Dear Globex &lt;Europe&gt;,"))
        #expect(message.html.contains("Acme &amp; Sons"))
        #expect(message.html.contains("<td>INV-2</td>"))
        #expect(message.text.contains("http://localhost:8080/pay/"), "without a payment page, the payment link leads to the portal")
        #expect(!message.text.contains("bank transfer"), "no bank details without a company profile")
    }

    @Test("with a company profile, a message names the legal name, the bank details and the reference, and pays through the company's payment page")
    func paymentInstructions() throws {
        let invoices = [Invoice(number: "INV-1", customerID: "C1", issueDate: CalendarDate(iso: "2026-05-01")!, dueDate: CalendarDate(iso: "2026-06-01")!,
                                amount: Money(minorUnits: 50_000, currency: .usd), openAmount: Money(minorUnits: 50_000, currency: .usd))]
        let planned = PlannedAction(id: "a1", kind: .reminder, stepID: "firm_follow_up", customerID: "C1", invoices: ["INV-1"],
                                    total: Money(minorUnits: 50_000, currency: .usd), channel: .email, template: "firm_follow_up", tone: .firm,
                                    requiresApproval: false, reason: "test")
        var settings = MessageSettings(companyName: "Acme")
        settings.profile = CompanyProfile(legalName: "Acme Trading GmbH", address: "Hauptstr. 1\nBerlin", arContact: "ar@acme.example", payment: [
            PaymentInstruction(currency: "USD", bankName: "Bank of Tests", iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX",
                               reference: "Invoice {invoices}", paymentURL: "https://pay.example/link?ref={invoices}&amount={amount_minor}&c={customer}"),
        ])
        let key = Array(repeating: UInt8(7), count: 32)
        let composer = MessageComposer(renderer: try ReminderRenderer(), settings: settings, signingKey: key)
        let message = try composer.compose(planned, customer: Customer(id: "C1", name: "Globex"), invoices: invoices,
                                           asOf: CalendarDate(iso: "2026-06-15")!, now: 1_781_000_000)
        #expect(message.subject.hasPrefix("Acme Trading GmbH: "))
        #expect(message.text.contains("Bank: Bank of Tests") && message.text.contains("IBAN: DE89 3704 0044 0532 0130 00"))
        #expect(message.text.contains("Reference: Invoice INV-1") && message.text.contains("Questions: ar@acme.example"))
        #expect(message.html.contains("Reference: <b>Invoice INV-1</b>"))
        let link = try #require(message.text.split(separator: "\n").first { $0.hasPrefix("Pay online: ") })
        let token = String(link.split(separator: "/").last ?? "")
        let verified = try TrackingToken.verify(token, with: SymmetricKey(data: key), now: 1_781_000_000)
        #expect(verified.purpose == .redirect && verified.actionID == "a1")
        #expect(verified.target == "https://pay.example/link?ref=INV-1&amount=50000&c=C1")
    }

    @Test("tone changes the words, not the numbers")
    func tone() throws {
        let gentle = try compose(action(tone: .gentle)), direct = try compose(action(tone: .direct))
        #expect(gentle.text.contains("Just a quick note"))
        #expect(direct.text.contains("Payment is overdue"))
        #expect(gentle.text.contains("Total: 750.50 USD") && direct.text.contains("Total: 750.50 USD"))
    }

    @Test("a user's template replaces the built-in one")
    func userTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Bitte zahlen: {{{total}}} {{{currency}}}".utf8).write(to: folder.appendingPathComponent("firm_follow_up.subject.mustache"))
        let message = try compose(action(), renderer: try ReminderRenderer(userTemplates: folder.path))
        #expect(message.subject == "Bitte zahlen: 750.50 USD")
        #expect(throws: ReminderRenderer.RenderError.self) { try compose(action(template: "no_such_template")) }
    }

    @Test("a demand letter is a printable page naming the invoices, the total and the deadline")
    func letter() throws {
        let composer = MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(companyName: "Acme & Sons"),
                                       signingKey: Array(repeating: 7, count: 32))
        let page = try composer.letter(action(template: "demand_letter", tone: .formal), customer: Customer(id: "C1", name: "Globex"),
                                       invoices: invoices, asOf: today, now: 1_781_000_000)
        #expect(page.contains("@page { size: A4"))
        #expect(page.contains("<td>INV-1</td>") && page.contains("<td>INV-2</td>"))
        #expect(page.contains("<b>750.50 USD</b>"))
        #expect(page.contains("within 10 days"))
        #expect(page.contains("Acme &amp; Sons"))
        #expect(page.contains(today.iso))
    }

    @Test("tokens of every length and any characters read back as they were signed; a letter outside base64url is malformed")
    func tokenRoundTrip() throws {
        let key = SymmetricKey(data: Array(repeating: UInt8(9), count: 32))
        for length in 0..<48 {
            let id = String((0..<length).map { index in Array("aZ9/-_|é€ .")[index % 11] })
            for purpose in [TrackingToken.Purpose.open, .portal, .redirect] {
                let token = TrackingToken(actionID: id, purpose: purpose, expires: 5_000, target: purpose == .redirect ? "https://pay.example/?a=\(length)&b=é" : nil)
                #expect(try TrackingToken.verify(token.signed(with: key), with: key, now: 1) == token, "\(length) \(purpose)")
            }
        }
        let token = TrackingToken(actionID: "A1", purpose: .open, expires: 5_000).signed(with: key)
        for bad in [token.replacingOccurrences(of: ".", with: ""), "+" + token, token + "=x", String(token.dropLast()) + "*", "." + token] {
            #expect(throws: TrackingToken.VerificationError.self) { try TrackingToken.verify(bad, with: key, now: 1) }
        }
    }

    @Test("link tokens are signed, tamper-proof and expire")
    func tokens() throws {
        let key = SymmetricKey(data: Array(repeating: UInt8(9), count: 32))
        let token = TrackingToken(actionID: "A/1", purpose: .click, expires: 2_000).signed(with: key)
        #expect(try TrackingToken.verify(token, with: key, now: 1_000) == TrackingToken(actionID: "A/1", purpose: .click, expires: 2_000))
        #expect(throws: TrackingToken.VerificationError.expired) { try TrackingToken.verify(token, with: key, now: 2_001) }
        #expect(throws: TrackingToken.VerificationError.badSignature) {
            try TrackingToken.verify(token, with: SymmetricKey(data: Array(repeating: UInt8(8), count: 32)), now: 1_000)
        }
        var tampered = Array(token)
        tampered[2] = tampered[2] == "A" ? "B" : "A"
        #expect(throws: TrackingToken.VerificationError.self) { try TrackingToken.verify(String(tampered), with: key, now: 1_000) }
    }
}
