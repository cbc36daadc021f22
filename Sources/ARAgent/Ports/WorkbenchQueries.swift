import ARCore

/// One message of a customer's story: what the outbox holds for one action, with its delivery state.
public struct StoryMessage: Sendable, Hashable {
    public var id: Int64
    public var actionID: String
    public var channel: DeliveryChannel
    public var recipients: [String]
    public var subject: String
    /// `queued`, `sending`, `sent`, `failed`, `cancelled` (the outbox's own words).
    public var status: String
    public var attempts: Int
    public var lastError: String?
    /// When the next attempt is (or was) due, and when it went out, as stored.
    public var nextAttemptAt: String
    public var sentAt: String?

    public init(id: Int64, actionID: String, channel: DeliveryChannel, recipients: [String], subject: String, status: String, attempts: Int,
                lastError: String?, nextAttemptAt: String, sentAt: String?) {
        self.id = id
        self.actionID = actionID
        self.channel = channel
        self.recipients = recipients
        self.subject = subject
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
    }
}

/// One allocation of bank cash to one of the customer's invoices, with what the bank said.
public struct StoryPayment: Sendable, Hashable {
    public var allocation: StoredAllocation
    public var valueDate: CalendarDate
    public var payerName: String?
    public var remittance: String?

    public init(allocation: StoredAllocation, valueDate: CalendarDate, payerName: String?, remittance: String?) {
        self.allocation = allocation
        self.valueDate = valueDate
        self.payerName = payerName
        self.remittance = remittance
    }
}

/// Everything the ledger knows about one customer, for the customer page: the pieces of its
/// story, each newest first; all of its invoices (balances and the payment profile are computed
/// from them), at most the asked number of everything else.
public struct CustomerStory: Sendable {
    public var customer: Customer
    public var invoices: [Invoice]
    public var invoiceCount: Int
    public var messages: [StoryMessage]
    public var actions: [StoredAction]
    public var payments: [StoryPayment]
    public var promises: [PromiseRecord]
    public var disputes: [DisputeRecord]
    public var holds: [HoldRecord]
    public var audit: [AuditEntry]
    /// What the customer did with messages and on the portal, and the files they sent.
    public var signals: [CustomerSignal]
    public var attachments: [AttachmentInfo]

    public init(customer: Customer, invoices: [Invoice], invoiceCount: Int, messages: [StoryMessage], actions: [StoredAction],
                payments: [StoryPayment], promises: [PromiseRecord], disputes: [DisputeRecord], holds: [HoldRecord], audit: [AuditEntry],
                signals: [CustomerSignal] = [], attachments: [AttachmentInfo] = []) {
        self.signals = signals
        self.attachments = attachments
        self.customer = customer
        self.invoices = invoices
        self.invoiceCount = invoiceCount
        self.messages = messages
        self.actions = actions
        self.payments = payments
        self.promises = promises
        self.disputes = disputes
        self.holds = holds
        self.audit = audit
    }
}

/// Which audit entries a page asks for: all filters optional, newest first, keyset by id.
public struct AuditFilter: Sendable, Hashable {
    public var entity: AuditEvent.Entity?
    public var entityID: String?
    public var actor: String?
    /// Entries with an id below this one (the next page of a newest-first list).
    public var before: Int64?

    public init(entity: AuditEvent.Entity? = nil, entityID: String? = nil, actor: String? = nil, before: Int64? = nil) {
        self.entity = entity
        self.entityID = entityID
        self.actor = actor
        self.before = before
    }
}

/// The workbench's reads that no command needed: one customer's or invoice's whole story, the
/// audit log filtered, and counts for the dashboard. Each is answered by indexed queries, so a
/// page costs the same on a ledger of a thousand invoices or a million.
public protocol WorkbenchQueries: Sendable {
    /// The customer's story: every invoice, at most `limit` entries of each other kind; nil if there is no such customer.
    func customerStory(_ id: CustomerID, limit: Int) async throws -> CustomerStory?
    /// The payments allocated to one invoice, newest first.
    func payments(invoice: InvoiceNumber) async throws -> [StoryPayment]
    /// Audit entries that pass the filter, newest first; at most `limit`.
    func auditPage(_ filter: AuditFilter, limit: Int) async throws -> [AuditEntry]
    /// How many actions are in each status.
    func actionCounts() async throws -> [ActionStatus: Int]
    /// Where bank cash stands: unapplied amounts, lines waiting, and who applied the rest.
    func cashPosition() async throws -> CashPosition
    /// The customers a message was sent to on or after `since`.
    func contactedCustomers(since: CalendarDate) async throws -> Set<CustomerID>
    /// A mark of the ledger's state: every change to the ledger writes an audit entry, so an
    /// unchanged mark means an unchanged ledger. The newest entry's id and the number of entries
    /// (on PostgreSQL ids are handed out before commit, so a transaction that commits late adds
    /// an entry below the newest id: the count still moves).
    func changeMark() async throws -> String
    /// Adds a person's note to the customer's story (an audit entry of action
    /// ``CustomerTimeline/noteAction``: notes, like the log, are never edited). Throws when
    /// there is no such customer.
    func addNote(customer: CustomerID, text: String, actor: String) async throws
}

/// Where bank cash stands, for the dashboard.
public struct CashPosition: Sendable, Hashable {
    /// Cash not yet applied (lines unmatched, in review, or applied in part), by currency.
    public var unapplied: [Money]
    public var waitingForReview: Int
    public var unmatched: Int
    /// Bank lines the agent applied on its own, and lines a person applied (accepted or split).
    public var appliedAutomatically: Int
    public var appliedByPeople: Int

    public init(unapplied: [Money], waitingForReview: Int, unmatched: Int, appliedAutomatically: Int, appliedByPeople: Int) {
        self.unapplied = unapplied
        self.waitingForReview = waitingForReview
        self.unmatched = unmatched
        self.appliedAutomatically = appliedAutomatically
        self.appliedByPeople = appliedByPeople
    }

    /// The cash-application auto rate: lines applied without a person, of all lines decided
    /// (applied either way, or waiting for a person); nil before any line arrived.
    public var autoRatePercent: Hundredths? {
        let decided = appliedAutomatically + appliedByPeople + waitingForReview + unmatched
        return Hundredths.rounded(Int128(appliedAutomatically) * 100, over: Int128(decided))
    }
}

/// Every port the workbench reads and writes through.
public typealias WorkbenchLedger = LedgerStore & CollectionsStore & LedgerPages & CashApplicationStore & WorkbenchQueries & PortalStore
