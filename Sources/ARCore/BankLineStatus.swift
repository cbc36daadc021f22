/// Where a bank line stands in cash application. The allowed moves between these are in
/// ``BankLineLifecycle``, the one place that says what may follow what.
public enum BankLineStatus: String, Sendable, Hashable, CaseIterable {
    /// Stored from a statement, not yet matched. The next `import statement` or `rematch`
    /// matches it, so a crash between storing and matching strands nothing.
    case new
    /// Nothing explains it; not applied. A person may still apply or reject it.
    case unmatched
    /// Waiting for a person, with suggestions.
    case review
    /// Fully applied to invoices.
    case applied
    /// Applied in part; the rest is unapplied cash held on account.
    case partiallyApplied = "partially_applied"
    /// A person decided it is not customer cash to apply (or to leave it on account).
    case rejected
}
