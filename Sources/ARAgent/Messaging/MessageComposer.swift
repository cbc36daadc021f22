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
    /// Where tracked links go through (`/c/{token}`): the token names the one URL it leads to.
    public var clickBaseURL: String
    /// Days a link stays valid.
    public var linkLifetimeDays: Int
    /// The company's identity and payment instructions (``CompanyProfile``), read from the
    /// ledger's settings; nil shows only the company name and the links.
    public var profile: CompanyProfile?

    public init(companyName: String = "Your supplier", senderName: String = "Accounts Receivable",
                portalBaseURL: String = "http://localhost:8080/portal", paymentBaseURL: String = "http://localhost:8080/pay",
                trackingBaseURL: String = "http://localhost:8080/t", clickBaseURL: String = "http://localhost:8080/c",
                linkLifetimeDays: Int = 90, profile: CompanyProfile? = nil) {
        self.companyName = companyName
        self.senderName = senderName
        self.portalBaseURL = portalBaseURL
        self.paymentBaseURL = paymentBaseURL
        self.trackingBaseURL = trackingBaseURL
        self.clickBaseURL = clickBaseURL
        self.linkLifetimeDays = linkLifetimeDays
        self.profile = profile
    }

    /// Every link under one public base URL (`serve --public-url`): `/portal`, `/pay`, `/t`, `/c`.
    public func rebased(on base: String) -> MessageSettings {
        var copy = self
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        copy.portalBaseURL = root + "/portal"
        copy.paymentBaseURL = root + "/pay"
        copy.trackingBaseURL = root + "/t"
        copy.clickBaseURL = root + "/c"
        return copy
    }

    /// The name messages are signed with: the legal name when the company gave one.
    var displayName: String { profile?.legalName.isEmpty == false ? profile?.legalName ?? companyName : companyName }
}

/// Turns an action into the message a customer receives: the invoices it names as they stand in
/// the ledger now, the template of its step in its tone, and signed links.
public struct MessageComposer: Sendable {
    public let renderer: ReminderRenderer
    public let settings: MessageSettings
    public let key: SymmetricKey
    /// The policy's grace after a promised date, for what a statement may ask for.
    public var promiseGraceDays: Int

    public init(renderer: ReminderRenderer, settings: MessageSettings, signingKey: [UInt8], promiseGraceDays: Int = DunningPolicy().promiseGraceDays) {
        self.renderer = renderer
        self.settings = settings
        self.key = SymmetricKey(data: signingKey)
        self.promiseGraceDays = promiseGraceDays
    }

    /// The action as a printable letter (demand letters and notices sent by post).
    public func letter(_ action: PlannedAction, customer: Customer, invoices: [Invoice], account: [InvoiceStanding] = [],
                       asOf: CalendarDate, now: Int64) throws -> String {
        try renderer.renderLetter(template: action.template, context: context(action, customer: customer, invoices: invoices, account: account, asOf: asOf, now: now), date: asOf)
    }

    /// The action as a short text message.
    public func sms(_ action: PlannedAction, customer: Customer, invoices: [Invoice], account: [InvoiceStanding] = [],
                    asOf: CalendarDate, now: Int64) throws -> String {
        try renderer.renderSMS(template: action.template, context: context(action, customer: customer, invoices: invoices, account: account, asOf: asOf, now: now))
    }

    /// The action as an email, in the customer's language. `account` is every open invoice of
    /// the customer in the action's currency (``accountNeeded(for:)``); a statement lists them
    /// and asks for those not in dispute, promised or held.
    public func compose(_ action: PlannedAction, customer: Customer, invoices: [Invoice], account: [InvoiceStanding] = [],
                        asOf: CalendarDate, now: Int64) throws -> RenderedMessage {
        try renderer.render(template: action.template, context: context(action, customer: customer, invoices: invoices, account: account, asOf: asOf, now: now))
    }

    /// Whether composing this action reads the customer's whole account (a statement does).
    public static func accountNeeded(for action: PlannedAction) -> Bool { action.template == ReminderRenderer.statementTemplate }

