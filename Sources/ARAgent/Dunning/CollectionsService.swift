import ARCore

/// One cycle of the collections agent: read the ledger, plan with the active policy, store
/// what is new. Running it twice on a day adds nothing the second time.
public struct CollectionsService: Sendable {
    public let store: any CollectionsStore
    public let actor: String

    public init(store: any CollectionsStore, actor: String = "agent") {
        self.store = store
        self.actor = actor
    }

    public func policy() async throws -> DunningPolicy {
        try await store.activePolicy()?.policy ?? DunningPolicy()
    }

    /// Makes `policy` (read from `body`, the file `file`) the active version, after checking that
    /// it has a threshold amount (its own, or by rate) for every currency the ledger holds: a
    /// policy that cannot judge a balance is refused here, not at the next cycle.
    /// - Throws: ``PolicyCurrencyError`` naming the file, the currencies and how to fix it.
    public func activate(policy: DunningPolicy, body: String, file: String) async throws {
        let inUse = try await store.currenciesInUse()
        do {
            _ = try policy.thresholds(balances: inUse.balances, revenues: inUse.revenues)
        } catch {
            throw PolicyCurrencyError(source: file, currencies: inUse.balances.union(inUse.revenues).sorted(), cause: error)
        }
        try await store.activate(policy: policy, body: body, actor: actor)
    }

    /// The cycle's result: the actions it planned (stored unless a dry run) and why others were not.
    /// - Throws: ``ThresholdError`` when the policy cannot judge a currency of the ledger (the
    ///   cycle plans nothing rather than judge it against another currency's amount).
    public func runCycle(asOf: CalendarDate, dryRun: Bool) async throws -> (actions: [StoredAction], skipped: [PlannedSkip]) {
        try await cycle(policy: try await policy(), asOf: asOf, dryRun: dryRun)
    }

    /// What today's cycle would plan under `policy` (an edited policy, before it is activated):
    /// a dry run, storing nothing.
    public func preview(policy: DunningPolicy, asOf: CalendarDate) async throws -> (actions: [StoredAction], skipped: [PlannedSkip]) {
        try await cycle(policy: policy, asOf: asOf, dryRun: true)
    }

    private func cycle(policy: DunningPolicy, asOf: CalendarDate, dryRun: Bool) async throws -> (actions: [StoredAction], skipped: [PlannedSkip]) {
        // Promises are judged first, so the plan and the profiles see today's kept and broken ones.
        // A dry run stores nothing, so it judges none (a promise past its deadline pauses nothing anyway).
        if !dryRun { _ = try await closeDuePromises(asOf: asOf, policy: policy) }
        let inputs = try await store.dunningInputs(asOf: asOf, signalWindowDays: policy.signals.windowDays)
        try AmountBounds.checkSummable(inputs.items.map(\.invoice.openAmount), what: "run: the open invoices to plan for")
        let plan: DunningPlan
        do {
            plan = try DunningPlanner(policy: policy).plan(customers: inputs.customers, items: inputs.items, profiles: inputs.profiles, asOf: asOf,
                                                           lastMessaged: inputs.lastMessaged, engagement: inputs.engagement)
        } catch {
            guard case .noAmount(let missing, _) = error else { throw error }
            throw PolicyCurrencyError(source: "the active policy '\(policy.version)'", currencies: missing.keys.sorted(), cause: error)
        }
        if dryRun {
            let drafts = plan.actions.map { action in
                StoredAction(action: action, status: action.requiresApproval ? .proposed : .approved, policyVersion: policy.version,
                             plannedFor: asOf, createdAt: "", decidedBy: nil, decidedAt: nil, note: "dry run: not stored")
            }
            return (drafts, plan.skipped)
        }
        let stored = try await store.save(plan.actions, policyVersion: policy.version, plannedFor: asOf, actor: actor)
        return (stored, plan.skipped)
    }

    /// Closes the open promises that are kept, broken or moot on `asOf` (``PromiseJudgement``, with
    /// the policy's grace days), each audited once by this agent.
    public func closeDuePromises(asOf: CalendarDate, policy: DunningPolicy? = nil) async throws -> [PromiseRecord] {
        let active: DunningPolicy
        if let policy { active = policy } else { active = try await self.policy() }
        return try await store.closeDuePromises(asOf: asOf, graceDays: active.promiseGraceDays, actor: actor)
    }
}

/// The policy cannot judge every currency the ledger holds: which policy, which currencies, and
/// (in the cause) which amounts are missing and how to add them.
public struct PolicyCurrencyError: Error, Sendable, CustomStringConvertible {
    /// The policy file, or `the active policy 'VERSION'`.
    public let source: String
    public let currencies: [Currency]
    public let cause: ThresholdError

    public var description: String {
        "\(source): the ledger holds amounts in \(currencies.map(\.code).joined(separator: ", ")), but \(cause)"
    }
}
