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
    /// The last day before the cycle's on which each customer was sent or planned a message (an
    /// email or text not rejected, cancelled or failed), for the frequency cap.
    public var lastMessaged: [CustomerID: CalendarDate]
    /// What each customer's signals say, over the policy's signal window ending the day before.
    public var engagement: [CustomerID: Engagement]

    public init(customers: [Customer], items: [DunningItem], profiles: [CustomerID: CustomerProfile], lastMessaged: [CustomerID: CalendarDate] = [:],
                engagement: [CustomerID: Engagement] = [:]) {
        self.customers = customers
        self.items = items
        self.profiles = profiles
        self.lastMessaged = lastMessaged
        self.engagement = engagement
    }
}

/// The persistence of the collections agent: the active policy, its actions, promises and disputes.
public protocol CollectionsStore: Sendable {
    /// Every open invoice of a customer in one currency, with its open promise and active
    /// holds: what a statement of account lists.
    func accountStandings(customer: CustomerID, currency: Currency, asOf: CalendarDate) async throws -> [InvoiceStanding]
    /// The active policy and its file text, or nil when none was set (the defaults apply).
    func activePolicy() async throws -> (policy: DunningPolicy, body: String)?
    func activate(policy: DunningPolicy, body: String, actor: String) async throws
    /// The currencies the planner judges thresholds in: those of open invoices (balances), and
    /// those of the annual revenues of customers with an open invoice.
    func currenciesInUse() async throws -> (balances: Set<Currency>, revenues: Set<Currency>)
    /// The planner's inputs on `asOf`; signals are summed over the `signalWindowDays` before it.
    func dunningInputs(asOf: CalendarDate, signalWindowDays: Int) async throws -> DunningInputs
    /// Stores the actions not stored before (by id) with their audit entries; returns those it stored.
    func save(_ actions: [PlannedAction], policyVersion: String, plannedFor: CalendarDate, actor: String) async throws -> [StoredAction]
    func actions(status: ActionStatus?) async throws -> [StoredAction]
    func action(id: String) async throws -> StoredAction?
    /// Approves or rejects a proposed action; who and when go to the audit log.
    func decide(actionID: String, approve: Bool, actor: String, note: String?) async throws
    /// Changes a proposed action's template or tone before approval.
    func edit(actionID: String, template: String?, tone: DunningPolicy.Step.Tone?, actor: String) async throws
    /// One invoice as the ledger holds it now (its derived state), or nil when it is unknown.
    func invoice(_ number: InvoiceNumber) async throws -> Invoice?

    // MARK: Promises: open → kept, broken (by the agent cycle) or cancelled (by a person, or superseded).

    /// Records a promise to pay; an open promise on the same invoice is cancelled as superseded
    /// and returned. Refused for an invoice that is not in the ledger or owes nothing.
    @discardableResult
    func addPromise(invoice: InvoiceNumber, date: CalendarDate, amount: Money?, actor: String) async throws -> PromiseRecord?
    /// Cancels the invoice's open promise (chasing resumes); refused when it has none.
    @discardableResult
    func cancelPromise(invoice: InvoiceNumber, note: String?, actor: String) async throws -> PromiseRecord
    func promises(status: PromiseStatus?) async throws -> [PromiseRecord]
    /// Closes every open promise that ``PromiseJudgement`` closes on `asOf` (kept, broken, or
    /// cancelled when the invoice was settled without a payment), each audited once; returns them.
    func closeDuePromises(asOf: CalendarDate, graceDays: Int, actor: String) async throws -> [PromiseRecord]

    // MARK: Disputes: open → resolved (credit note, rebill, write-off, rejected; erp_cleared by imports).

    /// Opens a dispute of a ``DisputeType`` (raw value). Refused for an unknown type, an unknown
    /// invoice, or an invoice that already has an open dispute.
    func openDispute(invoice: InvoiceNumber, type: String, note: String?, actor: String) async throws
    /// Resolves the invoice's open dispute. A write-off or credit note records an adjustment of
    /// `amount` (default: all that is open) that reduces the open amount until the ERP reflects it.
    @discardableResult
    func resolveDispute(invoice: InvoiceNumber, outcome: DisputeOutcome, amount: Money?, note: String?, actor: String) async throws -> DisputeResolution
    func disputes(status: DisputeStatus?) async throws -> [DisputeRecord]

    // MARK: Holds: active → released; a hold whose end date has passed no longer holds.

    /// Places a hold; refused when one is already active on `asOf` for the same target (an
    /// expired one is released as replaced), or when `until` is before `asOf`.
    @discardableResult
    func placeHold(_ target: HoldTarget, reason: String, until: CalendarDate?, asOf: CalendarDate, actor: String) async throws -> HoldRecord
    /// Releases the target's hold (active or expired, not yet released); refused when there is none.
    @discardableResult
    func releaseHold(_ target: HoldTarget, note: String?, actor: String) async throws -> HoldRecord
    /// Holds not released (`includeReleased`: all), oldest first.
    func holds(includeReleased: Bool) async throws -> [HoldRecord]
    /// The installation's key for signing link tokens: 32 random bytes, made on first use and kept.
    func signingKey() async throws -> [UInt8]
}