    /// The invoices a statement asks for: the action's (already re-checked) and every other open
    /// invoice of the account that is not in dispute, promised until after `asOf` plus the
    /// grace, or on hold.
    static func requested(_ invoices: [Invoice], account: [InvoiceStanding], asOf: CalendarDate, promiseGraceDays: Int) -> [Invoice] {
        var numbers = Set(invoices.map(\.number))
        var result = invoices
        for standing in account where !numbers.contains(standing.invoice.number) && standing.isRequested(asOf: asOf, promiseGraceDays: promiseGraceDays) {
            numbers.insert(standing.invoice.number)
            result.append(standing.invoice)
        }
        return result
    }

    private func context(_ action: PlannedAction, customer: Customer, invoices given: [Invoice], account: [InvoiceStanding],
                         asOf: CalendarDate, now: Int64) throws -> ReminderContext {
        let wording = TemplateWording.of(customer.language)
        let statement = Self.accountNeeded(for: action)
        let currency = action.total.currency
        let account = account.filter { $0.invoice.currency == currency && $0.invoice.openAmount.minorUnits > 0 && $0.invoice.paidDate == nil }
        // A statement asks for everything open that may be asked for; any other step for its invoices.
        let invoices = statement ? Self.requested(given, account: account, asOf: asOf, promiseGraceDays: promiseGraceDays) : given
        let expires = now + Int64(settings.linkLifetimeDays) * 86_400
        func link(_ base: String, _ purpose: TrackingToken.Purpose, target: String? = nil) -> String {
            base + "/" + TrackingToken(actionID: action.id, purpose: purpose, expires: expires, target: target).signed(with: key)
        }
        func line(_ invoice: Invoice) -> ReminderContext.Line {
            ReminderContext.Line(number: invoice.number.rawValue, issueDate: wording.date(invoice.issueDate), dueDate: wording.date(invoice.dueDate),
                                 amount: wording.amount(invoice.amount), open: wording.amount(invoice.openAmount),
                                 daysOverdue: invoice.daysPastDue(on: asOf))
        }
        let lines = invoices.sorted { $0.number < $1.number }.map(line)
        let total = try invoices.map(\.openAmount).checkedSum(in: currency)
        let numbers = invoices.map(\.number).sorted()
        let portal = link(settings.portalBaseURL, .portal)
        let instruction = settings.profile?.instruction(for: currency)
        // The payment link is tracked: through `/c/` to the company's payment page for these
        // invoices (the token names that one URL), or, without a payment page, `/pay/` to the
        // portal's payment instructions.
        let paymentLink = instruction?.paymentURL(invoices: numbers, total: total, customer: customer.id)
            .map { link(settings.clickBaseURL, .redirect, target: $0) } ?? link(settings.paymentBaseURL, .click)
        var context = ReminderContext(companyName: settings.displayName, customerName: customer.name, currency: currency.code,
                                      total: wording.amount(total), lines: lines, paymentLink: paymentLink,
                                      portalLink: portal, trackingPixel: link(settings.trackingBaseURL, .open),
                                      tone: action.tone, senderName: settings.senderName)
        context.language = wording.language
        context.date = wording.date(asOf)
        context.overdueTotal = wording.amount(try invoices.filter { $0.daysPastDue(on: asOf) > 0 }.map(\.openAmount).checkedSum(in: currency))
        if statement {
            // The account as it stands: the invoices asked for, and the rest with why they are not.
            let asked = Set(invoices.map(\.number))
            var listed = invoices.map { (invoice: $0, standing: InvoiceStanding?.none) }
            for standing in account where !asked.contains(standing.invoice.number) { listed.append((standing.invoice, standing)) }
            context.account = listed.sorted { ($0.invoice.dueDate, $0.invoice.number) < ($1.invoice.dueDate, $1.invoice.number) }.map { entry in
                var row = line(entry.invoice)
                if let standing = entry.standing {
                    row.disputed = standing.invoice.isDisputed
                    row.promisedFor = standing.promisedUntil.map(wording.date)
                    row.held = !standing.holds.isEmpty
                }
                return row
            }
            context.balance = wording.amount(try listed.map(\.invoice.openAmount).checkedSum(in: currency))
        }
        context.companyAddress = settings.profile?.address ?? ""
        context.arContact = settings.profile?.arContact ?? ""
        if let instruction {
            context.bankLines = instruction.transferLines(defaultHolder: settings.displayName, labels: wording.transferLabels)
            context.paymentReference = instruction.reference(for: numbers)
        }
        return context
    }
}
