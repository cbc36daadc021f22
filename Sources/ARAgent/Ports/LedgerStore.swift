import ARCore

/// A validated import on its way into the ledger, with what is needed to audit it.
public struct ImportBatch: Sendable {
    public var kind: ImportKind
    /// The file's name as the user gave it, for the audit log.
    public var source: String
    /// A fingerprint of the file's bytes, so the audit log can tell which version was imported.
    public var sourceFingerprint: String
    public var actor: String
    public var records: ParsedImport.Records
    /// Customers to create if the ledger does not have them yet (invoices naming unknown customers).
    public var placeholderCustomers: [Customer]

    public init(kind: ImportKind, source: String, sourceFingerprint: String, actor: String,
                records: ParsedImport.Records, placeholderCustomers: [Customer] = []) {
        self.kind = kind
        self.source = source
        self.sourceFingerprint = sourceFingerprint
        self.actor = actor
        self.records = records
        self.placeholderCustomers = placeholderCustomers
    }
}

/// What an import changed. An import that changed nothing wrote nothing, not even an audit entry.
public struct ImportOutcome: Sendable, Equatable {
    public var importID: Int64?
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var createdCustomers: [CustomerID]

    public init(importID: Int64? = nil, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, createdCustomers: [CustomerID] = []) {
        self.importID = importID
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.createdCustomers = createdCustomers
    }

    public var changedAnything: Bool { inserted + updated + createdCustomers.count > 0 }
}

/// Open-amount figures about disputes on a day, per currency.
public struct DisputeSummary: Sendable, Equatable {
    public var currency: Currency
    public var disputedOpen: Int64
    public var disputedCount: Int
    public var totalOpen: Int64
    public var openCount: Int

    public init(currency: Currency, disputedOpen: Int64, disputedCount: Int, totalOpen: Int64, openCount: Int) {
        self.currency = currency
        self.disputedOpen = disputedOpen
        self.disputedCount = disputedCount
        self.totalOpen = totalOpen
        self.openCount = openCount
    }
}

/// One entry as read back from the audit log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var occurredAt: String
    public var event: AuditEvent

    public init(id: Int64, occurredAt: String, event: AuditEvent) {
        self.id = id
        self.occurredAt = occurredAt
        self.event = event
    }
}

/// The ledger's persistence port. Every write keeps the invariants and writes its audit entries
/// in the same transaction; reads answer the questions the reports ask, aggregated where the
/// data lives so that a million invoices never cross into memory for a total.
public protocol LedgerStore: Sendable {
    /// Which of these customers the ledger knows.
    func existingCustomerIDs(among ids: Set<CustomerID>) async throws -> Set<CustomerID>
    /// Which of these invoices the ledger knows (history rows must name known invoices).
    func existingInvoiceNumbers(among numbers: Set<InvoiceNumber>) async throws -> Set<InvoiceNumber>
    /// Stores an import idempotently: new records inserted, changed ones updated (each change
    /// audited with old and new values), identical ones left alone. All or nothing.
    func store(_ batch: ImportBatch) async throws -> ImportOutcome

    func customers() async throws -> [Customer]
    func invoices() async throws -> [Invoice]
    func historicalReceipts() async throws -> [HistoricalReceipt]
    func auditLog(limit: Int) async throws -> [AuditEntry]

    /// Aging on a day, aggregated per customer and currency.
    func agingReport(asOf: CalendarDate) async throws -> AgingReport
    /// The aggregates behind the AR metrics, one per currency with any activity.
    func metricsInputs(from: CalendarDate, to: CalendarDate) async throws -> [MetricsInput]
    /// Payment behaviour of each customer with invoices settled on or before the day.
    func paymentBehaviour(asOf: CalendarDate) async throws -> [PaymentBehaviour]
    /// The largest open invoices past due on the day, largest first.
    func largestOverdue(asOf: CalendarDate, limit: Int) async throws -> [Invoice]
    func disputeSummary(asOf: CalendarDate) async throws -> [DisputeSummary]
}
