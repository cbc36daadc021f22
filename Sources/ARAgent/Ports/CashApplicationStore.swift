import ARCore

/// Where a bank transaction stands in cash application.
public enum TransactionStatus: String, Sendable, Hashable, CaseIterable {
    /// Fully applied to invoices.
    case applied
    /// Applied in part; the rest is unapplied cash held on account.
    case partiallyApplied = "partially_applied"
    /// Waiting for a person, with suggestions.
    case review
    /// Nothing explains it; not applied. A person may still apply it.
    case unmatched
    /// A person decided it is not customer cash to apply (or to leave it on account).
    case rejected
}

/// A statement line on its way into the ledger, with the key that makes re-imports safe.
public struct NewBankTransaction: Sendable, Hashable {
    /// Account and bank reference when the bank gives one (so an overlapping statement finds
    /// the same line), else a fingerprint of date, amount, payer, text and occurrence.
    public var naturalKey: String
    public var format: String
    public var accountID: String?
    public var statementID: String?
    public var bankReference: String?
    public var bookingDate: CalendarDate?
    public var payment: IncomingPayment

    public init(naturalKey: String, format: String, accountID: String?, statementID: String?, bankReference: String?,
                bookingDate: CalendarDate?, payment: IncomingPayment) {
        self.naturalKey = naturalKey
        self.format = format
        self.accountID = accountID
        self.statementID = statementID
        self.bankReference = bankReference
        self.bookingDate = bookingDate
        self.payment = payment
    }
}

/// A bank transaction as the ledger holds it. Its payment's `id` is the ledger's number for it.
public struct StoredBankTransaction: Sendable, Hashable {
    public var id: Int64
    public var line: NewBankTransaction
    public var status: TransactionStatus?
    public var unapplied: Money
    /// The last decision's explanation.
    public var summary: String

    public init(id: Int64, line: NewBankTransaction, status: TransactionStatus?, unapplied: Money, summary: String) {
        self.id = id
        self.line = line
        self.status = status
        self.unapplied = unapplied
        self.summary = summary
    }
}

/// An allocation as recorded: who decided it, how sure, and whether it reverses another.
public struct StoredAllocation: Sendable, Hashable {
    public var id: Int64
    public var transactionID: Int64
    public var invoice: InvoiceNumber
    public var amount: Money
    public var adjustment: Money
    public var adjustmentReason: AdjustmentReason?
    public var confidence: Int
    public var decidedBy: String
    public var createdAt: String
    public var reverses: Int64?
    public var reason: String

    public init(id: Int64, transactionID: Int64, invoice: InvoiceNumber, amount: Money, adjustment: Money,
                adjustmentReason: AdjustmentReason?, confidence: Int, decidedBy: String, createdAt: String, reverses: Int64?, reason: String) {
        self.id = id
        self.transactionID = transactionID
        self.invoice = invoice
        self.amount = amount
        self.adjustment = adjustment
        self.adjustmentReason = adjustmentReason
        self.confidence = confidence
        self.decidedBy = decidedBy
        self.createdAt = createdAt
        self.reverses = reverses
        self.reason = reason
    }
}

/// A request that would break an invariant or names what does not exist, said so a person can act.
public struct CashApplicationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The persistence of cash application. Every write keeps the invariants (a transaction's
/// allocations plus its unapplied cash equal its amount; no invoice is applied beyond what is
/// open) and writes its audit entries in the same database transaction.
public protocol CashApplicationStore: Sendable {
    /// Stores the lines not seen before (by natural key); returns them with their ledger ids and
    /// how many were already there.
    func storeStatement(_ lines: [NewBankTransaction], source: String, fingerprint: String, actor: String) async throws
        -> (stored: [StoredBankTransaction], duplicates: Int)
    /// What the matcher needs: customers, open invoices, and past receipts (imported history and
    /// the transactions already applied in the ledger, so matching learns as it goes).
    func matchingInputs() async throws -> (customers: [Customer], openInvoices: [Invoice], history: [HistoricalReceipt])
    /// Records the matcher's decisions: automatic ones applied, the rest queued with suggestions.
    /// An automatic decision that no longer fits the ledger (an invoice changed meanwhile) is queued instead.
    func record(_ decisions: [(transactionID: Int64, decision: MatchDecision)], actor: String) async throws
    func transactions(status: TransactionStatus?) async throws -> [StoredBankTransaction]
    func transaction(id: Int64) async throws -> StoredBankTransaction?
    func suggestions(transactionID: Int64) async throws -> [MatchProposal]
    func allocations(transactionID: Int64) async throws -> [StoredAllocation]
    /// A person applies a transaction (a suggestion accepted, or a split of their own).
    func allocate(transactionID: Int64, allocations: [ProposedAllocation], reason: String, actor: String) async throws
    /// A person decides the transaction is not to be applied (not customer cash, or left on account).
    func reject(transactionID: Int64, note: String, actor: String) async throws
    /// Reverses an allocation with a new, opposite entry; the invoice is open again and the cash unapplied.
    func reverse(allocationID: Int64, reason: String, actor: String) async throws
}
