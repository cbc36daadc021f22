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

    /// The cycle's result: the actions it planned (stored unless a dry run) and why others were not.
    public func runCycle(asOf: CalendarDate, dryRun: Bool) async throws -> (actions: [StoredAction], skipped: [PlannedSkip]) {
        let policy = try await policy()
        let inputs = try await store.dunningInputs(asOf: asOf)
        try AmountBounds.checkSummable(inputs.items.map(\.invoice.openAmount), what: "run: the open invoices to plan for")
        let plan = DunningPlanner(policy: policy).plan(customers: inputs.customers, items: inputs.items, profiles: inputs.profiles, asOf: asOf)
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
}
