import ARCore

/// What `inbox process` did with a batch of messages.
public struct InboxReport: Sendable {
    public var read = 0
    public var alreadyStored = 0
    public var counts: [InboundStatus: Int] = [:]
    /// One line per new message: its Message-ID, the status and the outcome.
    public var lines: [(messageID: String, status: InboundStatus, outcome: String)] = []

    public init() {}
}

/// Reads customer replies: each message is tied to its customer (by the reminder it answers,
/// else by the invoice numbers it names, else by the sender's address), classified offline,
/// and acted on where the meaning is clear and the ledger allows it. A promise with a date is
/// recorded (chasing pauses until the date plus the grace), a dispute opens a dispute on the
/// named invoices (no reminder until it is resolved), a payment plan request holds the
/// customer for a person, a bounce marks the failing address; everything else, and anything
/// read with low confidence or not tied to one customer, waits for a person with the
/// classifier's guesses. Every message is stored once by its Message-ID with what was done, in
/// the transaction that does it: reading the mailbox again does nothing twice.
public struct InboxService: Sendable {
    public typealias Store = InboxStore & LedgerStore & PortalStore & CollectionsStore & CashApplicationStore

    let store: any Store
    let classifier: ReplyClassifier

    /// The actor of what the agent does for a message, in the audit log.
    public static let actor = "inbox"

    public init(store: any Store, classifier: ReplyClassifier = .standard) {
        self.store = store
        self.classifier = classifier
    }

    public func process(_ messages: [InboundMail], asOf: CalendarDate) async throws -> InboxReport {
        var report = InboxReport()
        var index: OpenInvoiceIndex?
        for mail in messages {
            report.read += 1
            if try await store.inboundExists(messageID: mail.messageID) { report.alreadyStored += 1; continue }
            if index == nil, mail.kind == .reply { index = OpenInvoiceIndex(try await store.invoices()) }
            let record = try await read(mail, asOf: asOf, index: index ?? OpenInvoiceIndex([]))
            guard let stored = try await store.storeInbound(record, actor: Self.actor) else { report.alreadyStored += 1; continue }
            report.counts[stored.status, default: 0] += 1
            report.lines.append((mail.messageID, stored.status, stored.outcome))
        }
        return report
    }

