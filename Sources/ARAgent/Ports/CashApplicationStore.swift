import ARCore

/// Where a bank transaction stands in cash application (the status machine is ARCore's
/// ``BankLineLifecycle``).
public typealias TransactionStatus = BankLineStatus

/// A statement line on its way into the ledger, with the key that makes re-imports safe.
public struct NewBankTransaction: Sendable, Hashable {
    /// Everything that tells the line apart, with its position among identical lines (see
    /// ``BankLineKey``): an overlapping statement finds the same line, a reused reference never
    /// hides a second credit.
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

/// What recording one decision did to its line.
public struct RecordedDecision: Sendable, Hashable {
    public var transactionID: Int64
    /// The status before and after; `nil` after when the line was left alone because it was no
    /// longer the matcher's to decide (a person applied or rejected it meanwhile).
    public var from: TransactionStatus?
    public var to: TransactionStatus?
    /// The line's explanation as recorded.
    public var summary: String

    public init(transactionID: Int64, from: TransactionStatus?, to: TransactionStatus?, summary: String) {
        self.transactionID = transactionID
        self.from = from
        self.to = to
        self.summary = summary
    }
}

/// The persistence of cash application. Every write keeps the invariants (a transaction's
/// allocations plus its unapplied cash equal its amount; no invoice is applied beyond what is
/// open), moves a line only as ``BankLineLifecycle`` allows, and writes its audit entries in the
/// same database transaction. Open amounts and unapplied cash change by conditional updates, so
/// concurrent writers (several agents on one PostgreSQL) never over-apply.
public protocol CashApplicationStore: Sendable {
    /// Stores the lines not seen before (by natural key) with status `new`; returns them with
    /// their ledger ids and how many were already there. Matching is a separate step.
    func storeStatement(_ lines: [NewBankTransaction], source: String, fingerprint: String, actor: String) async throws
        -> (stored: [StoredBankTransaction], duplicates: Int)
    /// What the matcher needs: customers, open invoices, and past receipts (imported history and
    /// the transactions already applied in the ledger, so matching learns as it goes).
    func matchingInputs() async throws -> (customers: [Customer], openInvoices: [Invoice], history: [HistoricalReceipt])
    /// Records the matcher's decisions, each whole or not at all: automatic ones applied, the
    /// rest queued with suggestions or left unmatched. An automatic decision that no longer fits
    /// the ledger (an invoice changed meanwhile), or is for a line a person reversed before, is
    /// queued for review instead. A line no longer in a status matching may change (see
    /// ``BankLineLifecycle``) is left alone. `context` says why, for the audit log (`import of
    /// FILE`, `rematch`).
    @discardableResult
    func record(_ decisions: [(transactionID: Int64, decision: MatchDecision)], context: String, actor: String) async throws -> [RecordedDecision]
    func transactions(status: TransactionStatus?) async throws -> [StoredBankTransaction]
    /// The lines matching may (re)decide: `new`, `unmatched` and `review`, with a value date on
    /// or after `since` when given, oldest first.
    func matchable(since: CalendarDate?) async throws -> [StoredBankTransaction]
    func transaction(id: Int64) async throws -> StoredBankTransaction?
    func suggestions(transactionID: Int64) async throws -> [MatchProposal]
    func allocations(transactionID: Int64) async throws -> [StoredAllocation]
    /// A person applies a transaction (a suggestion accepted, or a split of their own).
    func allocate(transactionID: Int64, allocations: [ProposedAllocation], reason: String, actor: String) async throws
    /// A person decides the transaction is not to be applied (not customer cash, or left on account).
    func reject(transactionID: Int64, note: String, actor: String) async throws
    /// A person re-opens a rejected transaction: it is unmatched again, to apply or match.
    func reopen(transactionID: Int64, note: String, actor: String) async throws
    /// Reverses an allocation with a new, opposite entry; the invoice is open again and the cash unapplied.
    func reverse(allocationID: Int64, reason: String, actor: String) async throws
}
