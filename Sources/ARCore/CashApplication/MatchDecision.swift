/// A payment as cash application sees it: the amount and everything the bank said about who
/// sent it and why.
public struct IncomingPayment: Sendable, Hashable {
    public var id: PaymentID
    public var valueDate: CalendarDate
    public var amount: Money
    public var payerName: String?
    public var payerAccount: String?
    public var remittance: String?
    /// References the bank gave in structured form.
    public var references: [String]

    public init(id: PaymentID, valueDate: CalendarDate, amount: Money, payerName: String? = nil,
                payerAccount: String? = nil, remittance: String? = nil, references: [String] = []) {
        self.id = id
        self.valueDate = valueDate
        self.amount = amount
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.remittance = remittance
        self.references = references
    }
}

/// One invoice a payment (partly) settles, as proposed.
public struct ProposedAllocation: Sendable, Hashable {
    public var invoice: InvoiceNumber
    public var customer: CustomerID
    /// Cash applied.
    public var amount: Money
    /// Settled without cash (a bank fee or a discount taken), to follow up or write off.
    public var adjustment: Money?
    public var adjustmentReason: AdjustmentReason?

    public init(invoice: InvoiceNumber, customer: CustomerID, amount: Money, adjustment: Money? = nil, adjustmentReason: AdjustmentReason? = nil) {
        self.invoice = invoice
        self.customer = customer
        self.amount = amount
        self.adjustment = adjustment
        self.adjustmentReason = adjustmentReason
    }
}

/// One way to explain a payment: the allocations, what is left on account, how sure, and why.
public struct MatchProposal: Sendable, Hashable {
    public var allocations: [ProposedAllocation]
    /// Cash not applied to any invoice (an overpayment held on account).
    public var unapplied: Money
    /// Per mille.
    public var confidence: Int
    /// The facts and rules behind the proposal, in order.
    public var reasons: [String]

    public init(allocations: [ProposedAllocation], unapplied: Money, confidence: Int, reasons: [String]) {
        self.allocations = allocations
        self.unapplied = unapplied
        self.confidence = confidence
        self.reasons = reasons
    }

    public var invoices: [InvoiceNumber] { allocations.map(\.invoice) }
}

/// What cash application decided for one payment.
public struct MatchDecision: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// Posted without review: one explanation, confident enough.
        case auto
        /// A person decides; `proposals` are the suggestions, best first.
        case review
        /// Nothing in the ledger explains it (interest, a transfer, an unknown payer).
        case unmatched
    }

    public var payment: IncomingPayment
    public var outcome: Outcome
    /// Best first. For `auto`, the first is what is posted.
    public var proposals: [MatchProposal]
    /// Why the outcome is what it is (for review: why it was not posted).
    public var summary: String

    public init(payment: IncomingPayment, outcome: Outcome, proposals: [MatchProposal], summary: String) {
        self.payment = payment
        self.outcome = outcome
        self.proposals = proposals
        self.summary = summary
    }

    public var applied: MatchProposal? { outcome == .auto ? proposals.first : nil }
}