    /// How a message is read and what is to be done: pure but for the ledger lookups.
    func read(_ mail: InboundMail, asOf: CalendarDate, index: OpenInvoiceIndex) async throws -> InboundRecord {
        var record = InboundRecord(mail: mail, customerID: nil, threadedBy: nil, actionID: nil, invoices: [], label: nil, confidencePermille: nil,
                                   guesses: nil, promiseDate: nil, status: .needsPerson, outcome: "", effects: [])
        switch mail.kind {
        case .bounce:
            return try await bounce(mail, record)
        case .autoReply:
            record.status = .ignored
            record.label = .autoReply
            record.outcome = "an automatic reply: noted, nothing done"
            try await thread(mail, into: &record)
            return record
        case .reply:
            break
        }
        let day = mail.date ?? asOf
        let classification = classifier.classify(text: mail.visibleText, subject: mail.subject, messageDate: day)
        record.label = classification.label
        record.confidencePermille = classification.confidencePermille
        record.guesses = classification.guesses.map { "\($0.label.rawValue) \($0.permille / 10)%" }.joined(separator: ", ")
        record.promiseDate = classification.promiseDate
        try await thread(mail, into: &record, named: index.invoices(named: classification.facts.references))
        guard let customer = record.customerID else {
            record.outcome = "not tied to a customer (no reminder it answers, no invoice number of ours, an unknown sender): a person should read it"
            return record
        }
        if classification.label == .autoReply {
            record.status = .ignored
            record.outcome = "an automatic reply: noted, nothing done"
            return record
        }
        guard !classification.needsReview else {
            record.outcome = "read with low confidence (\(record.guesses ?? "")): a person should decide"
            return record
        }
        let invoices = record.invoices
        let named = invoices.map(\.rawValue).joined(separator: ", ")
        switch classification.label {
        case .promiseToPay:
            guard let date = classification.promiseDate, !invoices.isEmpty else {
                record.outcome = invoices.isEmpty ? "a promise to pay, but for which invoices is not known: a person should ask"
                    : "a promise to pay without a date the reader could fix: a person should ask when"
                return record
            }
            guard date >= day else {
                record.outcome = "a promise to pay on \(date.iso), which is before the message was written: a person should ask"
                return record
            }
            record.effects = invoices.map { .promise($0, date) }
            record.status = .acted
            record.outcome = "promise to pay \(named) by \(date.iso) recorded; chasing pauses until then plus the grace days"
        case .disputeNotReceived, .disputePricing, .disputeQuality, .disputeDuplicate, .disputeTax:
            guard !invoices.isEmpty else {
                record.outcome = "a dispute (\(classification.label.rawValue)), but of which invoice is not known: a person should ask"
                return record
            }
            let type = Self.disputeType(classification.label)
            record.effects = invoices.map { .dispute($0, type, note: "from the customer's reply \(mail.messageID)") }
            record.status = .acted
            record.outcome = "dispute (\(type.rawValue)) opened on \(named); no reminder for \(invoices.count == 1 ? "it" : "them") until resolved"
        case .paymentPlanRequest:
            record.effects = [.hold(customer, reason: "asked for a payment plan in reply \(mail.messageID): a person should agree the plan", asOf: asOf)]
            record.status = .needsPerson
            record.outcome = "asks for a payment plan: the customer is on hold (no reminders) until a person agrees one"
        case .alreadyPaid:
            let candidates = try await receipts(for: invoices, amounts: classification.facts.amounts)
            if candidates.isEmpty {
                record.outcome = "says it is paid\(named.isEmpty ? "" : " (\(named))"), and no unapplied bank line matches: a person should ask for the remittance details "
                    + "(date, amount, the account it came from)"
            } else {
                record.outcome = "says it is paid\(named.isEmpty ? "" : " (\(named))"); unapplied bank lines that may be it: "
                    + candidates.map { "#\($0.id) \($0.unapplied) on \($0.line.payment.valueDate.iso)\($0.line.payment.payerName.map { " from \($0)" } ?? "")" }
                        .joined(separator: ", ") + ": a person should review and apply"
            }
        case .requestDocumentation:
            record.outcome = "asks for documents\(named.isEmpty ? "" : " for \(named)"): a person should send the invoice copy or statement"
        case .contactChange:
            record.outcome = "names a new contact: a person should update the customers file"
        case .autoReply, .other:
            record.outcome = "not a promise, a dispute or a request the agent acts on: a person should read it"
        }
        return record
    }

    /// Unapplied cash that may be the payment a customer says was made: bank lines not fully
    /// applied whose unapplied amount is the named invoices' open total, or an amount the reply
    /// names, in that currency. At most ``maximumCandidates``, newest first.
    func receipts(for invoices: [InvoiceNumber], amounts: [ReplyFacts.Amount]) async throws -> [StoredBankTransaction] {
        var wanted: Set<Money> = []
        var open: [Invoice] = []
        for number in invoices { if let invoice = try await store.invoice(number) { open.append(invoice) } }
        let currencies = Set(open.map(\.currency))
        if currencies.count == 1, let currency = currencies.first, let total = try? open.map(\.openAmount).checkedSum(in: currency) {
            wanted.insert(total)
            for amount in amounts where amount.currencyCode == nil || amount.currencyCode == currency.code {
                // Hundredths are the reply reader's unit; a currency of other digits is rescaled.
                if let money = Money(hundredths: amount.hundredths, currency: currency) { wanted.insert(money) }
            }
        }
        guard !wanted.isEmpty else { return [] }
        var found: [StoredBankTransaction] = []
        for status in [TransactionStatus.unmatched, .review, .partiallyApplied] {
            found += try await store.transactions(status: status).filter { wanted.contains($0.unapplied) }
        }
        return Array(found.sorted { $0.line.payment.valueDate > $1.line.payment.valueDate }.prefix(Self.maximumCandidates))
    }

    static let maximumCandidates = 3

    static func disputeType(_ label: ReplyLabel) -> DisputeType {
        switch label {
        case .disputeNotReceived: .notReceived
        case .disputePricing: .pricing
        case .disputeQuality: .quality
        case .disputeDuplicate: .duplicate
        case .disputeTax: .tax
        default: .unspecified
        }
    }

