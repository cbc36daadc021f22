import ARCore

/// Where an action stands. Approval and execution are separate steps, each audited.
public enum ActionStatus: String, Sendable, Hashable, CaseIterable {
    case proposed, approved, rejected, executed, failed
    /// Re-checked at sending time, nothing was left to do (the invoices were paid, disputed or promised meanwhile).
    case cancelled
}

/// An action as the ledger holds it.
public struct StoredAction: Sendable, Hashable {
    public var action: PlannedAction
    public var status: ActionStatus
    public var policyVersion: String
    public var plannedFor: CalendarDate
    public var createdAt: String
    public var decidedBy: String?
    public var decidedAt: String?
    public var note: String?

    public init(action: PlannedAction, status: ActionStatus, policyVersion: String, plannedFor: CalendarDate, createdAt: String,
                decidedBy: String?, decidedAt: String?, note: String?) {
        self.action = action
        self.status = status
        self.policyVersion = policyVersion
        self.plannedFor = plannedFor
        self.createdAt = createdAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
    }
}

/// What the planner needs from the ledger on a day.
public struct DunningInputs: Sendable {
    public var customers: [Customer]
    public var items: [DunningItem]
    public var profiles: [CustomerID: CustomerProfile]

    public init(customers: [Customer], items: [DunningItem], profiles: [CustomerID: CustomerProfile]) {
        self.customers = customers
        self.items = items
        self.profiles = profiles
    }
}

/// The persistence of the collections agent: the active policy, its actions, promises and disputes.
public protocol CollectionsStore: Sendable {
    /// The active policy and its file text, or nil when none was set (the defaults apply).
    func activePolicy() async throws -> (policy: DunningPolicy, body: String)?
    func activate(policy: DunningPolicy, body: String, actor: String) async throws
    /// The currencies the planner judges thresholds in: those of open invoices (balances), and
    /// those of the annual revenues of customers with an open invoice.
    func currenciesInUse() async throws -> (balances: Set<Currency>, revenues: Set<Currency>)
    func dunningInputs(asOf: CalendarDate) async throws -> DunningInputs
    /// Stores the actions not stored before (by id) with their audit entries; returns those it stored.
    func save(_ actions: [PlannedAction], policyVersion: String, plannedFor: CalendarDate, actor: String) async throws -> [StoredAction]
    func actions(status: ActionStatus?) async throws -> [StoredAction]
    func action(id: String) async throws -> StoredAction?
    /// Approves or rejects a proposed action; who and when go to the audit log.
    func decide(actionID: String, approve: Bool, actor: String, note: String?) async throws
    /// Changes a proposed action's template or tone before approval.
    func edit(actionID: String, template: String?, tone: DunningPolicy.Step.Tone?, actor: String) async throws
    func addPromise(invoice: InvoiceNumber, date: CalendarDate, amount: Money?, actor: String) async throws
    func openDispute(invoice: InvoiceNumber, type: String, note: String?, actor: String) async throws
    /// The installation's key for signing link tokens: 32 random bytes, made on first use and kept.
    func signingKey() async throws -> [UInt8]
}
