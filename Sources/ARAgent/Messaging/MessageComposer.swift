import ARCore
import Crypto
import Foundation

/// Where the links in messages point, and who signs them.
public struct MessageSettings: Sendable {
    public var companyName: String
    public var senderName: String
    /// The portal (served by the web server of a later issue); the token is appended.
    public var portalBaseURL: String
    public var paymentBaseURL: String
    public var trackingBaseURL: String
    /// Days a link stays valid.
    public var linkLifetimeDays: Int

    public init(companyName: String = "Your supplier", senderName: String = "Accounts Receivable",
                portalBaseURL: String = "http://localhost:8080/portal", paymentBaseURL: String = "http://localhost:8080/pay",
                trackingBaseURL: String = "http://localhost:8080/t", linkLifetimeDays: Int = 90) {
        self.companyName = companyName
        self.senderName = senderName
        self.portalBaseURL = portalBaseURL
        self.paymentBaseURL = paymentBaseURL
        self.trackingBaseURL = trackingBaseURL
        self.linkLifetimeDays = linkLifetimeDays
    }
}

/// Turns an action into the message a customer receives: the invoices it names as they stand in
/// the ledger now, the template of its step in its tone, and signed links.
public struct MessageComposer: Sendable {
    public let renderer: ReminderRenderer
    public let settings: MessageSettings
    public let key: SymmetricKey

    public init(renderer: ReminderRenderer, settings: MessageSettings, signingKey: [UInt8]) {
        self.renderer = renderer
        self.settings = settings
        self.key = SymmetricKey(data: signingKey)
    }

    /// The action as a printable letter (demand letters and notices sent by post).
    public func letter(_ action: PlannedAction, customer: Customer, invoices: [Invoice], asOf: CalendarDate, now: Int64) throws -> String {
        try renderer.renderLetter(template: action.template, context: context(action, customer: customer, invoices: invoices, asOf: asOf, now: now), date: asOf)
    }

    /// The action as a short text message.
    public func sms(_ action: PlannedAction, customer: Customer, invoices: [Invoice], asOf: CalendarDate, now: Int64) throws -> String {
        try renderer.renderSMS(template: action.template, context: context(action, customer: customer, invoices: invoices, asOf: asOf, now: now))
    }

    public func compose(_ action: PlannedAction, customer: Customer, invoices: [Invoice], asOf: CalendarDate, now: Int64) throws -> RenderedMessage {
        try renderer.render(template: action.template, context: context(action, customer: customer, invoices: invoices, asOf: asOf, now: now))
    }

    private func context(_ action: PlannedAction, customer: Customer, invoices: [Invoice], asOf: CalendarDate, now: Int64) throws -> ReminderContext {
        let expires = now + Int64(settings.linkLifetimeDays) * 86_400
        func link(_ base: String, _ purpose: TrackingToken.Purpose) -> String {
            base + "/" + TrackingToken(actionID: action.id, purpose: purpose, expires: expires).signed(with: key)
        }
        let currency = action.total.currency
        let lines = invoices.sorted { $0.number < $1.number }.map { invoice in
            ReminderContext.Line(number: invoice.number.rawValue, issueDate: invoice.issueDate.iso, dueDate: invoice.dueDate.iso,
                                 amount: invoice.amount.decimalString, open: invoice.openAmount.decimalString,
                                 daysOverdue: invoice.daysPastDue(on: asOf))
        }
        let total = try invoices.map(\.openAmount).checkedSum(in: currency)
        return ReminderContext(companyName: settings.companyName, customerName: customer.name, currency: currency.code,
                               total: total.decimalString, lines: lines, paymentLink: link(settings.paymentBaseURL, .click),
                               portalLink: link(settings.portalBaseURL, .portal), trackingPixel: link(settings.trackingBaseURL, .open),
                               tone: action.tone, senderName: settings.senderName)
    }
}