    private func bounce(_ mail: InboundMail, _ record: InboundRecord) async throws -> InboundRecord {
        var record = record
        var marked: [String] = []
        for failure in mail.failures where failure.isPermanent {
            for customer in try await store.customers(email: failure.recipient) {
                record.customerID = record.customerID ?? customer
                record.effects.append(.bounce(BounceService.signal(failure, customer: customer)))
                marked.append("\(failure.recipient) of \(customer)")
            }
        }
        record.label = nil
        if marked.isEmpty {
            record.status = .ignored
            record.outcome = "a delivery report naming no customer's address with a permanent failure: nothing done"
        } else {
            record.status = .acted
            record.outcome = "a bounce: marked \(marked.joined(separator: ", ")) as failing"
        }
        return record
    }

    /// Ties the message to a customer and invoices: the reminder it answers (In-Reply-To or
    /// References naming a message we sent), else invoice numbers of ours in the text (all of
    /// one customer), else the sender's address (one customer's).
    private func thread(_ mail: InboundMail, into record: inout InboundRecord, named all: [Invoice] = []) async throws {
        var action: StoredAction?
        if !mail.inReplyTo.isEmpty { action = try await store.actionForSentMessage(ids: mail.inReplyTo) }
        let named = action.map { threaded in all.filter { $0.customerID == threaded.action.customerID } } ?? all
        if let action {
            record.customerID = action.action.customerID
            record.actionID = action.action.id
            record.threadedBy = "a reply to the message of action \(action.action.id)"
            record.invoices = named.isEmpty ? action.action.invoices : named.map(\.number)
            return
        }
        let customers = Set(named.map(\.customerID))
        if customers.count == 1, let customer = customers.first {
            record.customerID = customer
            record.invoices = named.map(\.number).sorted()
            record.threadedBy = "the invoice numbers it names (\(record.invoices.map(\.rawValue).joined(separator: ", ")))"
            return
        }
        if let sender = mail.from {
            let owners = try await store.customers(email: sender)
            if owners.count == 1, let customer = owners.first {
                record.customerID = customer
                record.invoices = named.filter { $0.customerID == customer }.map(\.number).sorted()
                record.threadedBy = "the sender's address \(sender)"
            }
        }
    }

}

/// The open invoices by the keys a reply's references are compared on, built once per batch:
/// the same letters and digits (`inv-2026-0042` for `INV-2026-0042`), or the same digit groups
/// (`2026/0042`) when they hold at least ``minimumDigits`` digits.
struct OpenInvoiceIndex: Sendable {
    static let minimumDigits = 4
    private var byAlphanumeric: [String: [Invoice]] = [:]
    private var byDigitGroups: [String: [Invoice]] = [:]

    init(_ invoices: [Invoice]) {
        for invoice in invoices where invoice.openAmount.minorUnits > 0 && invoice.paidDate == nil {
            guard let keys = ReferenceKeys(invoice.number.rawValue) else { continue }
            byAlphanumeric[keys.alphanumeric, default: []].append(invoice)
            if keys.digits.count >= Self.minimumDigits { byDigitGroups[keys.digitGroups, default: []].append(invoice) }
        }
    }

    func invoices(named references: [ReplyFacts.Reference]) -> [Invoice] {
        var seen = Set<InvoiceNumber>()
        var result: [Invoice] = []
        for reference in references {
            let keys = reference.keys
            var found = byAlphanumeric[keys.alphanumeric] ?? []
            if found.isEmpty, keys.digits.count >= Self.minimumDigits { found = byDigitGroups[keys.digitGroups] ?? [] }
            for invoice in found where seen.insert(invoice.number).inserted { result.append(invoice) }
        }
        return result
    }
}

extension Money {
    /// An amount given in hundredths, in `currency`'s minor units; nil when it does not fit
    /// exactly (a third digit the currency lacks) or passes Int64.
    init?(hundredths: Int64, currency: Currency) {
        switch currency.minorUnitDigits {
        case 2: self.init(minorUnits: hundredths, currency: currency)
        case 0:
            guard hundredths % 100 == 0 else { return nil }
            self.init(minorUnits: hundredths / 100, currency: currency)
        case 3:
            let (scaled, overflow) = hundredths.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            self.init(minorUnits: scaled, currency: currency)
        default: return nil
        }
    }
}
